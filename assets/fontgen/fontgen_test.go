package main

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
)

// tinyBDF is a font with an 'A' (3×3, one pixel below the baseline) and a
// space, plus extra lines.
func tinyBDF(extra string) string {
	return `STARTFONT 2.1
FONT -test-tiny
PIXEL_SIZE 8
FONT_ASCENT 7
FONT_DESCENT 2
CAP_HEIGHT 6
COPYRIGHT "nobody"
STARTCHAR A
ENCODING 65
DWIDTH 4 0
BBX 3 3 0 -1
BITMAP
40
A0
E0
ENDCHAR
STARTCHAR space
ENCODING 32
DWIDTH 3 0
BBX 0 0 0 0
BITMAP
ENDCHAR
STARTCHAR unencoded
ENCODING -1
DWIDTH 3 0
BBX 1 1 0 0
BITMAP
80
ENDCHAR
` + extra + "ENDFONT\n"
}

func TestParseBDF(t *testing.T) {
	f, err := parseBDF("tiny.bdf", []byte(tinyBDF("")))
	if err != nil {
		t.Fatal(err)
	}
	if f.pixelSize != 8 || f.ascent != 7 || f.descent != 2 || f.capHeight != 6 || len(f.glyphs) != 2 {
		t.Fatalf("font %+v", f)
	}
	a := f.glyphs['A']
	if a.adv != 4 || a.w != 3 || a.h != 3 || a.yoff != -1 {
		t.Fatalf("A %+v", a)
	}
	var rows []string
	for y := 0; y < a.h; y++ {
		row := ""
		for x := 0; x < a.w; x++ {
			row += map[bool]string{true: "#", false: "."}[a.at(x, y)]
		}
		rows = append(rows, row)
	}
	if got := strings.Join(rows, "|"); got != ".#.|#.#|###" {
		t.Errorf("A drawn %s", got)
	}
}

