package examples_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/levels/examples"
	"github.com/communs-arcade/arcade/scripts"
	"github.com/communs-arcade/arcade/server/ranked"
)

// The promises of issue 11 ("Learning to write a level").
const (
	minExamples  = 8
	maxMainLines = 60
	checkTicks   = 600 // what `arcade check` runs without input
)

// exampleDirs lists the example folders on disk: every directory here
// holding a level.toml.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(e.Name(), level.ManifestName)); e.IsDir() && err == nil {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) < minExamples {
		t.Fatalf("%d examples, want at least %d", len(dirs), minExamples)
	}
	return dirs
}

// TestExamples checks what each example promises a beginner: it loads, its
// manifest marks it as an example outside the campaign, its main.lua is
// short, its catalogues agree and write French properly, it runs without
// input as `arcade check` does, and its golden runs win and lose.
func TestExamples(t *testing.T) {
	for _, dir := range exampleDirs(t) {
		t.Run(dir, func(t *testing.T) {
			lvl, err := level.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			m := lvl.Manifest
			if m.ID != dir {
				t.Errorf("level id %q differs from its folder %q", m.ID, dir)
			}
			if m.Campaign != 0 {
				t.Errorf("campaign = %d, want 0: an example is not part of the campaign", m.Campaign)
			}
			if m.Licence != "CC-BY-SA-4.0" {
				t.Errorf("licence %q, want CC-BY-SA-4.0", m.Licence)
			}
			if !slices.Contains(m.Tags, "example") {
				t.Errorf("tags %v lack \"example\"", m.Tags)
			}
			checkMainLines(t, dir)
			checkCatalogs(t, lvl)
			checkRunsWithoutInput(t, lvl)
			for _, g := range []struct {
				name    string
				outcome sim.Outcome
			}{{"win", sim.Won}, {"lose", sim.Lost}} {
				checkGolden(t, lvl, dir, g.name, g.outcome)
			}
		})
	}
}

func checkMainLines(t *testing.T, dir string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, "main.lua"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(src, []byte("\n")); n > maxMainLines {
		t.Errorf("main.lua has %d lines, at most %d: an example teaches one idea", n, maxMainLines)
	}
}

// checkCatalogs checks that French and English have the same keys and
// that French texts put a no-break space before : ; ! ? » and after «.
func checkCatalogs(t *testing.T, lvl *level.Level) {
	t.Helper()
	fr, en := lvl.Text["fr"], lvl.Text["en"]
	if fr == nil || en == nil {
		t.Fatal("text/fr.toml or text/en.toml missing")
	}
	if !slices.Equal(fr.Keys(), en.Keys()) {
		t.Errorf("keys differ: fr %v, en %v", fr.Keys(), en.Keys())
	}
	texts := map[string]string{"title": lvl.Manifest.Title.FR, "summary": lvl.Manifest.Summary.FR}
	for _, k := range fr.Keys() {
		texts["text "+k] = fr[k]
	}
	for where, s := range texts {
		if msg := frenchSpacing(s); msg != "" {
			t.Errorf("fr %s: %q: %s", where, s, msg)
		}
	}
}

// frenchSpacing returns what is wrong with the spacing of a French text,
// or "" when nothing is.
func frenchSpacing(s string) string {
	rs := []rune(s)
	nbsp := func(r rune) bool { return r == '\u00a0' || r == '\u202f' }
	for i, r := range rs {
		switch {
		case strings.ContainsRune(":;!?»", r) && i > 0 && !nbsp(rs[i-1]):
			return "no no-break space before " + string(r)
		case r == '«' && (i+1 == len(rs) || !nbsp(rs[i+1])):
			return "no no-break space after «"
		}
	}
	return ""
}

// checkRunsWithoutInput runs the level as `arcade check` does: no input for
// ten seconds on its board seed, no error.
func checkRunsWithoutInput(t *testing.T, lvl *level.Level) {
	t.Helper()
	s, err := session.New(lvl, session.Options{Seed: lvl.BoardSeed(), Library: scripts.FS})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := 0; i < checkTicks && !s.Done(); i++ {
		if err := s.Step(sim.Input{}); err != nil {
			t.Fatalf("tick %d without input: %v", i, err)
		}
	}
}

