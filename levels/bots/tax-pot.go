package bots

import (
	"github.com/communs-arcade/arcade/engine/sim"
)

// The tax pot (levels/tax-pot): a person reads the introduction and the
// lines about the legal scheme, then audits only the shell companies (the
// frauds): they run to the one closest to the border, press A once within
// reach and gather the coins that fall, and leave the schemes alone (an
// audit finds nothing there). When no fraud is about to escape they pick up
// the coins left lying about. Both questions are answered right: profit
// shifting is the first choice, the global minimum tax is the second (15 %).
func init() {
	register("tax-pot", func() Bot { return &taxPot{} })
}

// taxPotAnswers are the right choices of the level's two questions.
var taxPotAnswers = map[string]int{"quiz1.q": 1, "quiz2.q": 2}

// The level's field and reach, from its main.lua.
const (
	taxPotBorder = 272 // a company past this x has escaped
	taxPotReach  = 14  // a little inside the 16 px an audit reaches
	taxPotSpeed  = 1.6 // the player's pixels per tick on each axis
)

type taxPot struct{}

func (b *taxPot) Next(w *sim.World) sim.Input {
	if in, ok := converse(w, taxPotAnswers); ok {
		return in
	}
	p := first(w, "player")
	if p == nil {
		return sim.Input{}
	}
	px, py := centre(p)
	// The fraud that will reach the border first, and the nearest company
	// of any kind (an audit takes the nearest).
	var tgt, near *sim.Entity
	nearD := 0.0
	for i, e := range w.Entities() {
		if e.Tag != "shell" && e.Tag != "scheme" || e.X >= taxPotBorder {
			continue
		}
		ex, ey := centre(&e)
		if d := abs(ex-px) + abs(ey-py); near == nil || d < nearD {
			near, nearD = &w.Entities()[i], d
		}
		if e.Tag == "shell" && (tgt == nil || e.X > tgt.X) {
			tgt = &w.Entities()[i]
		}
	}
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
	if tgt != nil && near == tgt {
		dx, dy := centre(tgt)
		if abs(dx-px) <= taxPotReach && abs(dy-py) <= taxPotReach {
			in = fresh(w, sim.A)
		}
	}
	switch {
	case coin != nil && (tgt == nil || !taxPotUrgent(tgt, px, py)):
		cx, cy := centre(coin)
		in.Buttons |= toward(px, py, cx, cy, 1)
	case tgt != nil:
		dx, dy := centre(tgt)
		in.Buttons |= toward(px, py, dx+6, dy, 2)
	}
	return in
}

// taxPotUrgent reports whether fraud d must be run to now: the player
// would barely reach it before the border.
func taxPotUrgent(d *sim.Entity, px, py float64) bool {
	dx, dy := centre(d)
	reach := max(abs(dx-px), abs(dy-py)) / taxPotSpeed
	left := (taxPotBorder - d.X) / 0.6 // the fastest fraud's speed
	return reach+60 > left
}
