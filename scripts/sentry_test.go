package scripts_test

import (
	"testing"

	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
)

// sentryLevel runs a level whose main chunk is setup (entity 1 is the
// sentry under test) and whose _update, unless setup defines one, calls
// sentry.update().
func sentryLevel(t *testing.T, setup string) *session.Session {
	t.Helper()
	s, err := luaSession(scripts.FS, "local sentry = require(\"sentry\")\n"+setup+
		"\nif not _update then function _update() sentry.update() end end\n")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestSentry(t *testing.T) {
	tests := []struct {
		name  string
		setup string
		ticks int
		wantX float64
		wantY float64
	}{
		{"patrol walks to its far end", `local g = spawn("g", 0, 0) sentry.patrol(g, 10, 20, 40, 20, 1)`, 30, 40, 20},
		{"patrol turns back at the end", `local g = spawn("g", 0, 0) sentry.patrol(g, 10, 20, 40, 20, 1)`, 40, 30, 20},
		{"patrol never overshoots", `local g = spawn("g", 0, 0) sentry.patrol(g, 0, 0, 5, 0, 2)`, 3, 5, 0},
		{"scale doubles a patrol, capped", `local g = spawn("g", 0, 0) sentry.patrol(g, 0, 0, 100, 0, 1) sentry.scale(3, 2)`, 10, 20, 0},
		{"chaser walks at the target", `local c = spawn("c", 0, 0) local p = spawn("p", 100, 0) sentry.chase(c, p, 2)`, 10, 20, 0},
		{"chaser slides along a wall", `local c = spawn("c", 0, 0) local p = spawn("p", 100, 0)
			spawn("w", 20, -50, {w = 4, h = 100, solid = true}) sentry.chase(c, p, 1)`, 30, 12, 0},
		{"home sends chasers back", `local c = spawn("c", 5, 5) local p = spawn("p", 100, 5) sentry.chase(c, p, 1)
			local n = 0
			function _update() n = n + 1 sentry.update() if n == 10 then sentry.home() end end`, 10, 5, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sentryLevel(t, tt.setup)
			for range tt.ticks {
				if err := s.Step(sim.Input{}); err != nil {
					t.Fatal(err)
				}
			}
			e := s.World.Entity(1)
			if e == nil {
				t.Fatal("entity 1 is dead")
			}
			if e.X != tt.wantX || e.Y != tt.wantY {
				t.Errorf("after %d ticks at %v,%v, want %v,%v", tt.ticks, e.X, e.Y, tt.wantX, tt.wantY)
			}
		})
	}
}
