package input

import (
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/sim"
)

// alphaAt reads the alpha of pixel x, y of an RGBA pixel dump of a
// sim.ViewW-wide image.
func alphaAt(pix []byte, x, y int) byte {
	return pix[4*(y*sim.ViewW+x)+3]
}

func TestDrawTouch(t *testing.T) {
	inGame(t, func() {
		img := ebiten.NewImage(sim.ViewW, sim.ViewH)
		defer img.Deallocate()
		pix := make([]byte, 4*sim.ViewW*sim.ViewH)
		r := NewReader(DefaultMapping())

		r.DrawTouch(img)
		img.ReadPixels(pix)
		for i := 3; i < len(pix); i += 4 {
			if pix[i] != 0 {
				t.Fatalf("DrawTouch drew at pixel %d before any touch", i/4)
			}
		}

		// Left on the D-pad and A held.
		r.step(frame{touches: []touchPoint{{1, Point{PadX - 20, PadY}}, {2, Point{AX, AY}}}})
		r.DrawTouch(img)
		img.ReadPixels(pix)
		left, right := alphaAt(pix, PadX-20, PadY), alphaAt(pix, PadX+20, PadY)
		if left == 0 || right == 0 || left <= right {
			t.Errorf("pad arms: left (pressed) alpha %d, right alpha %d", left, right)
		}
		a, b := alphaAt(pix, AX+ButtonRadius-3, AY), alphaAt(pix, BX+ButtonRadius-3, BY)
		if a == 0 || b == 0 || a <= b {
			t.Errorf("buttons: A (pressed) alpha %d, B alpha %d", a, b)
		}
		if alphaAt(pix, PauseX+PauseRadius-2, PauseY) == 0 {
			t.Error("no pause button")
		}
		if alphaAt(pix, 160, 90) != 0 {
			t.Error("DrawTouch drew in the middle of the view")
		}

		// A key with no finger down hides the controls again.
		img.Clear()
		r.step(keys(ActionA))
		r.DrawTouch(img)
		img.ReadPixels(pix)
		if alphaAt(pix, PadX-20, PadY) != 0 {
			t.Error("controls drawn after the keyboard took over")
		}
	})
}

// Poll inside a running game reads Ebiten's real (idle) devices.
func TestPollInGame(t *testing.T) {
	inGame(t, func() {
		r := NewReader(DefaultMapping())
		in, pause := r.Poll()
		if in.Buttons != 0 || in.PointerDown || pause {
			t.Errorf("Poll() = %+v, %v with nothing pressed", in, pause)
		}
	})
}
