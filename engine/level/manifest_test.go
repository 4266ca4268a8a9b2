package level

import (
	"strings"
	"testing"
)

const goodManifest = `id = "demo-1"
version = 3
api = 1
licence = "CC-BY-SA-4.0"
author = "Zoé"
tags = ["maths", "free-software"]
pot = true
main = "game/start.lua"
map = "maps/a.tmj"

[title]
fr = "Démo"
en = "Demo"

[summary]
fr = "Un niveau.\nSur deux lignes."
en = "A level."

[[sources]]
title = "Free software"
url = "https://www.gnu.org/philosophy/free-sw.html"

[[sources]]
title = "Wikipédia"
url = "http://fr.wikipedia.org/wiki/Logiciel_libre"
`

func TestManifestGood(t *testing.T) {
	p := &problems{}
	m := parseManifest([]byte(goodManifest), p)
	if err := p.err(); err != nil {
		t.Fatal(err)
	}
	if m.ID != "demo-1" || m.Version != 3 || m.API != 1 || m.Author != "Zoé" || !m.Pot ||
		m.Main != "game/start.lua" || m.Map != "maps/a.tmj" || m.Title.FR != "Démo" ||
		m.Summary.EN != "A level." || len(m.Sources) != 2 || m.Sources[1].Title != "Wikipédia" ||
		strings.Join(m.Tags, ",") != "maths,free-software" {
		t.Fatalf("manifest decoded as %+v", m)
	}
	m = parseManifest([]byte(strings.Replace(goodManifest, `main = "game/start.lua"`, "", 1)), p)
	if m.Main != "main.lua" {
		t.Fatalf("default main = %q", m.Main)
	}
}

func TestManifestRules(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(goodManifest, old) {
			t.Fatalf("fixture has no %q", old)
		}
		return strings.Replace(goodManifest, old, new, 1)
	}
	tests := []struct {
		name, toml string
		want       string
	}{
		{"syntax error line", edit("api = 1", "api = = 1"), "level.toml:3: "},
		{"unclosed table line", edit("[summary]", "[summary"), "level.toml:15: "},
		{"duplicate key", edit("api = 1", "api = 1\napi = 2"), "level.toml:4: "},
		{"type error line", edit("version = 3", `version = "three"`), `level.toml:2: "version": incompatible types`},
		{"nested type error line", edit(`en = "A level."`, `en = 5`), `level.toml:17: "summary.en": incompatible types`},
		{"unknown key", edit("pot = true", "pot = true\ncolour = 3"), `level.toml: unknown key "colour"`},
		{"unknown nested key", edit(`en = "Demo"`, "en = \"Demo\"\nde = \"Demo\""), `unknown key "title.de"`},
		{"unknown source key", edit(`title = "Free software"`, "title = \"Free software\"\nyear = 2001"), `unknown key "sources.year"`},
		{"licence spelling", edit("licence =", "license ="), `unknown key "license" (did you mean "licence"?)`},
		{"key case", edit("id =", "ID ="), `unknown key "ID"`},
		{"id missing", edit(`id = "demo-1"`, ""), "id is required"},
		{"id upper", edit(`"demo-1"`, `"Demo"`), `id "Demo" must match`},
		{"id too long", edit(`"demo-1"`, `"`+strings.Repeat("a", 41)+`"`), "must match ^[a-z0-9][a-z0-9-]{0,39}$"},
		{"id dash first", edit(`"demo-1"`, `"-demo"`), "must match"},
		{"version zero", edit("version = 3", "version = 0"), "version must be 1 or more, not 0"},
		{"version missing", edit("version = 3", ""), "version is required"},
		{"api newer", edit("api = 1", "api = 2"), "level needs a newer engine (api 2; this engine supports api 1)"},
		{"api zero", edit("api = 1", "api = 0"), "api must be 1 or more"},
		{"api missing", edit("api = 1", ""), "api is required"},
		{"licence bad", edit(`"CC-BY-SA-4.0"`, `"my own"`), "must be an SPDX identifier"},
		{"author empty", edit(`"Zoé"`, `""`), "author must not be empty"},
		{"author long", edit(`"Zoé"`, `"`+strings.Repeat("é", 33)+`"`), "author is longer than 32 characters"},
		{"author email", edit(`"Zoé"`, `"zoe@example"`), "author must be a pseudonym, not an e-mail or web address"},
		{"author url", edit(`"Zoé"`, `"https://zoe"`), "not an e-mail or web address"},
		{"author domain", edit(`"Zoé"`, `"zoe.example.org"`), "not an e-mail or web address"},
		{"author www", edit(`"Zoé"`, `"www.zoe"`), "not an e-mail or web address"},
		{"author bidi", edit(`"Zoé"`, `"Zo\u202Ee"`), "invisible or control character U+202E"},
		{"author spaces", edit(`"Zoé"`, `" Zoé"`), "author starts or ends with a space"},
		{"tags empty", edit(`["maths", "free-software"]`, `[]`), "tags must hold at least one tag"},
		{"tags missing", edit(`tags = ["maths", "free-software"]`, ""), "tags is required"},
		{"tag bad", edit(`"maths"`, `"Maths2"`), `tag "Maths2" must be lower-case words`},
		{"tag twice", edit(`"free-software"`, `"maths"`), `tag "maths" is listed twice`},
		{"tag type", edit(`["maths", "free-software"]`, `[1]`), `"tags": incompatible types`},
		{"pot type", edit("pot = true", `pot = "yes"`), `"pot": incompatible types`},
		{"main not lua", edit(`"game/start.lua"`, `"start.txt"`), `main: "start.txt" must be a .lua file`},
		{"main traversal", edit(`"game/start.lua"`, `"../start.lua"`), `main: "../start.lua": parent directory`},
		{"map not tmj", edit(`"maps/a.tmj"`, `"maps/a.tmx"`), `map: "maps/a.tmx" must be a .tmj file`},
		{"title missing", edit("[title]\nfr = \"Démo\"\nen = \"Demo\"\n", ""), "title is required"},
		{"title en missing", edit("en = \"Demo\"\n", ""), "title.en must not be empty"},
		{"title blank", edit(`fr = "Démo"`, `fr = "  "`), "title.fr must not be empty"},
		{"title newline", edit(`fr = "Démo"`, `fr = "Dé\nmo"`), "title.fr contains the invisible or control character U+000A"},
		{"title long", edit(`fr = "Démo"`, `fr = "`+strings.Repeat("x", 81)+`"`), "title.fr is longer than 80 characters"},
		{"summary missing", edit("[summary]\nfr = \"Un niveau.\\nSur deux lignes.\"\nen = \"A level.\"\n", ""), "summary is required"},
		{"sources missing", goodManifest[:strings.Index(goodManifest, "[[sources]]")], "sources is required"},
		{"sources empty", "sources = []\n" + goodManifest[:strings.Index(goodManifest, "[[sources]]")], "at least one [[sources]] entry is required"},
		{"source url ftp", edit("https://www.gnu.org", "ftp://www.gnu.org"), "sources[1].url \"ftp://www.gnu.org/philosophy/free-sw.html\" must start with http:// or https://"},
		{"source url js", edit("https://www.gnu.org/philosophy/free-sw.html", "javascript:alert(1)"), "must start with http:// or https://"},
		{"source url relative", edit("https://www.gnu.org/philosophy/free-sw.html", "/philosophy"), "must start with http://"},
		{"source url no host", edit("https://www.gnu.org/philosophy/free-sw.html", "https:///x"), "has no host"},
		{"source url user", edit("https://www.gnu.org", "https://me:pw@www.gnu.org"), "must not contain a user name or password"},
		{"source url space", edit("free-sw.html", "free sw.html"), "contains a space or control character"},
		{"source url empty", edit("https://www.gnu.org/philosophy/free-sw.html", ""), "sources[1].url must not be empty"},
		{"source title empty", edit(`title = "Wikipédia"`, `title = ""`), "sources[2].title must not be empty"},
		{"not utf8", edit("Zoé", "Zo\xff"), "level.toml:5: not valid UTF-8"},
		{"too big", goodManifest + "# " + strings.Repeat("x", maxManifestSize), "manifest is larger than 64 KiB"},
		{"remix no version", edit("pot = true", `remix_of = "tax-pot"`), `remix_of "tax-pot" must be the remixed level's <id>@<version>`},
		{"remix version zero", edit("pot = true", `remix_of = "tax-pot@0"`), `remix_of "tax-pot@0" must be`},
		{"remix version sign", edit("pot = true", `remix_of = "tax-pot@+2"`), `remix_of "tax-pot@+2" must be`},
		{"remix bad id", edit("pot = true", `remix_of = "Tax@2"`), `remix_of "Tax@2" must be`},
		{"remix empty", edit("pot = true", `remix_of = ""`), `remix_of "" must be`},
		{"remix twice", edit("pot = true", `remix_of = "a@1@2"`), `remix_of "a@1@2" must be`},
		{"remix type", edit("pot = true", `remix_of = 3`), `"remix_of": incompatible types`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &problems{path: "levels/demo"}
			m := parseManifest([]byte(tt.toml), p)
			err := p.err()
			wantError(t, err, tt.want)
			if m != nil && !p.any() {
				t.Fatal("manifest returned with problems")
			}
		})
	}
}

