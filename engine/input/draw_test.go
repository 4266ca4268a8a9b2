package input

import (
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/sim"
)

func TestDrawTouch(t *testing.T) {
	inGame(t, func() {
		r := NewReader(DefaultMapping())
		if w, h := r.ScreenSize(844, 390); w != sim.ViewW || h != sim.ViewH {
			t.Errorf("ScreenSize before any touch = %dx%d, want the view", w, h)
		}
		w, h := 844, 390
		img := ebiten.NewImage(w, h)
		defer img.Deallocate()
		pix := make([]byte, 4*w*h)
		alphaAt := func(x, y int) byte { return pix[4*(y*w+x)+3] }

		r.DrawTouch(img)
		img.ReadPixels(pix)
		for i := 3; i < len(pix); i += 4 {
			if pix[i] != 0 {
				t.Fatalf("DrawTouch drew at pixel %d before any touch", i/4)
			}
		}

		// A touch device shows the controls from the start, off the view.
		r.SetTouchDevice(true)
		if w2, h2 := r.ScreenSize(w, h); w2 != w || h2 != h {
			t.Errorf("ScreenSize with touch = %dx%d, want %dx%d", w2, h2, w, h)
		}
		l := r.Layout()
		img.Clear()
		r.DrawTouch(img)
		img.ReadPixels(pix)
		pad := l.Pad
		if alphaAt(pad.X-pad.R*2/3, pad.Y) == 0 {
			t.Error("no D-pad before the first touch on a touch device")
		}
		for y := l.View.Min.Y; y < l.View.Max.Y; y++ {
			for x := l.View.Min.X; x < l.View.Max.X; x++ {
				if alphaAt(x, y) != 0 {
					t.Fatalf("DrawTouch drew at %d,%d, in the view %v", x, y, l.View)
				}
			}
		}

		// Left on the D-pad and A held.
		r.step(frame{touches: []touchPoint{{1, Point{pad.X - pad.R*2/3, pad.Y}}, {2, Point{l.A.X, l.A.Y}}}})
		img.Clear()
		r.DrawTouch(img)
		img.ReadPixels(pix)
		left, right := alphaAt(pad.X-pad.R*2/3, pad.Y), alphaAt(pad.X+pad.R*2/3, pad.Y)
		if left == 0 || right == 0 || left <= right {
			t.Errorf("pad arms: left (pressed) alpha %d, right alpha %d", left, right)
		}
		a, b := alphaAt(l.A.X+l.A.R-3, l.A.Y), alphaAt(l.B.X+l.B.R-3, l.B.Y)
		if a == 0 || b == 0 || a <= b {
			t.Errorf("buttons: A (pressed) alpha %d, B alpha %d", a, b)
		}
		if alphaAt(l.Pause.X+l.Pause.R-2, l.Pause.Y) == 0 {
			t.Error("no pause button")
		}

		// A key with no finger down hides the controls again.
		r.step(keys(ActionA))
		if w, h := r.ScreenSize(844, 390); w != sim.ViewW || h != sim.ViewH {
			t.Errorf("ScreenSize after the keyboard took over = %dx%d, want the view", w, h)
		}
		img.Clear()
		r.DrawTouch(img)
		img.ReadPixels(pix)
		if alphaAt(pad.X-pad.R*2/3, pad.Y) != 0 {
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
