package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommittedArt fails when a PNG made from a grid is missing, was edited
// by hand, or was not regenerated after its grid changed.
func TestCommittedArt(t *testing.T) {
	if err := run(filepath.Join("..", ".."), true, nil); err != nil {
		t.Fatal(err)
	}
}

// writeTree creates files (slash-separated name → content) under a new
// temporary root and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		file := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const (
	coinGrid = "palette\n. transparent\ny #f7d51d\nframe\n.y\ny.\nframe\ny.\n.y\n"
	tileGrid = "out tiles.png\ncolumns 2\npalette\ng #38b764\nb #29366f\nframe\ngg\ngg\nframe\nbb\nbb\nframe\ngb\nbg\n"
)

func TestRun(t *testing.T) {
	root := writeTree(t, map[string]string{
		"levels/pot/level.toml":         "",
		"assets/sprites/pot/coin.txt":   coinGrid,
		"assets/sprites/pot/tiles.txt":  tileGrid,
		"assets/sprites/pot/README.md":  "not a grid",
		"levels/pot/sprites/.keep.none": "",
	})
	if err := run(root, true, nil); err == nil || !strings.Contains(err.Error(), "levels/pot/sprites/coin.png is missing; it is made from assets/sprites/pot/coin.txt gives") {
		t.Fatalf("check before the first run: %v", err)
	}
	var out bytes.Buffer
	if err := run(root, false, &out); err != nil {
		t.Fatal(err)
	}
	want := "wrote levels/pot/sprites/coin.png\nwrote levels/pot/tiles.png\ngen: 2 grids, 2 PNGs written, 0 up to date\n"
	if out.String() != want {
		t.Errorf("output\n%s\nwant\n%s", out.String(), want)
	}

	coin := readPNG(t, root, "levels/pot/sprites/coin.png")
	if b := coin.Bounds(); b.Dx() != 4 || b.Dy() != 2 {
		t.Errorf("coin.png is %v, want a strip of 2 frames of 2×2", b)
	}
	yellow := color.NRGBA{R: 0xf7, G: 0xd5, B: 0x1d, A: 0xff}
	for _, c := range []struct {
		x, y int
		want color.NRGBA
	}{{0, 0, color.NRGBA{}}, {1, 0, yellow}, {2, 0, yellow}, {3, 0, color.NRGBA{}}, {3, 1, yellow}} {
		if got := nrgba(coin.At(c.x, c.y)); got != c.want {
			t.Errorf("coin.png at %d,%d = %v, want %v", c.x, c.y, got, c.want)
		}
	}
	tiles := readPNG(t, root, "levels/pot/tiles.png")
	if b := tiles.Bounds(); b.Dx() != 4 || b.Dy() != 4 {
		t.Errorf("tiles.png is %v, want 2 columns and 2 rows of 2×2 tiles", b)
	}
	if got := nrgba(tiles.At(3, 3)); got != (color.NRGBA{}) {
		t.Errorf("the empty cell of tiles.png is %v, want transparent", got)
	}
	if got := nrgba(tiles.At(0, 3)); got != (color.NRGBA{R: 0x29, G: 0x36, B: 0x6f, A: 0xff}) {
		t.Errorf("tile 2 at 0,1 = %v, want blue", got)
	}

	// A second run writes nothing and the check passes.
	out.Reset()
	if err := run(root, false, &out); err != nil {
		t.Fatal(err)
	}
	if want := "gen: 2 grids, 0 PNGs written, 2 up to date\n"; out.String() != want {
		t.Errorf("second run printed %q, want %q", out.String(), want)
	}
	if err := run(root, true, nil); err != nil {
		t.Errorf("check after a run: %v", err)
	}

	// A PNG edited by hand is caught, and named.
	file := filepath.Join(root, "levels", "pot", "sprites", "coin.png")
	if err := os.WriteFile(file, readFile(t, filepath.Join(root, "levels", "pot", "tiles.png")), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(root, true, nil)
	if err == nil || !strings.Contains(err.Error(), "levels/pot/sprites/coin.png is not what assets/sprites/pot/coin.txt gives") || !strings.Contains(err.Error(), "run make art") {
		t.Errorf("check of an edited PNG: %v", err)
	}
}

// TestRunBadGridWritesNothing checks that every broken grid is reported and
// that no PNG is written or changed when any grid is broken.
func TestRunBadGridWritesNothing(t *testing.T) {
	root := writeTree(t, map[string]string{
		"levels/pot/level.toml":         "",
		"levels/pot/sprites/coin.png":   "old bytes",
		"assets/sprites/pot/coin.txt":   coinGrid,
		"assets/sprites/pot/bad.txt":    "palette\nk #000000\nframe\nkk\nk\n",
		"assets/sprites/nolevel/x.txt":  coinGrid,
		"assets/sprites/pot/two.txt":    "out sprites/coin.png\n" + coinGrid,
		"assets/sprites/pot/b@d.txt":    coinGrid,
		"assets/sprites/pot/tiles.txt":  tileGrid,
		"assets/sprites/pot/tiles2.txt": tileGrid,
	})
	err := run(root, false, nil)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		"assets/sprites/nolevel/x.txt: no level levels/nolevel/level.toml: grids live in assets/sprites/<level id>/",
		"assets/sprites/pot/b@d.txt: file name: use only A-Z a-z 0-9 _ - . (it names the sprite and its PNG)",
		"assets/sprites/pot/bad.txt:5: row has 1 symbols, want 2",
		"assets/sprites/pot/tiles2.txt: writes levels/pot/tiles.png, as assets/sprites/pot/tiles.txt does",
		"assets/sprites/pot/two.txt: writes levels/pot/sprites/coin.png, as assets/sprites/pot/coin.txt does",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error\n%v\nlacks %q", err, want)
		}
	}
	if got := string(readFile(t, filepath.Join(root, "levels", "pot", "sprites", "coin.png"))); got != "old bytes" {
		t.Errorf("coin.png was changed to %q", got)
	}
	if _, err := os.Stat(filepath.Join(root, "levels", "pot", "tiles.png")); err == nil {
		t.Error("tiles.png was written despite the broken grids")
	}
}

// TestEncodeDeterministic checks that the same grid gives the same bytes.
func TestEncodeDeterministic(t *testing.T) {
	var first []byte
	for i := range 3 {
		s, err := parse("coin.txt", "coin", []byte(coinGrid))
		if err != nil {
			t.Fatal(err)
		}
		data, err := encode(s.image())
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = data
		} else if !bytes.Equal(data, first) {
			t.Fatal("two encodings of one grid differ")
		}
	}
}

func readFile(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readPNG(t *testing.T, root, name string) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(readFile(t, filepath.Join(root, filepath.FromSlash(name)))))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return img
}
