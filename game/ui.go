package game

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
)

// palette is the menus' colours. High contrast replaces it with black and white.
type palette struct {
	bg, panel, text, dim, accent color.Color
}

var (
	normalPalette = palette{
		bg:     color.RGBA{0x1d, 0x1f, 0x33, 0xff},
		panel:  color.RGBA{0x2c, 0x2f, 0x4d, 0xff},
		text:   color.RGBA{0xf4, 0xf1, 0xe8, 0xff},
		dim:    color.RGBA{0xa8, 0xa9, 0xc2, 0xff},
		accent: color.RGBA{0xf2, 0xc1, 0x4e, 0xff},
	}
	contrastPalette = palette{
		bg: color.Black, panel: color.Black, text: color.White,
		dim: color.White, accent: color.RGBA{0xff, 0xff, 0x00, 0xff},
	}
)

func (g *Game) pal() palette {
	if g.saved.Settings.HighContrast {
		return contrastPalette
	}
	return normalPalette
}

// Text sizes in view pixels, before the player's text scale. The pixel
// font draws the largest of its sizes not above the scaled size: body 10,
// 12, 14 px and small 8, 10, 12 px at 100, 125 and 150 %.
const (
	sizeTitle = 16
	sizeBody  = 10
	sizeSmall = 8
)

func (g *Game) size(base float64) float64 {
	return base * float64(g.saved.Settings.TextScale) / 100
}

func (g *Game) text(dst *ebiten.Image, s string, x, y, size float64, c color.Color, align render.Align) {
	render.DrawText(dst, s, x, y, g.size(size), c, align)
}

// menu is a vertical list of items with one selected.
type menu struct {
	sel int
}

// move applies up/down presses and reports whether A was pressed.
func (m *menu) move(pressed sim.Buttons, n int) (chosen bool) {
	if n == 0 {
		return false
	}
	switch {
	case pressed&sim.Up != 0:
		m.sel = (m.sel + n - 1) % n
	case pressed&sim.Down != 0:
		m.sel = (m.sel + 1) % n
	}
	return pressed&sim.A != 0
}

// drawMenu draws items centred from y, the selected one marked.
func (g *Game) drawMenu(dst *ebiten.Image, items []string, sel int, y float64) {
	g.drawMenuAt(dst, items, sel, sim.ViewW/2, y)
}

// menuStep is the distance between two menu items.
func (g *Game) menuStep() float64 { return g.size(sizeBody) + 5 }

// drawMenuAt draws items centred on x from y, the selected one marked.
func (g *Game) drawMenuAt(dst *ebiten.Image, items []string, sel int, x, y float64) {
	p := g.pal()
	step := g.menuStep()
	g.addMenuTargets(g.menuItemRects(items, x, y), sel)
	for i, it := range items {
		c := p.dim
		if i == sel {
			c = p.accent
			it = "► " + it
		}
		g.text(dst, it, x, y+float64(i)*step, sizeBody, c, render.AlignCenter)
	}
}

// lineH is the height of a line of text at size (before the player's
// text scale): where the next line starts.
func (g *Game) lineH(size float64) float64 {
	_, h := render.MeasureText("", g.size(size))
	return h
}

// fit shortens s with "…" until it is at most width pixels wide at size
// (before the player's text scale).
func (g *Game) fit(s string, size, width float64) string {
	return render.Fit(s, g.size(size), width)
}

// clampLines keeps the first n of lines, the last of them ending with "…"
// within width when some were dropped.
func (g *Game) clampLines(lines []string, n int, size, width float64) []string {
	if len(lines) <= n {
		return lines
	}
	lines = append([]string(nil), lines[:n]...)
	lines[n-1] = g.fit(lines[n-1]+"…", size, width)
	return lines
}

// drawRow draws one row of a list at y: its name on the left (after ► when
// selected), shortened with "…" so that its status, on the right in small
// text, always shows whole.
func (g *Game) drawRow(dst *ebiten.Image, name, status string, selected bool, y float64, c color.Color) {
	mark := "  "
	if selected {
		mark = "► "
	}
	const left, right = 12, sim.ViewW - 12
	sw, _ := render.MeasureText(status, g.size(sizeSmall))
	g.text(dst, g.fit(mark+name, sizeBody, right-left-sw-6), left, y, sizeBody, c, render.AlignLeft)
	// The status sits on the name's baseline.
	g.text(dst, status, right, y+g.lineH(sizeBody)-g.lineH(sizeSmall), sizeSmall, c, render.AlignRight)
}

