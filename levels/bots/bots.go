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
	"strconv"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/physics"
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

// pupil reads the dialogue lines and quizzes of the shared Lua library
// (scripts/dialogue.lua, scripts/quiz.lua) as a pupil would: A closes each
// line, the arrows bring the selection onto the right answer, A answers,
// and A again closes the explanation.
type pupil struct {
	t tapper
	// answers maps a question's message key to its right choice, 0-based.
	answers map[string]int
}

// read returns the input of this tick and true while a "say" line or a
// "quiz" panel is showing, or false when there is nothing to read.
func (r *pupil) read(w *sim.World) (sim.Input, bool) {
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

// worldArg returns the argument name of the world's panel named panel, or
// "" when either is missing.
func worldArg(w *sim.World, panel, name string) string { return panelArg(w.Panel(panel), name) }

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

// reader goes through a level's pauses as a pupil does: it reads each
// dialogue line (the "say" panel) for readTicks, each question (a panel
// with choices) for askTicks, moves the selection to the right answer with
// up and down, confirms with A, and closes the explanation with A after
// reading it. answers maps a question's message key to the number of its
// right choice, counted from 1 as in the level's quiz.ask. A panel whose
// key is in skip (an end-of-run line, say) is left alone.
type reader struct {
	readTicks, askTicks int
	answers             map[string]int
	skip                []string
	panel               string // name and key of the panel being read
	waited              int    // ticks spent on it
	tap                 tapper
}

// next returns the input of this tick and true while a dialogue line or a
// question is showing, or false when the game is in play.
func (r *reader) next(w *sim.World) (sim.Input, bool) {
	p := w.Panel("quiz")
	if p == nil {
		p = w.Panel("say")
	}
	if p == nil || slices.Contains(r.skip, p.Key) {
		r.panel, r.waited = "", 0
		return sim.Input{}, false
	}
	if id := p.Name + "/" + p.Key; id != r.panel {
		r.panel, r.waited = id, 0
	}
	r.waited++
	wait := r.readTicks
	if len(p.Choices) > 0 {
		wait = r.askTicks
	}
	if r.waited < wait {
		return sim.Input{}, true
	}
	if len(p.Choices) > 0 {
		if want, ok := r.answers[p.Key]; ok && p.Sel != want-1 {
			if p.Sel < want-1 {
				return r.tap.tap(sim.Down), true
			}
			return r.tap.tap(sim.Up), true
		}
	}
	in := r.tap.tap(sim.A)
	if in.Buttons != 0 {
		// A new line may repeat the key of the last one: read it again.
		r.waited = 0
	}
	return in, true
}

// navField holds walking distances to a goal over a grid of positions (the
// top-left corner of the walker's box) cell pixels apart, so a bot can find
// its way around walls: from any place, stepping to where the field is
// lower leads to the goal along a shortest path.
type navField struct {
	x0, y0, cell float64
	cols, rows   int
	dist         []float64 // +Inf where blocked or cut off
}

// newNavField covers the rectangle (x0, y0, w, h) of positions with a grid
// and computes, by Dijkstra over its eight-neighbour steps, the walking
// distance from every free position to the nearest goal position. cost(x,
// y) weighs a step into (x, y): 1 for plain ground, more for places to
// avoid, +Inf (or 0 or less) where the walker cannot stand.
func newNavField(x0, y0, w, h, cell float64, cost func(x, y float64) float64, goal func(x, y float64) bool) *navField {
	f := &navField{x0: x0, y0: y0, cell: cell, cols: int(w/cell) + 1, rows: int(h/cell) + 1}
	n := f.cols * f.rows
	f.dist = make([]float64, n)
	weight := make([]float64, n)
	h2 := &navHeap{}
	for i := range n {
		x, y := f.pos(i)
		f.dist[i] = math.Inf(1)
		c := cost(x, y)
		if c <= 0 || math.IsInf(c, 1) {
			weight[i] = math.Inf(1)
			continue
		}
		weight[i] = c
		if goal(x, y) {
			f.dist[i] = 0
			h2.push(navItem{0, i})
		}
	}
	for h2.len() > 0 {
		it := h2.pop()
		if it.d > f.dist[it.i] {
			continue
		}
		cx, cy := it.i%f.cols, it.i/f.cols
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				nx, ny := cx+dx, cy+dy
				if (dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= f.cols || ny >= f.rows {
					continue
				}
				j := ny*f.cols + nx
				if math.IsInf(weight[j], 1) {
					continue
				}
				step := cell
				if dx != 0 && dy != 0 {
					// A diagonal step must not cut a blocked corner.
					if math.IsInf(weight[cy*f.cols+nx], 1) || math.IsInf(weight[ny*f.cols+cx], 1) {
						continue
					}
					step = cell * math.Sqrt2
				}
				if d := it.d + step*weight[j]; d < f.dist[j] {
					f.dist[j] = d
					h2.push(navItem{d, j})
				}
			}
		}
	}
	return f
}

