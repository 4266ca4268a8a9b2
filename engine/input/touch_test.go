package input

import (
	"fmt"
	"image"
	"math"
	"testing"

	"github.com/communs-arcade/arcade/engine/sim"
)

func TestDirection(t *testing.T) {
	tests := []struct {
		dx, dy float64
		want   sim.Buttons
	}{
		{0, 0, 0},
		{0.2, 0.1, 0}, // inside the dead zone
		{1, 0, sim.Right},
		{-1, 0, sim.Left},
		{0, -1, sim.Up},
		{0, 1, sim.Down},
		{1, 1, sim.Right | sim.Down},
		{-1, -1, sim.Left | sim.Up},
		{1, 0.35, sim.Right},           // 19°: still straight
		{1, 0.5, sim.Right | sim.Down}, // 27°: diagonal
		{0.35, -1, sim.Up},
		{math.NaN(), 1, 0},
		{1, math.Inf(1), sim.Down},
	}
	for _, tt := range tests {
		if got := direction(tt.dx, tt.dy, 0.3); got != tt.want {
			t.Errorf("direction(%v, %v) = %06b, want %06b", tt.dx, tt.dy, got, tt.want)
		}
	}
}

// phone is a phone held sideways (844×390 CSS pixels): the layout the
// touch tests press on.
var phone = TouchLayout(844, 390)

// mid is the middle of l's view, in screen pixels.
func mid(l Layout) Point {
	c := l.View.Min.Add(l.View.Size().Div(2))
	return Point{c.X, c.Y}
}

// circleOverlaps reports whether a disc of radius r at c reaches into rect.
func circleOverlaps(c Circle, r int, rect image.Rectangle) bool {
	x := max(rect.Min.X, min(c.X, rect.Max.X-1))
	y := max(rect.Min.Y, min(c.Y, rect.Max.Y-1))
	return dist2(Point{x, y}, c.X, c.Y) < r*r
}

func TestTouchLayout(t *testing.T) {
	tests := []struct {
		w, h  int
		below bool // the controls in a strip below the view, not beside it
	}{
		{844, 390, false}, // iPhone 12–14 sideways
		{390, 844, true},  // upright
		{667, 375, true},  // a small phone sideways: two columns would shrink the view more
		{375, 667, true},
		{960, 540, true}, // 16:9: the strip costs the view less than two columns
		{1024, 768, true},
		{768, 1024, true},
		{2000, 900, false},
		{320, 180, true},
		{10, 10, true}, // degenerate: still a layout
	}
	for _, tt := range tests {
		l := TouchLayout(tt.w, tt.h)
		name := fmt.Sprintf("%dx%d", tt.w, tt.h)
		screen := image.Rect(0, 0, l.Screen.X, l.Screen.Y)
		if !l.Controls || !l.View.In(screen) {
			t.Errorf("%s: view %v outside the screen %v (controls %v)", name, l.View, screen, l.Controls)
		}
		if vw, vh := l.View.Dx(), l.View.Dy(); abs(float64(vw*sim.ViewH-vh*sim.ViewW)) > float64(sim.ViewW) {
			t.Errorf("%s: view %dx%d is not 16:9", name, vw, vh)
		}
		if tt.w < 64 {
			continue
		}
		if below := l.View.Min.Y == 0 && l.Pad.Y > l.View.Max.Y; below != tt.below {
			t.Errorf("%s: controls below the view %v, want %v (view %v, pad %v)", name, below, tt.below, l.View, l.Pad)
		}
		// Every control is drawn on the screen, off the view, and apart.
		ctl := []struct {
			name string
			c    Circle
			r    int
		}{{"pad", l.Pad, l.Pad.R * 6 / 5}, {"A", l.A, l.A.R}, {"B", l.B, l.B.R}, {"pause", l.Pause, l.Pause.R}}
		for i, c := range ctl {
			if c.c.X-c.r < 0 || c.c.Y-c.r < 0 || c.c.X+c.r > l.Screen.X || c.c.Y+c.r > l.Screen.Y {
				t.Errorf("%s: %s %v leaves the screen", name, c.name, c.c)
			}
			if circleOverlaps(c.c, c.r, l.View) {
				t.Errorf("%s: %s %v covers the view %v", name, c.name, c.c, l.View)
			}
			for _, d := range ctl[i+1:] {
				if dist2(Point{c.c.X, c.c.Y}, d.c.X, d.c.Y) < (c.r+d.r)*(c.r+d.r) {
					t.Errorf("%s: %s %v and %s %v overlap", name, c.name, c.c, d.name, d.c)
				}
			}
			if l.classify(Point{c.c.X, c.c.Y}) == ctlPointer {
				t.Errorf("%s: a finger on %s points", name, c.name)
			}
		}
		if l.Pad.R < 34 {
			t.Errorf("%s: D-pad radius %d is under a thumb", name, l.Pad.R)
		}
	}
}

