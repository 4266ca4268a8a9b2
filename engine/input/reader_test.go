package input

import (
	"github.com/communs-arcade/arcade/engine/internal/ebitentest"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/sim"
)

func TestGamepadButtons(t *testing.T) {
	tests := []struct {
		name  string
		s     padState
		want  sim.Buttons
		pause bool
	}{
		{"idle", padState{}, 0, false},
		{"stick resting off centre", padState{stickX: 0.2, stickY: -0.15}, 0, false},
		{"stick left", padState{stickX: -0.9}, sim.Left, false},
		{"stick down-right", padState{stickX: 0.7, stickY: 0.7}, sim.Right | sim.Down, false},
		{"d-pad up and A", padState{up: true, a: true}, sim.Up | sim.A, false},
		{"d-pad and stick together", padState{left: true, stickY: 1}, sim.Left | sim.Down, false},
		{"B", padState{b: true}, sim.B, false},
		{"start pauses", padState{start: true}, 0, true},
	}
	for _, tt := range tests {
		b, p := gamepadButtons(tt.s)
		if b != tt.want || p != tt.pause {
			t.Errorf("%s: %06b %v, want %06b %v", tt.name, b, p, tt.want, tt.pause)
		}
	}
}

// keys returns a frame with the actions as held.
func keys(as ...Action) frame {
	var f frame
	for _, a := range as {
		f.keys[a] = true
	}
	return f
}

func TestStepButtons(t *testing.T) {
	r := NewReader(DefaultMapping())
	f := keys(ActionLeft, ActionA)
	f.pad = sim.Up | sim.B
	in, pause := r.step(f)
	if in.Buttons != sim.Left|sim.A|sim.Up|sim.B || pause {
		t.Errorf("step = %06b %v", in.Buttons, pause)
	}
	if in, _ := r.step(frame{}); in.Buttons != 0 {
		t.Errorf("released: %06b", in.Buttons)
	}
}

// touchReader returns a Reader on a touch device laid out as phone.
func touchReader() *Reader {
	r := NewReader(DefaultMapping())
	r.SetTouchDevice(true)
	r.ScreenSize(phone.Screen.X, phone.Screen.Y)
	return r
}

func TestStepPauseEdge(t *testing.T) {
	r := touchReader()
	steps := []struct {
		f    frame
		want bool
	}{
		{keys(ActionPause), true},
		{keys(ActionPause), false}, // still held
		{frame{}, false},
		{frame{padPause: true}, true},
		{frame{padPause: true, keys: keys(ActionPause).keys}, false}, // another source while held
		{frame{}, false},
		{frame{touches: []touchPoint{{1, Point{phone.Pause.X, phone.Pause.Y}}}}, true},
		{frame{}, false},
	}
	for i, s := range steps {
		if _, got := r.step(s.f); got != s.want {
			t.Errorf("step %d: pause %v, want %v", i, got, s.want)
		}
	}
}

func TestStepTouchActive(t *testing.T) {
	r := NewReader(DefaultMapping())
	if r.TouchActive() {
		t.Fatal("touch active before any touch")
	}
	tap := frame{touches: []touchPoint{{1, Point{5, 5}}}}
	steps := []struct {
		name string
		f    frame
		want bool
	}{
		{"a key without touch", keys(ActionA), false},
		{"first touch", tap, true},
		{"finger lifted: controls stay", frame{}, true},
		{"key while a finger is down: controls stay", frame{keys: keys(ActionA).keys, touches: tap.touches}, true},
		{"mouse use keeps them", frame{mouse: Point{5, 5}, mouseDown: true}, true},
		{"a key with no finger hides them", keys(ActionB), false},
		{"touch again", tap, true},
		{"gamepad hides them", frame{pad: sim.Left}, false},
	}
	for _, s := range steps {
		r.step(s.f)
		if r.TouchActive() != s.want {
			t.Errorf("%s: TouchActive %v, want %v", s.name, r.TouchActive(), s.want)
		}
	}
}

