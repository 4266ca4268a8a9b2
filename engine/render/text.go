package render

import (
	"image"
	"image/color"
	"math"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// DefaultTextSize is the font size, in view pixels, of panel text at
// TextScale 1: Go Regular at 9 px reads well at 320×180.
const DefaultTextSize = 9

// Bounds on font sizes; sizes are rounded to whole pixels so the hinted
// glyphs sit on the pixel grid.
const (
	minTextSize = 6
	maxTextSize = 64
)

// Align is how DrawText places a line against its x coordinate.
type Align uint8

// The alignments: x is the left edge, the centre or the right edge of each line.
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// fonts holds the parsed Go Regular font and one hinted face per pixel size.
// A face is not safe for concurrent use: draw and measure from the game's
// goroutine.
var fonts struct {
	sync.Mutex
	font  *opentype.Font
	faces map[int]*text.GoXFace
}

// textSize rounds a requested size to a whole number of pixels in range.
func textSize(size float64) int {
	if math.IsNaN(size) {
		return DefaultTextSize
	}
	return int(math.Round(max(minTextSize, min(size, maxTextSize))))
}

// face returns the hinted Go Regular face for size. Full hinting snaps stems
// and advances to whole pixels, which keeps small text crisp.
func face(size float64) *text.GoXFace {
	px := textSize(size)
	fonts.Lock()
	defer fonts.Unlock()
	if f, ok := fonts.faces[px]; ok {
		return f
	}
	if fonts.font == nil {
		f, err := opentype.Parse(goregular.TTF)
		if err != nil {
			panic("render: bundled Go Regular font: " + err.Error()) // cannot happen: the font is compiled in
		}
		fonts.font = f
		fonts.faces = map[int]*text.GoXFace{}
	}
	xf, err := opentype.NewFace(fonts.font, &opentype.FaceOptions{Size: float64(px), DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic("render: Go Regular face: " + err.Error())
	}
	f := text.NewGoXFace(xf)
	fonts.faces[px] = f
	return f
}

// lineHeight is the distance between the tops of two lines of text.
func lineHeight(f *text.GoXFace) float64 {
	m := f.Metrics()
	return math.Ceil(m.HAscent + m.HDescent + m.HLineGap)
}

// MeasureText returns the size in pixels of s drawn at size: the width of
// its widest line and the number of lines ("\n" separates them) times the
// line height, so MeasureText("", size) is the height of one line.
func MeasureText(s string, size float64) (w, h float64) {
	f := face(size)
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		w = max(w, advance(line, f))
		n++
	}
	return w, float64(n) * lineHeight(f)
}

// A TextTrace is told of each line of text drawn: the image drawn on, the
// line's box on it (as tall as the line's height, as wide as its advance) and the line.
type TextTrace func(dst *ebiten.Image, box image.Rectangle, line string)

// textTrace is the trace SetTextTrace installed; nil in play.
var textTrace TextTrace

// SetTextTrace has f told of every line DrawText draws from now on, until
// SetTextTrace(nil). Layout tests use it to find text that leaves the
// screen or runs over other text, at every text size, without reading
// pixels. Like drawing itself, it belongs to the game's goroutine.
func SetTextTrace(f TextTrace) { textTrace = f }

// DrawText draws s in Go Regular at size (in pixels) and colour clr, with
// the top of its first line at y. align says whether x is the left edge,
// the centre or the right edge of each line; "\n" starts a new line.
// Positions are rounded down to whole pixels so glyphs stay crisp.
func DrawText(dst *ebiten.Image, s string, x, y float64, size float64, clr color.Color, align Align) {
	f := face(size)
	lh := lineHeight(f)
	op := &text.DrawOptions{}
	op.ColorScale.ScaleWithColor(clr)
	top := math.Floor(y)
	for line := range strings.SplitSeq(s, "\n") {
		if line != "" {
			lx := x
			switch align {
			case AlignCenter:
				lx -= advance(line, f) / 2
			case AlignRight:
				lx -= advance(line, f)
			}
			op.GeoM.Reset()
			op.GeoM.Translate(math.Floor(lx), top)
			text.Draw(dst, line, f, op)
			if textTrace != nil {
				x0, y0 := int(math.Floor(lx)), int(top)
				textTrace(dst, image.Rect(x0, y0, x0+int(math.Ceil(advance(line, f))), y0+int(lh)), line)
			}
		}
		top += lh
	}
}

// Fit shortens s with "…" until it is at most width pixels wide at size;
// s that fits already comes back as it is.
func Fit(s string, size, width float64) string {
	if w, _ := MeasureText(s, size); w <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		if w, _ := MeasureText(string(r)+"…", size); w <= width {
			break
		}
	}
	return string(r) + "…"
}

// Wrap breaks s into lines no wider than maxWidth pixels at size, at
// spaces, keeping "\n" breaks. A word wider than a line is cut between
// letters. French high punctuation written after a space (":", ";", "!",
// "?", "»") stays with the word before it, and "«" with the word after, so
// no line starts with a colon.
func Wrap(s string, size, maxWidth float64) []string {
	f := face(size)
	width := func(s string) float64 { return advance(s, f) }
	var lines []string
	for para := range strings.SplitSeq(s, "\n") {
		line := ""
		for _, word := range words(para) {
			if line != "" && width(line+" "+word) <= maxWidth {
				line += " " + word
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			for width(word) > maxWidth {
				cut := fitPrefix(word, maxWidth, width)
				if cut == len(word) { // one letter wider than a line
					break
				}
				lines = append(lines, word[:cut])
				word = word[cut:]
			}
			line = word
		}
		lines = append(lines, line)
	}
	return lines
}

// fitPrefix returns the length in bytes of the longest prefix of word no
// wider than maxWidth, and at least one letter long.
func fitPrefix(word string, maxWidth float64, width func(string) float64) int {
	cut := 0
	for i := 0; i < len(word); {
		_, n := utf8.DecodeRuneInString(word[i:])
		if cut > 0 && width(word[:i+n]) > maxWidth {
			break
		}
		i += n
		cut = i
	}
	return cut
}

// words splits a paragraph at spaces and tabs into the units Wrap keeps
// together (see Wrap for the French punctuation rule).
func words(para string) []string {
	var out []string
	glueNext := false
	for _, w := range strings.FieldsFunc(para, func(r rune) bool { return r == ' ' || r == '\t' }) {
		switch {
		case glueNext && len(out) > 0:
			out[len(out)-1] += " " + w
		case len(out) > 0 && strings.Trim(w, ":;!?»") == "":
			out[len(out)-1] += " " + w
		default:
			out = append(out, w)
		}
		glueNext = w == "«"
	}
	return out
}

// advance is the width of a whole line of text in pixels.
func advance(line string, f *text.GoXFace) float64 {
	return text.AdvanceAt(line, len(line), f)
}
