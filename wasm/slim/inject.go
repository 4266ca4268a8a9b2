package main

// The functions of this file are copied, by name, into Ebiten's files in
// place of its three regular expressions, so that the browser game links
// neither regexp nor regexp/syntax and its Unicode tables (about 60 KB
// brotli). Each does exactly what its expression did, which
// FuzzSlimUnitDirective and its siblings check against the expression
// itself. They use no package, so the files they go into need no new
// import.

import _ "embed"

// injectSource is this file, from which the functions are copied.
//
//go:embed inject.go
var injectSource []byte

// slimTextureVariable is
// regexp.MustCompile(`\A__t(\d+)\z`).FindStringSubmatch(name).
func slimTextureVariable(name string) []string {
	if len(name) <= len("__t") || name[:len("__t")] != "__t" {
		return nil
	}
	digits := name[len("__t"):]
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return nil
		}
	}
	return []string{name, digits}
}

// slimUnitDirective is
// regexp.MustCompile(`^[ \t\r\n]*//kage:unit\s+([^ \t\r\n]+)[ \t\r\n]*$`).FindSubmatch(line).
// Like the expression, \s+ takes as much white space as leaves a match
// (it may give back form feeds, which the value may hold but \s also
// matches).
func slimUnitDirective(line []byte) [][]byte {
	goSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
	reSpace := func(c byte) bool { return goSpace(c) || c == '\f' }
	i := 0
	for i < len(line) && goSpace(line[i]) {
		i++
	}
	const directive = "//kage:unit"
	if len(line)-i < len(directive) || string(line[i:i+len(directive)]) != directive {
		return nil
	}
	rest := line[i+len(directive):]
	spaces := 0
	for spaces < len(rest) && reSpace(rest[spaces]) {
		spaces++
	}
	for k := spaces; k >= 1; k-- {
		// The value runs to the first Go space; only Go spaces may follow.
		v := rest[k:]
		end := 0
		for end < len(v) && !goSpace(v[end]) {
			end++
		}
		if end == 0 {
			continue
		}
		trailing := true
		for _, c := range v[end:] {
			if !goSpace(c) {
				trailing = false
				break
			}
		}
		if trailing {
			return [][]byte{line, v[:end]}
		}
	}
	return nil
}

// slimCollapseNewlines is
// regexp.MustCompile(`\n\n+`).ReplaceAllLiteralString(s, repl), which is
// ReplaceAllString for Ebiten's repl, "\n\n".
func slimCollapseNewlines(s, repl string) string {
	var out []byte
	for i := 0; i < len(s); {
		if s[i] == '\n' && i+1 < len(s) && s[i+1] == '\n' {
			j := i
			for j < len(s) && s[j] == '\n' {
				j++
			}
			out = append(out, repl...)
			i = j
			continue
		}
		out = append(out, s[i])
		i++
	}
	return string(out)
}
