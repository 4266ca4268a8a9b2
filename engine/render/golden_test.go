package render

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// Golden images are compared with a tolerance, so that a different GPU
// driver's rounding does not fail the test: a pixel differs when a channel
// is more than pixelTolerance away, and at most maxDiffering pixels may.
const (
	pixelTolerance = 24
	maxDiffering   = sim.ViewW * sim.ViewH / 400 // 0.25%
)

// demoSession starts the demo level with seed 1 and plays ticks with
// buttons held.
func demoSession(t testing.TB, ticks int, buttons sim.Buttons) (*level.Level, *session.Session) {
	t.Helper()
	lvl, err := level.Load("../../levels/demo")
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(lvl, session.Options{Seed: 1, Library: scripts.FS})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	for range ticks {
		if err := s.Step(sim.Input{Buttons: buttons}); err != nil {
			t.Fatal(err)
		}
	}
	return lvl, s
}

// quizText are the French messages of the quiz scenes.
var quizText = map[string]string{
	"q":   "Qui peut demander l'effacement de tes données personnelles ?",
	"q.a": "Personne : une fois publiées, elles restent",
	"q.b": "Toi, grâce au droit à l'effacement (RGPD, article 17)",
	"q.c": "Seulement le traqueur",
}

func quizPanel(sel int) sim.Panel {
	return sim.Panel{Name: "quiz", Key: "q", Choices: []string{"q.a", "q.b", "q.c"}, Sel: sel}
}

// frText is the French catalogue of a level, with quizText added.
func frText(lvl *level.Level) Text {
	c := map[string]string{}
	for k, v := range lvl.Text["fr"] {
		c[k] = v
	}
	for k, v := range quizText {
		c[k] = v
	}
	return catalogText(c)
}

// drawScene draws frames with a new renderer on the game loop; draw is
// called with the renderer and the target, once per frame the scene wants.
func drawScene(t *testing.T, lvl *level.Level, opts Options, draw func(r *Renderer, dst *ebiten.Image)) *image.RGBA {
	t.Helper()
	var got *image.RGBA
	onMain(t, func() {
		a, err := LoadAssets(lvl)
		if err != nil {
			panic(err)
		}
		r := New(a, opts)
		dst := newTarget()
		defer dst.Deallocate()
		draw(r, dst)
		got = image.NewRGBA(image.Rect(0, 0, sim.ViewW, sim.ViewH))
		dst.ReadPixels(got.Pix)
	})
	return got
}

func TestGoldenDemo(t *testing.T) {
	needLoop(t)
	// Walk right into the first coin: it sparkles, the HUD counts down and
	// the introduction is still showing. The world is drawn after every
	// tick, as the game does, and drawing must not change the run.
	const ticks = 26
	_, ref := demoSession(t, ticks, sim.Right)
	lvl, s := demoSession(t, 0, 0)
	text := frText(lvl)
	got := drawScene(t, lvl, Options{}, func(r *Renderer, dst *ebiten.Image) {
		r.Draw(dst, s.World, text)
		for range ticks {
			if err := s.Step(sim.Input{Buttons: sim.Right}); err != nil {
				panic(err)
			}
			r.Draw(dst, s.World, text)
		}
	})
	if s.World.Hash() != ref.World.Hash() {
		t.Error("drawing changed the run")
	}
	checkGolden(t, "demo", got)
}

func TestGoldenQuiz(t *testing.T) {
	needLoop(t)
	lvl, s := demoSession(t, 0, 0)
	w := s.World
	w.ClearPanel("say")
	if err := w.SetPanel(quizPanel(1)); err != nil {
		t.Fatal(err)
	}
	got := drawScene(t, lvl, Options{}, func(r *Renderer, dst *ebiten.Image) { r.Draw(dst, w, frText(lvl)) })
	checkGolden(t, "quiz", got)
}

func TestGoldenHighContrast(t *testing.T) {
	needLoop(t)
	lvl, s := demoSession(t, 0, 0)
	w := s.World
	got := drawScene(t, lvl, Options{HighContrast: true, TextScale: 1.5}, func(r *Renderer, dst *ebiten.Image) { r.Draw(dst, w, frText(lvl)) })
	checkGolden(t, "contrast_say", got)

	w.ClearPanel("say")
	if err := w.SetPanel(quizPanel(2)); err != nil {
		t.Fatal(err)
	}
	got = drawScene(t, lvl, Options{HighContrast: true, TextScale: 1.25}, func(r *Renderer, dst *ebiten.Image) { r.Draw(dst, w, frText(lvl)) })
	checkGolden(t, "contrast_quiz", got)
}

