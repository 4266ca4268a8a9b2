package bots

import (
	"github.com/communs-arcade/arcade/engine/sim"
)

// The tax pot (levels/tax-pot): a person reads the introduction, then keeps
// an eye on the dodgers walking to the haven on the right. They run to the
// one closest to escaping, stand in its way and shake it with A until its
// briefcase is empty, gathering the coins that fall around it; when no
// dodger is near the border they pick up the coins left lying about. Both
// questions are answered right: profit shifting is the first choice, the
// global minimum tax is the second (15 %).
func init() {
	register("tax-pot", func() Bot { return &taxPot{} })
}

// taxPotAnswers are the right choices of the level's two questions.
var taxPotAnswers = map[string]int{"quiz1.q": 1, "quiz2.q": 2}

// The level's field and reach, from its main.lua.
const (
	taxPotBorder = 272  // a dodger past this x has escaped
	taxPotReach  = 13.5 // a little inside the 15 px a shake reaches
	taxPotSpeed  = 1.6  // the player's pixels per tick on each axis
)

type taxPot struct {
	target uint32 // the dodger being shaken, or 0
}

func (b *taxPot) Next(w *sim.World) sim.Input {
	if in, ok := converse(w, taxPotAnswers); ok {
		return in
	}
	p := first(w, "player")
	if p == nil {
		return sim.Input{}
	}
	px, py := centre(p)
	var dodgers []*sim.Entity
	for i, e := range w.Entities() {
		if e.Tag == "dodger" && e.X < taxPotBorder {
			dodgers = append(dodgers, &w.Entities()[i])
		}
	}
	// Keep shaking the dodger in hand until it has paid; otherwise take the
	// one that will reach the border first.
	var tgt *sim.Entity
	for _, d := range dodgers {
		if d.ID == b.target {
			tgt = d
		}
	}
	if tgt == nil {
		b.target = 0
		for _, d := range dodgers {
			if tgt == nil || d.X > tgt.X {
				tgt = d
			}
		}
	}
	// Coins first when no dodger is about to escape.
	var coin *sim.Entity
	best := 0.0
	for i, e := range w.Entities() {
		if e.Tag != "coin" {
			continue
		}
		cx, cy := centre(&e)
		d := max(abs(cx-px), abs(cy-py))
		if coin == nil || d < best {
			coin, best = &w.Entities()[i], d
		}
	}
	var in sim.Input
	if tgt != nil {
		dx, dy := centre(tgt)
		if abs(dx-px) <= taxPotReach && abs(dy-py) <= taxPotReach {
			b.target = tgt.ID
			in = fresh(w, sim.A)
		}
	}
	switch {
	case b.target != 0:
		// In hand: stay on it (it jiggles in place while shaken).
		dx, dy := centre(tgt)
		in.Buttons |= toward(px, py, dx+4, dy, 2)
	case coin != nil && (tgt == nil || !taxPotUrgent(tgt, px, py)):
		cx, cy := centre(coin)
		in.Buttons |= toward(px, py, cx, cy, 1)
	case tgt != nil:
		dx, dy := centre(tgt)
		in.Buttons |= toward(px, py, dx+6, dy, 2)
	}
	return in
}

// taxPotUrgent reports whether dodger d must be run to now: the player
// would barely reach it before the border.
func taxPotUrgent(d *sim.Entity, px, py float64) bool {
	dx, dy := centre(d)
	reach := max(abs(dx-px), abs(dy-py)) / taxPotSpeed
	left := (taxPotBorder - d.X) / 1.2 // the fastest dodger's speed
	return reach+60 > left
}
