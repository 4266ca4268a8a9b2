package bots

import (
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/communs-arcade/arcade/engine/sim"
)

// GDPR (levels/rgpd): a person reads the introduction, then runs right to
// the exit, looking a second ahead: every tick they weigh the eight
// directions by how far each gets them toward the exit, and by the data
// they would lose on the way: a tracker they know of, chasing them, that
// would catch them, or an "accept all" banner they would run into (which
// costs more than a tracker: every tracker gets data). They keep out of
// the top of the lane, where banners appear, pick up the rights on or near
// their path and press the small "refuse" button when it is at hand.
//
// They see what a person sees: invisible trackers only while a right of
// access shows them. They remember where a tracker vanished, or where an
// invisible one caught them, and expect it to keep chasing them from
// there. Rights are spent when they help: whichever is first when a
// tracker is about to catch them, access as soon as invisible trackers are
// about, rectification to bring the data down, any when the hand is full.
// The bot never presses B: in main.lua, `inventory[#inventory + 1] =
// table.remove(inventory, 1)` measures the length before removing, leaves
// a hole, and the next use of a right then stops the run with a Lua error
// (hud concatenates a nil); the bot keeps off that path until it is fixed.
// Both questions are answered right: consent must be freely given,
// specific, informed and unambiguous (b), and withdrawing it must be as
// easy as giving it (c).
func init() {
	register("rgpd", func() Bot { return &rgpd{} })
}

// rgpdAnswers are the right choices of the level's two questions.
var rgpdAnswers = map[string]int{"quiz1.q": 2, "quiz2.q": 3}

// The lane, sizes and rules of the level's main.lua.
const (
	rgpdTop, rgpdBottom = 40.0, 168.0 // the player's y range (8 px tall)
	rgpdPlayer          = 8.0
	rgpdTracker         = 10.0
	rgpdNotice          = 230.0 // trackers farther than this stand still
	rgpdHorizon         = 45    // ticks looked ahead
	rgpdBanner          = 63.0  // a banner appears above this y, 26 px tall
	rgpdOpenBelow       = 50    // the exit opens below this much data
	rgpdCool            = 50    // ticks a tracker backs off after a catch
)

// rgpdDirs are the moves a person can make: the eight directions.
var rgpdDirs = []sim.Buttons{
	sim.Right, sim.Right | sim.Up, sim.Right | sim.Down, sim.Up, sim.Down,
	sim.Left | sim.Up, sim.Left | sim.Down, sim.Left,
}

type rgpdBox struct {
	x, y, w, h, vy float64
	cool           int // ticks left backing off (remembered trackers)
}

type rgpd struct {
	seen    map[uint32][2]float64 // visible entities' previous positions
	tracked map[uint32]bool       // trackers visible on the previous tick
	speed   float64               // the player's pixels per tick, as last seen
	chase   float64               // the trackers' speed, as last seen
	ghosts  []rgpdBox             // trackers out of sight, as remembered
	round   int
	data    int
	canTake bool
}

func rgpdOverlaps(ax, ay, aw, ah, bx, by, bw, bh, margin float64) bool {
	return ax < bx+bw+margin && bx < ax+aw+margin && ay < by+bh+margin && by < ay+ah+margin
}

// chaseStep moves a tracker at t one tick toward (or, backing off, away
// from) the player at (x, y), as the level moves them.
func (b *rgpd) chaseStep(t *rgpdBox, x, y float64) {
	if abs(x-t.x) > rgpdNotice {
		return
	}
	vx, vy := x-t.x, y-t.y
	d := max(1, math.Hypot(vx, vy))
	s := b.chase
	if t.cool > 0 {
		t.cool--
		s = -0.8 * s
	}
	t.x = max(t.x+vx/d*s, 2)
	t.y = min(max(t.y+vy/d*s, rgpdTop), rgpdBottom+rgpdPlayer-rgpdTracker)
}