// TestGoldenPlaceholders draws a world without a map: placeholder boxes of
// several sprite names and sizes, the particles of every effect kind a few
// ticks after they started, and HUD lines at their default place.
func TestGoldenPlaceholders(t *testing.T) {
	needLoop(t)
	w := sim.New(3)
	for i, name := range []string{"player", "tracker", "coin", "exit", "crate", "flag", "door", "box", "npc"} {
		size := 8 + 4*(i%3)
		spawn(t, w, sim.Entity{Sprite: name, X: float64(16 + 34*i), Y: 40, W: float64(size), H: float64(size + 4*(i%2))})
	}
	spawn(t, w, sim.Entity{Sprite: "wall", X: 10, Y: 150, W: 300, H: 6})
	spawn(t, w, sim.Entity{Sprite: "ghost", X: 150, Y: 100, W: 20, H: 20, Hidden: true})
	for i, kind := range []string{"sparkle", "dust", "coins", "burst", "other"} {
		w.AddEffect(sim.Effect{Kind: kind, X: float64(40 + 60*i), Y: 110})
	}
	for _, p := range []sim.Panel{
		{Name: "hud", Key: "score", Args: []sim.Arg{{Name: "n", Value: "1 250"}}},
		{Name: "lives", Key: "lives"},
		{Name: "corner", Key: "corner", X: 230, Y: 4},
	} {
		if err := w.SetPanel(p); err != nil {
			t.Fatal(err)
		}
	}
	text := catalogText(map[string]string{"score": "Score : {n}", "lives": "Vies : ♥♥♥", "corner": "Niveau 1"})
	lvl := newLevel(t, nil)
	got := drawScene(t, lvl, Options{}, func(r *Renderer, dst *ebiten.Image) {
		r.Draw(dst, w, text)
		for range 6 {
			w.Begin(sim.Input{})
			w.EndTick()
			r.Draw(dst, w, text)
		}
	})
	checkGolden(t, "placeholders", got)
}

// TestGoldenSprites draws a level with its own art: a tileset with margin
// and spacing, flipped tiles, a hidden and a half-transparent layer, an
// animated sprite sheet, FlipX, Z order over id order, a hidden entity and
// a placeholder, with a dialogue line and a multi-line panel.
func TestGoldenSprites(t *testing.T) {
	needLoop(t)
	lvl := spritesLevel(t)
	w, err := spritesWorld(lvl)
	if err != nil {
		t.Fatal(err)
	}
	text := catalogText(map[string]string{
		"hello": "Élodie : « Où sont passées mes données ? » Réponds vite, avant le traqueur…",
		"note":  "Astuce : les flèches bleues montrent la sortie.\nAppuie sur A pour continuer.",
	})
	got := drawScene(t, lvl, Options{}, func(r *Renderer, dst *ebiten.Image) { r.Draw(dst, w, text) })
	checkGolden(t, "sprites", got)

	// The hidden entity, drawn alone, would be bright magenta: none is seen.
	for i := 0; i < len(got.Pix); i += 4 {
		if got.Pix[i] == 0xff && got.Pix[i+1] == 0 && got.Pix[i+2] == 0xff {
			t.Fatalf("hidden entity drawn at %d,%d", i/4%sim.ViewW, i/4/sim.ViewW)
		}
	}
}

