package bots

import (
	"fmt"
	"math"

	"github.com/communs-arcade/arcade/engine/physics"
	"github.com/communs-arcade/arcade/engine/sim"
)

// The four freedoms (free-software): four rooms, each a small game, with
// licence walls that patrol and pre-installed shrink-wraps that chase.
//
// A player keeps an eye on the patrols and the wraps and never walks into
// their way: before each step it looks a quarter of a second ahead, where
// the walls will be (they keep their beat) and where the wraps will be
// (they come straight at you), and sidesteps or waits when a way would
// touch one. Otherwise it walks the shortest way round the room's walls to
// its goal:
//   - run: the nearest computer waiting for the program, fourteen times;
//   - study: it watches the black box light its pads and remembers the
//     order, then walks the pads in that order, round the pads it must not
//     touch; it waits beside the box while the recipe is shown;
//   - share: copies at the copier when its bag is empty, else the nearest
//     neighbour still waiting;
//   - improve: the nearest bug until its pocket is full (or the bugs it
//     holds are the last ones needed), then the forge;
//   - after each room, the freedom that appears; at the end, the chest.
//
// It reads each dialogue line for two seconds and each question for four,
// and answers both questions right (the second choice each time).
type freeSoftware struct {
	talk reader
	seen map[uint32][2]float64 // enemies' positions on the last tick
	vel  map[uint32][2]float64 // and their last moves

	// The study room: the recipe seen so far, which pads were lit on the
	// last tick, and whether the box was showing its recipe then.
	recipe   []int
	lit      [4]bool
	watching bool

	field    *navField
	fieldKey string
}

func init() {
	register("free-software", func() Bot {
		return &freeSoftware{
			talk: reader{readTicks: 120, askTicks: 240, skip: []string{"won", "lost"},
				answers: map[string]int{"quiz1.q": 2, "quiz2.q": 2}},
			seen: map[uint32][2]float64{},
			vel:  map[uint32][2]float64{},
		}
	})
}

const (
	fsSpeed = 1.5                // the player's pixels per tick along each axis
	fsLeft  = 4.0                // the play area, for the player's top-left corner
	fsTop   = 34.0               //
	fsW     = 316.0 - 8 - fsLeft //
	fsH     = 176.0 - 8 - fsTop  //
	fsAhead = 16                 // ticks a step looks ahead for enemies
	fsClear = 2.0                // pixels kept between the player and an enemy
	fsWide  = 20.0               // pixels within which a wrap makes a way dearer
	fsWaitX = 112.0              // the study room's waiting place, beside the box
	fsWaitY = 96.0               //
	fsPadOn = 1                  // a lit pad's frame is (pad-1)*2 + fsPadOn
)

func (b *freeSoftware) Next(w *sim.World) sim.Input {
	b.track(w)
	if in, ok := b.talk.next(w); ok {
		return in
	}
	player := first(w, "player")
	if player == nil {
		return sim.Input{}
	}
	task := w.Panel("task")
	b.watch(w, task)

	var goals []physics.Box // any of them will do
	var avoid []physics.Box // never step on these
	key := ""
	switch {
	case first(w, "freedom") != nil:
		goals = []physics.Box{entityBox(first(w, "freedom"))}
	case task == nil:
		if c := first(w, "chest"); c != nil && c.Sprite == "source_code_chest_open" {
			goals = []physics.Box{entityBox(c)}
		}
	case task.Key == "task.run":
		for _, e := range tagged(w, "terminal") {
			goals = append(goals, entityBox(&e))
		}
	case task.Key == "task.watch" || task.Key == "task.study":
		pads := tagged(w, "pad")
		next := -1
		if task.Key == "task.study" {
			if k := panelInt(task, "k"); k < len(b.recipe) {
				next = b.recipe[k]
			}
		}
		for i, p := range pads {
			box := entityBox(&p)
			switch {
			case i == next:
				goals = append(goals, box)
			case boxGap(box, entityBox(player)) < 0:
				// The pad under the player: leaving it is no step.
			default:
				avoid = append(avoid, box)
			}
		}
		if next < 0 {
			goals = []physics.Box{{X: fsWaitX, Y: fsWaitY, W: 8, H: 8}}
		}
		key = fmt.Sprint(next, len(avoid))
	case task.Key == "task.share":
		if panelInt(task, "b") == 0 {
			goals = []physics.Box{entityBox(first(w, "copier"))}
			break
		}
		for _, e := range tagged(w, "neighbour") {
			if e.Frame != 2 { // 2: served and leaving
				goals = append(goals, entityBox(&e))
			}
		}
		if len(goals) == 0 && panelInt(task, "b") < 3 {
			goals = []physics.Box{entityBox(first(w, "copier"))}
		}
	case task.Key == "task.improve":
		held, done := panelInt(task, "b"), panelInt(task, "d")
		bugs := tagged(w, "bug")
		if held < 3 && done+held < 10 {
			for _, e := range bugs {
				goals = append(goals, entityBox(&e))
			}
		}
		if len(goals) == 0 && held > 0 {
			goals = []physics.Box{entityBox(first(w, "forge"))}
		}
	}
	for _, g := range goals {
		key += fmt.Sprintf("|%.0f,%.0f", math.Round(g.X/4), math.Round(g.Y/4))
	}
	return press(b.walk(w, player, goals, avoid, key))
}

