package bots

import (
	"math"
	"strconv"

	"github.com/communs-arcade/arcade/engine/sim"
)

// decentralise builds the federated network a player who read the intro
// would build, as fast as the volunteers allow: it hosts a server on each
// free spot (left, bottom, right: the left and bottom ones take in the
// most neighbourhoods), links the left and right servers to the bottom one
// as soon as there is a volunteer for each link, and once the Digital
// Markets Act opens the platform, bridges the platform to the bottom
// server, so that the one neighbourhood left on the platform can write to
// everyone. It never bridges the platform to the side servers: messages
// between them would then go through the platform and be lost in its
// outages. It answers both questions right (q1: b, q2: a).
type decentralise struct {
	r    pupil
	t    tapper
	dma  bool // the law has opened the platform
	step int  // the next job of the plan
}

func init() {
	register("decentralise", func() Bot {
		return &decentralise{r: pupil{answers: map[string]int{"quiz1.q": 1, "quiz2.q": 0}}}
	})
}

// decentraliseJob is one thing to build: host a server on spot a, or link
// node a to node b ("hub", "left", "right", "bottom").
type decentraliseJob struct {
	host bool
	a, b string
}

var decentralisePlan = []decentraliseJob{
	{host: true, a: "left"}, {host: true, a: "bottom"}, {host: true, a: "right"},
	{a: "left", b: "bottom"}, {a: "right", b: "bottom"}, {a: "hub", b: "bottom"},
}

// decentraliseNode is a node on screen: its centre, and its entity.
type decentraliseNode struct {
	x, y float64
	e    *sim.Entity
}

// nodes finds the platform and the three spots (or servers) by their
// look and place on screen.
func (d *decentralise) nodes(w *sim.World) map[string]decentraliseNode {
	out := map[string]decentraliseNode{}
	for i, e := range w.Entities() {
		x, y := e.X+e.W/2, e.Y+e.H/2
		n := decentraliseNode{x, y, &w.Entities()[i]}
		switch e.Sprite {
		case "hub":
			out["hub"] = n
		case "spot", "server":
			switch {
			case y > 140:
				out["bottom"] = n
			case x < 160:
				out["left"] = n
			default:
				out["right"] = n
			}
		}
	}
	return out
}

// linked tells whether a dotted link runs between two nodes: a dot lies
// near the middle of the segment.
func (d *decentralise) linked(w *sim.World, a, b decentraliseNode) bool {
	mx, my := (a.x+b.x)/2, (a.y+b.y)/2
	for _, e := range w.Entities() {
		if (e.Sprite == "dot_fed" || e.Sprite == "dot_bridge") && math.Abs(e.X+1-mx) <= 4 && math.Abs(e.Y+1-my) <= 4 {
			return true
		}
	}
	return false
}

// Next reads, then works through the plan: the job in hand is done when
// the screen shows it (a server on the spot, dots along the link).
func (d *decentralise) Next(w *sim.World) sim.Input {
	if p := w.Panel("say"); p != nil && p.Key == "event.dma" {
		d.dma = true
	}
	if in, ok := d.r.read(w); ok {
		return in
	}
	var cur *sim.Entity
	for i, e := range w.Entities() {
		if e.Sprite == "cursor" {
			cur = &w.Entities()[i]
		}
	}
	if cur == nil || d.step >= len(decentralisePlan) {
		return sim.Input{}
	}
	energy, _ := strconv.Atoi(worldArg(w, "hud", "energy"))
	nodes := d.nodes(w)
	job := decentralisePlan[d.step]
	a, b := nodes[job.a], nodes[job.b]
	var target decentraliseNode
	switch {
	case job.host && a.e.Sprite == "server", !job.host && d.linked(w, a, b):
		d.step++
		return sim.Input{}
	case job.host:
		if energy < 3 {
			return sim.Input{}
		}
		target = a
	default:
		if energy < 1 || (job.a == "hub" && !d.dma) {
			return sim.Input{}
		}
		// a shows its picked frame (hub 2, server 1) once chosen.
		picked := (job.a == "hub" && a.e.Frame == 2) || (job.a != "hub" && a.e.Frame == 1)
		target = a
		if picked {
			target = b
		}
	}
	cx, cy := cur.X+cur.W/2, cur.Y+cur.H/2
	if dir := toward(cx, cy, target.x, target.y, 1); dir != 0 {
		d.t.down = false
		return press(dir)
	}
	return d.t.tap(sim.A)
}