func TestToView(t *testing.T) {
	l := TouchLayout(844, 390)
	tests := []struct{ in, want Point }{
		{Point{l.View.Min.X, l.View.Min.Y}, Point{0, 0}},
		{Point{l.View.Max.X - 1, l.View.Max.Y - 1}, Point{sim.ViewW - 1, sim.ViewH - 1}},
		{Point{l.View.Min.X - 1, l.View.Min.Y}, Point{-1, 0}},
	}
	for _, tt := range tests {
		if got := l.ToView(tt.in); got != tt.want {
			t.Errorf("ToView(%v) = %v, want %v (view %v)", tt.in, got, tt.want, l.View)
		}
	}
	if p := l.ToView(mid(l)); abs(float64(p.X-sim.ViewW/2)) > 1 || abs(float64(p.Y-sim.ViewH/2)) > 1 {
		t.Errorf("ToView(middle) = %v", p)
	}
	if v := ViewLayout(); v.ToView(Point{7, 9}) != (Point{7, 9}) || v.Scale() != 1 || v.Controls {
		t.Errorf("ViewLayout maps %v, scale %v", v.ToView(Point{7, 9}), v.Scale())
	}
}

func TestTouchButtons(t *testing.T) {
	l := phone
	pad, a, b, ps := l.Pad, l.A, l.B, l.Pause
	r := pad.R
	tests := []struct {
		name   string
		points []Point
		want   sim.Buttons
	}{
		{"nothing", nil, 0},
		{"pad centre is the dead zone", []Point{{pad.X + 2, pad.Y - 2}}, 0},
		{"pad left", []Point{{pad.X - r*2/3, pad.Y}}, sim.Left},
		{"pad right", []Point{{pad.X + r*2/3, pad.Y + 3}}, sim.Right},
		{"pad up", []Point{{pad.X, pad.Y - r*4/5}}, sim.Up},
		{"pad down", []Point{{pad.X - 4, pad.Y + r*4/5}}, sim.Down},
		{"pad diagonal", []Point{{pad.X + r/2, pad.Y - r/2}}, sim.Right | sim.Up},
		{"pad edge of the claim", []Point{{pad.X - l.padClaim(), pad.Y}}, sim.Left},
		{"A", []Point{{a.X, a.Y}}, sim.A},
		{"B", []Point{{b.X, b.Y}}, sim.B},
		{"A edge", []Point{{a.X + l.buttonHit(), a.Y}}, sim.A},
		{"beside A: kept by the buttons, no press", []Point{{a.X + l.buttonHit() + 3, a.Y}}, 0},
		{"middle of the view", []Point{mid(l)}, 0},
		{"pause is not a sim button", []Point{{ps.X, ps.Y}}, 0},
		{"direction and A at once", []Point{{pad.X - r*2/3, pad.Y}, {a.X, a.Y}}, sim.Left | sim.A},
		{"A and B at once", []Point{{a.X, a.Y}, {b.X, b.Y}}, sim.A | sim.B},
		{"two directions from two fingers", []Point{{pad.X - r*2/3, pad.Y}, {pad.X, pad.Y - r*2/3}}, sim.Left | sim.Up},
	}
	for _, tt := range tests {
		if got := l.touchButtons(tt.points); got != tt.want {
			t.Errorf("%s: touchButtons(%v) = %06b, want %06b", tt.name, tt.points, got, tt.want)
		}
	}
}

func TestClassify(t *testing.T) {
	l := phone
	tests := []struct {
		name string
		p    Point
		want control
	}{
		{"view", mid(l), ctlPointer},
		{"view's corner", Point{l.View.Min.X, l.View.Min.Y}, ctlPointer},
		{"pad", Point{l.Pad.X, l.Pad.Y}, ctlPad},
		{"A", Point{l.A.X, l.A.Y}, ctlButtons},
		{"pause", Point{l.Pause.X, l.Pause.Y}, ctlPause},
		{"empty margin", Point{2, 2}, ctlNone},
	}
	for _, tt := range tests {
		if got := l.classify(tt.p); got != tt.want {
			t.Errorf("%s: classify(%v) = %d, want %d", tt.name, tt.p, got, tt.want)
		}
	}
	// Without controls every finger points.
	if got := ViewLayout().classify(Point{2, 2}); got != ctlPointer {
		t.Errorf("ViewLayout classify = %d, want the pointer", got)
	}
}

