package render

import (
	"bytes"
	"image/color"
	"image/png"
	"slices"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// These tests need no display, but TestDrawTextPixels.

// TestFontFile checks the committed atlas and metrics: they decode, every
// size holds the same runes, lines grow with the size, and the symbols
// made here are there.
func TestFontFile(t *testing.T) {
	faces := loadFont()
	if len(faces) < 3 {
		t.Fatalf("%d sizes", len(faces))
	}
	runes := func(f *fontFace) []rune {
		var rs []rune
		for _, g := range f.glyphs {
			rs = append(rs, g.r)
		}
		return rs
	}
	first := runes(faces[0])
	for i, f := range faces {
		if !slices.Equal(runes(f), first) {
			t.Errorf("size %d has other runes than size %d", f.px, faces[0].px)
		}
		if i > 0 && f.lineHeight() < faces[i-1].lineHeight() {
			t.Errorf("size %d: line %d px, smaller than size %d's", f.px, f.lineHeight(), faces[i-1].px)
		}
		if f.capHeight <= 0 || f.capHeight > f.ascent {
			t.Errorf("size %d: cap height %d, ascent %d", f.px, f.capHeight, f.ascent)
		}
	}
	for _, r := range "AzÀÿŒœ€’«»…–—•·−≤▲▼►◄▶←→↑↓○●♥\u00a0\u202f\uFFFD" {
		if faces[0].find(r) == nil {
			t.Errorf("no glyph for %U %q", r, r)
		}
	}
	if n := len(MissingRunes("Données à récupérer : « Œuvre » ► 12 €")); n != 0 {
		t.Errorf("French text has %d missing runes", n)
	}
}

// TestFaceFor pins how requested sizes map to the font's pixel sizes: the
// largest not above the request, or the smallest.
func TestFaceFor(t *testing.T) {
	sizes := fontSizes()
	if !slices.Equal(sizes, []int{8, 10, 11, 12, 14, 17, 20, 24}) {
		t.Fatalf("sizes %v: update this test and the docs", sizes)
	}
	for _, c := range []struct {
		size float64
		want int
	}{
		{0, 8}, {-3, 8}, {7.9, 8}, {8, 8}, {9, 8}, {9.99, 8}, {10, 10}, {11.25, 11},
		{12.5, 12}, {13.5, 12}, {15, 14}, {16, 14}, {20, 20}, {24, 24}, {100, 24},
		{DefaultTextSize, DefaultTextSize},
	} {
		if got := faceFor(c.size).px; got != c.want {
			t.Errorf("faceFor(%g) = %d px, want %d", c.size, got, c.want)
		}
	}
	if nan := faceFor(float64NaN()); nan.px != DefaultTextSize {
		t.Errorf("NaN: %d px", nan.px)
	}
}

func float64NaN() float64 {
	var zero float64
	return zero / zero
}

// TestMissingRunes checks that runes outside the font are reported and
// measured as the fallback box, so a pseudonym in another script takes
// room and shows.
func TestMissingRunes(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []rune
	}{
		{"", nil},
		{"abc\nÉté", nil},
		{"Ωμέγα", []rune("Ωμέγα")},
		{"名前名", []rune("名前")},
		{"x😀y\tz", []rune("😀\t")},
	} {
		if got := MissingRunes(c.s); !slices.Equal(got, c.want) {
			t.Errorf("MissingRunes(%q) = %q, want %q", c.s, got, c.want)
		}
	}
	f := faceFor(DefaultTextSize)
	box := int(f.fallback.adv)
	if box < 3 || f.fallback.w < 3 || f.fallback.h < 3 {
		t.Fatalf("fallback box %+v", f.fallback)
	}
	if w, _ := MeasureText("名前", DefaultTextSize); int(w) != 2*box {
		t.Errorf("two missing runes measure %g px, want %d", w, 2*box)
	}
}

