package input

import (
	"image"
	"math"

	"github.com/communs-arcade/arcade/engine/sim"
)

// Point is a position in pixels: of the view (0..sim.ViewW-1,
// 0..sim.ViewH-1) or of the screen, as each use says.
type Point struct {
	X, Y int
}

// touchPoint is one finger on the screen: Ebiten's touch id and its
// position in screen pixels.
type touchPoint struct {
	ID int
	Point
}

// Circle is a round on-screen control: its centre and drawn radius in
// screen pixels.
type Circle struct {
	X, Y, R int
}

// has reports whether p is within r of the circle's centre.
func (c Circle) has(p Point, r int) bool {
	return dist2(p, c.X, c.Y) <= r*r
}

// Layout is where the view and the on-screen controls sit on the screen.
// Without touch controls the screen is the view (320×180, scaled by Ebiten
// with black bars). With them, the screen is the window in CSS pixels and
// the view is drawn scaled into View, the controls in the space around it,
// so they never cover the play area: beside it when the window is wide
// (a phone held sideways), below it when it is tall (held upright).
type Layout struct {
	Screen image.Point     // the logical screen's size (Game.Layout)
	View   image.Rectangle // where the view is drawn, in screen pixels
	// Controls reports whether the touch controls are shown.
	Controls bool
	// Pad is the D-pad, A and B the face buttons, Pause the pause (and
	// back) button.
	Pad, A, B, Pause Circle
}

// ViewLayout is the layout without touch controls: the screen is the view.
func ViewLayout() Layout {
	return Layout{Screen: image.Pt(sim.ViewW, sim.ViewH), View: image.Rect(0, 0, sim.ViewW, sim.ViewH)}
}

// TouchLayout lays the view and the controls out on a w×h screen (CSS
// pixels, about 1/160 inch on a phone, so the controls keep a thumb's size
// whatever the device). It tries the controls in two columns beside the
// view and in a strip below it, and keeps the arrangement that leaves the
// view larger.
func TouchLayout(w, h int) Layout {
	w, h = max(w, 64), max(h, 64)
	// The D-pad's radius follows the screen's short side, within a
	// thumb's reach; the rest follows the D-pad.
	r := int(math.Round(min(max(0.14*float64(min(w, h)), 34), 80)))
	m := r * 2 / 5          // margin around the controls
	band := 2*r + 2*m       // a column's width or the strip's height
	br, pr := r/2, r*3/10+1 // A and B, pause radii

	fit := func(availW, availH int) float64 {
		return max(0, min(float64(availW)/sim.ViewW, float64(availH)/sim.ViewH))
	}
	side, below := fit(w-2*band, h), fit(w, h-band)
	l := Layout{Screen: image.Pt(w, h), Controls: true}
	if side >= below {
		vw, vh := int(side*sim.ViewW), int(side*sim.ViewH)
		x0, y0 := (w-vw)/2, (h-vh)/2
		l.View = image.Rect(x0, y0, x0+vw, y0+vh)
		col := x0 // each column's width: at least band
		cy := h - r - m
		l.Pad = Circle{col / 2, cy, r}
		rx := w - col/2
		l.A = Circle{rx + br*6/5, cy - br*3/4, br}
		l.B = Circle{rx - br*6/5, cy + br*3/4, br}
		l.Pause = Circle{rx, m + pr, pr}
		return l
	}
	vw, vh := int(below*sim.ViewW), int(below*sim.ViewH)
	x0 := (w - vw) / 2
	l.View = image.Rect(x0, 0, x0+vw, vh)
	// The controls sit low in the strip, where thumbs hold a phone.
	strip := h - vh
	cy := vh + max(m+r, min(strip*11/20, strip-m-r))
	l.Pad = Circle{m + r, cy, r}
	rx := w - m - r
	l.A = Circle{rx + br*6/5, cy - br*3/4, br}
	l.B = Circle{rx - br*6/5, cy + br*3/4, br}
	// Pause between the two, at the top of the strip, out of the thumbs'
	// way.
	l.Pause = Circle{w / 2, vh + m + pr, pr}
	return l
}

// ToView converts a screen position to view pixels (outside the view when
// p is outside View).
func (l Layout) ToView(p Point) Point {
	if l.View.Dx() <= 0 || l.View.Dy() <= 0 {
		return p
	}
	x := math.Floor(float64(p.X-l.View.Min.X) * sim.ViewW / float64(l.View.Dx()))
	y := math.Floor(float64(p.Y-l.View.Min.Y) * sim.ViewH / float64(l.View.Dy()))
	return Point{int(x), int(y)}
}

// Scale is how many screen pixels a view pixel covers.
func (l Layout) Scale() float64 {
	return float64(l.View.Dx()) / sim.ViewW
}

// Hit radii, from the drawn sizes: a finger is never as precise as a
// mouse.
func (l Layout) padClaim() int  { return l.Pad.R * 3 / 2 }   // a new finger belongs to the D-pad
func (l Layout) padDead() int   { return max(2, l.Pad.R/5) } // presses no direction
func (l Layout) buttonHit() int { return l.A.R * 4 / 3 }     // presses A or B
func (l Layout) pauseHit() int  { return l.Pause.R * 3 / 2 }

