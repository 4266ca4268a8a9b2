package render

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/sim"
)

// catalogText is the game's Text function for one catalogue: the message,
// {name} placeholders filled, or the key when the message is missing.
func catalogText(c map[string]string) Text {
	return func(key string, args []sim.Arg) string {
		s, ok := c[key]
		if !ok {
			return key
		}
		for _, a := range args {
			s = strings.ReplaceAll(s, "{"+a.Name+"}", a.Value)
		}
		return s
	}
}

// newLevel writes the scaffold level plus files (PNG data or text) into a
// temporary folder and loads it. A "map.tmj" among files becomes the
// level's map.
func newLevel(t testing.TB, files map[string][]byte) *level.Level {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "lvl")
	if err := level.Scaffold(dir, "render-test"); err != nil {
		t.Fatal(err)
	}
	if _, ok := files["map.tmj"]; ok {
		m := filepath.Join(dir, "level.toml")
		data, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(m, append([]byte("map = \"map.tmj\"\n"), data...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lvl, err := level.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return lvl
}

// pngData encodes img.
func pngData(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// paint returns a w×h image painted by f(x, y).
func paint(w, h int, f func(x, y int) color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, f(x, y))
		}
	}
	return img
}

// tmj writes a Tiled map of w×h 16-px cells with the given layers (JSON
// objects, already written) and one tileset.
func tmj(w, h int, tileset string, layers ...string) []byte {
	return fmt.Appendf(nil, `{"type": "map", "version": "1.10", "orientation": "orthogonal", "infinite": false,
 "width": %d, "height": %d, "tilewidth": 16, "tileheight": 16,
 "layers": [%s], "tilesets": [%s]}`, w, h, strings.Join(layers, ","), tileset)
}

// tileLayer writes a tile layer of cells as JSON.
func tileLayer(id int, name string, w, h int, cells []uint32, opacity float64, visible bool) string {
	var b strings.Builder
	for i, c := range cells {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, c)
	}
	return fmt.Sprintf(`{"id": %d, "name": %q, "type": "tilelayer", "width": %d, "height": %d, "visible": %t, "opacity": %g, "data": [%s]}`,
		id, name, w, h, visible, opacity, b.String())
}
