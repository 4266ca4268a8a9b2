package render

import (
	"image"
	"image/color"
	"math"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
)

// BoxStyle is how DrawBox paints a box.
type BoxStyle struct {
	Fill        color.Color // inside the border; nil leaves it empty
	Border      color.Color // nil draws no border
	BorderWidth int         // in pixels, drawn inside the box; 0 means 1
	// Outline is a 1-pixel line around the border, still inside the box,
	// so that a light border stays visible on light ground; nil for none.
	Outline color.Color
}

// Theme holds the colours of panels, which the game's menus share.
type Theme struct {
	Box  BoxStyle    // dialogue, quiz and menu boxes
	Text color.Color // text in boxes and HUD lines
	// Shadow is the 1-pixel drop shadow of text drawn without a box. When
	// nil, such text gets a plain Box-coloured backing instead.
	Shadow       color.Color
	Selected     BoxStyle    // the bar behind a selected choice
	SelectedText color.Color // a selected choice and its ► marker
	Marker       color.Color // the "next" hint of the dialogue box
	Placeholder  int         // outline width of placeholder sprites
}

// Colours of the default theme.
var (
	colorBackground = color.RGBA{0x1d, 0x1f, 0x33, 0xff}
	colorBoxFill    = color.RGBA{0x12, 0x14, 0x28, 0xff}
	colorBoxBorder  = color.RGBA{0xe8, 0xe2, 0xd0, 0xff}
	colorText       = color.RGBA{0xf4, 0xf1, 0xe8, 0xff}
	colorShadow     = color.RGBA{0x0b, 0x0c, 0x18, 0xff}
	colorSelected   = color.RGBA{0x3d, 0x5a, 0xa8, 0xff}
	colorSelText    = color.RGBA{0xff, 0xe6, 0x8f, 0xff}
	colorMarker     = color.RGBA{0xf2, 0xc1, 0x4e, 0xff}
)

// ThemeFor returns the panel colours for the given options: the default
// theme, or plain black and white with thicker outlines for HighContrast.
func ThemeFor(opts Options) Theme {
	if opts.HighContrast {
		return Theme{
			Box:          BoxStyle{Fill: color.Black, Border: color.White, BorderWidth: 2, Outline: color.Black},
			Text:         color.White,
			Selected:     BoxStyle{Fill: color.White},
			SelectedText: color.Black,
			Marker:       color.White,
			Placeholder:  2,
		}
	}
	return Theme{
		Box:          BoxStyle{Fill: colorBoxFill, Border: colorBoxBorder, BorderWidth: 1, Outline: colorShadow},
		Text:         colorText,
		Shadow:       colorShadow,
		Selected:     BoxStyle{Fill: colorSelected},
		SelectedText: colorSelText,
		Marker:       colorMarker,
		Placeholder:  1,
	}
}

// DrawBox draws a box with its top-left corner at x, y, w×h pixels, its
// outline and border inside those bounds. Coordinates are rounded down to
// whole pixels.
func DrawBox(dst *ebiten.Image, x, y, w, h float64, style BoxStyle) {
	x0, y0 := ifloor(x), ifloor(y)
	x1, y1 := ifloor(x+w), ifloor(y+h)
	drawBox(dst, image.Rect(x0, y0, x1, y1), style)
}

func drawBox(dst *ebiten.Image, r image.Rectangle, style BoxStyle) {
	if r.Empty() {
		return
	}
	if style.Outline != nil {
		r = ring(dst, r, 1, style.Outline)
	}
	if style.Border != nil {
		r = ring(dst, r, max(1, style.BorderWidth), style.Border)
	}
	if style.Fill != nil {
		fillRect(dst, r, style.Fill)
	}
}

// ring draws a frame w pixels wide just inside r and returns what is left
// inside it.
func ring(dst *ebiten.Image, r image.Rectangle, w int, clr color.Color) image.Rectangle {
	inner := image.Rect(r.Min.X+w, r.Min.Y+w, r.Max.X-w, r.Max.Y-w)
	if inner.Empty() {
		fillRect(dst, r, clr)
		return image.Rectangle{}
	}
	fillRect(dst, image.Rect(r.Min.X, r.Min.Y, r.Max.X, inner.Min.Y), clr)
	fillRect(dst, image.Rect(r.Min.X, inner.Max.Y, r.Max.X, r.Max.Y), clr)
	fillRect(dst, image.Rect(r.Min.X, inner.Min.Y, inner.Min.X, inner.Max.Y), clr)
	fillRect(dst, image.Rect(inner.Max.X, inner.Min.Y, r.Max.X, inner.Max.Y), clr)
	return inner
}

// white is a 1×1 white image cut from the middle of a 3×3 one, so that
// scaling it never samples a transparent edge.
var white = sync.OnceValue(func() *ebiten.Image {
	img := ebiten.NewImage(3, 3)
	img.Fill(color.White)
	return img.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
})

// fillOp is reused by fillRect: drawing happens on the game's goroutine.
var fillOp ebiten.DrawImageOptions

// fillRect fills r with clr. Drawing a scaled white pixel lets Ebiten batch
// rectangles with the rest of the frame.
func fillRect(dst *ebiten.Image, r image.Rectangle, clr color.Color) {
	if r.Empty() || clr == nil {
		return
	}
	op := &fillOp
	op.GeoM.Reset()
	op.GeoM.Scale(float64(r.Dx()), float64(r.Dy()))
	op.GeoM.Translate(float64(r.Min.X), float64(r.Min.Y))
	op.ColorScale.Reset()
	op.ColorScale.ScaleWithColor(clr)
	dst.DrawImage(white(), op)
}

// ifloor rounds v down to an int the same way on every platform: NaN is 0
// and values are clamped first, as converting out-of-range floats differs
// between amd64 and wasm.
func ifloor(v float64) int {
	if v != v {
		return 0
	}
	return int(math.Floor(max(-1e9, min(v, 1e9))))
}
