package input

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/communs-arcade/arcade/engine/sim"
)

// Colours of the on-screen controls: light and see-through, brighter while
// pressed.
var (
	touchBase    = color.NRGBA{0xff, 0xff, 0xff, 0x30}
	touchShape   = color.NRGBA{0xff, 0xff, 0xff, 0x70}
	touchPressed = color.NRGBA{0xff, 0xff, 0xff, 0xc0}
	touchMark    = color.NRGBA{0x1d, 0x1f, 0x33, 0x80}
	touchLetter  = color.NRGBA{0x3a, 0x3c, 0x4c, 0xff}
)

// DrawTouch draws the on-screen controls onto dst (the screen, laid out as
// Layout says), the pressed ones highlighted, while touch controls are
// active; otherwise it draws nothing. The controls sit around the view,
// never on it.
func (r *Reader) DrawTouch(dst *ebiten.Image) {
	l := r.layout
	if !r.touchActive || !l.Controls {
		return
	}
	drawPad(dst, l.Pad, r.touchPress)
	drawButton(dst, l.A, r.touchPress&sim.A != 0, true)
	drawButton(dst, l.B, r.touchPress&sim.B != 0, false)
	drawPause(dst, l.Pause, r.touchPause)
}

func drawPad(dst *ebiten.Image, c Circle, pressed sim.Buttons) {
	cx, cy, r := float32(c.X), float32(c.Y), float32(c.R)
	w := r / 3 // the arms' half width
	vector.FillCircle(dst, cx, cy, r*1.2, touchBase, true)
	// Each arm runs from the centre square outwards.
	arms := []struct {
		btn        sim.Buttons
		x, y, w, h float32
	}{
		{sim.Left, cx - r, cy - w, r - w, 2 * w},
		{sim.Right, cx + w, cy - w, r - w, 2 * w},
		{sim.Up, cx - w, cy - r, 2 * w, r - w},
		{sim.Down, cx - w, cy + w, 2 * w, r - w},
	}
	vector.FillRect(dst, cx-w, cy-w, 2*w, 2*w, touchShape, false)
	for _, a := range arms {
		c := touchShape
		if pressed&a.btn != 0 {
			c = touchPressed
		}
		vector.FillRect(dst, a.x, a.y, a.w, a.h, c, false)
	}
}

// drawButton draws a face button with its letter, A or B, stroked rather
// than set in a font: the game's texts name the buttons by these letters
// ("press A"), so the pad must show them, and strokes keep the input package
// free of text drawing.
func drawButton(dst *ebiten.Image, b Circle, pressed, isA bool) {
	cx, cy, r := float32(b.X), float32(b.Y), float32(b.R)
	c := touchShape
	if pressed {
		c = touchPressed
	}
	vector.FillCircle(dst, cx, cy, r, c, true)
	// The letter is drawn in a box half the button's height: u is half of
	// it. Each stroke is its own path, in an opaque colour, so where two
	// meet nothing cancels or darkens.
	u := r / 2
	stroke := func(build func(p *vector.Path)) {
		var p vector.Path
		build(&p)
		op := &vector.DrawPathOptions{AntiAlias: true}
		op.ColorScale.ScaleWithColor(touchLetter)
		vector.StrokePath(dst, &p, &vector.StrokeOptions{Width: max(2, r/7), LineJoin: vector.LineJoinRound, LineCap: vector.LineCapRound}, op)
	}
	if isA {
		stroke(func(p *vector.Path) {
			p.MoveTo(cx-0.75*u, cy+u)
			p.LineTo(cx, cy-u)
			p.LineTo(cx+0.75*u, cy+u)
		})
		stroke(func(p *vector.Path) {
			p.MoveTo(cx-0.45*u, cy+0.35*u)
			p.LineTo(cx+0.45*u, cy+0.35*u)
		})
		return
	}
	left := cx - 0.55*u
	stroke(func(p *vector.Path) {
		p.MoveTo(left, cy+u)
		p.LineTo(left, cy-u)
	})
	// The two bowls, the lower one a little wider.
	for _, b := range []struct{ top, right float32 }{{cy - u, cx}, {cy, cx + 0.05*u}} {
		stroke(func(p *vector.Path) {
			p.MoveTo(left, b.top)
			p.LineTo(b.right, b.top)
			// A half circle of radius u/2 as two cubic curves.
			k, h := 0.5523*0.5*u, 0.5*u
			p.CubicTo(b.right+k, b.top, b.right+h, b.top+h-k, b.right+h, b.top+h)
			p.CubicTo(b.right+h, b.top+h+k, b.right+k, b.top+u, b.right, b.top+u)
			p.LineTo(left, b.top+u)
		})
	}
}

// drawPause draws the pause button, which is also the menus' back: two
// bars in a circle.
func drawPause(dst *ebiten.Image, p Circle, pressed bool) {
	cx, cy, r := float32(p.X), float32(p.Y), float32(p.R)
	c := touchShape
	if pressed {
		c = touchPressed
	}
	vector.FillCircle(dst, cx, cy, r, c, true)
	bw, bh := r/4, r
	vector.FillRect(dst, cx-bw*1.5, cy-bh/2, bw, bh, touchMark, false)
	vector.FillRect(dst, cx+bw*0.5, cy-bh/2, bw, bh, touchMark, false)
}