// control is what a finger was given to when it first touched.
type control uint8

const (
	ctlNone control = iota // outside the view and every control
	ctlPointer
	ctlPad
	ctlButtons
	ctlPause
)

// tan67 is tan(67.5°): directions are eight 45° sectors, so a component
// counts when the angle is within 67.5° of its axis.
const tan67 = 2.414213562373095

// direction returns the directions of the vector dx, dy (y down) in eight
// sectors, or none within dead of the origin. The D-pad and the analogue
// sticks share it.
func direction(dx, dy, dead float64) sim.Buttons {
	if dx*dx+dy*dy <= dead*dead || dx != dx || dy != dy {
		return 0
	}
	ax, ay := abs(dx), abs(dy)
	var b sim.Buttons
	if ay < ax*tan67 {
		if dx < 0 {
			b |= sim.Left
		} else {
			b |= sim.Right
		}
	}
	if ax < ay*tan67 {
		if dy < 0 {
			b |= sim.Up
		} else {
			b |= sim.Down
		}
	}
	return b
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// dist2 is the squared distance from p to x, y.
func dist2(p Point, x, y int) int {
	dx, dy := p.X-x, p.Y-y
	return dx*dx + dy*dy
}

// classify returns the control a finger starting at p (screen pixels)
// belongs to. A finger in the view always points: the controls never
// take the play area.
func (l Layout) classify(p Point) control {
	if !l.Controls {
		return ctlPointer
	}
	// Around A and B, twice their hit radius: a thumb that lands between
	// or beside them is kept by the buttons and never points.
	zone := 2 * l.buttonHit()
	switch {
	case p.In(l.View):
		return ctlPointer
	case l.Pad.has(p, l.padClaim()):
		return ctlPad
	case l.Pause.has(p, l.pauseHit()):
		return ctlPause
	case l.A.has(p, zone) || l.B.has(p, zone):
		return ctlButtons
	}
	return ctlNone
}

// In reports whether p is inside r.
func (p Point) In(r image.Rectangle) bool {
	return image.Pt(p.X, p.Y).In(r)
}

// dpadButtons returns the directions a finger on the D-pad at p presses. A
// finger that started on the pad steers from any distance.
func (l Layout) dpadButtons(p Point) sim.Buttons {
	return direction(float64(p.X-l.Pad.X), float64(p.Y-l.Pad.Y), float64(l.padDead()))
}

// faceButton returns A or B if p is on one (the nearer one), or 0.
func (l Layout) faceButton(p Point) sim.Buttons {
	da, db := dist2(p, l.A.X, l.A.Y), dist2(p, l.B.X, l.B.Y)
	hit := l.buttonHit() * l.buttonHit()
	switch {
	case da <= hit && da <= db:
		return sim.A
	case db <= hit:
		return sim.B
	}
	return 0
}

// touchButtons returns the buttons pressed by fingers that have just touched
// at points: the stateless hit test (Reader tracks fingers as they move).
func (l Layout) touchButtons(points []Point) sim.Buttons {
	var b sim.Buttons
	for _, p := range points {
		switch l.classify(p) {
		case ctlPad:
			b |= l.dpadButtons(p)
		case ctlButtons:
			b |= l.faceButton(p)
		}
	}
	return b
}

// touchResult is what the fingers did during one tick.
type touchResult struct {
	buttons sim.Buttons
	pause   bool
	pointer Point // the oldest finger given to the pointer, in screen pixels
	pointed bool  // whether there is one
	tapped  bool  // whether that finger touched this tick
}

// touchTracker remembers, per finger, the control it first touched and when
// it arrived, so fingers keep their control while they move.
type touchTracker struct {
	fingers map[int]finger
	seq     uint64
	seen    map[int]bool // scratch: ids present this tick
}

type finger struct {
	ctl control
	seq uint64
}

// update takes the fingers down this tick and returns what they press on
// layout l.
func (t *touchTracker) update(l Layout, touches []touchPoint) touchResult {
	if t.fingers == nil {
		t.fingers = map[int]finger{}
		t.seen = map[int]bool{}
	}
	clear(t.seen)
	var r touchResult
	var pointerSeq uint64
	for _, tc := range touches {
		t.seen[tc.ID] = true
		f, ok := t.fingers[tc.ID]
		isNew := !ok
		if isNew {
			t.seq++
			f = finger{ctl: l.classify(tc.Point), seq: t.seq}
			t.fingers[tc.ID] = f
		}
		switch f.ctl {
		case ctlPad:
			r.buttons |= l.dpadButtons(tc.Point)
		case ctlButtons:
			r.buttons |= l.faceButton(tc.Point)
		case ctlPause:
			if l.Pause.has(tc.Point, l.pauseHit()) {
				r.pause = true
			}
		case ctlPointer:
			if !r.pointed || f.seq < pointerSeq {
				r.pointer, r.pointed, pointerSeq, r.tapped = tc.Point, true, f.seq, isNew
			}
		}
	}
	for id := range t.fingers {
		if !t.seen[id] {
			delete(t.fingers, id)
		}
	}
	return r
}
