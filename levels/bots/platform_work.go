package bots

import (
	"math"

	"github.com/communs-arcade/arcade/engine/physics"
	"github.com/communs-arcade/arcade/engine/sim"
)

// Riding for the algorithm (platform-work): a delivery rider on the
// streets of a grid town, managed by an app.
//
// A rider takes the shortest way along the streets to the marker (the
// restaurant, then the home), keeping to the bike lane, the top or left
// half of each street. Where a van is parked on the bike lane it swings
// out into the cars' lane just before the van and back in just after.
// Before every move it looks a half second ahead: when that move would
// meet a car (crossing a street, or riding in the cars' lane), it waits on
// the bike lane for the car to pass, or backs out of the way if it is
// already in the car's lane. At the restaurant it waits for the order.
// When one more drop (a random unexplained one, or for a late delivery)
// would get it deactivated, it stops delivering: it keeps the order it
// picked up (an order is only taken back before its pickup) until the
// shift ends.
// Once the directive's rules apply, it contests with B every decision
// whose reason is not its own doing (the restaurant's delay, an unhappy
// customer, the GPS), and it answers both questions right.
type platformWork struct {
	talk      reader
	contestIn int // ticks before pressing B again
	seen      map[uint32][2]float64
	vel       map[uint32][2]float64
}

func init() {
	register("platform-work", func() Bot {
		return &platformWork{
			talk: reader{readTicks: 45, askTicks: 120, skip: []string{"won", "lost.opaque", "lost.rules"},
				answers: map[string]int{"quiz1.q": 2, "quiz2.q": 3}},
			seen: map[uint32][2]float64{},
			vel:  map[uint32][2]float64{},
		}
	})
}

const (
	pwCell  = 16.0
	pwSpeed = 1.2 // the bike's pixels per tick
	pwBike  = 1.0 // the bike lane's offset in its street, in pixels
	pwCars  = 9.0 // the cars' lane's
	pwAhead = 40  // ticks a move looks ahead for cars
)

// pwCell2 is a street cell: column and row.
type pwCell2 struct{ c, r int }

func (b *platformWork) Next(w *sim.World) sim.Input {
	b.track(w)
	if in, ok := b.talk.next(w); ok {
		return in
	}
	rider := first(w, "rider")
	if rider == nil {
		return sim.Input{}
	}
	var move sim.Buttons
	if task := w.Panel("task"); task != nil && task.Key == "task.wait" {
		// Back to the bike lane while the restaurant prepares the order.
		move = b.ride(w, rider, pwCellOf(entityBox(rider)))
	} else if task != nil && (task.Key == "task.drop" || task.Key == "task.late") && b.cautious(w, task.Key == "task.late") {
		// One more drop would end the run: keep the order.
		move = b.ride(w, rider, pwCellOf(entityBox(rider)))
	} else if task != nil && task.Key != "crash" {
		for _, e := range w.Entities() {
			if e.Sprite == "pin" {
				goal := pwCell2{int(math.Floor(e.X / pwCell)), int(math.Floor(e.Y / pwCell))}
				move = b.ride(w, rider, goal)
			}
		}
	}
	// Contest an unfair decision: press B until the app says a person is
	// looking at it (while another review runs, a press does nothing).
	if note := w.Panel("note"); note != nil && b.unfair(note.Key) {
		if b.contestIn--; b.contestIn <= 0 {
			b.contestIn = 20
			move |= sim.B
		}
	} else {
		b.contestIn = 0
	}
	return press(move)
}

// cautious reports whether delivering could get the rider deactivated:
// an unexplained drop (−4) comes at random, and the app deactivates at
// once, before any review; a late delivery costs 6.
func (b *platformWork) cautious(w *sim.World, late bool) bool {
	rel := panelInt(w.Panel("app"), "rel")
	return rel-4 < 70 || (late && rel-6 < 70)
}

func (b *platformWork) unfair(key string) bool {
	return key == "open.restaurant" || key == "open.customer" || key == "open.gps"
}

// track notes how every car moved since the last tick (a car that left
// one end of its street for the other keeps its last move).
func (b *platformWork) track(w *sim.World) {
	now := map[uint32][2]float64{}
	for _, e := range w.Entities() {
		if e.Tag != "car" {
			continue
		}
		now[e.ID] = [2]float64{e.X, e.Y}
		if p, ok := b.seen[e.ID]; ok {
			dx, dy := e.X-p[0], e.Y-p[1]
			if math.Abs(dx) < 4 && math.Abs(dy) < 4 {
				b.vel[e.ID] = [2]float64{dx, dy}
			}
		}
	}
	b.seen = now
}

// street reports whether a cell is street: not solid.
func pwStreet(w *sim.World, c pwCell2) bool {
	return c.c >= 0 && c.r >= 0 && c.c < w.Map.W && c.r < w.Map.H && !w.Map.SolidAt(c.c, c.r)
}

// pwVanIn reports whether a van stands in a cell.
func pwVanIn(w *sim.World, c pwCell2) bool {
	cell := physics.Box{X: float64(c.c) * pwCell, Y: float64(c.r) * pwCell, W: pwCell, H: pwCell}
	for _, v := range tagged(w, "van") {
		if physics.Overlaps(cell, entityBox(&v)) {
			return true
		}
	}
	return false
}