func TestParseBDFRejects(t *testing.T) {
	for name, src := range map[string]string{
		"no metrics":    "STARTFONT 2.1\nENDFONT\n",
		"short rows":    tinyBDF("STARTCHAR B\nENCODING 66\nDWIDTH 4 0\nBBX 3 3 0 0\nBITMAP\n40\nENDCHAR\n"),
		"long rows":     tinyBDF("STARTCHAR B\nENCODING 66\nDWIDTH 4 0\nBBX 3 1 0 0\nBITMAP\n40\n40\nENDCHAR\n"),
		"bad hex":       tinyBDF("STARTCHAR B\nENCODING 66\nDWIDTH 4 0\nBBX 3 1 0 0\nBITMAP\nZZ\nENDCHAR\n"),
		"narrow row":    tinyBDF("STARTCHAR B\nENCODING 66\nDWIDTH 9 0\nBBX 9 1 0 0\nBITMAP\nFF\nENDCHAR\n"),
		"huge box":      tinyBDF("STARTCHAR B\nENCODING 66\nDWIDTH 4 0\nBBX 300 1 0 0\nBITMAP\nENDCHAR\n"),
		"bitmap no BBX": tinyBDF("STARTCHAR B\nENCODING 66\nBITMAP\nENDCHAR\n"),
		"unterminated":  tinyBDF("STARTCHAR B\nENCODING 66\nDWIDTH 4 0\nBBX 1 1 0 0\nBITMAP\n80\n"),
		"bad encoding":  tinyBDF("STARTCHAR B\nENCODING x\nENDCHAR\n"),
		"stray DWIDTH":  "DWIDTH 4 0\n" + tinyBDF(""),
	} {
		if _, err := parseBDF(name, []byte(src)); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

func FuzzParseBDF(f *testing.F) {
	f.Add([]byte(tinyBDF("")))
	f.Fuzz(func(t *testing.T, data []byte) {
		font, err := parseBDF("fuzz.bdf", data)
		if err != nil {
			return
		}
		for r, g := range font.glyphs {
			if len(g.pix) != g.w*g.h {
				t.Fatalf("glyph %U: %d pixels for %d×%d", r, len(g.pix), g.w, g.h)
			}
		}
	})
}

// TestSymbols checks the glyphs made here at every cap height the fonts
// have: sized to the capitals, not empty, and each sideways pair mirrored.
func TestSymbols(t *testing.T) {
	for _, capH := range []int{6, 8, 9, 11, 12, 14, 19} {
		f := &bdfFont{pixelSize: capH + 2, ascent: capH + 2, descent: 2, capHeight: capH,
			glyphs: map[rune]*glyph{' ': {adv: capH / 3}}}
		for _, r := range madeHere {
			t.Run(fmt.Sprintf("%U/%d", r, capH), func(t *testing.T) {
				g := makeSymbol(r, f)
				if g == nil {
					t.Fatal("not made")
				}
				if g.adv <= 0 || g.adv < g.xoff+g.w {
					t.Errorf("advance %d for a %d-wide glyph at %d", g.adv, g.w, g.xoff)
				}
				if r == '\u202F' {
					return
				}
				lit := 0
				for _, p := range g.pix {
					if p {
						lit++
					}
				}
				if lit == 0 || g.h > capH+1 || g.yoff < 0 || g.yoff+g.h > capH+1 {
					t.Errorf("%d lit pixels, %d×%d at %d above the baseline", lit, g.w, g.h, g.yoff)
				}
			})
		}
		right, left := makeSymbol('►', f), makeSymbol('◄', f)
		for y := 0; y < right.h; y++ {
			for x := 0; x < right.w; x++ {
				if right.at(x, y) != left.at(right.w-1-x, y) {
					t.Fatalf("cap %d: ◄ is not ► mirrored", capH)
				}
			}
		}
	}
}

// TestBuild packs two sizes of a font made of the whole charset and
// checks the metrics file's header and order.
func TestBuild(t *testing.T) {
	mk := func(px int) *bdfFont {
		f := &bdfFont{name: fmt.Sprint(px), pixelSize: px, ascent: px - 2, descent: 2, capHeight: px - 3, glyphs: map[rune]*glyph{}}
		for _, r := range charset() {
			f.glyphs[r] = &glyph{adv: px / 2, w: 2, h: px - 3, pix: make([]bool, 2*(px-3))}
			f.glyphs[r].pix[0] = true
		}
		return f
	}
	img, m, err := build([]*bdfFont{mk(12), mk(8)})
	if err != nil {
		t.Fatal(err)
	}
	if string(m[:4]) != "AFNT" || m[4] != 1 || m[5] != 2 || m[6] != 8 {
		t.Fatalf("header % x", m[:12])
	}
	n := int(binary.LittleEndian.Uint16(m[10:]))
	if want := len(charset()) + len(madeHere) - 1; n != want { // · is in both
		t.Errorf("%d glyphs, want %d", n, want)
	}
	if img.Bounds().Dx() != atlasWidth || img.Bounds().Dy() == 0 {
		t.Errorf("atlas %v", img.Bounds())
	}
	if _, _, err := build([]*bdfFont{mk(8), mk(8)}); err == nil {
		t.Error("two fonts of one size: built")
	}
	broken := mk(10)
	delete(broken.glyphs, 'é')
	if _, _, err := build([]*bdfFont{broken}); err == nil {
		t.Error("a font without é: built")
	}
}

// TestEvenlySpaced checks the 8 px respacing: ink trimmed and drawn at the
// pen with one blank column after it, digits centred in their common
// advance, spaces untouched.
func TestEvenlySpaced(t *testing.T) {
	// rows parses a glyph drawn with '#' (ink) and '.' (blank).
	rows := func(adv, xoff int, lines ...string) *glyph {
		g := &glyph{adv: adv, xoff: xoff, w: len(lines[0]), h: len(lines)}
		for _, l := range lines {
			for _, c := range l {
				g.pix = append(g.pix, c == '#')
			}
		}
		return g
	}
	for _, c := range []struct {
		name          string
		r             rune
		in            *glyph
		w, xoff, adv  int
		firstRowInked bool
	}{
		// Helvetica 8 px's "B": 4 wide, two pixels right of the pen, touching the next glyph.
		{"capital", 'B', rows(6, 2, "###.", "#..#", "###.", "#..#", "#..#", "###."), 4, 0, 5, true},
		// Blank columns on both sides are trimmed.
		{"blank columns", '\'', rows(3, 1, ".#.", ".#."), 1, 0, 2, true},
		// "a" with its tail pixel: the tail counts, one column after it.
		{"tail", 'a', rows(4, 1, "##..", "..#.", "###.", "#.#.", "##.#"), 4, 0, 5, true},
		// A digit keeps its advance (tabular) and is centred.
		{"digit", '1', rows(5, 2, ".#", "##", ".#", ".#"), 2, 1, 5, false},
		{"space", ' ', rows(2, 0, "."), 1, 0, 2, false},
	} {
		got := evenlySpaced(c.r, c.in)
		if got.w != c.w || got.xoff != c.xoff || got.adv != c.adv || got.h != c.in.h {
			t.Errorf("%s: w %d xoff %d adv %d h %d, want w %d xoff %d adv %d h %d", c.name, got.w, got.xoff, got.adv, got.h, c.w, c.xoff, c.adv, c.in.h)
			continue
		}
		if c.w > 0 && got.at(0, 0) != c.firstRowInked {
			t.Errorf("%s: the trimmed glyph's top-left pixel is %v", c.name, got.at(0, 0))
		}
	}
}
