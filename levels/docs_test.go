package levels_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/scripts"
)

// TestDocumented checks that docs/levels.md has a section and a screenshot
// for every level, so that a new level cannot land undocumented.
func TestDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "levels.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for _, id := range levelDirs(t) {
		heading := "(`" + id + "`)\n"
		if !strings.Contains(text, heading) {
			t.Errorf("docs/levels.md has no section ending in %q for level %s", strings.TrimSpace(heading), id)
		}
		img := "img/levels/" + id + ".png"
		if !strings.Contains(text, "]("+img+")") {
			t.Errorf("docs/levels.md does not show the screenshot %s", img)
		}
		if _, err := os.Stat(filepath.Join("..", "docs", img)); err != nil {
			t.Errorf("level %s has no screenshot: %v (make screenshots)", id, err)
		}
	}
}

// TestCampaign checks what every campaign level owes its players beyond
// loading: a place in the campaign, a title and a summary in both
// languages, and at least one quiz question asked during the winning run
// (a panel with choices), so that the quiz is not dead code.
func TestCampaign(t *testing.T) {
	seen := map[int]string{}
	for _, dir := range levelDirs(t) {
		lvl, err := level.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		m := lvl.Manifest
		if m.Campaign == 0 {
			continue
		}
		if other, ok := seen[m.Campaign]; ok {
			t.Errorf("%s and %s both have campaign = %d", other, dir, m.Campaign)
		}
		seen[m.Campaign] = dir
		if m.Title.FR == "" || m.Title.EN == "" || m.Summary.FR == "" || m.Summary.EN == "" {
			t.Errorf("%s: title or summary missing in French or English", dir)
		}
		data, err := os.ReadFile(filepath.Join(dir, "testdata", "win.replay"))
		if err != nil {
			t.Fatal(err)
		}
		rec, err := replay.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		inputs, err := rec.Frames()
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		s, err := session.New(lvl, session.Options{Seed: rec.Seed, Library: scripts.FS})
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		asked := false
		for _, in := range inputs {
			if err := s.Step(in); err != nil {
				t.Fatalf("%s: %v", dir, err)
			}
			for _, p := range s.World.Panels() {
				asked = asked || len(p.Choices) >= 2
			}
			if asked || s.Done() {
				break
			}
		}
		s.Close()
		if !asked {
			t.Errorf("%s: no quiz question (a panel with choices) during the winning run", dir)
		}
	}
	if len(seen) < 10 {
		t.Errorf("%d campaign levels, want at least 10", len(seen))
	}
}
