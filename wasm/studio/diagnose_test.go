package studio

import (
	"errors"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
)

// run builds the template with main.lua replaced and plays up to ticks
// ticks, returning what stopped it.
func run(t *testing.T, main string, ticks int) error {
	t.Helper()
	files := level.TemplateFiles()
	for i := range files {
		if files[i].Name == "main.lua" {
			files[i].Data = []byte(main)
		}
	}
	lvl, err := level.FromFiles("draft", files)
	if err != nil {
		return err
	}
	s, err := session.New(lvl, session.Options{Seed: 1, Library: scripts.FS})
	if err != nil {
		return err
	}
	defer s.Close()
	for range ticks {
		if err := s.Step(sim.Input{}); err != nil {
			return err
		}
	}
	return nil
}

func TestDiagnose(t *testing.T) {
	manifest := level.TemplateFiles()
	for i := range manifest {
		if manifest[i].Name == level.ManifestName {
			manifest[i].Data = []byte("id = \"x\"\nversion = \n")
		}
	}
	_, badManifest := level.FromFiles("draft", manifest)
	tests := []struct {
		name string
		err  error
		want Diagnostic
	}{
		{"nil", nil, Diagnostic{}},
		{"syntax", run(t, "function _init()\n  x = = 1\nend\n", 0), Diagnostic{File: "main.lua", Line: 2}},
		{"runtime", run(t, "function _init() end\n\nfunction _update()\n  local t = nil\n  t.x = 1\nend\n", 1), Diagnostic{File: "main.lua", Line: 5}},
		{"budget", run(t, "function _init() end\nfunction _update()\n  while true do end\nend\n", 1), Diagnostic{File: "main.lua", Line: 3}},
		{"manifest", badManifest, Diagnostic{File: level.ManifestName, Line: 2}},
		{"other", errors.New("render: no tileset"), Diagnostic{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := Diagnose(tt.err, "draft")
			if tt.err == nil {
				if ds != nil {
					t.Fatalf("Diagnose(nil) = %v", ds)
				}
				return
			}
			if len(ds) == 0 || ds[0].Message == "" {
				t.Fatalf("Diagnose(%v) = %v", tt.err, ds)
			}
			if d := ds[0]; d.File != tt.want.File || d.Line != tt.want.Line {
				t.Errorf("Diagnose(%q) = %s:%d %q, want %s:%d", tt.err, d.File, d.Line, d.Message, tt.want.File, tt.want.Line)
			}
		})
	}
}