func (b *rgpd) Next(w *sim.World) sim.Input {
	if in, ok := converse(w, rgpdAnswers); ok {
		b.seen, b.tracked, b.ghosts = nil, nil, nil
		return in
	}
	p := first(w, "player")
	goal := first(w, "goal")
	hud := w.Panel("hud")
	if p == nil || goal == nil || hud == nil {
		return sim.Input{}
	}
	round, data := atoi(panelArg(hud, "round")), atoi(panelArg(hud, "data"))
	if round != b.round {
		b.round, b.data, b.seen, b.tracked, b.ghosts = round, 0, nil, nil, nil
	}
	if last, ok := b.seen[p.ID]; ok {
		if d := max(abs(p.X-last[0]), abs(p.Y-last[1])); d > 0.5 && d < 3 {
			b.speed = d
		}
	}
	if b.speed == 0 {
		b.speed = 1.4
	}

	// What a person sees: visible trackers (asleep ones no longer follow),
	// banners, rights, refuse buttons.
	var trackers, popups, goodies []rgpdBox
	chase := 0.0
	seen := map[uint32][2]float64{p.ID: {p.X, p.Y}}
	visible := map[uint32]bool{}
	for _, e := range w.Entities() {
		if e.Hidden {
			continue
		}
		seen[e.ID] = [2]float64{e.X, e.Y}
		switch {
		case e.Tag == "tracker" && e.Sprite != "tracker_asleep":
			visible[e.ID] = true
			if last, ok := b.seen[e.ID]; ok {
				chase = max(chase, math.Hypot(e.X-last[0], e.Y-last[1]))
			}
			trackers = append(trackers, rgpdBox{x: e.X, y: e.Y, w: e.W, h: e.H})
		case e.Tag == "accept":
			popups = append(popups, rgpdBox{x: e.X, y: e.Y, w: e.W, h: e.H, vy: e.VY})
		case e.Tag == "refuse", e.Tag == "right":
			goodies = append(goodies, rgpdBox{x: e.X, y: e.Y, w: e.W, h: e.H, vy: e.VY})
		}
	}
	if chase > 0.5 && chase < 1.6 {
		b.chase = max(b.chase, chase)
	}
	if b.chase == 0 {
		b.chase = 1
	}
	// Memory: last tick's remembered trackers moved on; a tracker that just
	// vanished is remembered where it was; one that catches unseen is
	// remembered where it caught.
	for i := range b.ghosts {
		b.chaseStep(&b.ghosts[i], p.X, p.Y)
	}
	// In id order: a bot is deterministic, and map order is not.
	for _, id := range slices.Sorted(maps.Keys(b.tracked)) {
		if _, still := seen[id]; !still {
			pos := b.seen[id]
			b.ghosts = append(b.ghosts, rgpdBox{x: pos[0], y: pos[1], w: rgpdTracker, h: rgpdTracker})
		}
	}
	for id := range visible {
		if _, was := b.seen[id]; !was && b.seen != nil {
			b.ghosts = nil // shown again: everything is in sight
		}
	}
	if f := w.Panel("flash"); f != nil && f.Key == "caught_hidden" && data == b.data+5+2*round {
		b.caught(p.X, p.Y)
	}
	b.data = data
	b.seen = seen
	b.tracked = visible
	trackers = append(trackers, b.ghosts...)

	inv := w.Panel("inv")
	right, stock := "", 0
	if inv != nil && inv.Key != "inv.none" {
		right = strings.TrimPrefix(inv.Key, "inv.")
		stock = atoi(panelArg(inv, "n"))
	}
	b.canTake = stock < 3

	// Rights: used in the moment they help.
	threat := false
	for _, t := range trackers {
		if t.cool == 0 && math.Hypot(t.x-p.X, t.y-p.Y) < 24 {
			threat = true
		}
	}
	if stock > 0 && w.Input().Buttons&sim.A == 0 {
		switch {
		case threat,
			right == "access" && round >= 2,
			right == "rectify" && data >= 30,
			right == "erase" && data >= rgpdOpenBelow,
			stock == 3: // a full hand picks up nothing more
			return press(sim.A)
		}
	}

	// Where to: the exit, or while it is shut, the nearest right.
	tx, ty := goal.X, goal.Y+goal.H/2-rgpdPlayer/2
	if data >= rgpdOpenBelow {
		best := math.Inf(1)
		for _, g := range goodies {
			if g.w == rgpdPlayer && b.canTake {
				if d := abs(g.x-p.X) + abs(g.y-p.Y); d < best {
					tx, ty, best = g.x, g.y, d
				}
			}
		}
	}
	best, bestScore := sim.Buttons(0), math.Inf(-1)
	for _, dir := range rgpdDirs {
		s := b.score(dir, p.X, p.Y, tx, ty, goal.X+4, trackers, popups, goodies)
		if s > bestScore {
			best, bestScore = dir, s
		}
	}
	return press(best)
}

