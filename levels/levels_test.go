package levels_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
)

// levelDirs lists the level folders: every directory here holding a level.toml.
func levelDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			if _, err := os.Stat(filepath.Join(e.Name(), "level.toml")); err == nil {
				dirs = append(dirs, e.Name())
			}
		}
	}
	if len(dirs) == 0 {
		t.Fatal("no levels found")
	}
	return dirs
}

func TestLevels(t *testing.T) {
	for _, dir := range levelDirs(t) {
		t.Run(dir, func(t *testing.T) {
			lvl, err := level.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			m := lvl.Manifest
			if m.ID != dir {
				t.Errorf("level id %q differs from its folder %q", m.ID, dir)
			}
			if len(m.Sources) == 0 {
				t.Error("no sources in level.toml")
			}
			for _, lang := range []string{"fr", "en"} {
				if _, ok := lvl.Text[lang]; !ok {
					t.Errorf("no text/%s.toml", lang)
				}
			}
			// A level ends with one golden replay that wins and one that loses.
			for _, want := range []struct {
				file    string
				outcome sim.Outcome
			}{{"win.replay", sim.Won}, {"lose.replay", sim.Lost}} {
				data, err := os.ReadFile(filepath.Join(dir, "testdata", want.file))
				if err != nil {
					t.Errorf("golden replay missing: %v", err)
					continue
				}
				rec, err := replay.Decode(data)
				if err != nil {
					t.Errorf("%s: %v", want.file, err)
					continue
				}
				// Golden runs are ranked runs: on the board's seed, within
				// the level's length (`make goldens` records them so).
				if err := replay.CheckRanked(rec, lvl.BoardSeed(), lvl.MaxTicks()); err != nil {
					t.Errorf("%s: %v (run `make goldens`)", want.file, err)
				}
				got, err := replay.Verify(lvl, rec, session.Options{Library: scripts.FS})
				if err != nil {
					t.Errorf("%s: %v", want.file, err)
					continue
				}
				if got.Outcome != want.outcome {
					t.Errorf("%s: outcome %v, want %v", want.file, got.Outcome, want.outcome)
				}
			}
		})
	}
}
