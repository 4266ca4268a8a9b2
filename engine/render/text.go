package render

import (
	"image"
	"image/color"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"
)

// DefaultTextSize is the font size, in view pixels, of panel text at
// TextScale 1: the pixel font's 10 px size, whose letters are 8 pixels
// tall, reads well at 320×180.
const DefaultTextSize = 10

// Align is how DrawText places a line against its x coordinate.
type Align uint8

// The alignments: x is the left edge, the centre or the right edge of each line.
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// MeasureText returns the size in pixels of s drawn at size: the width of
// its widest line and the number of lines ("\n" separates them) times the
// line height, so MeasureText("", size) is the height of one line.
//
// Text is drawn in a pixel font that has a few pixel sizes (see
// faceFor): size picks the largest not above it.
func MeasureText(s string, size float64) (w, h float64) {
	f := faceFor(size)
	n, wi := 0, 0
	for line := range strings.SplitSeq(s, "\n") {
		wi = max(wi, f.advance(line))
		n++
	}
	return float64(wi), float64(n * f.lineHeight())
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

// DrawText draws s in the pixel font at size (in pixels; the largest of
// the font's sizes not above it) and colour clr, with the top of its first
// line at y. align says whether x is the left edge, the centre or the
// right edge of each line; "\n" starts a new line. Glyphs are copied from
// the font's 1-bit atlas at whole-pixel positions (x and y are rounded
// down), so text stays as crisp as the view's pixels; runes the font
// lacks show as a hollow box.
func DrawText(dst *ebiten.Image, s string, x, y float64, size float64, clr color.Color, align Align) {
	f := faceFor(size)
	lh := f.lineHeight()
	op := &ebiten.DrawImageOptions{}
	op.ColorScale.ScaleWithColor(clr)
	top := int(math.Floor(y))
	for line := range strings.SplitSeq(s, "\n") {
		if line != "" {
			w := f.advance(line)
			lx := x
			switch align {
			case AlignCenter:
				lx -= float64(w) / 2
			case AlignRight:
				lx -= float64(w)
			}
			x0 := int(math.Floor(lx))
			pen := x0
			for _, r := range line {
				g := f.glyph(r)
				if g.w > 0 && g.h > 0 {
					op.GeoM.Reset()
					op.GeoM.Translate(float64(pen+int(g.xoff)), float64(top+int(g.top)))
					dst.DrawImage(glyphImage(g), op)
				}
				pen += int(g.adv)
			}
			if textTrace != nil {
				textTrace(dst, image.Rect(x0, top, x0+w, top+lh), line)
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
	f := faceFor(size)
	width := func(s string) float64 { return float64(f.advance(s)) }
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