// checkGolden verifies testdata/<name>.replay as the campaign's goldens are
// verified (ranked: board seed, within the level's length) and checks that
// it is the run testdata/<name>.txt plays, so neither can go stale alone.
func checkGolden(t *testing.T, lvl *level.Level, dir, name string, want sim.Outcome) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "testdata", name+".replay"))
	if err != nil {
		t.Errorf("golden replay missing: %v (make goldens)", err)
		return
	}
	rec, err := replay.Decode(data)
	if err != nil {
		t.Errorf("%s.replay: %v", name, err)
		return
	}
	if err := replay.CheckRanked(rec, lvl.BoardSeed(), lvl.MaxTicks()); err != nil {
		t.Errorf("%s.replay: %v (make goldens)", name, err)
	}
	got, err := replay.Verify(lvl, rec, session.Options{Library: scripts.FS})
	if err != nil {
		t.Errorf("%s.replay: %v (make goldens)", name, err)
		return
	}
	if got.Outcome != want {
		t.Errorf("%s.replay: outcome %v, want %v", name, got.Outcome, want)
	}
	f, err := os.Open(filepath.Join(dir, "testdata", name+".txt"))
	if err != nil {
		t.Errorf("inputs of the golden run missing: %v", err)
		return
	}
	defer f.Close()
	inputs, err := replay.ParseInputs(f)
	if err != nil {
		t.Errorf("%s.txt: %v", name, err)
		return
	}
	played, err := replay.Play(lvl, inputs, session.Options{Seed: lvl.BoardSeed(), Library: scripts.FS})
	if err != nil {
		t.Errorf("%s.txt: %v", name, err)
		return
	}
	if played.Result != rec.Result {
		t.Errorf("%s.txt plays %+v, %s.replay holds %+v (make goldens)", name, played.Result, name, rec.Result)
	}
}

// TestEmbedded checks that examples.FS holds every example exactly as its
// folder does (same content hash), none of their testdata, and that Names
// lists them.
func TestEmbedded(t *testing.T) {
	dirs := exampleDirs(t)
	if got := examples.Names(); !slices.Equal(got, dirs) {
		t.Errorf("Names() = %v, want %v", got, dirs)
	}
	for _, dir := range dirs {
		disk, err := level.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		embedded, err := level.LoadFS(examples.FS, dir)
		if err != nil {
			t.Fatal(err)
		}
		if disk.ContentHash() != embedded.ContentHash() {
			var missing []string
			for _, f := range disk.Files() {
				if _, ok := embedded.File(f.Name); !ok {
					missing = append(missing, f.Name)
				}
			}
			t.Errorf("%s: examples.FS differs from the folder; not embedded: %v (extend the //go:embed patterns)", dir, missing)
		}
	}
	err := fs.WalkDir(examples.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == level.TestDataDir || strings.HasSuffix(name, ".go") {
			t.Errorf("examples.FS holds %s", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestNotBuiltin checks that no example is a built-in level: levels.FS
// (what the game's level select and campaign list) does not hold them, the
// server's ranked set does not rank them, and no id is shared, so that
// "open example quiz" and "open level quiz" never mean the same thing.
func TestNotBuiltin(t *testing.T) {
	if _, err := fs.Stat(levels.FS, "examples"); err == nil {
		t.Error("levels.FS holds the examples folder")
	}
	builtin, err := level.LoadAll(levels.FS)
	if err != nil {
		t.Fatal(err)
	}
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range examples.Names() {
		for _, l := range builtin {
			if l.Manifest.ID == name {
				t.Errorf("example %s has the id of a built-in level", name)
			}
		}
		if _, ok := ranks.Lookup(name); ok {
			t.Errorf("the server ranks example %s", name)
		}
	}
}
