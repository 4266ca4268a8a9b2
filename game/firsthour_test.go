package game

import (
	"testing"

	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
)

// hold is n ticks with buttons held.
func hold(b sim.Buttons, n int) []sim.Input {
	in := make([]sim.Input, n)
	for i := range in {
		in[i].Buttons = b
	}
	return in
}

// TestNoPressCarriesOver: the A that starts the first campaign level, held
// a while, is no press in the level: its first intro line stays, and the
// run records (and the server replays) A as released.
func TestNoPressCarriesOver(t *testing.T) {
	script := append(press(sim.A), hold(sim.A, 10)...) // title: Play; select: the first level, held
	script = append(script, make([]sim.Input, 5)...)
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "fr", Inputs: script})
	if err != nil {
		t.Fatal(err)
	}
	run(t, g, len(script))
	p, ok := g.scene.(*play)
	if !ok {
		t.Fatalf("scene %q, want play", g.scene.name())
	}
	for i, in := range p.inputs {
		if in.Buttons&sim.A != 0 {
			t.Fatalf("tick %d of the level got A", i)
		}
	}
	// The same ticks, untouched, show the same line.
	fresh, err := session.New(p.lvl, session.Options{Seed: p.seed, Library: scripts.FS})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	for range p.inputs {
		if err := fresh.Step(sim.Input{}); err != nil {
			t.Fatal(err)
		}
	}
	got, want := p.sess.World.Panel("say"), fresh.World.Panel("say")
	if want == nil || got == nil || got.Key != want.Key {
		t.Errorf("say %+v, want %+v", got, want)
	}
}

// TestResumeIsNoPress: A on the pause menu's Resume, held, reaches the
// level only once released and pressed again.
func TestResumeIsNoPress(t *testing.T) {
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "en", StartLevel: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	p := g.scene.(*play)
	p.paused = true
	feed(t, g, hold(sim.A, 6)...)
	if p.paused {
		t.Fatal("Resume did not resume")
	}
	if n := len(p.inputs); n != 5 || p.inputs[n-1].Buttons&sim.A != 0 {
		t.Fatalf("inputs after Resume %+v", p.inputs)
	}
	feed(t, g, sim.Input{}, sim.Input{Buttons: sim.A})
	if p.inputs[len(p.inputs)-1].Buttons&sim.A == 0 {
		t.Error("a new press is not fed")
	}
}

// TestResultsComeOnAPress: the run's end stays on screen until the player
// presses A; the results then select the way on, not Play again.
func TestResultsComeOnAPress(t *testing.T) {
	script := demoWin(t)
	script = script[:len(script)-2] // not the A on the ending
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "en", Inputs: script})
	if err != nil {
		t.Fatal(err)
	}
	run(t, g, len(script))
	feed(t, g, make([]sim.Input, 10*sim.TicksPerSecond)...)
	if g.scene.name() != "play" || !g.scene.(*play).sess.Done() {
		t.Fatalf("scene %q: the results came on their own", g.scene.name())
	}
	feed(t, g, press(sim.A)...)
	r, ok := g.scene.(*results)
	if !ok {
		t.Fatalf("scene %q after A", g.scene.name())
	}
	if it := r.items(g)[r.m.sel]; it == "results.again" {
		t.Errorf("results select %q", it)
	}
	feed(t, g, hold(sim.A, 5)...) // a press here goes on, never restarts
	if g.scene.name() != "select" {
		t.Errorf("A on the results: scene %q", g.scene.name())
	}
}

// TestLevelSelectRemembers: back from a level, the select is where it was.
func TestLevelSelectRemembers(t *testing.T) {
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	feed(t, g, press(sim.A)...)
	feed(t, g, append(press(sim.Down), press(sim.Down)...)...)
	feed(t, g, press(sim.B)...)
	feed(t, g, press(sim.A)...)
	if s, ok := g.scene.(*levelSelect); !ok || s.m.sel != 2 {
		t.Fatalf("scene %q %+v, want the select on its third line", g.scene.name(), g.scene)
	}
}

// TestScoreZeroLossIsNoRecord: a lost run that scored nothing is neither
// announced as a best nor kept above no run; a later win is.
func TestScoreZeroLossIsNoRecord(t *testing.T) {
	s := defaultSaved("en")
	tests := []struct {
		score   int64
		won     bool
		newBest bool
		kept    bool
	}{
		{0, false, false, false},
		{-5, false, false, false},
		{0, true, true, true},
		{0, false, false, true},
		{40, false, true, true},
	}
	for i, tc := range tests {
		nb, _ := s.record("x", tc.score, tc.won, "")
		_, kept := s.Best["x"]
		if nb != tc.newBest || kept != tc.kept {
			t.Errorf("run %d (%d, won %v): new best %v kept %v", i, tc.score, tc.won, nb, kept)
		}
	}
}

// TestUnknownStartLevelSaysSo: ?level= with an unknown id opens the title
// with a notice naming it.
func TestUnknownStartLevelSaysSo(t *testing.T) {
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "en", StartLevel: "nope"})
	if err != nil {
		t.Fatal(err)
	}
	if g.scene.name() != "title" || g.notice != "The link names no level of this game: “nope”." {
		t.Errorf("scene %q, notice %q", g.scene.name(), g.notice)
	}
}

// TestTextSizeLeftGoesDown: ← lowers the text size, → raises it.
func TestTextSizeLeftGoesDown(t *testing.T) {
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	g.scene = &settings{m: menu{sel: 1}, back: &title{}}
	feed(t, g, press(sim.Left)...)
	if n := g.saved.Settings.TextScale; n != 150 {
		t.Errorf("← from 100: %d", n)
	}
	feed(t, g, press(sim.Right)...)
	if n := g.saved.Settings.TextScale; n != 100 {
		t.Errorf("→ from 150: %d", n)
	}
}
