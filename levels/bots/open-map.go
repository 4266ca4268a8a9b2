package bots

import (
	"math"

	"github.com/communs-arcade/arcade/engine/sim"
)

// openMap surveys the town as a person reading the screen would: from the
// cell it stands on it walks, along the streets, to the nearest cell from
// which there is something to do (a pencil cell to map around it, a place
// marked "?" to survey, a false edit to revert or a vandal to stop), and
// presses A there when there is a place or a false edit within reach.
// It prefers mapping to reverting false edits and stopping vandals, since
// finishing the map sends the vandals away for good, unless false edits
// pile up (ten standing at once lose): then it reverts them all first. It answers both questions
// right (quiz 1: the second choice, quiz 2: the third).
type openMap struct {
	r     pupil
	g     gridWalker
	lastA bool // A was held on the previous tick
	// cleaning: false edits have piled up; revert them all (and stop the
	// vandals) before mapping on.
	cleaning bool
}

func init() {
	register("open-map", func() Bot {
		return &openMap{r: pupil{answers: map[string]int{"quiz1.q": 1, "quiz2.q": 2}}}
	})
}

// Tiles of levels/open-map/tiles.png as the map shows them.
const (
	openMapTop      = 2  // rows above are the frame under the HUDs
	openMapPOI      = 11 // a place to survey, in pencil
	openMapPOIDrawn = 12 // a place on the map, not yet surveyed
	openMapScribble = 19 // a false edit, on the "edits" layer
	openMapUrgency  = 8  // cells of detour worth taking for mapping rather than a false edit
	openMapPileUp   = 5  // false edits that make a pile (ten lose): time to clean up...
	openMapClean    = 2  // ...down to this many
)

// openMapSketch are the pencil tiles: cells not on the map yet.
var openMapSketch = map[uint32]bool{1: true, 3: true, 5: true, 7: true, 9: true, 11: true, 21: true, 23: true}

// openMapWalk are the tiles the surveyor walks on, in pencil or mapped:
// street, park, bridge, square.
var openMapWalk = map[uint32]bool{1: true, 2: true, 5: true, 6: true, 9: true, 10: true, 21: true, 22: true}

// Next reads, then walks and acts.
func (b *openMap) Next(w *sim.World) sim.Input {
	if in, ok := b.r.read(w); ok {
		b.lastA = in.Buttons&sim.A != 0
		return in
	}
	in := b.play(w)
	b.lastA = in.Buttons&sim.A != 0
	return in
}

func (b *openMap) play(w *sim.World) sim.Input {
	p := first(w, "player")
	m := w.Map
	if p == nil || m == nil {
		return sim.Input{}
	}
	town, edits := m.LayerIndex("town"), m.LayerIndex("edits")
	cx, cy, idle := b.g.idle(p, 16)
	if !idle {
		return sim.Input{}
	}
	// False edits pull the surveyor off its round only when they pile up
	// (and until they are few again): finishing the map first sends the
	// vandals away for good.
	scribbles := 0
	for j := openMapTop; j < m.H; j++ {
		for i := 0; i < m.W; i++ {
			if m.Get(edits, i, j) == openMapScribble {
				scribbles++
			}
		}
	}
	switch {
	case scribbles >= openMapPileUp:
		b.cleaning = true
	case scribbles <= openMapClean:
		b.cleaning = false
	}
	urgentCost, mapCost := openMapUrgency, 0
	if b.cleaning {
		urgentCost, mapCost = 0, 1000
	}
	vandals := map[[2]int]bool{}
	for _, v := range tagged(w, "vandal") {
		vandals[[2]int{int(math.Round(v.X / 16)), int(math.Round(v.Y / 16))}] = true
	}
	// work tells what standing idle on x, y would do: map cells, press A
	// for places and false edits, stop vandals.
	work := func(x, y int) (mapping, act, urgent bool) {
		for j := y - 1; j <= y+1; j++ {
			for i := x - 1; i <= x+1; i++ {
				if j < openMapTop || i < 0 || j >= m.H || i >= m.W {
					continue
				}
				t := m.Get(town, i, j)
				if openMapSketch[t] {
					mapping = true
				}
				if t == openMapPOIDrawn {
					act = true
				}
				if m.Get(edits, i, j) == openMapScribble {
					act, urgent = true, true
				}
				if vandals[[2]int{i, j}] {
					urgent = true
				}
			}
		}
		return
	}
	// Here: survey the place or revert the false edits within reach. A
	// place still in pencil is mapped on arrival, so its "?" is ready.
	if _, act, _ := work(cx, cy); act {
		if !b.lastA {
			return press(sim.A)
		}
		return sim.Input{}
	}

	// Walk: breadth first over the streets, to the cheapest cell with work.
	walk := func(x, y int) bool { return y >= openMapTop && openMapWalk[m.Get(town, x, y)] }
	return press(b.g.toward(cx, cy, walk, func(x, y, dist int) (int, bool) {
		mapping, act, urgent := work(x, y)
		switch {
		case urgent:
			return dist + urgentCost, true
		case mapping || act:
			return dist + mapCost, true
		}
		return 0, false
	}))
}
