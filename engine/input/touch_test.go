package input

import (
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

func TestTouchButtons(t *testing.T) {
	tests := []struct {
		name   string
		points []Point
		want   sim.Buttons
	}{
		{"nothing", nil, 0},
		{"pad centre is the dead zone", []Point{{PadX + 2, PadY - 2}}, 0},
		{"pad left", []Point{{PadX - 20, PadY}}, sim.Left},
		{"pad right", []Point{{PadX + 20, PadY + 3}}, sim.Right},
		{"pad up", []Point{{PadX, PadY - 25}}, sim.Up},
		{"pad down", []Point{{PadX - 4, PadY + 25}}, sim.Down},
		{"pad diagonal", []Point{{PadX + 18, PadY - 18}}, sim.Right | sim.Up},
		{"pad edge of the claim", []Point{{PadX - padClaim, PadY}}, sim.Left},
		{"beyond the pad", []Point{{PadX + padClaim + 1, PadY}}, 0},
		{"A", []Point{{AX, AY}}, sim.A},
		{"B", []Point{{BX, BY}}, sim.B},
		{"A edge", []Point{{AX + buttonHit, AY}}, sim.A},
		{"between A and B", []Point{{(AX + BX) / 2, (AY + BY) / 2}}, 0},
		{"middle of the view", []Point{{160, 90}}, 0},
		{"pause is not a sim button", []Point{{PauseX, PauseY}}, 0},
		{"direction and A at once", []Point{{PadX - 20, PadY}, {AX, AY}}, sim.Left | sim.A},
		{"A and B at once", []Point{{AX, AY}, {BX, BY}}, sim.A | sim.B},
		{"two directions from two fingers", []Point{{PadX - 20, PadY}, {PadX, PadY - 20}}, sim.Left | sim.Up},
	}
	for _, tt := range tests {
		if got := touchButtons(tt.points); got != tt.want {
			t.Errorf("%s: touchButtons(%v) = %06b, want %06b", tt.name, tt.points, got, tt.want)
		}
	}
}

// Nearest wins where the hit circles of A and B would both reach.
func TestFaceButtonNearest(t *testing.T) {
	for x := BX; x <= AX; x++ {
		p := Point{x, BY + (x-BX)*(AY-BY)/(AX-BX)}
		got := faceButton(p)
		da, db := dist2(p, AX, AY), dist2(p, BX, BY)
		if got == sim.A && da > db || got == sim.B && db > da {
			t.Errorf("faceButton(%v) = %06b, not the nearer one", p, got)
		}
	}
}

func TestTouchTracker(t *testing.T) {
	var tr touchTracker
	steps := []struct {
		name    string
		touches []touchPoint
		want    sim.Buttons
		pause   bool
		pointer *Point
	}{
		{"thumb on the pad", []touchPoint{{1, Point{PadX - 20, PadY}}}, sim.Left, false, nil},
		{"thumb slides far off the pad, still steers", []touchPoint{{1, Point{PadX + 80, PadY - 2}}}, sim.Right, false, nil},
		{"a finger lands mid-screen: the pointer", []touchPoint{{1, Point{PadX + 80, PadY}}, {2, Point{160, 90}}}, sim.Right, false, &Point{160, 90}},
		{"the pointer finger slides over A: no press", []touchPoint{{1, Point{PadX, PadY}}, {2, Point{AX, AY}}}, 0, false, &Point{AX, AY}},
		{"a third finger on B", []touchPoint{{2, Point{100, 50}}, {3, Point{BX, BY}}}, sim.B, false, &Point{100, 50}},
		{"B slides to A", []touchPoint{{2, Point{100, 50}}, {3, Point{AX, AY}}}, sim.A, false, &Point{100, 50}},
		{"a newer pointer finger: the oldest one points", []touchPoint{{4, Point{10, 10}}, {2, Point{101, 51}}, {3, Point{AX, AY}}}, sim.A, false, &Point{101, 51}},
		{"oldest lifted: the next one points", []touchPoint{{4, Point{11, 11}}}, 0, false, &Point{11, 11}},
		{"all lifted", nil, 0, false, nil},
		{"pause", []touchPoint{{5, Point{PauseX, PauseY}}}, 0, true, nil},
		{"pause finger slides away: released", []touchPoint{{5, Point{PauseX - 40, PauseY + 40}}}, 0, false, nil},
		{"id reused after lifting starts afresh", []touchPoint{{1, Point{AX, AY}}}, sim.A, false, nil},
	}
	for _, s := range steps {
		r := tr.update(s.touches)
		if r.buttons != s.want || r.pause != s.pause {
			t.Errorf("%s: buttons %06b pause %v, want %06b %v", s.name, r.buttons, r.pause, s.want, s.pause)
		}
		switch {
		case s.pointer == nil && r.pointed:
			t.Errorf("%s: pointer at %v, want none", s.name, r.pointer)
		case s.pointer != nil && (!r.pointed || r.pointer != *s.pointer):
			t.Errorf("%s: pointer %v (%v), want %v", s.name, r.pointer, r.pointed, *s.pointer)
		}
	}
	// Lifted fingers are forgotten (id 1 did not keep the D-pad above).
	tr.update(nil)
	if len(tr.fingers) != 0 {
		t.Errorf("tracker keeps %d fingers after all lifted", len(tr.fingers))
	}
}
