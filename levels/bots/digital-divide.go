package bots

import (
	"math"
	"strings"

	"github.com/communs-arcade/arcade/engine/sim"
)

// digitalDivide runs the help point as an attentive adviser would: first
// it unsticks whoever is stuck at a public computer (they lose patience
// fast); then, with nobody following, it fetches the resident who came
// first among those whose seat is free (a computer for those at ease
// online, the mediator for the unsure, the paper counter for those without
// a device) and seats them there. When a resident's seat is taken and they
// are running out of patience, or the queue is nearly full, it seats them
// at the next best free seat rather than let them give up (never someone
// without a device at a computer). It answers the three questions right
// (quiz 1: the second choice, quiz 2: the third, quiz 3: the first).
type digitalDivide struct {
	r     pupil
	g     gridWalker
	lastA bool // A was held on the previous tick
}

func init() {
	register("digital-divide", func() Bot {
		return &digitalDivide{r: pupil{answers: map[string]int{"quiz1.q": 1, "quiz2.q": 2, "quiz3.q": 0}}}
	})
}

// digitalDivideSeats lists, for each need, the stations that suit it, best
// first.
var digitalDivideSeats = map[string][]string{
	"online":  {"terminal", "mediator", "counter"},
	"unsure":  {"mediator", "counter", "terminal"},
	"offline": {"counter", "mediator"},
}

// ddCitizen is a resident as the screen shows them: need and state from the
// tag "citizen:need:state", cell, and, while they wait, patience from the
// gauge under them (0 to 7).
type ddCitizen struct {
	id          uint32
	need, state string
	x, y        float64 // pixels
	cx, cy      int
	moving      bool
	patience    int
}

// ddSeat is a seat of the help point, from the map's objects.
type ddSeat struct {
	station string
	cx, cy  int
	taken   bool
}

// Next reads, then serves.
func (b *digitalDivide) Next(w *sim.World) sim.Input {
	in, ok := b.r.read(w)
	if !ok {
		in = b.serve(w)
	}
	b.lastA = in.Buttons&sim.A != 0
	return in
}

