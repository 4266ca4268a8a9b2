package render

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/sim"
)

// These tests need no display: they run in plain go test.

func TestWrap(t *testing.T) {
	const size = DefaultTextSize
	width := func(s string) float64 { w, _ := MeasureText(s, size); return w }
	intro := "Tes données traînent partout ! Ramasse-les avec les flèches, puis file vers la sortie."
	for _, maxW := range []float64{60, 100, 150, 300} {
		lines := Wrap(intro, size, maxW)
		for _, l := range lines {
			if width(l) > maxW {
				t.Errorf("width %g: line %q is %g px wide", maxW, l, width(l))
			}
			if strings.HasPrefix(l, "!") || strings.HasPrefix(l, " ") || strings.HasSuffix(l, " ") {
				t.Errorf("width %g: badly broken line %q", maxW, l)
			}
		}
		if got := strings.Join(lines, " "); got != intro {
			t.Errorf("width %g: lines %q do not rebuild the text", maxW, lines)
		}
	}
	if got := Wrap(intro, size, 1000); len(got) != 1 {
		t.Errorf("a wide line wraps: %q", got)
	}

	// French high punctuation stays with the word before it.
	hud := "Données à récupérer : 3"
	lines := Wrap(hud, size, width("Données à récupérer")+1)
	if !slices.Equal(lines, []string{"Données à", "récupérer : 3"}) {
		t.Errorf("colon: %q", lines)
	}
	if got := Wrap("« Bonjour » dit-il", size, width("« Bonjour »")+1); !slices.Equal(got, []string{"« Bonjour »", "dit-il"}) {
		t.Errorf("guillemets: %q", got)
	}

	// Explicit breaks, empty text, long words cut between letters.
	if got := Wrap("un\n\ndeux", size, 100); !slices.Equal(got, []string{"un", "", "deux"}) {
		t.Errorf("breaks: %q", got)
	}
	if got := Wrap("", size, 100); !slices.Equal(got, []string{""}) {
		t.Errorf("empty: %q", got)
	}
	word := "anticonstitutionnellement"
	cut := Wrap(word, size, 30)
	if len(cut) < 3 || strings.Join(cut, "") != word {
		t.Errorf("long word: %q", cut)
	}
	for _, l := range cut {
		if width(l) > 30 {
			t.Errorf("long word: piece %q too wide", l)
		}
	}
	// A width too small for any letter still ends, one letter a line.
	if got := Wrap("éà", size, 0); !slices.Equal(got, []string{"é", "à"}) {
		t.Errorf("zero width: %q", got)
	}
}

func TestMeasureText(t *testing.T) {
	w1, h1 := MeasureText("Données", DefaultTextSize)
	if w1 <= 20 || w1 > 60 || h1 < 9 || h1 > 14 {
		t.Errorf("Données: %g×%g", w1, h1)
	}
	w2, h2 := MeasureText("Données\nDonnées à récupérer", DefaultTextSize)
	if h2 != 2*h1 || w2 <= w1 {
		t.Errorf("two lines: %g×%g, one line %g×%g", w2, h2, w1, h1)
	}
	if w, h := MeasureText("", DefaultTextSize); w != 0 || h != h1 {
		t.Errorf("empty: %g×%g", w, h)
	}
	if w, _ := MeasureText("Données", 14); w <= w1 {
		t.Errorf("a larger size is not wider: %g ≤ %g", w, w1)
	}
	// Sizes snap down to the font's pixel sizes: 11.5 is 11.
	if w, _ := MeasureText("Données", DefaultTextSize+0.5); w != w1 {
		t.Errorf("%g px: %g, %d px: %g", DefaultTextSize+0.5, w, DefaultTextSize, w1)
	}
}

func TestSpriteFrames(t *testing.T) {
	for _, c := range []struct {
		w, h, frame int
		want        image.Rectangle
	}{
		{48, 16, 0, image.Rect(0, 0, 16, 16)},
		{48, 16, 1, image.Rect(16, 0, 32, 16)},
		{48, 16, 4, image.Rect(16, 0, 32, 16)},  // modulo 3
		{48, 16, -1, image.Rect(32, 0, 48, 16)}, // never negative
		{50, 16, 3, image.Rect(0, 0, 16, 16)},   // a partial frame is not a frame
		{16, 16, 7, image.Rect(0, 0, 16, 16)},   // one frame
		{8, 16, 2, image.Rect(0, 0, 8, 16)},     // narrower than high: one frame
	} {
		if got := frameRect(c.w, c.h, c.frame); got != c.want {
			t.Errorf("frame %d of %d×%d: %v, want %v", c.frame, c.w, c.h, got, c.want)
		}
	}
	if n := frameCount(48, 16); n != 3 {
		t.Errorf("frameCount(48, 16) = %d", n)
	}
}