func (f *navField) pos(i int) (float64, float64) {
	return f.x0 + float64(i%f.cols)*f.cell, f.y0 + float64(i/f.cols)*f.cell
}

// at returns the distance from (x, y) to the goal: through the best of the
// four grid positions around it, +Inf when none of them leads there.
func (f *navField) at(x, y float64) float64 {
	cx := int(math.Floor((x - f.x0) / f.cell))
	cy := int(math.Floor((y - f.y0) / f.cell))
	best := math.Inf(1)
	for j := cy; j <= cy+1; j++ {
		for i := cx; i <= cx+1; i++ {
			if i < 0 || j < 0 || i >= f.cols || j >= f.rows {
				continue
			}
			k := j*f.cols + i
			px, py := f.pos(k)
			if d := f.dist[k] + math.Hypot(x-px, y-py); d < best {
				best = d
			}
		}
	}
	return best
}

type navItem struct {
	d float64
	i int
}

// navHeap is a binary min-heap of grid positions by distance.
type navHeap struct{ items []navItem }

func (h *navHeap) len() int { return len(h.items) }

func (h *navHeap) push(it navItem) {
	h.items = append(h.items, it)
	i := len(h.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h.items[p].d <= h.items[i].d {
			break
		}
		h.items[p], h.items[i] = h.items[i], h.items[p]
		i = p
	}
}

func (h *navHeap) pop() navItem {
	top := h.items[0]
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.items = h.items[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && h.items[l].d < h.items[m].d {
			m = l
		}
		if r < last && h.items[r].d < h.items[m].d {
			m = r
		}
		if m == i {
			return top
		}
		h.items[m], h.items[i] = h.items[i], h.items[m]
		i = m
	}
}

// boxGap is the distance between two boxes along the axis where they are
// furthest apart: negative when they overlap.
func boxGap(a, b physics.Box) float64 {
	return max(a.X-(b.X+b.W), b.X-(a.X+a.W), a.Y-(b.Y+b.H), b.Y-(a.Y+a.H))
}

// entityBox returns the box of an entity.
func entityBox(e *sim.Entity) physics.Box { return physics.Box{X: e.X, Y: e.Y, W: e.W, H: e.H} }

// walkDirs are the nine inputs of a walker: standing still and the eight
// directions.
var walkDirs = []sim.Buttons{0, sim.Left, sim.Right, sim.Up, sim.Down,
	sim.Left | sim.Up, sim.Right | sim.Up, sim.Left | sim.Down, sim.Right | sim.Down}

// walkStep returns the move a walker at speed makes with buttons b, as the
// shared steer script reads them.
func walkStep(b sim.Buttons, speed float64) (dx, dy float64) {
	if b&sim.Left != 0 {
		dx -= speed
	}
	if b&sim.Right != 0 {
		dx += speed
	}
	if b&sim.Up != 0 {
		dy -= speed
	}
	if b&sim.Down != 0 {
		dy += speed
	}
	return dx, dy
}

// panelInt returns the argument name of panel p as an integer, or 0.
func panelInt(p *sim.Panel, name string) int {
	if p == nil {
		return 0
	}
	for _, a := range p.Args {
		if a.Name == name {
			n, _ := strconv.Atoi(a.Value)
			return n
		}
	}
	return 0
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
