package game

import (
	"image"
	"math"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/input"
	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/wasm/bridge"
)

// Taps on touch screens. A finger that touches the view (not the on-screen
// controls) on a menu item moves the menu's selection there and presses A,
// whether or not the item was selected already: one tap chooses, as on any
// phone. The tap becomes button presses (Down or Up once per item, then
// A, each released the tick after), not a side channel, so every menu
// keeps its own logic and a level that takes taps records them in its
// replay like any press. What a tap can choose is what the last drawn
// frame showed: the draw functions register it (drawMenuAt, the level
// select's rows, …) as tapTargets.

// tapTarget is a part of the view a tap chooses, and the presses it
// becomes.
type tapTarget struct {
	r       image.Rectangle // in view pixels
	presses []sim.Buttons   // one per tick, each followed by a release
}

// menuPresses returns the presses that move a vertical menu's selection by
// delta items (Down for positive), then press A.
func menuPresses(delta int) []sim.Buttons { return moveThen(delta, sim.A) }

// moveThen returns the presses that move a vertical selection by delta
// items (Down for positive), then press last.
func moveThen(delta int, last sim.Buttons) []sim.Buttons {
	return append(steps(delta, sim.Up, sim.Down), last)
}

// steps returns |delta| presses of less (delta < 0) or more (delta > 0).
func steps(delta int, less, more sim.Buttons) []sim.Buttons {
	dir := more
	if delta < 0 {
		dir, delta = less, -delta
	}
	out := make([]sim.Buttons, 0, delta+1)
	for range delta {
		out = append(out, dir)
	}
	return out
}

// addTarget lets a tap in r (view pixels) press presses.
func (g *Game) addTarget(r image.Rectangle, presses ...sim.Buttons) {
	if !r.Empty() {
		g.targets = append(g.targets, tapTarget{r: r, presses: presses})
	}
}

// addMenuTargets lets a tap on rects[i] choose item i of a menu whose
// selected item is sel (rects as menuItemRects returns them).
func (g *Game) addMenuTargets(rects []image.Rectangle, sel int) {
	for i, r := range rects {
		g.addTarget(r, menuPresses(i-sel)...)
	}
}

// addChoiceTargets lets a tap on a line whose value left and right change
// (a tag, a number of stars) move the selection there by delta lines, then
// press Left on its left third, A on its middle, Right on its right third.
func (g *Game) addChoiceTargets(r image.Rectangle, delta int) {
	third := r.Dx() / 3
	left, right := r.Min.X+third, r.Max.X-third
	g.addTarget(image.Rect(r.Min.X, r.Min.Y, left, r.Max.Y), moveThen(delta, sim.Left)...)
	g.addTarget(image.Rect(left, r.Min.Y, right, r.Max.Y), moveThen(delta, sim.A)...)
	g.addTarget(image.Rect(right, r.Min.Y, r.Max.X, r.Max.Y), moveThen(delta, sim.Right)...)
}

// tapAt starts the presses of the target under p (view pixels), if any:
// the last drawn one, on top, wins.
func (g *Game) tapAt(p input.Point) {
	for i := len(g.targets) - 1; i >= 0; i-- {
		if t := g.targets[i]; p.In(t.r) {
			g.taps = g.taps[:0]
			for _, b := range t.presses {
				g.taps = append(g.taps, b, 0) // released between presses: each is a new press
			}
			return
		}
	}
}

// nextTap returns the buttons a tap presses this tick.
func (g *Game) nextTap() sim.Buttons {
	if len(g.taps) == 0 {
		return 0
	}
	b := g.taps[0]
	g.taps = g.taps[1:]
	return b
}

// menuItemRects returns the rectangle, in view pixels, that each item of
// a menu drawn by drawMenuAt(items, x, y) covers: a full line high, the
// lines touching so a tap between two items still picks one, and at least
// a thumb wide. An empty item (a gap, or a field drawn apart) has an empty
// rectangle. Layouts that move the menu call it with the same x, y.
func (g *Game) menuItemRects(items []string, x, y float64) []image.Rectangle {
	size, step := g.size(sizeBody), g.menuStep()
	_, lh := render.MeasureText("", size)
	out := make([]image.Rectangle, len(items))
	for i, it := range items {
		if it == "" {
			continue
		}
		w, _ := render.MeasureText("► "+it, size)
		w = max(w+16, 96)
		top := y + float64(i)*step - (step-lh)/2
		out[i] = image.Rect(int(math.Floor(x-w/2)), int(math.Floor(top)), int(math.Ceil(x+w/2)), int(math.Floor(top+step)))
	}
	return out
}

// drawRotateHint says, on a screen held upright, that turning it makes the
// view larger: between the view and the controls below it, in screen
// pixels, when there is room.
func (g *Game) drawRotateHint(screen *ebiten.Image, l input.Layout) {
	if l.Screen.Y <= l.Screen.X || l.View.Min.Y != 0 {
		return // sideways, or the controls are beside the view
	}
	top := l.Pause.Y + l.Pause.R + 8
	bottom := l.Pad.Y - l.Pad.R*6/5 - 8
	size := max(12, float64(l.Screen.X)/28)
	lines := render.Wrap(g.t("touch.rotate"), size, float64(l.Screen.X)*0.85)
	_, lh := render.MeasureText("", size)
	h := float64(len(lines)) * lh
	if float64(bottom-top) < h {
		return
	}
	y := float64(top) + (float64(bottom-top)-h)/2
	for i, line := range lines {
		render.DrawText(screen, line, float64(l.Screen.X)/2, y+float64(i)*lh, size, g.pal().dim, render.AlignCenter)
	}
}

// touchState is the touch layout for the page's testing interface, in
// screen (CSS) pixels, or nil without touch controls.
func (g *Game) touchState() *bridge.Touch {
	l := g.input.Layout()
	if !l.Controls {
		return nil
	}
	circle := func(c input.Circle) bridge.Circle { return bridge.Circle{X: c.X, Y: c.Y, R: c.R} }
	s := l.Scale()
	toScreen := func(r image.Rectangle) bridge.Rect {
		x0 := l.View.Min.X + int(math.Floor(float64(r.Min.X)*s))
		y0 := l.View.Min.Y + int(math.Floor(float64(r.Min.Y)*s))
		x1 := l.View.Min.X + int(math.Ceil(float64(r.Max.X)*s))
		y1 := l.View.Min.Y + int(math.Ceil(float64(r.Max.Y)*s))
		return bridge.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
	}
	t := &bridge.Touch{
		Screen: bridge.Rect{W: l.Screen.X, H: l.Screen.Y},
		View:   toScreen(image.Rect(0, 0, sim.ViewW, sim.ViewH)),
		Pad:    circle(l.Pad), A: circle(l.A), B: circle(l.B), Pause: circle(l.Pause),
	}
	for _, tg := range g.targets {
		t.Targets = append(t.Targets, toScreen(tg.r))
	}
	t.Targets = slices.Clip(t.Targets)
	return t
}
