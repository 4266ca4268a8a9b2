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

// fresh returns b when none of its buttons was held on the previous tick,
// so that holding it now is a press the level's btnp sees, and nothing
// otherwise: a bot that wants to press every tick presses every other one.
func fresh(w *sim.World, b sim.Buttons) sim.Input {
	if w.Input().Buttons&b != 0 {
		return sim.Input{}
	}
	return press(b)
}

// converse reads and answers what the shared dialogue and quiz scripts
// show, as a pupil who read the level would: A on a "say" line, on a
// quiz's explanation; on a question (a "quiz" panel with choices), DOWN
// until the right choice is selected, then A. answers maps each question's
// message key to its right choice, counted from 1 as in the level's Lua. It
// returns false when no dialogue or quiz is showing, so the bot plays.
func converse(w *sim.World, answers map[string]int) (sim.Input, bool) {
	if q := w.Panel("quiz"); q != nil {
		if len(q.Choices) == 0 {
			return fresh(w, sim.A), true
		}
		want, ok := answers[q.Key]
		if !ok {
			panic("bots: no answer for question " + q.Key)
		}
		if q.Sel != want-1 {
			return fresh(w, sim.Down), true
		}
		return fresh(w, sim.A), true
	}
	if w.Panel("say") != nil {
		return fresh(w, sim.A), true
	}
	return sim.Input{}, false
}

// centre returns the centre of e's box.
func centre(e *sim.Entity) (float64, float64) { return e.X + e.W/2, e.Y + e.H/2 }

// abs returns |v|.
func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// panelArg returns the value of the argument name of panel p (a HUD's
// count, say), or "" when p is nil or has no such argument.
func panelArg(p *sim.Panel, name string) string {
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

// atoi reads a panel's whole-number argument; 0 when it is not one.
func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}
