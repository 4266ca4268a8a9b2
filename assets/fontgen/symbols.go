package main

// The glyphs the source font lacks and the game draws: menu marks,
// arrows, dots, a heart, the narrow no-break space of French typography,
// and the hollow box drawn for a rune no font has. They are made here, by
// rule from the font's cap height rather than as fixed bitmaps, so that
// every pixel size gets glyphs of its own weight and size; they are under
// the project's asset licence (see assets/CREDITS.md).

// fallbackRune is the rune whose glyph (a hollow box) is drawn for runes
// the atlas lacks. U+FFFD is what a decoder puts for text it cannot read,
// so it deserves the same box.
const fallbackRune = '\uFFFD'

// madeHere lists the runes drawn by makeSymbol, in the order they are
// made.
var madeHere = []rune{
	'▲', '▼', '▶', '◀', '►', '◄', // triangles: up, down, right and left (two of each sideways)
	'←', '↑', '→', '↓',
	'○', '●', '♥',
	'·',      // replaces Helvetica's: at 8 px a low 1×2 bar that reads as a comma in "Z : jouer · X : retour"
	'\u202F', // narrow no-break space: before « : ; ! ? » in French
	fallbackRune,
}

// canvas is a glyph drawn in a box whose bottom row sits base pixels
// above the baseline.
type canvas struct {
	w, h int
	pix  []bool
}

func newCanvas(w, h int) *canvas { return &canvas{w: w, h: h, pix: make([]bool, w*h)} }

func (c *canvas) set(x, y int) {
	if x >= 0 && y >= 0 && x < c.w && y < c.h {
		c.pix[y*c.w+x] = true
	}
}

// rotate returns c turned a quarter turn clockwise.
func (c *canvas) rotate() *canvas {
	return c.moved(c.h, c.w, func(x, y int) (int, int) { return c.h - 1 - y, x })
}

// flipX returns c mirrored left to right.
func (c *canvas) flipX() *canvas {
	return c.moved(c.w, c.h, func(x, y int) (int, int) { return c.w - 1 - x, y })
}

// moved returns a w×h canvas holding each set pixel of c where to sends it.
func (c *canvas) moved(w, h int, to func(x, y int) (int, int)) *canvas {
	r := newCanvas(w, h)
	for y := 0; y < c.h; y++ {
		for x := 0; x < c.w; x++ {
			if c.pix[y*c.w+x] {
				r.set(to(x, y))
			}
		}
	}
	return r
}

// oddBelow is the largest odd number not above n (at least 3): triangles
// and arrows need a middle row.
func oddBelow(n int) int {
	if n%2 == 0 {
		n--
	}
	return max(3, n)
}

// stroke is the line weight of symbols at a cap height: one pixel up to
// 11, then two, like the stems of the source fonts.
func stroke(capHeight int) int { return 1 + capHeight/12 }

// rightTriangle points right: n rows, (n+1)/2 columns.
func rightTriangle(n int) *canvas {
	c := newCanvas((n+1)/2, n)
	for y := 0; y < n; y++ {
		half := min(y, n-1-y) // columns lit on this row, minus one
		for x := 0; x <= half; x++ {
			c.set(x, y)
		}
	}
	return c
}

// rightArrow points right: n rows and w columns, a shaft through the
// middle and a head of two diagonals.
func rightArrow(n, w, weight int) *canvas {
	c := newCanvas(w, n)
	mid := n / 2
	for x := 0; x < w; x++ {
		for t := 0; t < weight; t++ {
			c.set(x, mid-weight/2+t)
		}
	}
	for i := 0; i <= mid; i++ {
		for t := 0; t < weight; t++ {
			c.set(w-1-i-t, mid-i)
			c.set(w-1-i-t, mid+i)
		}
	}
	return c
}

// disc is a circle n pixels across, filled or as a ring of weight pixels.
func disc(n, weight int, filled bool) *canvas {
	c := newCanvas(n, n)
	r := float64(n) / 2
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			dx, dy := float64(x)+0.5-r, float64(y)+0.5-r
			d := dx*dx + dy*dy
			in := d <= r*r
			if !filled {
				ri := r - float64(weight)
				in = in && d >= ri*ri
			}
			if in {
				c.set(x, y)
			}
		}
	}
	return c
}

// heart is a filled heart n pixels wide, sampled from the curve
// (x²+y²−1)³ = x²y³.
func heart(n int) *canvas {
	h := n - n/8
	c := newCanvas(n, h)
	for y := 0; y < h; y++ {
		for x := 0; x < n; x++ {
			fx := (float64(x)+0.5)/float64(n)*2.6 - 1.3
			fy := 1.25 - (float64(y)+0.5)/float64(h)*2.5
			a := fx*fx + fy*fy - 1
			if a*a*a-fx*fx*fy*fy*fy <= 0 {
				c.set(x, y)
			}
		}
	}
	return c
}

// box is the hollow rectangle drawn for missing runes.
func box(w, h int) *canvas {
	c := newCanvas(w, h)
	for x := 0; x < w; x++ {
		c.set(x, 0)
		c.set(x, h-1)
	}
	for y := 0; y < h; y++ {
		c.set(0, y)
		c.set(w-1, y)
	}
	return c
}

// makeSymbol draws r for a font: sized from its cap height, centred on
// half the cap height (where a dash sits), followed by a gap as wide as
// the font's space between letters.
func makeSymbol(r rune, f *bdfFont) *glyph {
	capH := f.capHeight
	n := oddBelow(capH)
	weight := stroke(capH)
	space := 2
	if g := f.glyphs[' ']; g != nil {
		space = g.adv
	}
	gap := max(1, space/2)
	var c *canvas
	switch r {
	case '►', '▶':
		c = rightTriangle(n)
	case '◄', '◀':
		c = rightTriangle(n).flipX()
	case '▼':
		c = rightTriangle(n).rotate()
	case '▲':
		c = rightTriangle(n).rotate().rotate().rotate()
	// Sideways arrows are longer than tall; upright ones as tall as the
	// capitals (n), so a line of ↑ keeps its height.
	case '→':
		c = rightArrow(n, n+n/2, weight)
	case '←':
		c = rightArrow(n, n+n/2, weight).flipX()
	case '↓':
		c = rightArrow(n, n, weight).rotate()
	case '↑':
		c = rightArrow(n, n, weight).rotate().rotate().rotate()
	case '●':
		c = disc(n, weight, true)
	case '○':
		c = disc(n, weight, false)
	case '♥':
		c = heart(n)
	case '·':
		side := weight + 1
		c = newCanvas(side, side)
		for i := range c.pix {
			c.pix[i] = true
		}
	case '\u202F':
		return &glyph{adv: max(1, space/2)}
	case fallbackRune:
		c = box(max(4, capH*2/3), capH)
	default:
		return nil
	}
	// Centre the box vertically on half the cap height.
	yoff := (capH - c.h + 1) / 2
	return &glyph{adv: c.w + gap + 1, w: c.w, h: c.h, xoff: 1, yoff: yoff, pix: c.pix}
}
