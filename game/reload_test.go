package game

import (
	"errors"
	"testing"

	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels/leveltest"
	"github.com/communs-arcade/arcade/scripts"
)

// TestReload: a watched level restarts on each new version and shows why a
// version fails until the next one, whatever keys are pressed meanwhile.
func TestReload(t *testing.T) {
	demo := leveltest.Load(t, "demo")
	reloads := make(chan Reload, 1)
	// A is held throughout: it must not leave the error screen.
	held := make([]sim.Input, 10)
	for i := range held {
		held[i] = sim.Input{Buttons: sim.A}
	}
	g, err := New(Options{Library: scripts.FS, Level: demo, Lang: "en", Reload: reloads, Inputs: held})
	if err != nil {
		t.Fatal(err)
	}
	step := func() {
		t.Helper()
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
	}
	step()
	first := g.scene
	reloads <- Reload{Level: demo}
	step()
	p, ok := g.scene.(*play)
	if !ok || p == first {
		t.Fatalf("after a reload the scene is %T (same: %v), want a new play", g.scene, p == first)
	}
	reloads <- Reload{Err: errors.New("level.toml:2: version must be 1 or more")}
	step()
	f, ok := g.scene.(*failed)
	if !ok || !f.waiting {
		t.Fatalf("after a failed reload the scene is %T", g.scene)
	}
	step() // A held: the error stays until the next save
	if g.scene != f {
		t.Fatal("a press left the error of a watched level")
	}
	reloads <- Reload{Level: demo}
	step()
	if _, ok := g.scene.(*play); !ok {
		t.Fatalf("after the fix the scene is %T", g.scene)
	}
}

// TestStudioControls: a held play advances only by steps, a reload may
// choose the seed, and a script error during play stays on screen while
// the level is watched, reported by Failure.
func TestStudioControls(t *testing.T) {
	demo := leveltest.Load(t, "demo")
	reloads := make(chan Reload, 1)
	g, err := New(Options{Library: scripts.FS, Level: demo, Lang: "en", Reload: reloads})
	if err != nil {
		t.Fatal(err)
	}
	step := func(n int) {
		t.Helper()
		for range n {
			if err := g.Update(); err != nil {
				t.Fatal(err)
			}
		}
	}
	tick := func() uint32 { return g.State().Tick }
	step(3)
	if tick() != 3 {
		t.Fatalf("tick %d after 3 updates", tick())
	}
	g.Hold(true)
	step(5)
	if tick() != 3 {
		t.Fatalf("a held play advanced to tick %d", tick())
	}
	g.StepOnce()
	step(5)
	if tick() != 4 {
		t.Fatalf("one step gave tick %d, want 4", tick())
	}
	g.Hold(false)
	reloads <- Reload{Level: demo, Seed: 42}
	step(1)
	if p := g.scene.(*play); p.seed != 42 {
		t.Fatalf("seed %d, want 42", p.seed)
	}
	if g.Failure() != nil {
		t.Fatalf("Failure = %v while playing", g.Failure())
	}
	g.scene.(*play).sess.Close() // the next step fails: the script is closed
	step(3)
	if f, ok := g.scene.(*failed); !ok || !f.waiting || g.Failure() == nil {
		t.Fatalf("after a script error the scene is %T, Failure %v", g.scene, g.Failure())
	}
}