func spawn(t testing.TB, w *sim.World, e sim.Entity) uint32 {
	t.Helper()
	id, err := w.Spawn(e)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// spritesLevel builds the art of TestGoldenSprites: tiles.png holds four
// 16×16 tiles (grass, stone, water, arrow) in 2 columns with a 1-px margin
// and 2-px spacing; sprites/hero.png is three frames; coin.png two.
func spritesLevel(t testing.TB) *level.Level {
	grass := func(x, y int) color.RGBA {
		if (x*7+y*3)%11 == 0 {
			return color.RGBA{0x4c, 0x8c, 0x3a, 0xff}
		}
		return color.RGBA{0x5f, 0xa8, 0x48, 0xff}
	}
	stone := func(x, y int) color.RGBA {
		if y%8 == 7 || (x+(y/8)*8)%16 == 15 {
			return color.RGBA{0x44, 0x44, 0x52, 0xff}
		}
		return color.RGBA{0x8a, 0x8a, 0x9a, 0xff}
	}
	water := func(x, y int) color.RGBA {
		if (y+x/4)%6 == 0 {
			return color.RGBA{0xa8, 0xd8, 0xf0, 0xff}
		}
		return color.RGBA{0x2e, 0x6c, 0xc0, 0xff}
	}
	arrow := func(x, y int) color.RGBA { // points right, shaft high
		if (y >= 3 && y <= 5 && x >= 2 && x <= 9) || (x >= 10 && x-10 <= 4-abs(y-4)) {
			return color.RGBA{0x2e, 0x6c, 0xff, 0xff}
		}
		return color.RGBA{}
	}
	tiles := paint(36, 36, func(x, y int) color.RGBA {
		kinds := []func(int, int) color.RGBA{grass, stone, water, arrow}
		for id, f := range kinds {
			r := tileRect(id, 2, 16, 16, 1, 2)
			if (image.Point{x, y}).In(r) {
				return f(x-r.Min.X, y-r.Min.Y)
			}
		}
		return color.RGBA{0xff, 0, 0xff, 0xff} // margins and spacing: must never show
	})
	hero := paint(48, 16, func(x, y int) color.RGBA {
		f, fx := x/16, x%16
		body := []color.RGBA{{0xe6, 0x48, 0x2e, 0xff}, {0x3e, 0xc9, 0xb4, 0xff}, {0xf2, 0xc1, 0x4e, 0xff}}[f]
		switch {
		case y >= 3 && y <= 5 && fx >= 9 && fx <= 11: // an eye on the right: FlipX moves it
			return color.RGBA{0xff, 0xff, 0xff, 0xff}
		case y >= 2 && fx >= 3 && fx <= 12:
			return body
		}
		return color.RGBA{}
	})
	coin := paint(16, 8, func(x, y int) color.RGBA {
		dx, dy := x%8-3, y-3
		if x >= 8 && (dx < -1 || dx > 2) {
			return color.RGBA{}
		}
		if dx*dx+dy*dy <= 10 {
			return color.RGBA{0xf2, 0xc1, 0x4e, 0xff}
		}
		return color.RGBA{}
	})
	const W, H = 22, 12
	floor := make([]uint32, W*H)
	walls := make([]uint32, W*H)
	pond := make([]uint32, W*H)
	signs := make([]uint32, W*H)
	secret := make([]uint32, W*H)
	for i := range floor {
		x, y := i%W, i/W
		floor[i] = 1
		if x == 0 || y == 0 || x == W-1 || y == H-1 {
			walls[i] = 2
		}
		if x >= 15 && x <= 19 && y >= 6 && y <= 8 {
			pond[i] = 3
		}
		secret[i] = 2
	}
	const hflip, vflip, dflip = 0x80000000, 0x40000000, 0x20000000
	for i, g := range []uint32{4, 4 | hflip, 4 | vflip, 4 | dflip, 4 | dflip | vflip} {
		signs[3*W+2+2*i] = g
	}
	m := tmj(W, H, `{"firstgid": 1, "name": "art", "tilewidth": 16, "tileheight": 16, "columns": 2, "tilecount": 4,
		"image": "art/tiles.png", "imagewidth": 36, "imageheight": 36, "margin": 1, "spacing": 2}`,
		tileLayer(1, "floor", W, H, floor, 1, true),
		tileLayer(2, "pond", W, H, pond, 0.5, true),
		tileLayer(3, "walls", W, H, walls, 1, true),
		tileLayer(4, "signs", W, H, signs, 1, true),
		tileLayer(5, "secret", W, H, secret, 1, false),
	)
	return newLevel(t, map[string][]byte{
		"map.tmj":          m,
		"art/tiles.png":    pngData(t, tiles),
		"sprites/hero.png": pngData(t, hero),
		"coin.png":         pngData(t, coin),
	})
}

// spritesWorld is the world of TestGoldenSprites, its camera moved 5
// pixels right and 3.7 down (drawn at 3).
func spritesWorld(lvl *level.Level) (*sim.World, error) {
	s, err := session.New(lvl, session.Options{Seed: 1, Library: scripts.FS})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	w := sim.New(1)
	w.Map = s.World.Map
	w.SetCamera(5, 3.7)
	add := func(e sim.Entity) {
		if err == nil {
			_, err = w.Spawn(e)
		}
	}
	add(sim.Entity{Sprite: "hero", X: 40, Y: 90, W: 12, H: 14, Frame: 0})
	add(sim.Entity{Sprite: "hero", X: 64, Y: 90, W: 12, H: 14, Frame: 1, FlipX: true})
	add(sim.Entity{Sprite: "hero", X: 88, Y: 90, W: 12, H: 14, Frame: 5}) // frame 5 is frame 2
	add(sim.Entity{Sprite: "crate", X: 118, Y: 84, W: 16, H: 16, Z: 1})   // over the hero after it
	add(sim.Entity{Sprite: "hero", X: 124, Y: 90, W: 12, H: 14, Frame: 2})
	add(sim.Entity{Sprite: "coin", X: 150, Y: 96, W: 8, H: 8})
	add(sim.Entity{Sprite: "coin", X: 162, Y: 96, W: 8, H: 8, Frame: 1})
	add(sim.Entity{Sprite: "carpet", X: 180, Y: 92, W: 20, H: 12, Z: -1}) // under the coin after it
	add(sim.Entity{Sprite: "coin", X: 186, Y: 94, W: 8, H: 8})
	add(sim.Entity{Sprite: "hero", X: 210, Y: 90, W: 12, H: 14, Hidden: true})
	if err != nil {
		return nil, err
	}
	if err := w.SetPanel(sim.Panel{Name: "say", Key: "hello"}); err != nil {
		return nil, err
	}
	if err := w.SetPanel(sim.Panel{Name: "tip", Key: "note", X: 180, Y: 24}); err != nil {
		return nil, err
	}
	return w, nil
}

func abs(v int) int { return max(v, -v) }

// checkGolden compares got with testdata/<name>.png, or rewrites it under
// -update. On a mismatch the image drawn is saved next to the temporary
// files for a look.
func checkGolden(t *testing.T, name string, got *image.RGBA) {
	t.Helper()
	file := filepath.Join("testdata", name+".png")
	if *update {
		var b bytes.Buffer
		if err := png.Encode(&b, got); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (write the goldens with -update)", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	want := image.NewRGBA(img.Bounds())
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			want.Set(x, y, img.At(x, y))
		}
	}
	if want.Bounds().Size() != got.Bounds().Size() {
		t.Fatalf("%s: golden is %v, drawn %v", file, want.Bounds().Size(), got.Bounds().Size())
	}
	differ := 0
	for i := 0; i < len(got.Pix); i += 4 {
		for c := range 4 {
			if abs(int(got.Pix[i+c])-int(want.Pix[i+c])) > pixelTolerance {
				differ++
				break
			}
		}
	}
	if differ > maxDiffering {
		out := filepath.Join(os.TempDir(), "render-"+name+".png")
		var b bytes.Buffer
		_ = png.Encode(&b, got)
		_ = os.WriteFile(out, b.Bytes(), 0o644)
		t.Errorf("%s: %d pixels differ (at most %d may); drawn image saved as %s", file, differ, maxDiffering, out)
	}
}

