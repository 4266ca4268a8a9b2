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
