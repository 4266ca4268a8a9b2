// Command fontgen builds the game's pixel font: it reads bitmap fonts in
// BDF, one file per pixel size, keeps the runes the game needs (see
// charset), draws the symbols they lack (see symbols.go), and writes the
// atlas PNG and the metrics file that engine/render embeds.
//
// The sources are Adobe Helvetica Medium from Debian's xfonts-75dpi and
// xfonts-100dpi (their -ISO10646-1 variants), converted from PCF by
// pcf2bdf. Neither is needed to build or test the game: the outputs are
// committed, and `make font` (which installs the packages and converts
// the files) is run by hand when the charset or the sizes change.
//
// Usage: go run ./assets/fontgen -out engine/render/font FILE.bdf...
//
// The metrics file, little-endian:
//
//	"AFNT" version(u8)=1 sizes(u8)
//	per size, in increasing pixel size:
//	  px(u8) ascent(u8) descent(u8) capHeight(u8) glyphs(u16)
//	  per glyph, in increasing rune order:
//	    rune(u24) x(u16) y(u16) w(u8) h(u8) xoff(i8) top(i8) advance(u8)
//
// (x, y, w, h) is the glyph's box in the atlas; it is drawn xoff pixels
// right of the pen and top pixels below the top of the line (the line is
// ascent + descent tall), and the pen then moves advance pixels right.
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"sort"
)

func main() {
	out := flag.String("out", "engine/render/font", "the folder to write atlas.png and metrics.bin into")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./assets/fontgen [-out DIR] FILE.bdf...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Args(), *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// charset is what every size must hold: ASCII, Latin-1, Latin Extended-A,
// the punctuation of French and English typography, and a few signs the
// game's texts use. The source font has them all (a rune missing from it
// fails the build rather than drawing a box); the few in madeHere are
// drawn here instead.
func charset() []rune {
	var rs []rune
	for r := rune(0x20); r <= 0x7E; r++ {
		rs = append(rs, r)
	}
	for r := rune(0xA0); r < 0x17F; r++ { // not U+017F, the long s, which no text needs
		rs = append(rs, r)
	}
	return append(rs, []rune("–—‘’‚“”„†•…‰‹›€™−≤≥≠")...)
}

// run reads the fonts, builds the atlas and writes both files.
func run(files []string, out string) error {
	var fonts []*bdfFont
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("fontgen: %w", err)
		}
		f, err := parseBDF(filepath.Base(name), data)
		if err != nil {
			return err
		}
		fonts = append(fonts, f)
	}
	img, metrics, err := build(fonts)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return fmt.Errorf("fontgen: %w", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("fontgen: %w", err)
	}
	if err := os.WriteFile(filepath.Join(out, "atlas.png"), buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("fontgen: %w", err)
	}
	if err := os.WriteFile(filepath.Join(out, "metrics.bin"), metrics, 0o644); err != nil {
		return fmt.Errorf("fontgen: %w", err)
	}
	fmt.Printf("fontgen: %d sizes, atlas %dx%d (%d bytes), metrics %d bytes\n",
		len(fonts), img.Bounds().Dx(), img.Bounds().Dy(), buf.Len(), len(metrics))
	return nil
}

// atlasWidth is the width of the atlas: wide enough that it stays about
// square for the sizes the game uses.
const atlasWidth = 512

// placed is a glyph with its rune and its place in the atlas.
type placed struct {
	r    rune
	g    *glyph
	x, y int
}

