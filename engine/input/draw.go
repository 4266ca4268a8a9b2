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
	touchBase    = color.NRGBA{0xff, 0xff, 0xff, 0x28}
	touchShape   = color.NRGBA{0xff, 0xff, 0xff, 0x50}
	touchPressed = color.NRGBA{0xff, 0xff, 0xff, 0xa0}
	touchMark    = color.NRGBA{0x1d, 0x1f, 0x33, 0x80}
)

// padArm is the half width of the D-pad's arms.
const padArm = 10

// DrawTouch draws the on-screen controls onto dst (the 320×180 view), the
// pressed ones highlighted, while touch controls are active; otherwise it
// draws nothing. Call it last in Draw so the controls sit above the level.
func (r *Reader) DrawTouch(dst *ebiten.Image) {
	if !r.touchActive {
		return
	}
	drawPad(dst, r.touchPress)
	drawButton(dst, AX, AY, r.touchPress&sim.A != 0, true)
	drawButton(dst, BX, BY, r.touchPress&sim.B != 0, false)
	drawPause(dst, r.touchPause)
}

func drawPad(dst *ebiten.Image, pressed sim.Buttons) {
	const (
		cx, cy = float32(PadX), float32(PadY)
		r      = float32(PadRadius)
		w      = float32(padArm)
	)
	vector.FillCircle(dst, cx, cy, r+6, touchBase, true)
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

// drawButton draws a face button; A carries a dot and B a ring, so the two
// differ without any lettering.
func drawButton(dst *ebiten.Image, x, y int, pressed, dot bool) {
	cx, cy, r := float32(x), float32(y), float32(ButtonRadius)
	c := touchShape
	if pressed {
		c = touchPressed
	}
	vector.FillCircle(dst, cx, cy, r, c, true)
	if dot {
		vector.FillCircle(dst, cx, cy, r/3, touchMark, true)
	} else {
		vector.StrokeCircle(dst, cx, cy, r/2, 2, touchMark, true)
	}
}

// drawPause draws the pause button: two bars in a circle.
func drawPause(dst *ebiten.Image, pressed bool) {
	cx, cy, r := float32(PauseX), float32(PauseY), float32(PauseRadius)
	c := touchBase
	if pressed {
		c = touchPressed
	}
	vector.FillCircle(dst, cx, cy, r, c, true)
	vector.FillRect(dst, cx-4, cy-4, 3, 8, touchShape, false)
	vector.FillRect(dst, cx+1, cy-4, 3, 8, touchShape, false)
}