// TestManifestAllErrors checks that independent problems are all
// reported, in a stable order.
func TestManifestAllErrors(t *testing.T) {
	src := strings.NewReplacer(`"demo-1"`, `"Bad"`, "api = 1", "api = 9", `"Zoé"`, `"a@b"`).Replace(goodManifest)
	var first string
	for i := range 5 {
		p := &problems{path: "x"}
		parseManifest([]byte(src), p)
		got := p.err().Error()
		for _, w := range []string{"id \"Bad\"", "newer engine", "pseudonym"} {
			if !strings.Contains(got, w) {
				t.Fatalf("%q missing from\n%s", w, got)
			}
		}
		if i == 0 {
			first = got
		} else if got != first {
			t.Fatalf("errors differ between runs:\n%s\n%s", first, got)
		}
	}
}

func TestManifestRemix(t *testing.T) {
	tests := []struct {
		toml    string
		id      string
		version int
		ok      bool
	}{
		{goodManifest, "", 0, false},
		{strings.Replace(goodManifest, "pot = true", `remix_of = "tax-pot@3"`, 1), "tax-pot", 3, true},
		{strings.Replace(goodManifest, "pot = true", `remix_of = "a@999999999"`, 1), "a", 999999999, true},
	}
	for _, tt := range tests {
		p := &problems{}
		m := parseManifest([]byte(tt.toml), p)
		if err := p.err(); err != nil {
			t.Fatal(err)
		}
		id, version, ok := m.Remix()
		if id != tt.id || version != tt.version || ok != tt.ok {
			t.Errorf("Remix() of %q = %q %d %v, want %q %d %v", m.RemixOf, id, version, ok, tt.id, tt.version, tt.ok)
		}
	}
	for _, bad := range []string{"", "x", "x@", "@1", "x@01", "x@1.0", "x@ 1", "x@1000000000", "X@1"} {
		if _, _, err := ParseRemix(bad); err == nil {
			t.Errorf("ParseRemix(%q) accepted", bad)
		}
	}
}