// route returns the street cells from here to goal, both included, by the
// fewest cells, a van costing a few cells more (swinging out is a risk).
func pwRoute(w *sim.World, from, goal pwCell2) []pwCell2 {
	dist := map[pwCell2]int{from: 0}
	prev := map[pwCell2]pwCell2{}
	open := []pwCell2{from}
	for len(open) > 0 {
		// The nearest open cell (the town is small).
		bi := 0
		for i, c := range open {
			if dist[c] < dist[open[bi]] {
				bi = i
			}
		}
		cur := open[bi]
		open = append(open[:bi], open[bi+1:]...)
		if cur == goal {
			break
		}
		for _, d := range []pwCell2{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
			n := pwCell2{cur.c + d.c, cur.r + d.r}
			if !pwStreet(w, n) {
				continue
			}
			cost := dist[cur] + 1
			if pwVanIn(w, n) {
				cost += 10
			}
			if old, ok := dist[n]; !ok || cost < old {
				if !ok {
					open = append(open, n)
				}
				dist[n], prev[n] = cost, cur
			}
		}
	}
	if _, ok := dist[goal]; !ok {
		return nil
	}
	path := []pwCell2{goal}
	for c := goal; c != from; {
		c = prev[c]
		path = append([]pwCell2{c}, path...)
	}
	return path
}

// ride returns the arrows that take the rider one tick along its way to
// goal, or that wait (or back away) when a car would be met.
func (b *platformWork) ride(w *sim.World, rider *sim.Entity, goal pwCell2) sim.Buttons {
	me := entityBox(rider)
	path := pwRoute(w, pwCellOf(me), goal)
	if len(path) == 0 {
		return 0
	}
	follow := func(p physics.Box) sim.Buttons { return pwAim(w, p, path) }
	want := follow(me)
	if b.safe(w, rider, follow) {
		return want
	}
	if b.safe(w, rider, func(physics.Box) sim.Buttons { return 0 }) {
		return 0
	}
	back := sim.Buttons(0)
	if want&sim.Left != 0 {
		back |= sim.Right
	}
	if want&sim.Right != 0 {
		back |= sim.Left
	}
	if want&sim.Up != 0 {
		back |= sim.Down
	}
	if want&sim.Down != 0 {
		back |= sim.Up
	}
	if b.safe(w, rider, func(physics.Box) sim.Buttons { return back }) {
		return back
	}
	return want
}

// pwCellOf returns the cell under the middle of a box.
func pwCellOf(p physics.Box) pwCell2 {
	return pwCell2{int(math.Floor((p.X + p.W/2) / pwCell)), int(math.Floor((p.Y + p.H/2) / pwCell))}
}

// pwAim returns the arrows that take a rider at p to the next cell of
// path: to its bike lane, or to its cars' lane beside a van. Out into the
// cars' lane before the van, back only past it (the van blocks the way
// back until then).
func pwAim(w *sim.World, p physics.Box, path []pwCell2) sim.Buttons {
	here := pwCellOf(p)
	next := path[len(path)-1]
	for i, c := range path {
		if c == here && i+1 < len(path) {
			next = path[i+1]
			break
		}
	}
	lane := pwBike
	if pwVanIn(w, here) || pwVanIn(w, next) {
		lane = pwCars
	}
	tx, ty := float64(next.c)*pwCell+pwBike, float64(next.r)*pwCell+pwBike
	if next.r == here.r && next.c != here.c {
		ty = float64(next.r)*pwCell + lane
	} else if next.c == here.c && next.r != here.r {
		tx = float64(next.c)*pwCell + lane
	}
	return toward(p.X, p.Y, tx, ty, pwSpeed/2)
}

// safe reports whether riding as plan says from where the rider is meets
// no car for a while, the cars keeping their speed and coming back round
// at the ends of their streets.
func (b *platformWork) safe(w *sim.World, rider *sim.Entity, plan func(physics.Box) sim.Buttons) bool {
	type car struct {
		box    physics.Box
		vx, vy float64
	}
	var cars []car
	for _, e := range tagged(w, "car") {
		v := b.vel[e.ID]
		cars = append(cars, car{entityBox(&e), v[0], v[1]})
	}
	var walls []physics.Obstacle
	for cy := 0; cy < w.Map.H; cy++ {
		for cx := 0; cx < w.Map.W; cx++ {
			if w.Map.SolidAt(cx, cy) && math.Abs(float64(cx)*pwCell-rider.X) < 64 && math.Abs(float64(cy)*pwCell-rider.Y) < 64 {
				walls = append(walls, physics.Obstacle{Box: physics.Box{X: float64(cx) * pwCell, Y: float64(cy) * pwCell, W: pwCell, H: pwCell}})
			}
		}
	}
	for _, v := range tagged(w, "van") {
		walls = append(walls, physics.Obstacle{Box: entityBox(&v), ID: v.ID})
	}
	p := entityBox(rider)
	for t := 1; t <= pwAhead; t++ {
		dx, dy := walkStep(plan(p), pwSpeed)
		p, _ = physics.Move(p, dx, dy, walls)
		for i := range cars {
			c := &cars[i]
			c.box.X += c.vx
			c.box.Y += c.vy
			// The ends of the streets, as the level drives its cars.
			if c.box.W > 8 {
				if c.box.X > 19*pwCell {
					c.box.X = pwCell - 14
				} else if c.box.X < pwCell-14 {
					c.box.X = 19 * pwCell
				}
			} else {
				if c.box.Y > 11*pwCell {
					c.box.Y = 4*pwCell - 14
				} else if c.box.Y < 4*pwCell-14 {
					c.box.Y = 11 * pwCell
				}
			}
			if boxGap(p, c.box) < 0.1 {
				return false
			}
		}
	}
	return true
}
