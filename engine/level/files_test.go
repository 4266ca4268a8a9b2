package level

import (
	"errors"
	"testing"
)

func TestFromFiles(t *testing.T) {
	tmpl := files(TemplateFiles())
	if len(tmpl) < 3 {
		t.Fatalf("TemplateFiles: %d files", len(tmpl))
	}
	folder, err := LoadFS(template, "template")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		files files
		rule  string // "" when the level loads
		file  string
		line  int
	}{
		{"template", tmpl, "", "", 0},
		{"unsafe name", tmpl.set("../x.lua", "x = 1"), RuleUnsafePath, "../x.lua", 0},
		{"duplicate", append(tmpl.set("a.lua", "x = 1"), File{Name: "a.lua", Data: []byte("y = 2")}), RuleDuplicateName, "a.lua", 0},
		{"bad manifest", tmpl.set(ManifestName, "id = \n"), "", ManifestName, 1},
		{"no manifest", tmpl.del(ManifestName), "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := FromFiles("draft", tt.files)
			if tt.name == "template" {
				if err != nil {
					t.Fatal(err)
				}
				if l.ContentHash() != folder.ContentHash() || l.Path != "draft" {
					t.Fatalf("FromFiles differs from LoadFS: path %q", l.Path)
				}
				return
			}
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want a *level.Error", err)
			}
			ps := Problems(err)
			if len(ps) == 0 {
				t.Fatal("no problems")
			}
			p := ps[0]
			if tt.rule != "" && p.Rule != tt.rule {
				t.Errorf("rule %q, want %q (%v)", p.Rule, tt.rule, err)
			}
			if tt.file != "" && (p.File != tt.file || p.Line != tt.line) {
				t.Errorf("at %s:%d, want %s:%d (%v)", p.File, p.Line, tt.file, tt.line, err)
			}
		})
	}
}
