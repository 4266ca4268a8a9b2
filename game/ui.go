package game

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
)

// Palette of the menus. High contrast replaces it with black and white.
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

// Text sizes in view pixels, before the player's text scale.
const (
	sizeTitle = 16
	sizeBody  = 9
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
