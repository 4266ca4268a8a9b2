package bots

import (
	"github.com/communs-arcade/arcade/engine/sim"
)

// Net neutrality (levels/net-neutrality): a person reads the introduction,
// then watches the twelve routers. As soon as the operator puts a gate on
// one, they step the regulator's frame there with the arrows (one router
// per press, diagonally when two arrows are pressed together) and remove it
// with A; a paid fast lane goes first, because it slows every other lane,
// then the nearest throttle. When the network is congested in wave 2 and
// the operator slows every lane alike (reasonable traffic management, which
// is allowed), they read why and leave it be: there is no gate to remove.
// Both questions are answered right: traffic is treated equally (b), and
// managed only reasonably, never for money (c).
func init() {
	register("net-neutrality", func() Bot { return &netNeutrality{} })
}

// netNeutralityAnswers are the right choices of the level's two questions.
var netNeutralityAnswers = map[string]int{"quiz1.q": 2, "quiz2.q": 3}

// The router grid of the level's main.lua: the x of each column's centre
// and the y of each lane's centre.
var (
	netCols  = []float64{100, 170, 240}
	netLanes = []float64{48, 74, 100, 126}
)

type netNeutrality struct{}

// netCell returns the router (lane, column) nearest the point, 0-based.
func netCell(x, y float64) (lane, col int) {
	for i, c := range netCols {
		if abs(x-c) < abs(x-netCols[col]) {
			col = i
		}
	}
	for i, l := range netLanes {
		if abs(y-l) < abs(y-netLanes[lane]) {
			lane = i
		}
	}
	return lane, col
}

func (netNeutrality) Next(w *sim.World) sim.Input {
	if in, ok := converse(w, netNeutralityAnswers); ok {
		return in
	}
	// The level reads presses: every action is followed by a tick with
	// nothing held.
	if w.Input().Buttons != 0 {
		return sim.Input{}
	}
	var cur *sim.Entity
	for i, e := range w.Entities() {
		if e.Sprite == "watcher" {
			cur = &w.Entities()[i]
		}
	}
	if cur == nil {
		return sim.Input{}
	}
	cl, cc := netCell(centre(cur))
	bl, bc, bd, fast := -1, -1, 0, false
	for _, e := range w.Entities() {
		if e.Sprite != "brake" && e.Sprite != "fastlane" {
			continue
		}
		l, c := netCell(centre(&e))
		d := max(netAbs(l-cl), netAbs(c-cc))
		f := e.Sprite == "fastlane"
		if bl < 0 || (f && !fast) || (f == fast && d < bd) {
			bl, bc, bd, fast = l, c, d, f
		}
	}
	if bl < 0 {
		return sim.Input{}
	}
	b := toward(float64(cc), float64(cl), float64(bc), float64(bl), 0)
	// One step brings the frame one cell nearer on each axis. The level
	// moves the frame before it reads A, so the last step and the removal
	// can share a tick.
	if bd <= 1 {
		b |= sim.A
	}
	return press(b)
}

func netAbs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
