package game

import (
	"errors"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
)

// textScales are the text sizes the settings offer, in per cent.
var textScales = []int{100, 125, 150}

// tracedText is one line drawn in a frame.
type tracedText struct {
	box  image.Rectangle
	line string
}

// traceFrame draws g's current scene once and returns every line of text
// it drew on the screen.
func traceFrame(g *Game) []tracedText {
	screen := ebiten.NewImage(sim.ViewW, sim.ViewH)
	defer screen.Deallocate()
	var lines []tracedText
	render.SetTextTrace(func(dst *ebiten.Image, box image.Rectangle, line string) {
		// Text drawn on another image (a level's world, a box) is placed
		// on the screen later by image; only the screen's own lines count.
		if dst == screen {
			lines = append(lines, tracedText{box, line})
		}
	})
	defer render.SetTextTrace(nil)
	g.Draw(screen)
	return lines
}

// layoutFaults lists the lines of a frame that leave the screen or run
// over another line. A line drawn twice one pixel apart is a shadow, not
// an overlap.
func layoutFaults(lines []tracedText) []string {
	var faults []string
	view := image.Rect(0, 0, sim.ViewW, sim.ViewH)
	for i, a := range lines {
		if !a.box.In(view) {
			faults = append(faults, fmt.Sprintf("%q at %v leaves the %dx%d screen", a.line, a.box, sim.ViewW, sim.ViewH))
		}
		for _, b := range lines[i+1:] {
			if a.line == b.line && a.box.Sub(a.box.Min).Eq(b.box.Sub(b.box.Min)) {
				if d := b.box.Min.Sub(a.box.Min); max(abs(d.X), abs(d.Y)) <= 1 {
					continue // a shadow
				}
			}
			if a.box.Overlaps(b.box) {
				faults = append(faults, fmt.Sprintf("%q at %v runs over %q at %v", a.line, a.box, b.line, b.box))
			}
		}
	}
	return faults
}

func abs(x int) int { return max(x, -x) }

// layoutGame is a game in lang at scale per cent, with no saved data.
func layoutGame(t *testing.T, lang string, scale int) *Game {
	t.Helper()
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: lang, Inputs: []sim.Input{}})
	if err != nil {
		t.Fatal(err)
	}
	g.saved.Settings.Lang, g.saved.Settings.TextScale = lang, scale
	return g
}

// checkLayout reports the faults of g's current frame under name. A
// paused level dims the scene under its panel: only the panel's lines
// count.
func checkLayout(t *testing.T, g *Game, name string) {
	t.Helper()
	lines := traceFrame(g)
	if p, ok := g.scene.(*play); ok && p.paused {
		i := slices.IndexFunc(lines, func(l tracedText) bool { return l.line == g.t("play.paused") })
		lines = lines[max(0, i):]
	}
	for _, f := range layoutFaults(lines) {
		t.Errorf("%s (%s, %d%%): %s", name, g.lang(), g.saved.Settings.TextScale, f)
	}
}

// layoutChild is set in the child processes the layout tests run in.
const layoutChild = "ARCADE_LAYOUT_CHILD"

// inChild runs the tests that run selects in a child process of the test
// binary and reports true, or reports false inside that child. Without a
// game loop Ebiten keeps every draw command queued: drawing hundreds of
// frames here would grow this process's heap until the sandbox's heap
// watchdog stopped the levels of the tests that follow.
func inChild(t *testing.T, run string) bool {
	t.Helper()
	if os.Getenv(layoutChild) != "" {
		return false
	}
	cmd := exec.Command(os.Args[0], "-test.run="+run)
	cmd.Env = append(os.Environ(), layoutChild+"=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%v:\n%s", err, out)
	}
	return true
}