func TestTileRect(t *testing.T) {
	// 2 columns of 16×16 tiles, margin 1, spacing 2: tile 3 is at column 1, row 1.
	if got, want := tileRect(3, 2, 16, 16, 1, 2), image.Rect(19, 19, 35, 35); got != want {
		t.Errorf("tileRect = %v, want %v", got, want)
	}
}

func TestPlaceholderColor(t *testing.T) {
	// The colours are pinned: a level's placeholders must not change colour
	// from one version to the next.
	for name, want := range map[string]color.RGBA{
		"player":  placeholderPalette[0],
		"tracker": placeholderPalette[3],
		"coin":    placeholderPalette[4],
		"exit":    placeholderPalette[5],
		"":        placeholderPalette[5],
	} {
		if got := placeholderColor(name); got != want {
			t.Errorf("placeholderColor(%q) = %v, want %v", name, got, want)
		}
	}
	c := placeholderPalette[2]
	if d := darker(c); d.R >= c.R || d.G >= c.G || d.B >= c.B || d.A != 0xff {
		t.Errorf("darker(%v) = %v", c, d)
	}
}

func TestOptions(t *testing.T) {
	for scale, want := range map[float64]float64{0: 10, 1: 10, 1.25: 13, 1.5: 15, 10: 20} {
		if got := New(nil, Options{TextScale: scale}).TextSize(); got != want {
			t.Errorf("TextScale %g: size %g, want %g", scale, got, want)
		}
	}
	if hc := ThemeFor(Options{HighContrast: true}); hc.Box.BorderWidth < 2 || hc.Shadow != nil || hc.Placeholder < 2 {
		t.Errorf("high contrast theme: %+v", hc)
	}
}

func TestDecodeSprites(t *testing.T) {
	red := pngData(t, paint(16, 16, func(int, int) color.RGBA { return color.RGBA{255, 0, 0, 255} }))
	green := pngData(t, paint(32, 16, func(int, int) color.RGBA { return color.RGBA{0, 255, 0, 255} }))
	lvl := newLevel(t, map[string][]byte{"gem.png": red, "sprites/gem.png": green, "coin.png": red, "art/deep.png": red})
	d, err := decode(lvl)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"gem":      "sprites/gem.png", // sprites/ wins
		"coin":     "coin.png",
		"art/deep": "art/deep.png",
	} {
		if got := d.sprites[name]; got != want {
			t.Errorf("sprite %q is %q, want %q", name, got, want)
		}
	}
	if _, ok := d.sprites["player"]; ok {
		t.Error("sprite player has a file")
	}
}

func TestDecodeErrorsNameTheFile(t *testing.T) {
	tiles := pngData(t, paint(32, 16, func(int, int) color.RGBA { return color.RGBA{9, 9, 9, 255} }))
	// tilecount 4 does not fit a 32×16 image of 16×16 tiles.
	m := tmj(2, 1, `{"firstgid": 1, "name": "t", "tilewidth": 16, "tileheight": 16, "columns": 2, "tilecount": 4,
		"image": "tiles.png", "imagewidth": 32, "imageheight": 16, "margin": 0, "spacing": 0}`,
		tileLayer(1, "floor", 2, 1, []uint32{1, 2}, 1, true))
	lvl := newLevel(t, map[string][]byte{"tiles.png": tiles, "map.tmj": m})
	_, err := decode(lvl)
	if err == nil || !strings.HasPrefix(err.Error(), "render: ") || !strings.Contains(err.Error(), "lvl/tiles.png: ") || !strings.Contains(err.Error(), "tile 2") {
		t.Errorf("tile outside its image: %v", err)
	}

	// A PNG whose chunks are sound but whose pixels do not decode.
	lvl = newLevel(t, map[string][]byte{"sprites/bad.png": brokenPNG()})
	_, err = decode(lvl)
	if err == nil || !strings.HasPrefix(err.Error(), "render: ") || !strings.Contains(err.Error(), "lvl/sprites/bad.png: ") {
		t.Errorf("broken PNG: %v", err)
	}
}

// brokenPNG is a 1×1 PNG with valid chunks and CRCs but compressed data
// that is not zlib.
func brokenPNG() []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	chunk("IHDR", []byte{0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0})
	chunk("IDAT", []byte("not zlib at all"))
	chunk("IEND", nil)
	return b.Bytes()
}

