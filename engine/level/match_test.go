package level

import (
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The package checks names with small hand-written matchers rather than
// regexp, which the browser game does not link (game/size_test.go). Each
// fuzz target below compares one matcher with the expression it replaces.

// edgeSeeds are inputs every matcher is tried on.
var edgeSeeds = []string{"", "a", "A", "0", "-", "_", ".", "é", "\xff", "\n", " a", "a ", "a\n"}

// fuzzMatch checks that match accepts exactly what expr matches.
func fuzzMatch(f *testing.F, expr string, match func(string) bool, seeds ...string) {
	re := regexp.MustCompile(expr)
	for _, s := range slices.Concat(edgeSeeds, seeds) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := match(s), re.MatchString(s); got != want {
			t.Fatalf("%q: got %v, %s says %v", s, got, expr, want)
		}
	})
}

func FuzzValidKeyPart(f *testing.F) {
	fuzzMatch(f, `^[a-z0-9_-]+$`, validKeyPart,
		"title", "hint_2", "a-b", "Title", "a.b", "a b", "__", "--")
}

func FuzzValidID(f *testing.F) {
	fuzzMatch(f, `^[a-z0-9][a-z0-9-]{0,39}$`, validID,
		"tax-pot", "-a", "a-", "9", "Tax", "a_b",
		strings.Repeat("a", 40), strings.Repeat("a", 41), "a"+strings.Repeat("-", 39), "a"+strings.Repeat("-", 40))
}

func FuzzValidTag(f *testing.F) {
	fuzzMatch(f, `^[a-z]+(-[a-z]+)*$`, validTag,
		"tax", "public-goods", "a-b-c", "a--b", "-a", "a-", "a-1", "A", "a_b")
}

func FuzzValidLicence(f *testing.F) {
	fuzzMatch(f, `^[A-Za-z0-9][A-Za-z0-9.+-]*$`, validLicence,
		"CC-BY-SA-4.0", "MIT", "GPL-3.0+", ".MIT", "+a", "-a", "a..", "a b", "a_b", "Z", "z")
}

func FuzzValidVersion(f *testing.F) {
	fuzzMatch(f, `^[1-9][0-9]{0,8}$`, validVersion,
		"1", "10", "01", "999999999", "1000000000", "123456789", "+1", "-1", "1.0", "١")
}

func FuzzLooksLikeDomain(f *testing.F) {
	fuzzMatch(f, `(?i)[a-z0-9-]+\.[a-z]{2,}`, looksLikeDomain,
		"example.org", "Bob.Smith", "a.b", ".org", "x .org", "-.ab", "1.ab", "a.b1",
		"dr. who", "a.ſſ", "ſ.ab", "a.\u212ak", "\u212a.ok", "a..ab", "a.é", "é.ab",
		"a.b\xffc", "\xff.ab", "a.\xffab", "…x.fr", "Ａ.ab")
}

func FuzzCatalogLang(f *testing.F) {
	re := regexp.MustCompile(`^text/([a-z]{2,3})\.toml$`)
	for _, s := range append(slices.Clip(edgeSeeds), "text/fr.toml", "text/en.toml", "text/eng.toml", "text/f.toml",
		"text/fren.toml", "text/FR.toml", "text/.toml", "text/fr.toml.toml", "a/text/fr.toml",
		"text/fr.tomlx", "text/fr_toml", "text/fr/en.toml", "text.toml", "text/é.toml") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lang, ok := catalogLang(s)
		m := re.FindStringSubmatch(s)
		if ok != (m != nil) || ok && lang != m[1] || !ok && lang != "" {
			t.Fatalf("%q: got %q, %v; the expression captures %q", s, lang, ok, m)
		}
	})
}

func FuzzParseTOMLPosition(f *testing.F) {
	re := regexp.MustCompile(`(?s)^toml: (?:line (\d+) )?\(last key "((?:[^"\\]|\\.)*)"\): (.*)$`)
	for _, s := range append(edgeSeeds,
		`toml: line 3 (last key "title.fr"): incompatible types`,
		`toml: (last key "a"): b`,
		`toml: line 12 (last key ""): `,
		"toml: line 3 (last key \"a\"): two\nlines\n",
		`toml: line 3 (last key "a\"b"): x`,
		`toml: line 3 (last key "a\\"): x`,
		`toml: line 3 (last key "a\\\"): x`,
		`toml: line 3 (last key "a\"): x`,
		`toml: line 3 (last key "a\`,
		"toml: line 3 (last key \"a\\\n\"): x",
		"toml: line 3 (last key \"a\\é\"): x",
		"toml: line 3 (last key \"a\\\xff\"): x",
		`toml: line 3 (last key "a" b"): x`,
		`toml: line 3 (last key "a"): b"): c`,
		`toml: line  (last key "a"): x`,
		`toml: line x (last key "a"): x`,
		`toml: line 3(last key "a"): x`,
		`toml: line 3 `,
		`toml: line 99999999999999999999 (last key "a"): x`,
		`toml: line (last key "a"): x`,
		`toml: incompatible types`,
		`Toml: (last key "a"): b`,
		`toml: (last key "a"):b`,
	) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line, key, rest, ok := parseTOMLPosition(s)
		m := re.FindStringSubmatch(s)
		switch {
		case ok != (m != nil):
			t.Fatalf("%q: got ok %v; the expression captures %q", s, ok, m)
		case ok && (line != m[1] || key != m[2] || rest != m[3]):
			t.Fatalf("%q: got %q, %q, %q; the expression captures %q", s, line, key, rest, m[1:])
		case !ok && (line != "" || key != "" || rest != ""):
			t.Fatalf("%q: got %q, %q, %q with ok false", s, line, key, rest)
		}
	})
}

// TestLooksLikeDomainEveryRune checks looksLikeDomain on every rune before
// the dot and after it, where (?i) folds cases the fuzzer is unlikely to
// reach.
func TestLooksLikeDomainEveryRune(t *testing.T) {
	if testing.Short() || runtime.GOARCH == "wasm" {
		t.Skip("3.3 million matches: 2 s natively")
	}
	re := regexp.MustCompile(`(?i)[a-z0-9-]+\.[a-z]{2,}`)
	for r := rune(0); r <= utf8.MaxRune; r++ {
		for _, s := range [...]string{string(r) + ".ab", "a." + string(r) + "b", "a.b" + string(r)} {
			if got, want := looksLikeDomain(s), re.MatchString(s); got != want {
				t.Fatalf("%q: got %v, the expression says %v", s, got, want)
			}
		}
	}
}
