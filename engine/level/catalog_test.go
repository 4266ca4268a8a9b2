package level

import (
	"slices"
	"strings"
	"testing"
)

func TestCatalogFlatten(t *testing.T) {
	src := `intro = "Atteins le drapeau !"
score = "Score : {score}"

[menu]
start = "Jouer"
"quit" = "Quitter"

[menu.help]
line-1 = "Flèches pour bouger"
`
	p := &problems{}
	c := parseCatalog("text/fr.toml", []byte(src), p)
	if err := p.err(); err != nil {
		t.Fatal(err)
	}
	want := []string{"intro", "menu.help.line-1", "menu.quit", "menu.start", "score"}
	if got := c.Keys(); !slices.Equal(got, want) {
		t.Fatalf("keys %q, want %q", got, want)
	}
	if c["menu.help.line-1"] != "Flèches pour bouger" || c["score"] != "Score : {score}" {
		t.Fatalf("catalogue %q", c)
	}
}

func TestCatalogRules(t *testing.T) {
	tests := []struct {
		name, toml, want string
	}{
		{"syntax line", "a = \"x\"\nb = \n", "text/fr.toml:2: "},
		{"duplicate key line", "a = \"x\"\nb = \"y\"\na = \"z\"\n", "text/fr.toml:3: Key 'a' has already been defined"},
		{"number", "a = 3\n", `key "a" must be a text or a table, not integer`},
		{"array", "a = [\"x\"]\n", `key "a" must be a text or a table, not array`},
		{"array of tables", "[[a]]\nb = \"x\"\n", `key "a" must be a text or a table`},
		{"upper key", "Intro = \"x\"\n", `key "Intro": each part must be made of a-z 0-9 _ -`},
		{"dotted quoted key", "\"a.b\" = \"x\"\n", `key "a.b": each part`},
		{"space key", "\"a b\" = \"x\"\n", `key "a b": each part`},
		{"long text", "a = \"" + strings.Repeat("é", maxTextLen+1) + "\"\n", `message "a" is longer than 2000 characters`},
		{"control", "a = \"x\\u0007\"\n", `message "a" contains the control character U+0007`},
		{"long key", strings.Repeat("k", maxKeyLen+1) + " = \"x\"\n", "is longer than 128 bytes"},
		{"deep", "a.b.c.d.e.f.g.h.i = \"x\"\n", "nested more than 8 tables deep"},
		{"not utf8", "a = \"x\"\nb = \"\xff\"\n", "text/fr.toml:2: not valid UTF-8"},
		{"too big", "a = \"x\"\n#" + strings.Repeat("x", maxCatalogSize), "catalogue is larger than 256 KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &problems{path: "levels/demo"}
			parseCatalog("text/fr.toml", []byte(tt.toml), p)
			wantError(t, p.err(), tt.want)
		})
	}
}

func TestCatalogsInLevel(t *testing.T) {
	base := templateFiles(t)
	tests := []struct {
		name  string
		files files
		want  []string
	}{
		{"missing fr", base.del("text/fr.toml"), []string{"levels/demo.arcade/text/fr.toml: missing: every level needs text/fr.toml and text/en.toml"}},
		{"missing en", base.del("text/en.toml"), []string{"text/en.toml: missing"}},
		{"key missing in en", base.set("text/en.toml", "intro = \"Reach the flag!\"\n"),
			[]string{`levels/demo.arcade/text/en.toml: key "win" is missing (it is in text/fr.toml)`}},
		{"key missing in fr", base.set("text/en.toml", base.get("text/en.toml")+"extra = \"x\"\n"),
			[]string{`text/fr.toml: key "extra" is missing (it is in text/en.toml)`}},
		{"nested vs flat agree", base.set("text/fr.toml", base.get("text/fr.toml")+"[m]\nx = \"a\"\n").
			set("text/en.toml", base.get("text/en.toml")+"m.y = \"b\"\n"),
			[]string{`text/en.toml: key "m.x" is missing`, `text/fr.toml: key "m.y" is missing`}},
		{"third language checked", base.set("text/de.toml", "intro = \"Erreiche die Flagge!\"\n"),
			[]string{`text/de.toml: key "win" is missing (it is in text/fr.toml)`}},
		{"stray toml", base.set("data/items.toml", "a = 1\n"), []string{"data/items.toml: the only TOML files allowed are level.toml and text/<language>.toml"}},
		{"bad catalogue line", base.set("text/en.toml", "intro = \"x\"\nwin = \n"), []string{"levels/demo.arcade/text/en.toml:2: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadFiles(t, tt.files)
			wantError(t, err, tt.want...)
		})
	}
}