// caught remembers an invisible tracker that just caught the player at
// (x, y): the one remembered nearest, or a new one.
func (b *rgpd) caught(x, y float64) {
	near, nd := -1, 24.0
	for i, g := range b.ghosts {
		if d := math.Hypot(g.x-x, g.y-y); d < nd {
			near, nd = i, d
		}
	}
	g := rgpdBox{x: x, y: y, w: rgpdTracker, h: rgpdTracker, cool: rgpdCool}
	if near >= 0 {
		b.ghosts[near] = g
	} else {
		b.ghosts = append(b.ghosts, g)
	}
}

// score rolls the move dir out over the horizon, with every tracker chasing
// and banners falling, and weighs where it leads: pixels gained toward
// (tx, ty), less sixty per piece of data it would cost.
func (b *rgpd) score(dir sim.Buttons, px, py, tx, ty, xmax float64, trackers, popups, goodies []rgpdBox) float64 {
	var dx, dy float64
	if dir&sim.Left != 0 {
		dx = -b.speed
	}
	if dir&sim.Right != 0 {
		dx = b.speed
	}
	if dir&sim.Up != 0 {
		dy = -b.speed
	}
	if dir&sim.Down != 0 {
		dy = b.speed
	}
	hitCost := float64(5+2*b.round) * 60
	bannerCost := float64(3*(4+b.round)) * 60
	ts := append([]rgpdBox(nil), trackers...)
	startDist := abs(tx-px) + abs(ty-py)
	score := 0.0
	hitT := make([]bool, len(ts))
	hitP := make([]bool, len(popups))
	took := make([]bool, len(goodies))
	minD := math.Inf(1)
	x, y := px, py
	for t := 1; t <= rgpdHorizon; t++ {
		x = min(max(x+dx, 2), xmax)
		y = min(max(y+dy, rgpdTop), rgpdBottom)
		weight := 1 - float64(t)/(2*rgpdHorizon) // nearer dangers count more
		if y < rgpdBanner {
			// Banners appear at the top, on whoever stands there.
			score -= 2
		}
		for i := range ts {
			tr := &ts[i]
			b.chaseStep(tr, x, y)
			if tr.cool == 0 && !hitT[i] && rgpdOverlaps(x, y, rgpdPlayer, rgpdPlayer, tr.x, tr.y, rgpdTracker, rgpdTracker, 3) {
				hitT[i] = true
				score -= hitCost * weight
			}
			minD = min(minD, math.Hypot(x-tr.x, y-tr.y))
		}
		for i, pp := range popups {
			if !hitP[i] && rgpdOverlaps(x, y, rgpdPlayer, rgpdPlayer, pp.x, pp.y+pp.vy*float64(t), pp.w, pp.h, 2) {
				hitP[i] = true
				score -= bannerCost * weight
			}
		}
		for i, g := range goodies {
			if !took[i] && (b.canTake || g.w != rgpdPlayer) && rgpdOverlaps(x, y, rgpdPlayer, rgpdPlayer, g.x, g.y+g.vy*float64(t), g.w, g.h, 0) {
				took[i] = true
				score += 40 * weight
			}
		}
	}
	score += startDist - (abs(tx-x) + abs(ty-y))
	if minD < 30 {
		score -= (30 - minD) * 2
	}
	return score
}
