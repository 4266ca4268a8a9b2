package render

import (
	"bytes"
	_ "embed" // the font's atlas and metrics
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
)

// The pixel font, made by assets/fontgen (`make font`) from Adobe
// Helvetica's bitmap fonts (see assets/CREDITS.md): every glyph of every
// size in one 1-bit atlas, and their metrics (format in assets/fontgen).
var (
	//go:embed font/atlas.png
	fontAtlasPNG []byte
	//go:embed font/metrics.bin
	fontMetrics []byte
)

// fontGlyph is one glyph of one size: its box in the atlas, where it is
// drawn from the pen (xoff right, top below the top of the line) and how
// far the pen then moves.
type fontGlyph struct {
	r          rune
	x, y, w, h uint16
	xoff, top  int8
	adv        uint8
}

// fontFace is one pixel size of the font.
type fontFace struct {
	px, ascent, descent, capHeight int
	glyphs                         []fontGlyph // in increasing rune order
	fallback                       *fontGlyph  // the hollow box (U+FFFD)
}

// fallbackRune's glyph, a hollow box, is drawn for every rune the font
// lacks, so a missing letter shows rather than vanishing.
const fallbackRune = '\uFFFD'

// decodeFontMetrics reads the metrics file. It checks everything the
// renderer relies on: sizes strictly increasing, runes strictly
// increasing, every box inside an atlas of atlasW×atlasH, and a fallback
// glyph in every size.
func decodeFontMetrics(data []byte, atlasW, atlasH int) ([]*fontFace, error) {
	rd := bytes.NewReader(data)
	var head struct {
		Magic   [4]byte
		Version uint8
		Sizes   uint8
	}
	if err := binary.Read(rd, binary.LittleEndian, &head); err != nil {
		return nil, fmt.Errorf("render: font metrics: %w", err)
	}
	if string(head.Magic[:]) != "AFNT" || head.Version != 1 {
		return nil, errors.New("render: font metrics: not an AFNT version 1 file")
	}
	if head.Sizes == 0 {
		return nil, errors.New("render: font metrics: no sizes")
	}
	var faces []*fontFace
	for range head.Sizes {
		var sh struct {
			Px, Ascent, Descent, CapHeight uint8
			Glyphs                         uint16
		}
		if err := binary.Read(rd, binary.LittleEndian, &sh); err != nil {
			return nil, fmt.Errorf("render: font metrics: %w", err)
		}
		if sh.Px == 0 || sh.Ascent == 0 || (len(faces) > 0 && int(sh.Px) <= faces[len(faces)-1].px) {
			return nil, fmt.Errorf("render: font metrics: bad size %d", sh.Px)
		}
		if int(sh.Glyphs)*12 > rd.Len() {
			return nil, fmt.Errorf("render: font metrics: size %d: truncated", sh.Px)
		}
		f := &fontFace{px: int(sh.Px), ascent: int(sh.Ascent), descent: int(sh.Descent), capHeight: int(sh.CapHeight),
			glyphs: make([]fontGlyph, sh.Glyphs)}
		var rec [12]byte
		for i := range f.glyphs {
			if _, err := io.ReadFull(rd, rec[:]); err != nil {
				return nil, fmt.Errorf("render: font metrics: %w", err)
			}
			g := fontGlyph{
				r: rune(rec[0]) | rune(rec[1])<<8 | rune(rec[2])<<16,
				x: binary.LittleEndian.Uint16(rec[3:]), y: binary.LittleEndian.Uint16(rec[5:]),
				w: uint16(rec[7]), h: uint16(rec[8]),
				xoff: int8(rec[9]), top: int8(rec[10]), adv: rec[11],
			}
			if i > 0 && g.r <= f.glyphs[i-1].r {
				return nil, fmt.Errorf("render: font metrics: size %d: runes out of order at %U", f.px, g.r)
			}
			if int(g.x)+int(g.w) > atlasW || int(g.y)+int(g.h) > atlasH {
				return nil, fmt.Errorf("render: font metrics: size %d: glyph %U outside the atlas", f.px, g.r)
			}
			f.glyphs[i] = g
		}
		if f.fallback = f.find(fallbackRune); f.fallback == nil {
			return nil, fmt.Errorf("render: font metrics: size %d has no fallback glyph", f.px)
		}
		faces = append(faces, f)
	}
	if rd.Len() != 0 {
		return nil, errors.New("render: font metrics: trailing bytes")
	}
	return faces, nil
}

