package input

import (
	"github.com/communs-arcade/arcade/engine/sim"
)

// Point is a position in view pixels (0..sim.ViewW-1, 0..sim.ViewH-1).
type Point struct {
	X, Y int
}

// touchPoint is one finger on the screen: Ebiten's touch id and its
// position in view pixels.
type touchPoint struct {
	ID int
	Point
}

// The on-screen controls, in view pixels. They are sized for thumbs on a
// phone held sideways, where the 320×180 view fills the screen.
const (
	// PadX, PadY is the D-pad's centre; PadRadius the drawn size.
	PadX, PadY = 40, 136
	PadRadius  = 30
	// padClaim is the radius within which a new finger belongs to the
	// D-pad; padDead the centre where it presses no direction.
	padClaim = 46
	padDead  = 6

	// AX, AY and BX, BY are the centres of the A and B buttons.
	AX, AY       = 294, 140
	BX, BY       = 258, 158
	ButtonRadius = 15
	// buttonHit is how far from a button's centre a finger presses it.
	buttonHit = 20

	// PauseX, PauseY is the centre of the pause button.
	PauseX, PauseY = 306, 13
	PauseRadius    = 9
	pauseHit       = 13
)

// buttonZone is the corner that belongs to the A and B buttons: a finger
// that starts there never moves the pointer, even between the buttons.
var buttonZone = struct{ x0, y0 int }{x0: BX - buttonHit - 6, y0: AY - buttonHit - 6}

// control is what a finger was given to when it first touched.
type control uint8

const (
	ctlPointer control = iota
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

// classify returns the control a finger starting at p belongs to.
func classify(p Point) control {
	switch {
	case dist2(p, PadX, PadY) <= padClaim*padClaim:
		return ctlPad
	case dist2(p, PauseX, PauseY) <= pauseHit*pauseHit:
		return ctlPause
	case p.X >= buttonZone.x0 && p.Y >= buttonZone.y0:
		return ctlButtons
	}
	return ctlPointer
}

// dpadButtons returns the directions a finger on the D-pad at p presses. A
// finger that started on the pad steers from any distance.
func dpadButtons(p Point) sim.Buttons {
	return direction(float64(p.X-PadX), float64(p.Y-PadY), padDead)
}

// faceButton returns A or B if p is on one (the nearer one), or 0.
func faceButton(p Point) sim.Buttons {
	da, db := dist2(p, AX, AY), dist2(p, BX, BY)
	const hit = buttonHit * buttonHit
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
func touchButtons(points []Point) sim.Buttons {
	var b sim.Buttons
	for _, p := range points {
		switch classify(p) {
		case ctlPad:
			b |= dpadButtons(p)
		case ctlButtons:
			b |= faceButton(p)
		}
	}
	return b
}

// touchResult is what the fingers did during one tick.
type touchResult struct {
	buttons sim.Buttons
	pause   bool
	pointer Point // the oldest finger given to the pointer
	pointed bool  // whether there is one
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

// update takes the fingers down this tick and returns what they press.
func (t *touchTracker) update(touches []touchPoint) touchResult {
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
		if !ok {
			t.seq++
			f = finger{ctl: classify(tc.Point), seq: t.seq}
			t.fingers[tc.ID] = f
		}
		switch f.ctl {
		case ctlPad:
			r.buttons |= dpadButtons(tc.Point)
		case ctlButtons:
			r.buttons |= faceButton(tc.Point)
		case ctlPause:
			if dist2(tc.Point, PauseX, PauseY) <= pauseHit*pauseHit {
				r.pause = true
			}
		case ctlPointer:
			if !r.pointed || f.seq < pointerSeq {
				r.pointer, r.pointed, pointerSeq = tc.Point, true, f.seq
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