// pageMargin is the space left of, right of, above and below a screen's
// text.
const pageMargin = 4

// page lays a screen's text out from the top down and from the bottom up,
// each line as tall as its text size needs, so that a larger text moves
// what follows instead of running over it; what is left between top and
// bottom goes to the screen's list or menu.
type page struct {
	g      *Game
	dst    *ebiten.Image
	top    float64 // where the next block from the top starts
	bottom float64 // where the next block from the bottom ends
}

func (g *Game) newPage(dst *ebiten.Image) *page {
	return &page{g: g, dst: dst, top: pageMargin, bottom: sim.ViewH - pageMargin}
}

// wrap breaks s into lines as wide as the screen allows at size.
func (pg *page) wrap(s string, size float64) []string {
	return render.Wrap(s, pg.g.size(size), sim.ViewW-4*pageMargin)
}

// height is how tall s is once wrapped at size.
func (pg *page) height(s string, size float64) float64 {
	return float64(len(pg.wrap(s, size))) * pg.g.lineH(size)
}

// head draws s centred below what is already at the top.
func (pg *page) head(s string, size float64, c color.Color) {
	for _, l := range pg.wrap(s, size) {
		pg.g.text(pg.dst, l, sim.ViewW/2, pg.top, size, c, render.AlignCenter)
		pg.top += pg.g.lineH(size)
	}
	pg.top += 2
}

// para draws s wrapped from the left margin below what is at the top, in
// at most maxLines lines (the last one ends with "…" when cut).
func (pg *page) para(s string, size float64, c color.Color, maxLines int) {
	for _, l := range pg.g.clampLines(pg.wrap(s, size), maxLines, size, sim.ViewW-4*pageMargin) {
		pg.g.text(pg.dst, l, 2*pageMargin, pg.top, size, c, render.AlignLeft)
		pg.top += pg.g.lineH(size)
	}
	pg.top += 2
}

// foot draws s centred above what is already at the bottom, in at most
// three lines.
func (pg *page) foot(s string, size float64, c color.Color) {
	lines := pg.g.clampLines(pg.wrap(s, size), 3, size, sim.ViewW-4*pageMargin)
	y := pg.bottom - float64(len(lines))*pg.g.lineH(size)
	for i, l := range lines {
		pg.g.text(pg.dst, l, sim.ViewW/2, y+float64(i)*pg.g.lineH(size), size, c, render.AlignCenter)
	}
	pg.bottom = y - 2
}

// rows is how many rows step apart fit between top and bottom (at least
// one).
func (pg *page) rows(step float64) int {
	return max(1, int((pg.bottom-pg.top)/step))
}

// window returns the first of n rows to show when only room rows fit,
// keeping sel in view.
func window(n, room, sel int) int {
	return max(0, min(sel-room/2, n-room))
}

// menu draws items centred between top and bottom, the selected one
// marked; when they do not all fit, a window of them around the selection
// with ▲ and ▼ saying more are above or below.
func (pg *page) menu(items []string, sel int) {
	g, p := pg.g, pg.g.pal()
	step := g.menuStep()
	room := pg.rows(step)
	first := 0
	if len(items) > room {
		first = window(len(items), room, sel)
	}
	shown := min(len(items)-first, room)
	// Centred in the space left, but not below it.
	y := pg.top + max(0, (pg.bottom-pg.top-float64(shown)*step)/2)
	g.drawMenuAt(pg.dst, items[first:first+shown], sel-first, sim.ViewW/2, y)
	if first > 0 {
		g.text(pg.dst, "▲", sim.ViewW-2*pageMargin, y, sizeSmall, p.dim, render.AlignRight)
	}
	if first+shown < len(items) {
		g.text(pg.dst, "▼", sim.ViewW-2*pageMargin, y+float64(shown-1)*step, sizeSmall, p.dim, render.AlignRight)
	}
	pg.top = y + float64(shown)*step
}