// build selects each font's glyphs, packs them in shelves (tallest first,
// one pixel apart) and returns the atlas and the metrics file.
func build(fonts []*bdfFont) (*image.Paletted, []byte, error) {
	if len(fonts) == 0 || len(fonts) > 255 {
		return nil, nil, errors.New("fontgen: want between 1 and 255 fonts")
	}
	fonts = slices.Clone(fonts)
	sort.Slice(fonts, func(i, j int) bool { return fonts[i].pixelSize < fonts[j].pixelSize })
	var sizes [][]*placed
	for i, f := range fonts {
		if i > 0 && fonts[i-1].pixelSize == f.pixelSize {
			return nil, nil, fmt.Errorf("fontgen: %s and %s both have pixel size %d", fonts[i-1].name, f.name, f.pixelSize)
		}
		var ps []*placed
		for _, r := range charset() {
			if slices.Contains(madeHere, r) {
				continue // drawn here instead
			}
			g := f.glyphs[r]
			if g == nil {
				return nil, nil, fmt.Errorf("fontgen: %s has no glyph for %U %q", f.name, r, r)
			}
			if f.pixelSize <= evenSpacingMax {
				g = evenlySpaced(r, g)
			}
			ps = append(ps, &placed{r: r, g: g})
		}
		for _, r := range madeHere {
			ps = append(ps, &placed{r: r, g: makeSymbol(r, f)})
		}
		for _, p := range ps {
			if p.g.adv < 0 || p.g.adv > 255 || p.g.xoff < -128 || p.g.xoff > 127 {
				return nil, nil, fmt.Errorf("fontgen: %s: glyph %U: advance or offset out of range", f.name, p.r)
			}
			if top := f.ascent - p.g.yoff - p.g.h; top < -128 || top > 127 {
				return nil, nil, fmt.Errorf("fontgen: %s: glyph %U: too far from the line", f.name, p.r)
			}
		}
		sort.Slice(ps, func(i, j int) bool { return ps[i].r < ps[j].r })
		sizes = append(sizes, ps)
	}

	// Shelf packing, all sizes together, tallest glyphs first.
	var all []*placed
	for _, ps := range sizes {
		all = append(all, ps...)
	}
	order := slices.Clone(all)
	sort.SliceStable(order, func(i, j int) bool { return order[i].g.h > order[j].g.h })
	x, y, shelf := 0, 0, 0
	for _, p := range order {
		if p.g.w == 0 || p.g.h == 0 {
			continue // nothing to draw: a space
		}
		if x+p.g.w > atlasWidth {
			x, y, shelf = 0, y+shelf+1, 0
		}
		p.x, p.y = x, y
		x += p.g.w + 1
		shelf = max(shelf, p.g.h)
	}
	height := y + shelf
	if height > 0xFFFF {
		return nil, nil, errors.New("fontgen: atlas too tall")
	}
	img := image.NewPaletted(image.Rect(0, 0, atlasWidth, height), color.Palette{color.Transparent, color.White})
	for _, p := range all {
		for gy := 0; gy < p.g.h; gy++ {
			for gx := 0; gx < p.g.w; gx++ {
				if p.g.at(gx, gy) {
					img.SetColorIndex(p.x+gx, p.y+gy, 1)
				}
			}
		}
	}

	m := []byte("AFNT")
	m = append(m, 1, byte(len(fonts)))
	for i, f := range fonts {
		if f.pixelSize > 255 || f.ascent > 255 || f.descent > 255 || f.capHeight > 255 {
			return nil, nil, fmt.Errorf("fontgen: %s: metrics out of range", f.name)
		}
		m = append(m, byte(f.pixelSize), byte(f.ascent), byte(f.descent), byte(f.capHeight))
		m = binary.LittleEndian.AppendUint16(m, uint16(len(sizes[i])))
		for _, p := range sizes[i] {
			m = append(m, byte(p.r), byte(p.r>>8), byte(p.r>>16))
			m = binary.LittleEndian.AppendUint16(m, uint16(p.x))
			m = binary.LittleEndian.AppendUint16(m, uint16(p.y))
			top := f.ascent - p.g.yoff - p.g.h
			m = append(m, byte(p.g.w), byte(p.g.h), byte(int8(p.g.xoff)), byte(int8(top)), byte(p.g.adv))
		}
	}
	return img, m, nil
}

// evenSpacingMax is the largest pixel size whose glyphs are respaced by
// evenlySpaced. Helvetica's 8 px bitmaps sit in their advance unevenly
// (most capitals and digits two pixels right of the pen and touching the
// next glyph, some lowercase letters overlapping it), which at that size
// reads as a space inside words: "qu’ elles", "Hibou- Vert- 20". From
// 10 px up the hand-tuned spacing is kept.
const evenSpacingMax = 8

// evenlySpaced returns g with its blank columns trimmed, drawn at the pen
// and followed by one blank column: even spacing, as pixel fonts have it
// (Helvetica's tails that touched the next glyph, in "a" or "r", now stay
// clear of it too). Digits keep their common advance
// (tabular, so that a counting timer does not shift the text after it)
// and are centred in it.
func evenlySpaced(r rune, g *glyph) *glyph {
	first, last := g.w, -1
	for x := 0; x < g.w; x++ {
		for y := 0; y < g.h; y++ {
			if g.at(x, y) {
				first, last = min(first, x), max(last, x)
				break
			}
		}
	}
	if last < 0 {
		return g // a space: nothing to draw, its advance stays
	}
	out := &glyph{w: last - first + 1, h: g.h, yoff: g.yoff}
	out.pix = make([]bool, out.w*out.h)
	for y := 0; y < g.h; y++ {
		for x := 0; x < out.w; x++ {
			out.pix[y*out.w+x] = g.at(first+x, y)
		}
	}
	if r >= '0' && r <= '9' {
		out.adv = g.adv
		out.xoff = (g.adv - out.w) / 2
	} else {
		out.adv = out.w + 1
	}
	return out
}