// BenchmarkDraw draws the demo level's world as it stands after half a
// second of play (map, five entities, HUD and dialogue) as one frame: Draw,
// then a one-pixel ReadPixels that makes Ebiten run the frame's commands
// and wait for the GPU, as the end of a frame does. Under xvfb the GPU is
// Mesa's llvmpipe, on the CPU: a real GPU is faster.
func BenchmarkDraw(b *testing.B) {
	needLoop(b)
	lvl, s := demoSession(b, 30, sim.Right)
	text := frText(lvl)
	b.ReportAllocs()
	b.StopTimer()
	onMain(b, func() {
		a, err := LoadAssets(lvl)
		if err != nil {
			panic(err)
		}
		r := New(a, Options{})
		dst := newTarget()
		defer dst.Deallocate()
		px := make([]byte, 4)
		corner := dst.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image)
		r.Draw(dst, s.World, text) // warm the glyph and wrap caches
		corner.ReadPixels(px)
		b.StartTimer()
		for range b.N {
			r.Draw(dst, s.World, text)
			corner.ReadPixels(px)
		}
		b.StopTimer()
	})
}

// newTarget makes a view-sized image to draw on. Like the screen, it has
// a texture of its own, outside Ebiten's atlas of small images.
func newTarget() *ebiten.Image {
	return ebiten.NewImageWithOptions(image.Rect(0, 0, sim.ViewW, sim.ViewH), &ebiten.NewImageOptions{Unmanaged: true})
}