// TestMenusFit: every menu screen, in both languages and at every text
// size, keeps its text on the screen and no line over another.
func TestMenusFit(t *testing.T) {
	if inChild(t, "^TestMenusFit$") {
		return
	}
	scenes := []struct {
		name string
		make func(g *Game) scene
	}{
		{"title", func(g *Game) scene { return &title{} }},
		{"title with a notice", func(g *Game) scene {
			g.notice = g.t("error.unknown_level", arg("level", "niveau-inconnu"))
			return &title{}
		}},
		{"level select", func(g *Game) scene { return &levelSelect{} }},
		{"level select, last level", func(g *Game) scene {
			g.selectPos = len(g.selectable()) - 1
			return &levelSelect{}
		}},
		{"settings", func(g *Game) scene { return &settings{back: &title{}} }},
		{"keys", func(g *Game) scene { return &keys{back: &title{}} }},
		{"pseudonym", func(g *Game) scene { return newPseudonymEdit(g, &title{}) }},
		{"error", func(g *Game) scene {
			return &failed{lvlTitle: g.levelTitle(&g.campaign()[0].Manifest), err: errors.New(`levels/x/main.lua:12: attempt to call a nil value (global "spwan")`)}
		}},
		{"community", func(g *Game) scene { return newCommunityList() }},
		{"class join", func(g *Game) scene { return newClassJoin(g, "") }},
		{"class join, typing", func(g *Game) scene {
			s := newClassJoin(g, "")
			s.code.active = true
			return s
		}},
		{"class join, pseudonym", func(g *Game) scene {
			s := newClassJoin(g, "")
			s.step, s.err = stepName, g.t("class.err.class_ended")
			return s
		}},
		{"class join, pupils", func(g *Game) scene {
			s := newClassJoin(g, "")
			s.step = stepPupils
			for i := range 30 {
				s.names = append(s.names, fmt.Sprintf("Élève %d", i+1))
			}
			s.m.sel = 12
			return s
		}},
		{"leaderboard", func(g *Game) scene { return newLeaderboard(g, 1, &title{}) }},
	}
	for _, lang := range Languages {
		for _, scale := range textScales {
			for _, sc := range scenes {
				g := layoutGame(t, lang, scale)
				g.scene = sc.make(g)
				checkLayout(t, g, sc.name)
			}
		}
	}
}

// TestLevelsFit plays every campaign level's winning run in both
// languages at every text size, and checks the screen every second and at
// each change of what the level shows: the HUD, the dialogues, the quiz,
// the pause panel and the results.
func TestLevelsFit(t *testing.T) {
	if testing.Short() {
		t.Skip("plays every level six times")
	}
	g0 := layoutGame(t, "fr", 100)
	for _, lvl := range g0.campaign() {
		if lvl.Manifest.Campaign == 0 {
			continue
		}
		t.Run(lvl.Manifest.ID, func(t *testing.T) {
			if inChild(t, "^TestLevelsFit$/^"+lvl.Manifest.ID+"$") {
				return
			}
			checkLevelFits(t, loaded(t, lvl))
		})
	}
}

// checkLevelFits plays lvl's winning run in both languages at every text
// size, checking the screen as TestLevelsFit says.
func checkLevelFits(t *testing.T, lvl *level.Level) {
	inputs := winInputs(t, lvl)
	for _, lang := range Languages {
		for _, scale := range textScales {
			t.Run(fmt.Sprintf("%s/%d", lang, scale), func(t *testing.T) {
				g := layoutGame(t, lang, scale)
				g.opts.LevelInputs = inputs
				g.scene = newPlay(g, lvl)
				last := ""
				for tick := 0; tick < len(inputs)+240 && g.scene.name() != "select"; tick++ {
					if err := g.Update(); err != nil {
						t.Fatal(err)
					}
					if p, ok := g.scene.(*play); ok && tick == 90 {
						p.paused = true
						checkLayout(t, g, lvl.Manifest.ID+" paused")
						p.paused = false
					}
					// Drawing every tick would take minutes: draw when
					// what the screen shows changes, and every 5 s.
					if k := shownKey(g); k != last || tick%300 == 0 {
						last = k
						checkLayout(t, g, fmt.Sprintf("tick %d, %s", tick, g.scene.name()))
					}
					if t.Failed() {
						return // the first frame that fails says enough
					}
				}
			})
		}
	}
}

// shownKey names what g's screen shows, but for numbers that change
// every tick: the scene, and in a level its panels and their choices.
func shownKey(g *Game) string {
	var k strings.Builder
	k.WriteString(g.scene.name())
	if p, ok := g.scene.(*play); ok {
		fmt.Fprintf(&k, "|%v|%v", p.paused, p.sess.Done())
		for _, pn := range p.sess.World.Panels() {
			fmt.Fprintf(&k, "|%s:%s:%d:%d", pn.Name, pn.Key, len(pn.Choices), pn.Sel)
		}
	}
	return k.String()
}

// winInputs returns lvl's golden winning run, one input per tick.
func winInputs(t *testing.T, lvl *level.Level) []sim.Input {
	t.Helper()
	_, inputs := winReplay(t, lvl)
	return inputs
}

// winReplay reads lvl's golden winning run: its record, and its inputs one
// per tick.
func winReplay(t *testing.T, lvl *level.Level) (*replay.Record, []sim.Input) {
	t.Helper()
	data, err := os.ReadFile(path.Join("..", lvl.Path, "testdata", "win.replay"))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := replay.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := rec.Frames()
	if err != nil {
		t.Fatal(err)
	}
	return rec, slices.Clip(inputs)
}