func TestParticlesUseTheVisualPRNG(t *testing.T) {
	w := sim.New(7)
	w.AddEffect(sim.Effect{Kind: "sparkle", X: 10, Y: 10})
	w.AddEffect(sim.Effect{Kind: "no-such-kind", X: 10, Y: 10})
	before := w.Hash()
	r := New(nil, Options{})
	r.advanceParticles(w)
	n := len(r.particles)
	if n != effectSparkle.count+effectDefault.count {
		t.Fatalf("%d particles", n)
	}
	r.advanceParticles(w) // the same tick drawn again
	if len(r.particles) != n {
		t.Errorf("a second frame of the same tick spawned particles: %d", len(r.particles))
	}
	if w.Hash() != before {
		t.Error("particles changed the world's state")
	}
	// Ticks pass without effects: the particles age and die.
	for range 60 {
		w.Begin(sim.Input{})
		w.EndTick()
		r.advanceParticles(w)
	}
	if len(r.particles) != 0 {
		t.Errorf("%d particles still alive after a second", len(r.particles))
	}

	w.AddEffect(sim.Effect{Kind: "burst"})
	calm := New(nil, Options{ReducedMotion: true})
	calm.advanceParticles(w)
	if len(calm.particles) != 0 {
		t.Errorf("reduced motion: %d particles", len(calm.particles))
	}
}

// TestPlural checks that a panel's plural message takes its form from the
// {n} argument and the catalogue's language, after the game filled it.
func TestPlural(t *testing.T) {
	lvl := newLevel(t, map[string][]byte{
		"text/fr.toml": []byte("intro = \"a\"\nwin = \"b\"\ncredits_one = \"{n} crédit\"\ncredits_other = \"{n} crédits\"\n"),
		"text/en.toml": []byte("intro = \"a\"\nwin = \"b\"\ncredits_one = \"{n} credit\"\ncredits_other = \"{n} credits\"\n"),
	})
	tests := []struct {
		lang string
		args []sim.Arg
		want string
	}{
		{"fr", []sim.Arg{{Name: "n", Value: "0"}}, "0 crédit"},
		{"fr", []sim.Arg{{Name: "n", Value: "1"}}, "1 crédit"},
		{"fr", []sim.Arg{{Name: "n", Value: "2"}}, "2 crédits"},
		{"en", []sim.Arg{{Name: "n", Value: "0"}}, "0 credits"},
		{"en", []sim.Arg{{Name: "n", Value: "1"}}, "1 credit"},
		{"en", []sim.Arg{{Name: "a", Value: "x"}, {Name: "n", Value: "3"}}, "3 credits"},
		{"en", nil, "{n} credits"},
	}
	for _, tt := range tests {
		tr := catalogText(lvl.Text[tt.lang])
		if got := plural(tr("credits", tt.args), tt.args); got != tt.want {
			t.Errorf("%s %v: %q, want %q", tt.lang, tt.args, got, tt.want)
		}
	}
	if got := plural("plain {n}", nil); got != "plain {n}" {
		t.Errorf("plain message: %q", got)
	}
}

// Notes keep clear of the player and of entities spawned uncovered, shown
// where the camera puts them, and not of hidden ones or others.
func TestUncovered(t *testing.T) {
	w := sim.New(1)
	w.SetCamera(10, 0)
	for _, e := range []sim.Entity{
		{Tag: "player", X: 20, Y: 30, W: 8, H: 12},
		{Sprite: "bubble", X: 50, Y: 40, W: 10, H: 10, Uncovered: true},
		{Sprite: "bubble", X: 90, Y: 40, W: 10, H: 10, Uncovered: true, Hidden: true},
		{Sprite: "citizen", X: 70, Y: 40, W: 8, H: 8},
	} {
		if _, err := w.Spawn(e); err != nil {
			t.Fatal(err)
		}
	}
	got := uncovered(w, image.Rect(0, 0, 320, 180))
	want := []image.Rectangle{image.Rect(10, 30, 18, 42), image.Rect(40, 40, 50, 50)}
	if !slices.Equal(got, want) {
		t.Errorf("uncovered = %v, want %v", got, want)
	}
}

// keepClear moves a note below what it would cover, or above when there
// is no room below, and leaves it out when neither clears.
func TestKeepClear(t *testing.T) {
	view := image.Rect(0, 0, 320, 180)
	tests := []struct {
		name  string
		box   image.Rectangle
		taken []image.Rectangle
		want  image.Rectangle
		ok    bool
	}{
		{"clear already", image.Rect(4, 30, 200, 45), []image.Rectangle{image.Rect(0, 0, 320, 12)}, image.Rect(4, 30, 200, 45), true},
		{"below a bubble", image.Rect(4, 30, 200, 45), []image.Rectangle{image.Rect(40, 40, 50, 50)}, image.Rect(4, 51, 200, 66), true},
		{"above when the bottom is full", image.Rect(4, 150, 200, 170), []image.Rectangle{image.Rect(0, 160, 320, 180)}, image.Rect(4, 139, 200, 159), true},
		{"back on the screen", image.Rect(300, 30, 340, 40), nil, image.Rect(280, 30, 320, 40), true},
		{"nowhere", image.Rect(4, 20, 200, 170), []image.Rectangle{image.Rect(0, 100, 320, 110)}, image.Rect(4, 20, 200, 170), false},
	}
	for _, tt := range tests {
		got, ok := keepClear(tt.box, tt.taken, view, 12)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("%s: keepClear = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
