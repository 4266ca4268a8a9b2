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
	r     reader
	dest  [2]int // the cell the surveyor stands on or walks to
	set   bool   // dest is known
	still int    // ticks the surveyor has stood still off dest
	lastA bool   // A was held on the previous tick
	// cleaning: false edits have piled up; revert them all (and stop the
	// vandals) before mapping on.
	cleaning bool
}

func init() {
	register("open-map", func() Bot {
		return &openMap{r: reader{answers: map[string]int{"quiz1.q": 1, "quiz2.q": 2}}}
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
	cx, cy := int(math.Round(p.X/16)), int(math.Round(p.Y/16))
	aligned := p.X == float64(cx*16) && p.Y == float64(cy*16)
	if !b.set {
		b.dest, b.set = [2]int{cx, cy}, true
	}
	if !aligned {
		b.still = 0
		return sim.Input{}
	}
	if b.dest != [2]int{cx, cy} {
		// Still on the cell it left: the step has not begun (the level
		// paused for a question), or it was refused. After a while,
		// believe the screen.
		if b.still++; b.still < 3 {
			return sim.Input{}
		}
		b.dest = [2]int{cx, cy}
	}
	b.still = 0

	// False edits pull the surveyor off its round only when they pile up:
	// finishing the map first sends the vandals away for good.
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
	type node struct{ x, y int }
	walk := func(x, y int) bool { return y >= openMapTop && openMapWalk[m.Get(town, x, y)] }
	dirs := []struct {
		dx, dy int
		b      sim.Buttons
	}{{0, -1, sim.Up}, {0, 1, sim.Down}, {-1, 0, sim.Left}, {1, 0, sim.Right}}
	firstStep := map[node]int{{cx, cy}: -1}
	dist := map[node]int{{cx, cy}: 0}
	queue := []node{{cx, cy}}
	best, bestCost := -1, math.MaxInt
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if dist[n] > 0 {
			mapping, act, urgent := work(n.x, n.y)
			cost := math.MaxInt
			switch {
			case urgent:
				cost = dist[n] + urgentCost
			case mapping || act:
				cost = dist[n] + mapCost
			}
			if cost < bestCost {
				best, bestCost = firstStep[n], cost
			}
		}
		for k, d := range dirs {
			nx := node{n.x + d.dx, n.y + d.dy}
			if _, seen := dist[nx]; seen || !walk(nx.x, nx.y) {
				continue
			}
			dist[nx] = dist[n] + 1
			firstStep[nx] = firstStep[n]
			if dist[n] == 0 {
				firstStep[nx] = k
			}
			queue = append(queue, nx)
		}
	}
	if best < 0 {
		return sim.Input{}
	}
	d := dirs[best]
	b.dest = [2]int{cx + d.dx, cy + d.dy}
	return press(d.b)
}
