package bots

import (
	"math"
	"strings"

	"github.com/communs-arcade/arcade/engine/sim"
)

// The library that locks itself (drm-library): fill the club's shelf with
// books that stay readable.
//
// A player leaves the shop's books alone (they lock to the reader's brand,
// then vanish with the shop's servers) and carries to the shelf the
// nearest DRM-free book from the press or loan from the library. When the
// shelf is full it waits there with its book for a slot. When a club
// member asks for an accessible copy, it takes the book it carries (or the
// next one it picks up) to the accessible-format service first. It reads
// each line for a second and each question for two, and answers the three
// questions right.
type drmLibrary struct{ talk reader }

func init() {
	register("drm-library", func() Bot {
		return &drmLibrary{talk: reader{readTicks: 60, askTicks: 120, skip: []string{"won", "lost"},
			answers: map[string]int{"quiz1.q": 2, "quiz2.q": 3, "quiz3.q": 2}}}
	})
}

func (b *drmLibrary) Next(w *sim.World) sim.Input {
	if in, ok := b.talk.next(w); ok {
		return in
	}
	player := first(w, "player")
	if player == nil {
		return sim.Input{}
	}
	px, py := player.X+player.W/2, player.Y+player.H/2
	asked := false
	for _, e := range w.Entities() {
		if e.Sprite == "request_bubble" {
			asked = true
		}
	}
	var tx, ty float64
	switch {
	case first(w, "hand") != nil && asked && first(w, "stall_access") != nil:
		s := first(w, "stall_access")
		tx, ty = s.X+s.W/2, s.Y+s.H/2
	case first(w, "hand") != nil:
		s := first(w, "shelf")
		tx, ty = s.X+s.W/2, math.Min(math.Max(py, s.Y+8), s.Y+s.H-8)
	default:
		best := math.Inf(1)
		for _, e := range tagged(w, "book") {
			if !strings.HasSuffix(e.Sprite, "_open") && !strings.HasSuffix(e.Sprite, "_loan") {
				continue // the shop's: locked to a brand, then gone
			}
			if d := math.Hypot(e.X+e.W/2-px, e.Y+e.H/2-py); d < best {
				best, tx, ty = d, e.X+e.W/2, e.Y+e.H/2
			}
		}
		if math.IsInf(best, 1) {
			// Wait by the press for its next book.
			tx, ty = 262, 144
		}
	}
	return press(toward(px, py, tx, ty, 1))
}
