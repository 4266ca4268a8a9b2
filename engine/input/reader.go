package input

import (
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/sim"
)

// Reader turns the devices into one sim.Input per tick. Call Poll once per
// Ebiten Update and DrawTouch from Draw; a Reader is not safe for use by
// several goroutines at once (Ebiten calls Update and Draw from one).
type Reader struct {
	mapping Mapping

	touch       touchTracker
	touchActive bool
	touchPress  sim.Buttons // what the fingers pressed last tick, for DrawTouch
	touchPause  bool
	layout      Layout // where the view and the controls are (ScreenSize)
	tap         Point  // where a finger touched the view this tick, in view pixels
	tapped      bool

	prevPause bool
	pointer   Point // last pointer position, kept while nothing points
	lastMouse Point

	// starts, when set, returns the touches that began since its last
	// call (see SetTouchStarts).
	starts func() []Point

	// Scratch reused by Poll.
	touchIDs []ebiten.TouchID
	touches  []touchPoint
	pads     []ebiten.GamepadID
}

// NewReader returns a Reader using mapping m for the keyboard.
func NewReader(m Mapping) *Reader {
	return &Reader{mapping: m.clone(), layout: ViewLayout()}
}

// SetTouchDevice tells the Reader the device has a touch screen (the
// browser page asks matchMedia('(pointer: coarse)')): the controls are
// shown from the first frame, before any touch.
func (r *Reader) SetTouchDevice(touch bool) {
	if touch {
		r.touchActive = true
	}
}

// SetTouchStarts gives the Reader a source of the touches that began since
// its last call, in screen pixels (the browser's touchstart events). Ebiten
// reports the fingers down at each tick, so a tap shorter than a tick (a
// quick one, or a test's) would be missed: with this source such a touch
// is seen down for one tick.
func (r *Reader) SetTouchStarts(f func() []Point) {
	r.starts = f
}

// ScreenSize returns the logical screen's size for a window of outsideW ×
// outsideH (Ebiten's Game.Layout) and lays the view and the controls out
// on it: the view alone without touch controls, the window's own size
// with them (see TouchLayout).
func (r *Reader) ScreenSize(outsideW, outsideH int) (w, h int) {
	if r.touchActive && outsideW > 0 && outsideH > 0 {
		r.layout = TouchLayout(outsideW, outsideH)
	} else {
		r.layout = ViewLayout()
	}
	return r.layout.Screen.X, r.layout.Screen.Y
}

// Layout returns where the view and the controls are on the screen, as
// the last ScreenSize laid them out.
func (r *Reader) Layout() Layout {
	return r.layout
}

// Tap returns where a finger touched the view during the last Poll, in
// view pixels: a tap the menus take for their items. Fingers on the
// controls, and the mouse, never tap.
func (r *Reader) Tap() (Point, bool) {
	return r.tap, r.tapped
}

// SetMapping replaces the keyboard mapping from the next Poll on.
func (r *Reader) SetMapping(m Mapping) {
	r.mapping = m.clone()
}

// Mapping returns the keyboard mapping in use.
func (r *Reader) Mapping() Mapping {
	return r.mapping.clone()
}

// TouchActive reports whether the on-screen controls are shown: a finger has
// touched the screen since the last key or gamepad button was used.
func (r *Reader) TouchActive() bool {
	return r.touchActive
}

// Poll reads the devices and returns this tick's input and whether the
// player asked to pause. pause is true only on the tick a pause key, Start or
// the on-screen pause button goes down, so holding it toggles nothing twice.
// Keep polling while the game is paused, to see the next pause (resume).
func (r *Reader) Poll() (in sim.Input, pause bool) {
	var f frame
	f.keys = r.mapping.pressed(ebiten.IsKeyPressed)

	r.pads = ebiten.AppendGamepadIDs(r.pads[:0])
	for _, id := range r.pads {
		b, p := gamepadButtons(readPad(id))
		f.pad |= b
		f.padPause = f.padPause || p
	}

	r.touchIDs = ebiten.AppendTouchIDs(r.touchIDs[:0])
	r.touches = r.touches[:0]
	for _, id := range r.touchIDs {
		x, y := ebiten.TouchPosition(id)
		r.touches = append(r.touches, touchPoint{ID: int(id), Point: Point{x, y}})
	}
	if r.starts != nil {
		if s := r.starts(); r.layout.Controls {
			f.starts = s
		}
	}
	f.touches = r.touches

	x, y := ebiten.CursorPosition()
	f.mouse = Point{x, y}
	f.mouseDown = ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	return r.step(f)
}

// frame is a snapshot of the devices during one tick.
type frame struct {
	keys      [numActions]bool // actions whose keys are held
	pad       sim.Buttons      // all gamepads together
	padPause  bool
	touches   []touchPoint // fingers down, in screen pixels
	mouse     Point        // cursor in screen pixels
	mouseDown bool         // left button
	starts    []Point      // touches begun since the last tick (SetTouchStarts)
}

// step turns a snapshot into the tick's input; it is Poll without Ebiten.
func (r *Reader) step(f frame) (sim.Input, bool) {
	var keys sim.Buttons
	for a := ActionLeft; a < ActionPause; a++ {
		if f.keys[a] {
			keys |= a.Button()
		}
	}
	keyPause := f.keys[ActionPause]

	if len(f.touches) > 0 {
		r.touchActive = true
	} else if keys != 0 || keyPause || f.pad != 0 || f.padPause {
		r.touchActive = false
	}
	l := r.layout
	t := r.touch.update(l, r.withFlicks(f))
	r.touchPress, r.touchPause = t.buttons, t.pause

	pause := keyPause || f.padPause || t.pause
	edge := pause && !r.prevPause
	r.prevPause = pause

	// The pointer is the oldest finger not on a control; with no finger
	// down, the mouse once it moves or clicks. Fingers on controls never
	// move it, and neither does a mouse a touch screen emulates meanwhile.
	mouseMoved := f.mouse != r.lastMouse
	r.lastMouse = f.mouse
	down := false
	switch {
	case t.pointed:
		r.pointer, down = l.ToView(t.pointer), true
	case len(f.touches) == 0 && (f.mouseDown || mouseMoved):
		r.pointer, down = l.ToView(f.mouse), f.mouseDown
	}
	r.tap, r.tapped = r.pointer, t.tapped && inView(r.pointer)
	in := sim.Input{Buttons: (keys | f.pad | t.buttons) & sim.AllButtons}
	in.PointerX = int16(clampInt(r.pointer.X, 0, sim.ViewW-1))
	in.PointerY = int16(clampInt(r.pointer.Y, 0, sim.ViewH-1))
	in.PointerDown = down && inView(r.pointer)
	return in, edge
}

// withFlicks returns the fingers of f plus, for each touch that began
// since the last tick but is no longer down (f.starts beyond the new
// fingers the tracker sees), a finger down for this tick only.
func (r *Reader) withFlicks(f frame) []touchPoint {
	fresh := 0
	for _, tc := range f.touches {
		if _, ok := r.touch.fingers[tc.ID]; !ok {
			fresh++
		}
	}
	if len(f.starts) <= fresh {
		return f.touches
	}
	out := append([]touchPoint(nil), f.touches...)
	for i, p := range f.starts[fresh:] {
		out = append(out, touchPoint{ID: -1 - i, Point: p}) // Ebiten's ids are never negative
	}
	return out
}

func inView(p Point) bool {
	return p.X >= 0 && p.X < sim.ViewW && p.Y >= 0 && p.Y < sim.ViewH
}

func clampInt(v, lo, hi int) int {
	return max(lo, min(v, hi))
}
