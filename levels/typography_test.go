package levels_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// The typography rules every player-visible catalogue follows: the built-in
// levels' text/*.toml (and their level.toml titles and summaries), the
// examples' and the game's own. French puts a non-breaking space (U+00A0,
// or the narrow U+202F) before « : ; ! ? » and inside « », and between a
// number and its unit or its thousands; English puts no space before
// « : ; ! ? ». Both write "internet" in lower case inside a sentence.
// Placeholders ({n}) count as numbers: « {secs} s » needs its non-breaking
// space as much as « 15 s ». Where the game waits for A, the dialogue box
// draws its blinking ►: a text never ends with a literal "[A]" prompt.
var typoRules = map[string][]typoRule{
	"fr": {
		{`space before high punctuation (use U+00A0)`, regexp.MustCompile(` [:;!?»]`)},
		{`no space before high punctuation (use U+00A0)`, regexp.MustCompile(`[\p{L}\p{N})}…][;!?»]|\p{L}:(?:[^/]|$)`)},
		{`« followed by a plain space or none (use U+00A0)`, regexp.MustCompile(`«(?:[^\x{00A0}\x{202F}]|$)`)},
		{`plain space between a number and its unit (use U+00A0)`, regexp.MustCompile(`[\p{N}}] (?:%|€|s|min|h|km|m|ms|Mo|Go|ko)(?:[^\p{L}\p{N}]|$)`)},
		{`plain space inside a number (use U+00A0)`, regexp.MustCompile(`(?:^|[^\p{N},.])\p{N}{1,3} \p{N}{3}(?:[^\p{N}]|$)`)},
		{`Internet inside a sentence (write internet)`, regexp.MustCompile(`[\p{Ll},'’] ?Internet`)},
		continuePrompt,
	},
	"en": {
		{`space before : ; ! ?`, regexp.MustCompile(`[ \x{00A0}\x{202F}][:;!?]`)},
		{`Internet inside a sentence (write internet)`, regexp.MustCompile(`[\p{Ll},] Internet`)},
		continuePrompt,
	},
}

var continuePrompt = typoRule{`a literal continue prompt (the dialogue box draws ►)`, regexp.MustCompile(`\[A\]\s*$`)}

type typoRule struct {
	what string
	re   *regexp.Regexp
}

// catalogue is one file's messages in one language, by dotted key.
type catalog struct {
	file, lang string
	msgs       map[string]string
}

// typoCatalogs reads every catalogue the rules apply to.
func typoCatalogs(t *testing.T) []catalog {
	t.Helper()
	var files []string
	for _, pattern := range []string{"*/text/*.toml", "examples/*/text/*.toml", "../game/text/*.toml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	var out []catalog
	for _, f := range files {
		lang := strings.TrimSuffix(filepath.Base(f), ".toml")
		var tree map[string]any
		if _, err := toml.DecodeFile(f, &tree); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		msgs := map[string]string{}
		flattenMessages("", tree, msgs)
		out = append(out, catalog{file: f, lang: lang, msgs: msgs})
	}
	// The levels' titles and summaries are shown in the level select.
	manifests, err := filepath.Glob("*/level.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range manifests {
		var m struct{ Title, Summary map[string]string }
		if _, err := toml.DecodeFile(f, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, lang := range []string{"fr", "en"} {
			out = append(out, catalog{file: f, lang: lang, msgs: map[string]string{
				"title": m.Title[lang], "summary": m.Summary[lang],
			}})
		}
	}
	if len(out) < 20 {
		t.Fatalf("found only %d catalogues", len(out))
	}
	return out
}

func flattenMessages(prefix string, v any, out map[string]string) {
	switch v := v.(type) {
	case string:
		out[prefix] = v
	case map[string]any:
		for k, sub := range v {
			if prefix != "" {
				k = prefix + "." + k
			}
			flattenMessages(k, sub, out)
		}
	}
}

// TestCatalogTypography checks every message of every catalogue against
// the typography rules of its language.
func TestCatalogTypography(t *testing.T) {
	var bad []string
	for _, c := range typoCatalogs(t) {
		for key, msg := range c.msgs {
			for _, r := range typoRules[c.lang] {
				if loc := r.re.FindStringIndex(msg); loc != nil {
					lo, hi := max(0, loc[0]-20), min(len(msg), loc[1]+20)
					bad = append(bad, fmt.Sprintf("%s: %s: %s: …%s…", c.file, key, r.what, strings.ToValidUTF8(msg[lo:hi], "")))
				}
			}
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
}

// TestTypographyRules shows what each rule catches and lets through.
func TestTypographyRules(t *testing.T) {
	nb := "\u00a0"
	for _, tc := range []struct {
		lang, msg string
		bad       bool
	}{
		{"fr", "Score" + nb + ": {score}", false},
		{"fr", "Score : {score}", true},
		{"fr", "Score: {score}", true},
		{"fr", "Bravo" + nb + "!", false},
		{"fr", "Bravo!", true},
		{"fr", "«" + nb + "Tout accepter" + nb + "»", false},
		{"fr", "« Tout accepter" + nb + "»", true},
		{"fr", "«" + nb + "Tout accepter »", true},
		{"fr", "15" + nb + "%", false},
		{"fr", "15 %", true},
		{"fr", "{secs} s d'avance", true},
		{"fr", "{secs}" + nb + "s d'avance", false},
		{"fr", "{n} sur {goal}", false},
		{"fr", "2 200 euros", true},
		{"fr", "2" + nb + "200 euros", false},
		{"fr", "les 3 000 pages", true},
		{"fr", "Il est 2:30", false},
		{"fr", "voir https://www.cnil.fr", false},
		{"fr", "sur Internet", true},
		{"fr", "Internet est un réseau", false},
		{"en", "Score: {score}", false},
		{"en", "Score : {score}", true},
		{"en", "on the Internet", true},
		{"en", "Round 2 cleared. [A]", true},
		{"en", "[A] Access · [B] switch", false},
	} {
		got := slices.ContainsFunc(typoRules[tc.lang], func(r typoRule) bool { return r.re.MatchString(tc.msg) })
		if got != tc.bad {
			t.Errorf("%s %q: caught %v, want %v", tc.lang, tc.msg, got, tc.bad)
		}
	}
}