func TestStepPointer(t *testing.T) {
	r := NewReader(DefaultMapping())
	type want struct {
		x, y int16
		down bool
		tap  bool
	}
	steps := []struct {
		name string
		f    frame
		want want
	}{
		{"nothing yet", frame{}, want{0, 0, false, false}},
		{"mouse moves", frame{mouse: Point{100, 50}}, want{100, 50, false, false}},
		{"mouse presses: no tap", frame{mouse: Point{100, 50}, mouseDown: true}, want{100, 50, true, false}},
		{"mouse drags", frame{mouse: Point{110, 60}, mouseDown: true}, want{110, 60, true, false}},
		{"mouse released", frame{mouse: Point{110, 60}}, want{110, 60, false, false}},
		{"mouse out of the view: clamped, never down", frame{mouse: Point{-30, 400}, mouseDown: true}, want{0, sim.ViewH - 1, false, false}},
		{"finger mid-screen points and taps", frame{mouse: Point{-30, 400}, touches: []touchPoint{{1, Point{200, 20}}}}, want{200, 20, true, true}},
		{"a mouse the OS moves for the finger is ignored", frame{mouse: Point{200, 20}, mouseDown: true, touches: []touchPoint{{1, Point{201, 21}}}}, want{201, 21, true, false}},
		{"finger lifted: pointer stays put", frame{mouse: Point{200, 20}}, want{201, 21, false, false}},
		{"mouse moves again", frame{mouse: Point{319, 179}}, want{319, 179, false, false}},
	}
	for _, s := range steps {
		in, _ := r.step(s.f)
		_, tap := r.Tap()
		got := want{in.PointerX, in.PointerY, in.PointerDown, tap}
		if got != s.want {
			t.Errorf("%s: pointer %+v, want %+v", s.name, got, s.want)
		}
	}
}

// On a touch layout the pointer is in view pixels, fingers on the
// controls never point, and the mouse maps through the layout too.
func TestStepPointerTouchLayout(t *testing.T) {
	r := touchReader()
	l := r.Layout()
	v := l.View.Min
	s := l.Scale()
	at := func(x, y int) Point { return Point{v.X + int(float64(x)*s+s/2), v.Y + int(float64(y)*s+s/2)} }
	in, _ := r.step(frame{touches: []touchPoint{{1, at(40, 30)}}})
	if p, ok := r.Tap(); !ok || p != (Point{40, 30}) || in.PointerX != 40 || in.PointerY != 30 || !in.PointerDown {
		t.Errorf("finger in the view: tap %v %v, pointer %+v", p, ok, in)
	}
	in, _ = r.step(frame{})
	in, _ = r.step(frame{touches: []touchPoint{{2, Point{l.Pad.X - 20, l.Pad.Y}}}})
	if _, ok := r.Tap(); ok || in.PointerDown || in.Buttons != sim.Left {
		t.Errorf("finger on the pad: tapped %v, pointer %+v", ok, in)
	}
	in, _ = r.step(frame{mouse: at(300, 170), mouseDown: true})
	if in.PointerX != 300 || in.PointerY != 170 || !in.PointerDown {
		t.Errorf("mouse in the view: %+v", in)
	}
}

func TestStepUsesMapping(t *testing.T) {
	r := NewReader(DefaultMapping())
	// Poll reads keys through Mapping.pressed.
	m := DefaultMapping().Bind(ActionB, ebiten.KeyC)
	held := m.pressed(func(k ebiten.Key) bool { return k == ebiten.KeyC })
	if !held[ActionB] || held[ActionA] {
		t.Errorf("pressed = %v", held)
	}
	r.SetMapping(m)
	in, _ := r.step(frame{keys: held})
	if in.Buttons != sim.B {
		t.Errorf("buttons %06b, want B", in.Buttons)
	}
}

// Poll reads Ebiten's input state, which is empty outside a running game:
// it must work there (tests, tools) and report nothing.
func TestPollWithoutGame(t *testing.T) {
	if ebitentest.Running() {
		t.Skip("a game loop runs; see TestPollInGame")
	}
	r := NewReader(DefaultMapping())
	for range 3 {
		in, pause := r.Poll()
		if in != (sim.Input{}) || pause {
			t.Errorf("Poll() = %+v, %v without a game", in, pause)
		}
	}
}

// A touch that began and ended between two ticks is down for one tick; a
// touch the tick sees is not counted twice.
func TestStepFlicks(t *testing.T) {
	r := touchReader()
	l := r.Layout()
	c := mid(l)
	r.step(frame{starts: []Point{c}})
	if p, ok := r.Tap(); !ok || p != l.ToView(c) {
		t.Errorf("a quick tap in the view: %v %v", p, ok)
	}
	if _, ok := r.Tap(); !ok {
		t.Error("Tap forgot the tap before the next step")
	}
	r.step(frame{})
	if _, ok := r.Tap(); ok {
		t.Error("the quick tap lasted two ticks")
	}
	if _, pause := r.step(frame{starts: []Point{{l.Pause.X, l.Pause.Y}}}); !pause {
		t.Error("a quick tap on pause did not pause")
	}
	r.step(frame{})
	in, _ := r.step(frame{starts: []Point{{l.A.X, l.A.Y}}})
	if in.Buttons != sim.A {
		t.Errorf("a quick tap on A pressed %06b", in.Buttons)
	}
	r.step(frame{})
	// Seen down by the tick and by the start events: one finger.
	r.step(frame{starts: []Point{c}, touches: []touchPoint{{7, c}}})
	if len(r.touch.fingers) != 1 {
		t.Errorf("%d fingers for one touch", len(r.touch.fingers))
	}
}
