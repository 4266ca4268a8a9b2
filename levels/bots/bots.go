// Package bots holds a small player for each built-in level that wins it by
// looking at the world every tick, as a person looks at the screen. The bots
// write the levels' golden winning runs (`make goldens`): every ranked run is
// played on its board's seed, which follows the level's content hash, so any
// change to a level changes the randomness it meets, and an input script
// written for the old seed no longer wins. A bot that reacts to what it sees
// wins again on the new seed.
//
// Bots read the world (entities, panels, score) and nothing else: not the
// level's Lua state. They are plain Go, deterministic, and never run in the
// game or on the server.
package bots

import (
	"fmt"
	"io/fs"
	"math"
	"slices"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
)

// Bot chooses the input of each tick from the world as the previous tick
// left it.
type Bot interface {
	Next(w *sim.World) sim.Input
}

// BotFunc adapts a function to Bot.
type BotFunc func(w *sim.World) sim.Input

// Next calls f.
func (f BotFunc) Next(w *sim.World) sim.Input { return f(w) }

var registry = map[string]func() Bot{}

// register makes a new bot for level id available to For; called from the
// init of each level's file.
func register(id string, newBot func() Bot) {
	if _, dup := registry[id]; dup {
		panic("bots: two bots for level " + id)
	}
	registry[id] = newBot
}

// For returns a new bot for the level id, or false when it has none.
func For(id string) (Bot, bool) {
	f, ok := registry[id]
	if !ok {
		return nil, false
	}
	return f(), true
}