// TestDecodeFontMetricsRejects feeds the decoder broken files.
func TestDecodeFontMetricsRejects(t *testing.T) {
	good := fontMetrics
	img, err := png.Decode(bytes.NewReader(fontAtlasPNG))
	if err != nil {
		t.Fatal(err)
	}
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	if _, err := decodeFontMetrics(good, w, h); err != nil {
		t.Fatalf("committed metrics: %v", err)
	}
	mutate := func(f func(b []byte) []byte) []byte { return f(slices.Clone(good)) }
	for name, data := range map[string][]byte{
		"empty":      nil,
		"magic":      mutate(func(b []byte) []byte { b[0] = 'X'; return b }),
		"version":    mutate(func(b []byte) []byte { b[4] = 2; return b }),
		"no sizes":   mutate(func(b []byte) []byte { b[5] = 0; return b }),
		"truncated":  good[:len(good)-5],
		"trailing":   append(slices.Clone(good), 0),
		"zero px":    mutate(func(b []byte) []byte { b[6] = 0; return b }),
		"rune order": mutate(func(b []byte) []byte { b[12], b[12+12] = b[12+12], b[12]; return b }),
	} {
		if _, err := decodeFontMetrics(data, w, h); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
	if _, err := decodeFontMetrics(good, w, 10); err == nil {
		t.Error("a smaller atlas: decoded")
	}
}

// FuzzDecodeFontMetrics checks that no input makes the decoder panic, and
// that what it accepts it can look glyphs up in.
func FuzzDecodeFontMetrics(f *testing.F) {
	f.Add(fontMetrics)
	f.Add([]byte("AFNT\x01\x01\x08\x07\x02\x06\x01\x00\xfd\xff\x00\x00\x00\x00\x00\x03\x05\x00\x00\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		faces, err := decodeFontMetrics(data, 512, 1024)
		if err != nil {
			return
		}
		for _, face := range faces {
			if face.glyph('A') == nil || face.glyph(fallbackRune) == nil {
				t.Fatal("no glyph")
			}
			_ = face.advance("Données 名")
		}
	})
}

// TestDrawTextPixels draws on a real Ebiten image (it needs a display):
// glyphs are 1-bit in the text's colour at whole pixels, and a rune the
// font lacks draws the hollow box, lit on its edges and dark inside.
func TestDrawTextPixels(t *testing.T) {
	red := color.RGBA{0xff, 0, 0, 0xff}
	for _, c := range []struct {
		name string
		s    string
		x, y float64
	}{
		{"latin", "Ça été ►", 2.7, 3.2},
		{"missing", "名", 2, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			var px []byte
			onMain(t, func() {
				dst := ebiten.NewImage(40, 20)
				defer dst.Deallocate()
				DrawText(dst, c.s, c.x, c.y, DefaultTextSize, red, AlignLeft)
				px = make([]byte, 4*40*20)
				dst.ReadPixels(px)
			})
			lit := 0
			for i := 0; i < len(px); i += 4 {
				p := color.RGBA{px[i], px[i+1], px[i+2], px[i+3]}
				switch p {
				case red:
					lit++
				case color.RGBA{}:
				default:
					t.Fatalf("pixel %d is %v: not 1-bit in the text's colour", i/4, p)
				}
			}
			if lit == 0 {
				t.Fatal("nothing drawn")
			}
			if c.name != "missing" {
				return
			}
			f := faceFor(DefaultTextSize)
			g := f.fallback
			at := func(x, y int) bool { return px[4*(y*40+x)] != 0 }
			x0, y0 := 2+int(g.xoff), 3+int(g.top)
			w, h := int(g.w), int(g.h)
			if !at(x0, y0) || !at(x0+w-1, y0+h-1) || at(x0+w/2, y0+h/2) {
				t.Errorf("the fallback is not a hollow box at (%d,%d) %d×%d", x0, y0, w, h)
			}
		})
	}
}
