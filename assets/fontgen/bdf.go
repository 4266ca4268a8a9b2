package main

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// bdfFont is the part of a BDF font (Glyph Bitmap Distribution Format 2.1)
// the atlas needs: its pixel size, ascent and descent, and its glyphs.
type bdfFont struct {
	name          string
	pixelSize     int
	ascent        int
	descent       int
	capHeight     int
	glyphs        map[rune]*glyph
	copyrightLine string
}

// glyph is one bitmap glyph, in BDF's terms: a w×h bitmap whose lower left
// corner sits at (xoff, yoff) from the origin on the baseline, y upwards.
type glyph struct {
	adv, w, h, xoff, yoff int
	pix                   []bool // w*h, row by row from the top
}

func (g *glyph) at(x, y int) bool { return g.pix[y*g.w+x] }

// Bounds a BDF file must stay within to be an atlas source: fonts for a
// 320×180 view are small, and the metrics file stores bytes.
const (
	maxGlyphSide = 64
	maxGlyphs    = 1 << 16
)

// parseBDF reads a BDF font. It keeps only glyphs with a Unicode encoding
// (ENCODING ≥ 0), and fails on anything it cannot place exactly.
func parseBDF(name string, data []byte) (*bdfFont, error) {
	f := &bdfFont{name: name, glyphs: map[rune]*glyph{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	fail := func(format string, args ...any) error {
		return fmt.Errorf("fontgen: %s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	var (
		cur      *glyph
		enc      = rune(-1)
		inBitmap bool
		row      int
	)
	for sc.Scan() {
		line++
		text := sc.Text()
		fs := strings.Fields(text)
		if len(fs) == 0 {
			continue
		}
		ints := func(n int) ([]int, error) {
			if len(fs) != n+1 {
				return nil, fail("%s wants %d numbers", fs[0], n)
			}
			out := make([]int, n)
			for i := range out {
				v, err := strconv.Atoi(fs[i+1])
				if err != nil || v < -1000 || v > 1000 {
					return nil, fail("%s: bad number %q", fs[0], fs[i+1])
				}
				out[i] = v
			}
			return out, nil
		}
		if inBitmap {
			if fs[0] == "ENDCHAR" {
				if row != cur.h {
					return nil, fail("glyph %U has %d rows, BBX says %d", enc, row, cur.h)
				}
				inBitmap = false
				if enc >= 0 {
					if len(f.glyphs) >= maxGlyphs {
						return nil, fail("more than %d glyphs", maxGlyphs)
					}
					f.glyphs[enc] = cur
				}
				cur = nil
				continue
			}
			if row >= cur.h {
				return nil, fail("glyph %U has more rows than BBX says (%d)", enc, cur.h)
			}
			hex := fs[0]
			if len(hex)*4 < cur.w {
				return nil, fail("glyph %U: row %q narrower than %d pixels", enc, hex, cur.w)
			}
			for x := 0; x < cur.w; x++ {
				nib, err := strconv.ParseUint(hex[x/4:x/4+1], 16, 8)
				if err != nil {
					return nil, fail("glyph %U: bad bitmap row %q", enc, hex)
				}
				cur.pix[row*cur.w+x] = nib&(8>>(x%4)) != 0
			}
			row++
			continue
		}
		switch fs[0] {
		case "FONT":
			f.name = strings.TrimSpace(strings.TrimPrefix(text, "FONT"))
		case "PIXEL_SIZE", "FONT_ASCENT", "FONT_DESCENT", "CAP_HEIGHT":
			v, err := ints(1)
			if err != nil {
				return nil, err
			}
			switch fs[0] {
			case "PIXEL_SIZE":
				f.pixelSize = v[0]
			case "FONT_ASCENT":
				f.ascent = v[0]
			case "FONT_DESCENT":
				f.descent = v[0]
			case "CAP_HEIGHT":
				f.capHeight = v[0]
			}
		case "COPYRIGHT":
			f.copyrightLine = strings.Trim(strings.TrimSpace(strings.TrimPrefix(text, "COPYRIGHT")), `"`)
		case "STARTCHAR":
			cur, enc = &glyph{}, -1
		case "ENCODING":
			if cur == nil {
				return nil, fail("ENCODING outside a glyph")
			}
			if len(fs) < 2 {
				return nil, fail("ENCODING wants a number")
			}
			v, err := strconv.Atoi(fs[1])
			if err != nil || v > 0x10FFFF {
				return nil, fail("bad ENCODING %q", fs[1])
			}
			enc = rune(v)
		case "DWIDTH":
			if cur == nil {
				return nil, fail("DWIDTH outside a glyph")
			}
			v, err := ints(2)
			if err != nil {
				return nil, err
			}
			cur.adv = v[0]
		case "BBX":
			if cur == nil {
				return nil, fail("BBX outside a glyph")
			}
			v, err := ints(4)
			if err != nil {
				return nil, err
			}
			if v[0] < 0 || v[1] < 0 || v[0] > maxGlyphSide || v[1] > maxGlyphSide {
				return nil, fail("glyph %U: BBX %dx%d out of range", enc, v[0], v[1])
			}
			cur.w, cur.h, cur.xoff, cur.yoff = v[0], v[1], v[2], v[3]
			cur.pix = make([]bool, cur.w*cur.h)
		case "BITMAP":
			if cur == nil || cur.pix == nil { // make() gives BBX 0 0 an empty, non-nil slice
				return nil, fail("BITMAP before BBX")
			}
			inBitmap, row = true, 0
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("fontgen: %s: %w", name, err)
	}
	if inBitmap {
		return nil, fail("unterminated glyph")
	}
	if f.pixelSize <= 0 || f.ascent <= 0 || f.descent < 0 {
		return nil, fmt.Errorf("fontgen: %s: no PIXEL_SIZE, FONT_ASCENT or FONT_DESCENT", name)
	}
	if f.capHeight <= 0 {
		if g := f.glyphs['H']; g != nil {
			f.capHeight = g.h + g.yoff
		} else {
			f.capHeight = f.ascent * 3 / 4
		}
	}
	return f, nil
}