func (b *digitalDivide) serve(w *sim.World) sim.Input {
	p := first(w, "player")
	m := w.Map
	if p == nil || m == nil {
		return sim.Input{}
	}
	px, py, idle := b.g.idle(p, 16)
	if !idle {
		return sim.Input{}
	}
	room := m.LayerIndex("room")
	walk := func(x, y int) bool { return m.Get(room, x, y) == 1 }

	var seats []ddSeat
	for _, o := range m.Objects {
		if o.Class == "seat" {
			seats = append(seats, ddSeat{station: o.Name, cx: int(o.X / 16), cy: int(o.Y / 16)})
		}
	}
	gauges := map[[2]int]int{} // patience gauge frames by pixel position
	for _, e := range w.Entities() {
		if e.Sprite == "patience" && !e.Hidden {
			gauges[[2]int{int(math.Round(e.X)), int(math.Round(e.Y))}] = e.Frame
		}
	}
	var people []ddCitizen
	for _, e := range w.Entities() {
		parts := strings.Split(e.Tag, ":")
		if len(parts) != 3 || parts[0] != "citizen" {
			continue
		}
		c := ddCitizen{id: e.ID, need: parts[1], state: parts[2], x: e.X, y: e.Y,
			cx: int(math.Round(e.X / 16)), cy: int(math.Round(e.Y / 16)), patience: 7}
		c.moving = e.X != float64(c.cx*16) || e.Y != float64(c.cy*16)
		if f, ok := gauges[[2]int{int(math.Round(e.X)), int(math.Round(e.Y + 15))}]; ok {
			c.patience = f
		}
		people = append(people, c)
	}
	// A seat is taken by the seated (or stuck) resident nearest to it.
	for _, c := range people {
		if c.state != "seated" && c.state != "stuck" {
			continue
		}
		best, bestD := -1, math.MaxFloat64
		for i, s := range seats {
			if d := math.Hypot(c.x-float64(s.cx*16), c.y-float64(s.cy*16)); d < bestD {
				best, bestD = i, d
			}
		}
		if best >= 0 {
			seats[best].taken = true
		}
	}
	near := func(ax, ay, bx, by int) bool { return ddAbs(ax-bx) <= 1 && ddAbs(ay-by) <= 1 }
	// act presses A where it stands, or walks to a cell next to (tx, ty).
	goNextTo := func(tx, ty int) sim.Input {
		if near(px, py, tx, ty) {
			if b.lastA {
				return sim.Input{}
			}
			return press(sim.A)
		}
		return press(b.g.toward(px, py, walk, func(x, y, dist int) (int, bool) {
			return dist, near(x, y, tx, ty)
		}))
	}
	freeSeat := func(need string, bestOnly bool) *ddSeat {
		for k, station := range digitalDivideSeats[need] {
			if bestOnly && k > 0 {
				break
			}
			// The nearest free seat of the station.
			var pick *ddSeat
			for i := range seats {
				s := &seats[i]
				if s.station == station && !s.taken &&
					(pick == nil || ddAbs(s.cx-px)+ddAbs(s.cy-py) < ddAbs(pick.cx-px)+ddAbs(pick.cy-py)) {
					pick = s
				}
			}
			if pick != nil {
				return pick
			}
		}
		return nil
	}

	// 1. Whoever follows goes to a seat.
	for _, c := range people {
		if c.state == "follow" {
			if s := freeSeat(c.need, false); s != nil {
				return goNextTo(s.cx, s.cy)
			}
		}
	}
	// 2. Unstick the nearest resident stuck at a computer.
	var stuck *ddCitizen
	for i, c := range people {
		if c.state == "stuck" && (stuck == nil || ddAbs(c.cx-px)+ddAbs(c.cy-py) < ddAbs(stuck.cx-px)+ddAbs(stuck.cy-py)) {
			stuck = &people[i]
		}
	}
	if stuck != nil {
		return goNextTo(stuck.cx, stuck.cy)
	}
	// 3. Fetch a waiting resident: the first come whose best seat is free,
	// or, when the queue is nearly full or someone is losing patience, the
	// first come who has any seat that suits them.
	var queue []ddCitizen
	for _, c := range people {
		if c.state == "queue" && !c.moving && c.cx <= 3 {
			queue = append(queue, c)
		}
	}
	var fetch *ddCitizen
	for i, c := range queue {
		if freeSeat(c.need, true) != nil {
			fetch = &queue[i]
			break
		}
	}
	if fetch == nil {
		for i, c := range queue {
			if (len(queue) >= 4 || c.patience <= 2) && freeSeat(c.need, false) != nil {
				fetch = &queue[i]
				break
			}
		}
	}
	if fetch != nil {
		return b.fetch(px, py, fetch, queue, walk)
	}
	// 4. Nothing to do: wait between the queue and the seats.
	if px != 4 || py != 6 {
		return press(b.g.toward(px, py, walk, func(x, y, dist int) (int, bool) { return dist, x == 4 && y == 6 }))
	}
	return sim.Input{}
}

// fetch walks next to resident c in the queue and takes them along with A.
// A takes the first come of the residents within reach, so it stands where
// no one who came before c is within reach, if it can.
func (b *digitalDivide) fetch(px, py int, c *ddCitizen, queue []ddCitizen, walk func(x, y int) bool) sim.Input {
	near := func(ax, ay, bx, by int) bool { return ddAbs(ax-bx) <= 1 && ddAbs(ay-by) <= 1 }
	clash := func(x, y int) int {
		n := 0
		for _, o := range queue {
			if o.id < c.id && near(x, y, o.cx, o.cy) {
				n++
			}
		}
		return n
	}
	// Can it stand next to c out of reach of those who came before?
	free := false
	for y := c.cy - 1; y <= c.cy+1; y++ {
		for x := c.cx - 1; x <= c.cx+1; x++ {
			if walk(x, y) && (x != c.cx || y != c.cy) && clash(x, y) == 0 {
				free = true
			}
		}
	}
	if near(px, py, c.cx, c.cy) && (clash(px, py) == 0 || !free) {
		if b.lastA {
			return sim.Input{}
		}
		return press(sim.A)
	}
	return press(b.g.toward(px, py, walk, func(x, y, dist int) (int, bool) {
		return dist + 100*clash(x, y), near(x, y, c.cx, c.cy)
	}))
}

func ddAbs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
