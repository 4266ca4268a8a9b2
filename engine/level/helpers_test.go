package level

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"strings"
	"testing"
)

// files is an ordered list of package files for tests.
type files []File

// set replaces or appends a file.
func (fs files) set(name string, data string) files {
	out := append(files(nil), fs...)
	for i := range out {
		if out[i].Name == name {
			out[i].Data = []byte(data)
			return out
		}
	}
	return append(out, File{Name: name, Data: []byte(data)})
}

// del removes a file.
func (fs files) del(name string) files {
	var out files
	for _, f := range fs {
		if f.Name != name {
			out = append(out, f)
		}
	}
	return out
}

// get returns a file's contents.
func (fs files) get(name string) string {
	for _, f := range fs {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

// templateFiles returns the scaffold template as files.
func templateFiles(t testing.TB) files {
	t.Helper()
	var out files
	err := fs.WalkDir(template, "template", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := template.ReadFile(name)
		out = append(out, File{Name: strings.TrimPrefix(name, "template/"), Data: data})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// richFiles is the template plus a module, a map, a PNG and a readme.
func richFiles(t testing.TB) files {
	t.Helper()
	m := templateFiles(t).
		set("lib/util.lua", "return {double = function(x) return 2 * x end}\n").
		set("maps/demo.tmj", string(mustJSON(t, demoMap()))).
		set("sprites/tiles.png", string(pngBytes(t, 32, 32))).
		set("README.md", "# Demo\n\nNiveau de démonstration.\n")
	toml := m.get("level.toml")
	toml = strings.Replace(toml, `tags = ["demo"]`, "tags = [\"demo\"]\nmap = \"maps/demo.tmj\"\npot = true", 1)
	return m.set("level.toml", toml)
}

// zipFiles packs files, in the order given, into a zip.
func zipFiles(t testing.TB, fs files) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range fs {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// loadZipBytes loads a zip held in memory, as "levels/demo.arcade".
func loadZipBytes(data []byte) (*Level, error) {
	return LoadZip(bytes.NewReader(data), int64(len(data)), "levels/demo.arcade")
}

// loadFiles zips fs and loads the result.
func loadFiles(t testing.TB, fs files) (*Level, error) {
	t.Helper()
	return loadZipBytes(zipFiles(t, fs))
}

// wantError checks that err is, or joins, an *Error and that its text
// holds every want.
func wantError(t testing.TB, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one with %q", wants)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Fatalf("error\n%v\ndoes not contain %q", err, w)
		}
	}
}

// pngBytes encodes a w×h image.
func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.NRGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngHeader builds a PNG claiming w×h pixels whose pixel data was never
// encoded: enough for DecodeConfig, cheap for any size.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.Write(pngSignature)
	chunk := func(typ string, body []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(body)))
		b.Write(n[:])
		c := append([]byte(typ), body...)
		b.Write(c)
		binary.BigEndian.PutUint32(n[:], crc32.ChecksumIEEE(c))
		b.Write(n[:])
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit greyscale
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// obj is a JSON object under construction.
type obj = map[string]any

// zlibCells encodes cells as Tiled's base64 zlib layer data.
func zlibCells(cells []uint32) string {
	var raw bytes.Buffer
	for _, c := range cells {
		binary.Write(&raw, binary.LittleEndian, c)
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	return base64.StdEncoding.EncodeToString(z.Bytes())
}

// demoMap is a 4×3 map using every feature the loader reads.
func demoMap() obj {
	return obj{
		"type": "map", "orientation": "orthogonal", "renderorder": "right-down",
		"infinite": false, "width": 4, "height": 3, "tilewidth": 16, "tileheight": 16,
		"tiledversion": "1.11.0", "version": "1.10",
		"properties": []any{obj{"name": "music", "type": "string", "value": "calm"}},
		"tilesets": []any{obj{
			"firstgid": 1, "name": "tiles", "tilewidth": 16, "tileheight": 16,
			"columns": 2, "tilecount": 4, "image": "../sprites/tiles.png",
			"imagewidth": 32, "imageheight": 32, "margin": 0, "spacing": 0,
			"tiles": []any{
				obj{"id": 3, "type": "spike", "properties": []any{obj{"name": "hurts", "type": "int", "value": 2}}},
				obj{"id": 1, "type": "wall", "properties": []any{obj{"name": "solid", "type": "bool", "value": true}}},
			},
		}},
		"layers": []any{
			obj{"id": 1, "name": "world", "type": "group", "visible": true, "opacity": 1, "offsetx": 2, "offsety": 0,
				"layers": []any{
					obj{"id": 2, "name": "ground", "type": "tilelayer", "width": 4, "height": 3,
						"visible": true, "opacity": 0.5, "x": 0, "y": 0,
						"properties": []any{obj{"name": "solid", "type": "bool", "value": true}},
						"data":       []any{2, 2, 2, 2, 0, 0, 0, 0, 1, 0x80000002, 4, 3}},
					obj{"id": 3, "name": "deco", "type": "tilelayer", "width": 4, "height": 3,
						"visible": false, "opacity": 1, "encoding": "base64", "compression": "zlib",
						"data": zlibCells([]uint32{0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0})},
				}},
			obj{"id": 4, "name": "things", "type": "objectgroup", "visible": true, "opacity": 1,
				"objects": []any{
					obj{"id": 1, "name": "start", "type": "spawn", "x": 16, "y": 32, "width": 0, "height": 0, "point": true, "visible": true},
					obj{"id": 2, "name": "coin", "class": "pickup", "x": 40.5, "y": 8, "width": 8, "height": 8, "visible": true,
						"properties": []any{
							obj{"name": "value", "type": "int", "value": 10},
							obj{"name": "speed", "type": "float", "value": 1.5},
							obj{"name": "label", "type": "string", "value": "or"},
						}},
					obj{"id": 3, "name": "zone", "x": 0, "y": 0, "polygon": []any{obj{"x": 0, "y": 0}, obj{"x": 16, "y": 0}, obj{"x": 8, "y": 8}}},
					obj{"id": 4, "name": "box", "gid": 0x40000004, "x": 0, "y": 48, "width": 16, "height": 16},
				}},
		},
	}
}