// track notes how every enemy moved since the last tick.
func (b *freeSoftware) track(w *sim.World) {
	now := map[uint32][2]float64{}
	for _, e := range w.Entities() {
		if e.Tag != "licence" && e.Tag != "wrap" {
			continue
		}
		now[e.ID] = [2]float64{e.X, e.Y}
		if p, ok := b.seen[e.ID]; ok {
			dx, dy := e.X-p[0], e.Y-p[1]
			if math.Abs(dx) < 4 && math.Abs(dy) < 4 { // not sent home
				b.vel[e.ID] = [2]float64{dx, dy}
			}
		}
	}
	b.seen = now
}

// watch remembers the order in which the black box lights its pads. A
// recipe starts when the task turns to watching; a pad lit on that very
// tick is the last step just played, not the recipe.
func (b *freeSoftware) watch(w *sim.World, task *sim.Panel) {
	watching := task != nil && task.Key == "task.watch"
	pads := tagged(w, "pad")
	var lit [4]bool
	for i, p := range pads {
		if i < 4 {
			lit[i] = p.Frame == i*2+fsPadOn
		}
	}
	if watching && !b.watching {
		b.recipe = nil
	} else if watching {
		for i := range lit {
			if lit[i] && !b.lit[i] {
				b.recipe = append(b.recipe, i)
			}
		}
	}
	b.lit, b.watching = lit, watching
}

// walk chooses the direction of this tick: the one that gets nearest to a
// goal along the walls, unless it would bring an enemy too near.
func (b *freeSoftware) walk(w *sim.World, player *sim.Entity, goals, avoid []physics.Box, key string) sim.Buttons {
	var walls []physics.Obstacle
	for _, e := range w.Entities() {
		if e.Solid() {
			walls = append(walls, physics.Obstacle{Box: entityBox(&e), ID: e.ID})
		}
	}
	type foe struct {
		box    physics.Box
		vx, vy float64
		chaser bool
	}
	var foes []foe
	key += fmt.Sprint("#", len(walls), avoid)
	for _, e := range w.Entities() {
		if e.Tag == "licence" || e.Tag == "wrap" {
			v := b.vel[e.ID]
			foes = append(foes, foe{entityBox(&e), v[0], v[1], e.Tag == "wrap"})
			if e.Tag == "wrap" {
				key += fmt.Sprintf("w%.0f,%.0f", math.Round(e.X/6), math.Round(e.Y/6))
			}
		}
	}
	if len(goals) == 0 {
		b.field, b.fieldKey = nil, ""
	} else if key != b.fieldKey || b.field == nil {
		free := func(x, y float64) float64 {
			me := physics.Box{X: x, Y: y, W: player.W, H: player.H}
			for _, o := range walls {
				// A step's width from the walls: a way that grazes a
				// wall's corner would snag on it.
				if boxGap(me, o.Box) < fsSpeed {
					return math.Inf(1)
				}
			}
			for _, a := range avoid {
				if boxGap(me, a) < 1 {
					return math.Inf(1)
				}
			}
			// The way keeps clear of the wraps: they are slow, but they
			// wait where the player must pass.
			c := 1.0
			for _, f := range foes {
				if g := boxGap(me, f.box); f.chaser && g < fsWide {
					c += 6 * (fsWide - g) / fsWide
				}
			}
			return c
		}
		reach := func(x, y float64) bool {
			me := physics.Box{X: x, Y: y, W: player.W, H: player.H}
			for _, g := range goals {
				if boxGap(me, g) < -1.5 {
					return true
				}
			}
			return false
		}
		b.field = newNavField(fsLeft, fsTop, fsW, fsH, 4, free, reach)
		b.fieldKey = key
	}

	me := entityBox(player)
	here := 0.0
	if b.field != nil {
		here = b.field.at(me.X, me.Y)
	}
	best, bestScore := sim.Buttons(0), math.Inf(1)
	for _, d := range walkDirs {
		dx, dy := walkStep(d, fsSpeed)
		p := me
		danger := 0.0
		fs := make([]foe, len(foes))
		copy(fs, foes)
		var next physics.Box
		for t := 1; t <= fsAhead; t++ {
			p, _ = physics.Move(p, dx, dy, walls)
			if t == 1 {
				next = p
			}
			for i := range fs {
				f := &fs[i]
				if f.chaser {
					speed := math.Hypot(f.vx, f.vy)
					cx, cy := p.X+p.W/2-(f.box.X+f.box.W/2), p.Y+p.H/2-(f.box.Y+f.box.H/2)
					if n := math.Hypot(cx, cy); n > 1 {
						f.vx, f.vy = cx/n*speed, cy/n*speed
					}
				}
				f.box.X += f.vx
				f.box.Y += f.vy
				// Farther ahead is less sure: keep a wider berth.
				if m := fsClear + 0.25*float64(t); boxGap(p, f.box) < m {
					danger += 50 * (m - boxGap(p, f.box)) * float64(fsAhead+1-t) / fsAhead
				}
			}
		}
		score := 0.0
		if b.field != nil {
			v := b.field.at(next.X, next.Y)
			if math.IsInf(v, 1) {
				if !math.IsInf(here, 1) {
					continue // onto a pad it must not touch
				}
				v = 1e6
			}
			score = v
		}
		score += danger
		if score < bestScore-1e-9 {
			best, bestScore = d, score
		}
	}
	return best
}