// find returns r's glyph, or nil when the face lacks it.
func (f *fontFace) find(r rune) *fontGlyph {
	i := sort.Search(len(f.glyphs), func(i int) bool { return f.glyphs[i].r >= r })
	if i < len(f.glyphs) && f.glyphs[i].r == r {
		return &f.glyphs[i]
	}
	return nil
}

// glyph returns r's glyph, or the fallback box when the face lacks it.
func (f *fontFace) glyph(r rune) *fontGlyph {
	if g := f.find(r); g != nil {
		return g
	}
	return f.fallback
}

// lineHeight is the distance between the tops of two lines.
func (f *fontFace) lineHeight() int { return f.ascent + f.descent }

// advance is the width of a line in pixels: the sum of its advances.
func (f *fontFace) advance(line string) int {
	w := 0
	for _, r := range line {
		w += int(f.glyph(r).adv)
	}
	return w
}

// font holds the decoded metrics (read on first use, without Ebiten, so
// layouts can be measured with no display) and the atlas image (made on
// first draw). The sync.Onces make the set-up safe; the cache of glyph
// sub-images is not, so draw from the game's goroutine, as Ebiten wants.
var font struct {
	once  sync.Once
	faces []*fontFace
	atlas image.Image

	imgOnce sync.Once
	img     *ebiten.Image
	subs    map[*fontGlyph]*ebiten.Image
}

// loadFont decodes the embedded atlas and metrics once. They are compiled
// in and checked by the tests, so a failure is a broken build: panic.
func loadFont() []*fontFace {
	font.once.Do(func() {
		atlas, err := png.Decode(bytes.NewReader(fontAtlasPNG))
		if err != nil {
			panic("render: font atlas: " + err.Error())
		}
		b := atlas.Bounds()
		faces, err := decodeFontMetrics(fontMetrics, b.Dx(), b.Dy())
		if err != nil {
			panic(err.Error())
		}
		font.atlas, font.faces = atlas, faces
	})
	return font.faces
}

// fontSizes lists the font's pixel sizes, smallest first.
func fontSizes() []int {
	var out []int
	for _, f := range loadFont() {
		out = append(out, f.px)
	}
	return out
}

// faceFor returns the face drawn for a requested size: the largest pixel
// size not above it, or the smallest when every size is above it. Text
// therefore never grows past what was asked, and a layout that fit at the
// requested size still fits. NaN asks for DefaultTextSize.
func faceFor(size float64) *fontFace {
	if math.IsNaN(size) {
		size = DefaultTextSize
	}
	faces := loadFont()
	f := faces[0]
	for _, c := range faces[1:] {
		if float64(c.px) <= size {
			f = c
		}
	}
	return f
}

// glyphImage returns the atlas sub-image of g, making the atlas image on
// first use.
func glyphImage(g *fontGlyph) *ebiten.Image {
	font.imgOnce.Do(func() {
		font.img = ebiten.NewImageFromImage(font.atlas)
		font.subs = map[*fontGlyph]*ebiten.Image{}
	})
	if s, ok := font.subs[g]; ok {
		return s
	}
	s := font.img.SubImage(image.Rect(int(g.x), int(g.y), int(g.x+g.w), int(g.y+g.h))).(*ebiten.Image)
	font.subs[g] = s
	return s
}

// MissingRunes returns the runes of s, in order and once each, that the
// font cannot draw and that would show as a hollow box; "\n", which
// breaks lines, is not one. Tests use it to check that every catalogue's
// text is covered.
func MissingRunes(s string) []rune {
	f := loadFont()[0]
	var out []rune
	for _, r := range s {
		if r == '\n' || f.find(r) != nil || slices.Contains(out, r) {
			continue
		}
		out = append(out, r)
	}
	return out
}
