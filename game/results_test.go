package game

import (
	"strings"
	"testing"
	"unicode"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
)

// winLearned plays lvl's golden winning run and returns the explanations a
// player collects on the way, as the game does.
// loaded is the built-in level b, loaded as opening it does.
func loaded(t *testing.T, b *builtin) *level.Level {
	t.Helper()
	lvl, err := b.load()
	if err != nil {
		t.Fatal(err)
	}
	return lvl
}

func winLearned(t *testing.T, lvl *level.Level) []string {
	t.Helper()
	rec, inputs := winReplay(t, lvl)
	sess, err := session.New(lvl, session.Options{Seed: rec.Seed, Library: scripts.FS})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	p := &play{lvl: lvl, sess: sess}
	for _, in := range inputs {
		if sess.Done() {
			break
		}
		if err := sess.Step(in); err != nil {
			t.Fatal(err)
		}
		p.noteExplanation()
	}
	return p.learned
}

// squeeze drops spaces, so text can be compared however it was wrapped.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestResultsShowEverything: after the winning run of every campaign level,
// in both languages, at every text size, with and without the online
// column, the results' pages hold every explanation learned and every
// source (title and address) in full, each page fits its card, each line
// fits its width, and the menu fits the screen.
func TestResultsShowEverything(t *testing.T) {
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	quizzes := 0
	for _, b := range g.campaign() {
		if b.Manifest.Campaign == 0 {
			continue
		}
		lvl := loaded(t, b)
		learned := winLearned(t, lvl)
		if len(learned) > 0 {
			quizzes++
		}
		s := &results{play: &play{lvl: lvl, learned: learned}}
		for _, lang := range Languages {
			for _, scale := range []int{100, 125, 150} {
				for _, column := range []bool{false, true} {
					g.saved.Settings.Lang, g.saved.Settings.TextScale = lang, scale
					l := s.layoutFor(g, column)
					pages := s.pages(g, l)
					name := lvl.Manifest.ID + "/" + lang
					if last := l.menuY + 2*g.menuStep() + g.size(sizeBody); last > sim.ViewH {
						t.Errorf("%s at %d%%: the menu ends at y %.0f", name, scale, last)
					}
					if l.card.y+l.card.h > l.menuY || float64(l.rows)*l.lineH > l.card.h-2*cardPad {
						t.Errorf("%s at %d%%: card %+v, %d rows of %.1f, menu at %.0f", name, scale, l.card, l.rows, l.lineH, l.menuY)
					}
					var all strings.Builder
					for i, page := range pages {
						if len(page) > l.rows {
							t.Errorf("%s at %d%%: page %d has %d rows, room for %d", name, scale, i, len(page), l.rows)
						}
						if (l.rows >= 5 || i == 0) && !page[0].heading {
							t.Errorf("%s at %d%%: page %d starts with %+v", name, scale, i, page[0])
						}
						for _, row := range page {
							indent := 0.0
							if row.dim {
								indent = urlIndent
							}
							if w, _ := render.MeasureText(row.text, g.size(sizeSmall)); indent+w > l.card.w-2*cardPad {
								t.Errorf("%s at %d%%: %q is %.0f wide, the card %.0f", name, scale, row.text, w, l.card.w)
							}
							if !row.heading {
								all.WriteString(row.text)
							}
						}
					}
					got := squeeze(all.String())
					text := g.levelText(lvl)
					var want []string
					for _, key := range learned {
						want = append(want, text(key, nil))
					}
					for _, src := range lvl.Manifest.Sources {
						want = append(want, src.Title, strings.TrimPrefix(src.URL, "https://"))
					}
					for _, w := range want {
						if !strings.Contains(got, squeeze(w)) {
							t.Errorf("%s at %d%% (column %v): %q is missing from the results", name, scale, column, w)
						}
					}
				}
			}
		}
	}
	if quizzes < 10 {
		t.Errorf("%d campaign levels collect explanations on their winning run, want at least 10", quizzes)
	}
}

// TestResultsTurnPages: → and ← turn the card's pages without leaving the
// first or last; up and down still move in the menu.
func TestResultsTurnPages(t *testing.T) {
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	var lvl *level.Level
	for _, l := range g.campaign() {
		if l.Manifest.ID == "rgpd" {
			lvl = loaded(t, l)
		}
	}
	s := &results{play: &play{lvl: lvl, learned: winLearned(t, lvl)}}
	n := len(s.pages(g, s.layout(g)))
	if n < 2 {
		t.Fatalf("rgpd's results fit on %d page; the test needs more", n)
	}
	tests := []struct {
		press      sim.Buttons
		page, menu int
	}{
		{sim.Left, 0, 0},
		{sim.Right, 1, 0},
		{sim.Down, 1, 1},
		{sim.Left, 0, 1},
		{sim.Right, 1, 1},
	}
	for i, tt := range tests {
		s.update(g, sim.Input{Buttons: tt.press}, tt.press, false)
		if s.page != tt.page || s.m.sel != tt.menu {
			t.Fatalf("step %d: page %d, menu %d; want %d, %d", i, s.page, s.m.sel, tt.page, tt.menu)
		}
	}
	for range n + 2 {
		s.update(g, sim.Input{Buttons: sim.Right}, sim.Right, false)
	}
	if s.page != n-1 {
		t.Errorf("after many →, page %d of %d", s.page, n)
	}
	if g.scene.name() != "title" {
		t.Errorf("turning pages left the results for %q", g.scene.name())
	}
}
