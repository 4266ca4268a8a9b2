package main

import (
	"bytes"
	"regexp"
	"slices"
	"testing"
)

// The expressions the functions of inject.go stand for, as Ebiten writes
// them.
var (
	textureVariableRe = regexp.MustCompile(`\A__t(\d+)\z`)
	unitRe            = regexp.MustCompile(`^[ \t\r\n]*//kage:unit\s+([^ \t\r\n]+)[ \t\r\n]*$`)
	newlinesRe        = regexp.MustCompile(`\n\n+`)
)

func FuzzSlimTextureVariable(f *testing.F) {
	for _, s := range []string{"__t0", "__t12", "__t", "__tx", "_t1", "__t1a", "a__t1", "__t٣", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := slimTextureVariable(s), textureVariableRe.FindStringSubmatch(s); !slices.Equal(got, want) {
			t.Errorf("slimTextureVariable(%q) = %q, the expression gives %q", s, got, want)
		}
	})
}

func FuzzSlimUnitDirective(f *testing.F) {
	for _, s := range []string{
		"//kage:unit pixels\n", "  \t//kage:unit texels  \r\n", "//kage:unit\tpixels", "//kage:unit pixels x\n",
		"//kage:unit\n", "//kage:unit \f", "//kage:unit \f\fa \n", "//kage:unit \fa\f \n", "//kage:unitpixels",
		"// kage:unit pixels", "x //kage:unit pixels", "//kage:unit  \v pixels", "", "//kage:unit ",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		got, want := slimUnitDirective(line), unitRe.FindSubmatch(line)
		if !slices.EqualFunc(got, want, bytes.Equal) || (got == nil) != (want == nil) {
			t.Errorf("slimUnitDirective(%q) = %q, the expression gives %q", line, got, want)
		}
	})
}

func FuzzSlimCollapseNewlines(f *testing.F) {
	for _, s := range []string{"", "\n", "\n\n", "a\n\n\nb\nc\n\n", "\n\n\n\n", "a"} {
		f.Add(s, "\n\n")
	}
	f.Add("x\n\ny", "")
	f.Fuzz(func(t *testing.T, s, repl string) {
		if got, want := slimCollapseNewlines(s, repl), newlinesRe.ReplaceAllLiteralString(s, repl); got != want {
			t.Errorf("slimCollapseNewlines(%q, %q) = %q, the expression gives %q", s, repl, got, want)
		}
	})
}
