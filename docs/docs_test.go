// Package docs holds the project's documentation; its test keeps the
// documents that describe the code in step with it.
package docs_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestPackageTable: the package table of architecture.md lists every Go
// package of the module (every folder holding .go files, tests included,
// whatever their build tags), and nothing else, each once.
func TestPackageTable(t *testing.T) {
	doc, err := os.ReadFile("architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9/._-]+)` \\|").FindAllStringSubmatch(string(doc), -1) {
		listed = append(listed, m[1])
	}
	seen := map[string]bool{}
	for _, p := range listed {
		if seen[p] {
			t.Errorf("architecture.md lists %s twice", p)
		}
		seen[p] = true
	}
	var pkgs []string
	root := ".."
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata" || name == "dist" || name == "bin") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(name, ".go") {
			return nil
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		dir = filepath.ToSlash(dir)
		if dir != "docs" && !slices.Contains(pkgs, dir) {
			pkgs = append(pkgs, dir)
		}
		return nil
	})
	for _, p := range pkgs {
		if !seen[p] {
			t.Errorf("package %s is missing from architecture.md's package table", p)
		}
	}
	for _, p := range listed {
		if !slices.Contains(pkgs, p) {
			t.Errorf("architecture.md lists %s, which is no package of the module", p)
		}
	}
}

// TestQuotedNumbers: the numbers the docs quote from the code are the
// code's.
func TestQuotedNumbers(t *testing.T) {
	tests := []struct {
		doc, docRE   string // where the doc quotes it, the number in group 1
		code, codeRE string
	}{
		{"architecture.md", `Every ([0-9,]+) instructions \(` + "`heapCheckEvery`", "../engine/script/budget.go", `const heapCheckEvery = (\d+)`},
	}
	for _, tt := range tests {
		doc, err := os.ReadFile(tt.doc)
		if err != nil {
			t.Fatal(err)
		}
		code, err := os.ReadFile(tt.code)
		if err != nil {
			t.Fatal(err)
		}
		d := regexp.MustCompile(tt.docRE).FindSubmatch(doc)
		c := regexp.MustCompile(tt.codeRE).FindSubmatch(code)
		if d == nil || c == nil {
			t.Errorf("%s /%s/ or %s /%s/ not found", tt.doc, tt.docRE, tt.code, tt.codeRE)
			continue
		}
		if strings.ReplaceAll(string(d[1]), ",", "") != string(c[1]) {
			t.Errorf("%s says %s, %s has %s", tt.doc, d[1], tt.code, c[1])
		}
	}
}

// TestLinks: every link between the repository's Markdown files resolves
// to a file of the repository, and an anchor to one of its headings (as
// GitHub makes them); a link to this repository on GitHub, which would
// show another version than the one read, is refused.
func TestLinks(t *testing.T) {
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	heading := regexp.MustCompile(`(?m)^#{1,6} +(.+?) *#*$`)
	anchors := map[string]map[string]bool{} // by file, read once
	anchorsOf := func(file string) map[string]bool {
		if a, ok := anchors[file]; ok {
			return a
		}
		a := map[string]bool{}
		b, _ := os.ReadFile(file)
		for _, m := range heading.FindAllStringSubmatch(string(b), -1) {
			a[slug(m[1])] = true
		}
		anchors[file] = a
		return a
	}
	for _, file := range markdownFiles(t) {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.Contains(target, "github.com/communs-arcade/arcade") {
				t.Errorf("%s links to the repository on GitHub (%s): use a relative link", file, target)
				continue
			}
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			path, anchor, _ := strings.Cut(target, "#")
			dest := file
			if path != "" {
				dest = filepath.Join(filepath.Dir(file), filepath.FromSlash(path))
				if _, err := os.Stat(dest); err != nil {
					t.Errorf("%s links to %s, which does not exist", file, target)
					continue
				}
			}
			if anchor != "" && strings.HasSuffix(dest, ".md") && !anchorsOf(dest)[anchor] {
				t.Errorf("%s links to %s: no such heading", file, target)
			}
		}
	}
}

// markdownFiles returns the repository's Markdown files, paths relative to
// this folder, leaving out dependencies and build output.
func markdownFiles(t *testing.T) []string {
	var files []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != ".." && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "dist" || name == "bin") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(name, ".md") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// slug is GitHub's anchor for a heading: lower case, punctuation dropped
// (but for - and _), spaces made hyphens. Inline code and links keep
// their text.
func slug(h string) string {
	h = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`).ReplaceAllString(h, "$1")
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