// Levels returns the ids of the levels that have a bot, sorted.
func Levels() []string {
	ids := make([]string, 0, len(registry))
	for id := range registry {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Play runs lvl on its board seed with b choosing every input until the run
// ends or maxTicks have passed, and returns the inputs and the result.
func Play(lvl *level.Level, lib fs.FS, b Bot, maxTicks int) ([]sim.Input, session.Result, error) {
	s, err := session.New(lvl, session.Options{Seed: lvl.BoardSeed(), Library: lib})
	if err != nil {
		return nil, session.Result{}, err
	}
	defer s.Close()
	var inputs []sim.Input
	for len(inputs) < maxTicks && !s.Done() {
		in := b.Next(s.World)
		if err := s.Step(in); err != nil {
			return nil, session.Result{}, fmt.Errorf("bots: %s at tick %d: %w", lvl.Manifest.ID, len(inputs), err)
		}
		inputs = append(inputs, in)
	}
	return inputs, s.Result(), nil
}

// Helpers shared by the bots.

// press returns an input that holds buttons b.
func press(b sim.Buttons) sim.Input { return sim.Input{Buttons: b} }

// tapper alternates a button between pressed and released, one tick each,
// so every other tick is a fresh press.
type tapper struct{ down bool }

// tap returns the input of this tick: b on one tick, nothing on the next.
func (t *tapper) tap(b sim.Buttons) sim.Input {
	t.down = !t.down
	if t.down {
		return press(b)
	}
	return sim.Input{}
}

// first returns the first entity with the tag, or nil.
func first(w *sim.World, tag string) *sim.Entity {
	for i, e := range w.Entities() {
		if e.Tag == tag {
			return &w.Entities()[i]
		}
	}
	return nil
}

// tagged returns the entities with the tag, in id order.
func tagged(w *sim.World, tag string) []sim.Entity {
	var out []sim.Entity
	for _, e := range w.Entities() {
		if e.Tag == tag {
			out = append(out, e)
		}
	}
	return out
}

// toward returns the direction buttons that move a box at (x, y) toward
// (tx, ty), ignoring differences up to slack pixels on each axis.
func toward(x, y, tx, ty, slack float64) sim.Buttons {
	var b sim.Buttons
	switch {
	case tx < x-slack:
		b |= sim.Left
	case tx > x+slack:
		b |= sim.Right
	}
	switch {
	case ty < y-slack:
		b |= sim.Up
	case ty > y+slack:
		b |= sim.Down
	}
	return b
}

// reader reads the dialogue lines and quizzes of the shared Lua library
// (scripts/dialogue.lua, scripts/quiz.lua) as a pupil would: A closes each
// line, the arrows bring the selection onto the right answer, A answers,
// and A again closes the explanation.
type reader struct {
	t tapper
	// answers maps a question's message key to its right choice, 0-based.
	answers map[string]int
}

// read returns the input of this tick and true while a "say" line or a
// "quiz" panel is showing, or false when there is nothing to read.
func (r *reader) read(w *sim.World) (sim.Input, bool) {
	if q := w.Panel("quiz"); q != nil {
		want, ok := r.answers[q.Key]
		switch {
		case len(q.Choices) == 0 || !ok: // an explanation, or a question the bot does not know
			return r.t.tap(sim.A), true
		case q.Sel < want:
			return r.t.tap(sim.Down), true
		case q.Sel > want:
			return r.t.tap(sim.Up), true
		}
		return r.t.tap(sim.A), true
	}
	if w.Panel("say") != nil {
		return r.t.tap(sim.A), true
	}
	return sim.Input{}, false
}

// panelArg returns the argument name of the panel, or "" when either is
// missing.
func panelArg(w *sim.World, panel, name string) string {
	p := w.Panel(panel)
	if p == nil {
		return ""
	}
	for _, a := range p.Args {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// gridWalker follows a piece that moves one map cell at a time, gliding
// between cells (scripts/cellwalk.lua): it tells when the piece stands on a
// cell, ready for the next step, and remembers the step asked for until the
// piece has made it.
type gridWalker struct {
	dest  [2]int // the cell the piece stands on or walks to
	set   bool   // dest is known
	still int    // ticks the piece has stood still off dest
}

// idle returns the cell of e on a grid of size-pixel cells and whether it
// stands there, done with its last step.
func (g *gridWalker) idle(e *sim.Entity, size float64) (cx, cy int, ok bool) {
	cx, cy = int(math.Round(e.X/size)), int(math.Round(e.Y/size))
	if !g.set {
		g.dest, g.set = [2]int{cx, cy}, true
	}
	if e.X != float64(cx)*size || e.Y != float64(cy)*size {
		g.still = 0
		return cx, cy, false
	}
	if g.dest != [2]int{cx, cy} {
		// Still on the cell it left: the step has not begun (the level
		// paused for a question), or it was refused. After a while,
		// believe the screen.
		if g.still++; g.still < 3 {
			return cx, cy, false
		}
		g.dest = [2]int{cx, cy}
	}
	g.still = 0
	return cx, cy, true
}

// gridStep is one step on the grid and the arrow that makes it.
type gridStep struct {
	dx, dy int
	b      sim.Buttons
}

var gridSteps = []gridStep{{0, -1, sim.Up}, {0, 1, sim.Down}, {-1, 0, sim.Left}, {1, 0, sim.Right}}

// toward returns the arrow of the first step of the cheapest way from the
// idle cell (cx, cy), over the cells walk allows, to a cell cost accepts
// (cost adds its own price to the walking distance; ok false refuses the
// cell), and records the step. It returns 0 when no cell is reachable.
func (g *gridWalker) toward(cx, cy int, walk func(x, y int) bool, cost func(x, y, dist int) (int, bool)) sim.Buttons {
	type cell struct{ x, y int }
	start := cell{cx, cy}
	firstStep := map[cell]int{start: -1}
	dist := map[cell]int{start: 0}
	queue := []cell{start}
	best, bestCost := -1, math.MaxInt
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if dist[n] > 0 {
			if c, ok := cost(n.x, n.y, dist[n]); ok && c < bestCost {
				best, bestCost = firstStep[n], c
			}
		}
		for k, d := range gridSteps {
			nx := cell{n.x + d.dx, n.y + d.dy}
			if _, seen := dist[nx]; seen || !walk(nx.x, nx.y) {
				continue
			}
			dist[nx] = dist[n] + 1
			firstStep[nx] = firstStep[n]
			if n == start {
				firstStep[nx] = k
			}
			queue = append(queue, nx)
		}
	}
	if best < 0 {
		return 0
	}
	d := gridSteps[best]
	g.dest = [2]int{cx + d.dx, cy + d.dy}
	return d.b
}