// Nearest wins where the hit circles of A and B would both reach.
func TestFaceButtonNearest(t *testing.T) {
	l := phone
	a, b := l.A, l.B
	for x := b.X; x <= a.X; x++ {
		p := Point{x, b.Y + (x-b.X)*(a.Y-b.Y)/(a.X-b.X)}
		got := l.faceButton(p)
		da, db := dist2(p, a.X, a.Y), dist2(p, b.X, b.Y)
		if got == sim.A && da > db || got == sim.B && db > da {
			t.Errorf("faceButton(%v) = %06b, not the nearer one", p, got)
		}
	}
}

func TestTouchTracker(t *testing.T) {
	var tr touchTracker
	l := phone
	pad, a, b, ps := l.Pad, l.A, l.B, l.Pause
	v := l.View.Min
	at := func(x, y int) Point { return Point{v.X + x, v.Y + y} }
	steps := []struct {
		name    string
		touches []touchPoint
		want    sim.Buttons
		pause   bool
		pointer *Point
		tapped  bool
	}{
		{"thumb on the pad", []touchPoint{{1, Point{pad.X - 20, pad.Y}}}, sim.Left, false, nil, false},
		{"thumb slides far off the pad, still steers", []touchPoint{{1, Point{pad.X + 300, pad.Y - 2}}}, sim.Right, false, nil, false},
		{"a finger lands in the view: the pointer, a tap", []touchPoint{{1, Point{pad.X + 300, pad.Y}}, {2, at(160, 90)}}, sim.Right, false, &Point{v.X + 160, v.Y + 90}, true},
		{"the pointer finger slides over A: no press, no tap", []touchPoint{{1, Point{pad.X, pad.Y}}, {2, Point{a.X, a.Y}}}, 0, false, &Point{a.X, a.Y}, false},
		{"a third finger on B", []touchPoint{{2, at(100, 50)}, {3, Point{b.X, b.Y}}}, sim.B, false, &Point{v.X + 100, v.Y + 50}, false},
		{"B slides to A", []touchPoint{{2, at(100, 50)}, {3, Point{a.X, a.Y}}}, sim.A, false, &Point{v.X + 100, v.Y + 50}, false},
		{"a newer pointer finger: the oldest one points", []touchPoint{{4, at(10, 10)}, {2, at(101, 51)}, {3, Point{a.X, a.Y}}}, sim.A, false, &Point{v.X + 101, v.Y + 51}, false},
		{"oldest lifted: the next one points", []touchPoint{{4, at(11, 11)}}, 0, false, &Point{v.X + 11, v.Y + 11}, false},
		{"all lifted", nil, 0, false, nil, false},
		{"pause", []touchPoint{{5, Point{ps.X, ps.Y}}}, 0, true, nil, false},
		{"pause finger slides away: released", []touchPoint{{5, Point{ps.X - 40, ps.Y + 40}}}, 0, false, nil, false},
		{"id reused after lifting starts afresh", []touchPoint{{1, Point{a.X, a.Y}}}, sim.A, false, nil, false},
		{"a finger in an empty margin does nothing", []touchPoint{{1, Point{a.X, a.Y}}, {6, Point{2, 2}}}, sim.A, false, nil, false},
	}
	for _, s := range steps {
		r := tr.update(l, s.touches)
		if r.buttons != s.want || r.pause != s.pause || r.tapped != s.tapped {
			t.Errorf("%s: buttons %06b pause %v tapped %v, want %06b %v %v", s.name, r.buttons, r.pause, r.tapped, s.want, s.pause, s.tapped)
		}
		switch {
		case s.pointer == nil && r.pointed:
			t.Errorf("%s: pointer at %v, want none", s.name, r.pointer)
		case s.pointer != nil && (!r.pointed || r.pointer != *s.pointer):
			t.Errorf("%s: pointer %v (%v), want %v", s.name, r.pointer, r.pointed, *s.pointer)
		}
	}
	// Lifted fingers are forgotten (id 1 did not keep the D-pad above).
	tr.update(l, nil)
	if len(tr.fingers) != 0 {
		t.Errorf("tracker keeps %d fingers after all lifted", len(tr.fingers))
	}
}
