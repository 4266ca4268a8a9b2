package game

import (
	"image"
	"math"
	"unicode"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
)

// textEntry is a line of text the player types: with a keyboard, or on an
// on-screen keyboard driven by the arrows and A (a gamepad, the touch
// controls, a mouse on them). It is shown while active; Enter, Escape, B
// or its OK key end it.
type textEntry struct {
	text   []rune
	max    int // characters at most
	active bool
	skip   bool // the press that opened it must not type
	row    int
	col    int
}

// oskKeys are the on-screen keyboard's rows; the last row's keys are
// special (see oskSpecial) and twice as wide.
var oskKeys = [][]string{
	{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"},
	{"k", "l", "m", "n", "o", "p", "q", "r", "s", "t"},
	{"u", "v", "w", "x", "y", "z", "é", "è", "à", "ç"},
	{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
	{"-", "'", "space", "del", "ok"},
}

// open starts typing.
func (e *textEntry) open() {
	e.active, e.skip = true, true
}

// update types what this tick brings; it reports whether typing ended.
func (e *textEntry) update(g *Game, pressed sim.Buttons, pause bool) (done bool) {
	kb := g.keyboard
	if e.skip {
		// The key that opened the entry is still down: not text.
		e.skip = false
		kb.chars()
		return false
	}
	for _, r := range kb.chars() {
		e.add(r)
	}
	if kb.pressed(ebiten.KeyBackspace) {
		e.del()
	}
	if kb.typing() {
		// Letters are text here, not buttons.
		pressed, pause = pressed&^(sim.A|sim.B|sim.Up|sim.Down|sim.Left|sim.Right), false
	}
	if kb.pressed(ebiten.KeyEnter) || kb.pressed(ebiten.KeyNumpadEnter) || pause || pressed&sim.B != 0 {
		e.active = false
		return true
	}
	row := oskKeys[e.row]
	switch {
	case pressed&sim.Up != 0:
		e.row = (e.row + len(oskKeys) - 1) % len(oskKeys)
	case pressed&sim.Down != 0:
		e.row = (e.row + 1) % len(oskKeys)
	case pressed&sim.Left != 0:
		e.col = (e.col + len(row) - 1) % len(row)
	case pressed&sim.Right != 0:
		e.col = (e.col + 1) % len(row)
	}
	e.col = min(e.col, len(oskKeys[e.row])-1)
	if pressed&sim.A != 0 {
		switch k := oskKeys[e.row][e.col]; k {
		case "space":
			e.add(' ')
		case "del":
			e.del()
		case "ok":
			e.active = false
			return true
		default:
			for _, r := range k {
				e.add(r)
			}
		}
	}
	return false
}

// keyPresses returns the presses that move the on-screen keyboard's
// selection to the key at row r, column c, and type it: a tap on a key is
// the arrows and A a pad would press. Rows move first; a shorter row
// holds the column at its last key, as update does.
func (e *textEntry) keyPresses(r, c int) []sim.Buttons {
	col := e.col
	step := 1
	if r < e.row {
		step = -1
	}
	for row := e.row; row != r; {
		row += step
		col = min(col, len(oskKeys[row])-1)
	}
	out := steps(r-e.row, sim.Up, sim.Down)
	out = append(out, steps(c-col, sim.Left, sim.Right)...)
	return append(out, sim.A)
}

func (e *textEntry) add(r rune) {
	if unicode.IsPrint(r) && len(e.text) < e.max {
		e.text = append(e.text, r)
	}
}

func (e *textEntry) del() {
	if len(e.text) > 0 {
		e.text = e.text[:len(e.text)-1]
	}
}

func (e *textEntry) String() string { return string(e.text) }

// drawField draws the text in a box at (x, y), w wide, with a cursor while
// active; focused marks it as the selected line. It returns the field's
// line, label and box, for a tap to choose.
func (e *textEntry) drawField(g *Game, dst *ebiten.Image, label string, x, y, w float64, focused bool) image.Rectangle {
	p := g.pal()
	border := p.dim
	if focused || e.active {
		border = p.accent
	}
	h := g.lineH(sizeBody) + 3
	lw, _ := render.MeasureText(label, g.size(sizeSmall))
	g.text(dst, label, x, y+2, sizeSmall, border, render.AlignLeft)
	bx := x + lw + 4
	render.DrawBox(dst, bx, y, w-(bx-x), h, render.BoxStyle{Fill: p.panel, Border: border})
	s := string(e.text)
	if e.active && g.frames/30%2 == 0 {
		s += "_"
	}
	// The end of a long text stays in view.
	for s != "" {
		if tw, _ := render.MeasureText(s, g.size(sizeBody)); tw <= w-(bx-x)-6 {
			break
		}
		s = string([]rune(s)[1:])
	}
	g.text(dst, s, bx+3, y+2, sizeBody, p.text, render.AlignLeft)
	return image.Rect(int(x), int(y), int(math.Ceil(x+w)), int(math.Ceil(y+h)))
}

// drawKeyboard draws the on-screen keyboard along the bottom of the view
// while the entry is active.
func (e *textEntry) drawKeyboard(g *Game, dst *ebiten.Image) {
	if !e.active {
		return
	}
	p := g.pal()
	const cw = 24.0
	ch := g.lineH(sizeSmall) + 2
	w := cw * 10
	x0, y0 := (sim.ViewW-w)/2, sim.ViewH-ch*float64(len(oskKeys))-6
	render.DrawBox(dst, x0-3, y0-3, w+6, ch*float64(len(oskKeys))+6, render.BoxStyle{Fill: p.bg, Border: p.accent})
	// While typing, a tap chooses a key and nothing behind the keyboard.
	g.targets = g.targets[:0]
	for r, row := range oskKeys {
		kw := w / float64(len(row))
		for c, k := range row {
			x, y := x0+float64(c)*kw, y0+float64(r)*ch
			g.addTarget(image.Rect(int(x), int(y), int(x+kw), int(y+ch)), e.keyPresses(r, c)...)
			label := k
			switch k {
			case "space":
				label = g.t("osk.space")
			case "del":
				label = "←"
			case "ok":
				label = g.t("osk.ok")
			}
			clr := p.text
			if r == e.row && c == e.col {
				render.DrawBox(dst, x+1, y, kw-2, ch-1, render.BoxStyle{Fill: p.accent})
				clr = p.bg
			}
			g.text(dst, label, x+kw/2, y+2, sizeSmall, clr, render.AlignCenter)
		}
	}
}
