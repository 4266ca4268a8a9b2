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
