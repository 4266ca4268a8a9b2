package level

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"slices"
	"strings"
	"testing"
)

// parseTestMap parses data as maps/demo.tmj in a package holding
// sprites/tiles.png.
func parseTestMap(data []byte) (*Map, error) {
	p := &problems{path: "levels/demo"}
	isPNG := func(name string) bool { return name == "sprites/tiles.png" }
	m := parseMap("maps/demo.tmj", data, isPNG, p)
	return m, p.err()
}

func TestMapGood(t *testing.T) {
	m, err := parseTestMap(mustJSON(t, demoMap()))
	if err != nil {
		t.Fatal(err)
	}
	if m.Width != 4 || m.Height != 3 || m.TileWidth != 16 || m.Name != "maps/demo.tmj" {
		t.Fatalf("map header %+v", m)
	}
	if s, _ := m.Properties.Text("music"); s != "calm" {
		t.Fatalf("map property music = %q", s)
	}
	names := []string{}
	for _, l := range m.Layers {
		names = append(names, l.Group+"|"+l.Name+"|"+l.Kind.String())
	}
	if want := []string{"world|ground|tilelayer", "world|deco|tilelayer", "|things|objectgroup"}; !slices.Equal(names, want) {
		t.Fatalf("layers %q, want %q", names, want)
	}
	ground := m.Layer("ground")
	if !slices.Equal(ground.GIDs, []uint32{2, 2, 2, 2, 0, 0, 0, 0, 1, 2, 4, 3}) {
		t.Fatalf("ground gids %v", ground.GIDs)
	}
	if g, f := ground.At(1, 2); g != 2 || f != FlipHorizontal {
		t.Fatalf("ground At(1,2) = %d, %v", g, f)
	}
	if g, f := ground.At(0, 0); g != 2 || f != 0 {
		t.Fatalf("ground At(0,0) = %d, %v", g, f)
	}
	if g, _ := ground.At(4, 0); g != 0 {
		t.Fatal("At outside the layer is not 0")
	}
	if ground.Opacity != 0.5 || ground.OffsetX != 2 || !ground.Visible || !ground.Properties.Bool("solid") {
		t.Fatalf("ground %+v", ground)
	}
	deco := m.Layer("deco")
	if deco.Visible || deco.Flips != nil || deco.GIDs[5] != 4 {
		t.Fatalf("deco %+v", deco)
	}
	if ts, id := m.Tileset(4); ts == nil || ts.Name != "tiles" || id != 3 {
		t.Fatalf("Tileset(4) = %v, %d", ts, id)
	}
	if ts, _ := m.Tileset(5); ts != nil {
		t.Fatal("gid 5 found a tileset")
	}
	ts := m.Tilesets[0]
	if ts.Image != "sprites/tiles.png" || ts.Tiles[0].ID != 1 || ts.Tiles[1].ID != 3 {
		t.Fatalf("tileset %+v", ts)
	}
	if !m.TileProperties(2).Bool("solid") || m.TileProperties(1) != nil || m.Tile(2).Class != "wall" {
		t.Fatal("tile 2 is not a solid wall")
	}
	if n, _ := m.TileProperties(4).Int("hurts"); n != 2 {
		t.Fatalf("hurts = %d", n)
	}
	if m.MaxGID() != 4 {
		t.Fatalf("MaxGID = %d", m.MaxGID())
	}
	objs := m.Layer("things").Objects
	if len(objs) != 4 || objs[0].Name != "start" || objs[0].Shape != Point || objs[0].Class != "spawn" {
		t.Fatalf("objects %+v", objs)
	}
	coin := objs[1]
	if coin.Class != "pickup" || coin.X != 40.5 || coin.Width != 8 {
		t.Fatalf("coin %+v", coin)
	}
	if v, _ := coin.Properties.Int("value"); v != 10 {
		t.Fatal("coin value")
	}
	if v, _ := coin.Properties.Float("speed"); v != 1.5 {
		t.Fatal("coin speed")
	}
	if v, _ := coin.Properties.Float("value"); v != 10 {
		t.Fatal("int read as float")
	}
	if s, _ := coin.Properties.Text("label"); s != "or" {
		t.Fatal("coin label")
	}
	if objs[2].Shape != Polygon || len(objs[2].Points) != 3 || objs[2].Points[2] != (Vec{8, 8}) {
		t.Fatalf("zone %+v", objs[2])
	}
	if objs[3].Shape != TileObject || objs[3].GID != 4 || objs[3].Flip != FlipVertical {
		t.Fatalf("box %+v", objs[3])
	}
}

// cells encodes n copies of gid as little-endian bytes.
func cells(n int, gid uint32) []byte {
	b := make([]byte, 4*n)
	for i := range n {
		binary.LittleEndian.PutUint32(b[4*i:], gid)
	}
	return b
}

func TestMapEncodings(t *testing.T) {
	var gz bytes.Buffer
	gw := gzip.NewWriter(&gz)
	gw.Write(cells(12, 1))
	gw.Close()
	var zl bytes.Buffer
	zw := zlib.NewWriter(&zl)
	zw.Write(cells(12, 1))
	zw.Close()
	for _, tt := range []struct{ compression, data string }{
		{"", base64.StdEncoding.EncodeToString(cells(12, 1))},
		{"gzip", base64.StdEncoding.EncodeToString(gz.Bytes())},
		{"zlib", base64.StdEncoding.EncodeToString(zl.Bytes())},
	} {
		m := demoMap()
		l := layer(m, 0, 1)
		l["encoding"], l["compression"], l["data"] = "base64", tt.compression, tt.data
		got, err := parseTestMap(mustJSON(t, m))
		if err != nil {
			t.Fatalf("%q: %v", tt.compression, err)
		}
		if gids := got.Layer("deco").GIDs; !slices.Equal(gids, slices.Repeat([]uint32{1}, 12)) {
			t.Fatalf("%q: gids %v", tt.compression, gids)
		}
	}
}

// layer returns layer j of group layer i of a demoMap, or top layer i when
// j < 0.
func layer(m obj, i, j int) obj {
	l := m["layers"].([]any)[i].(obj)
	if j < 0 {
		return l
	}
	return l["layers"].([]any)[j].(obj)
}

func tileset(m obj) obj { return m["tilesets"].([]any)[0].(obj) }

func object(m obj, i int) obj { return layer(m, 1, -1)["objects"].([]any)[i].(obj) }

func TestMapRules(t *testing.T) {
	var bomb bytes.Buffer
	zw := zlib.NewWriter(&bomb)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	var short bytes.Buffer
	zw = zlib.NewWriter(&short)
	zw.Write(cells(11, 1))
	zw.Close()
	corrupt := slices.Clone(short.Bytes())
	corrupt[len(corrupt)-1] ^= 0xff // adler-32

	tests := []struct {
		name string
		edit func(m obj)
		want string
	}{
		{"external tileset", func(m obj) { m["tilesets"] = []any{obj{"firstgid": 1, "source": "tiles.tsj"}} },
			`tileset 1 is an external tileset ("tiles.tsj"): embed it in the map`},
		{"infinite", func(m obj) { m["infinite"] = true }, "infinite maps are not supported"},
		{"chunks", func(m obj) { layer(m, 0, 0)["chunks"] = []any{obj{}} }, "chunked layers belong to infinite maps"},
		{"isometric", func(m obj) { m["orientation"] = "isometric" }, `orientation "isometric" is not supported`},
		{"not a map", func(m obj) { m["type"] = "tileset" }, `type is "tileset", not a Tiled map`},
		{"too wide", func(m obj) { m["width"] = 1025 }, "map is 1025×3 tiles; each side must be 1 to 1024"},
		{"too many cells", func(m obj) { m["width"], m["height"] = 1024, 257 }, "map has 263168 tiles; at most 262144"},
		{"zero tile", func(m obj) { m["tilewidth"] = 0 }, "tiles are 0×16 pixels"},
		{"bad base64", func(m obj) {
			l := layer(m, 0, 1)
			l["data"] = "@@not base64@@"
		}, `layer "deco": invalid base64 data`},
		{"inflates too much", func(m obj) {
			layer(m, 0, 1)["data"] = base64.StdEncoding.EncodeToString(bomb.Bytes())
		}, `layer "deco": zlib data inflates to more than the 48 bytes the layer needs`},
		{"inflates too little", func(m obj) {
			layer(m, 0, 1)["data"] = base64.StdEncoding.EncodeToString(short.Bytes())
		}, "zlib data inflates to 44 bytes, the layer needs 48"},
		{"bad checksum", func(m obj) {
			layer(m, 0, 1)["data"] = base64.StdEncoding.EncodeToString(corrupt)
		}, "invalid zlib data: zlib: invalid checksum"},
		{"not zlib", func(m obj) {
			layer(m, 0, 1)["data"] = base64.StdEncoding.EncodeToString([]byte("plain"))
		}, "invalid zlib data"},
		{"zstd", func(m obj) { layer(m, 0, 1)["compression"] = "zstd" }, "zstd compression is not supported"},
		{"raw base64 length", func(m obj) {
			l := layer(m, 0, 1)
			l["compression"], l["data"] = "", base64.StdEncoding.EncodeToString(cells(3, 1))
		}, "data holds 12 bytes, the layer needs 48"},
		{"base64 not string", func(m obj) { layer(m, 0, 1)["compression"] = ""; layer(m, 0, 1)["data"] = []any{1} }, "base64 data must be a JSON string"},
		{"encoding", func(m obj) { layer(m, 0, 1)["encoding"] = "xml" }, `encoding "xml" is not supported`},
		{"csv length", func(m obj) { layer(m, 0, 0)["data"] = []any{1, 2} }, `layer "ground": data holds 2 tiles, the layer 12`},
		{"csv negative", func(m obj) { layer(m, 0, 0)["data"] = slices.Repeat([]any{-1}, 12) }, "data must be an array of tile ids"},
		{"csv string", func(m obj) { layer(m, 0, 0)["data"] = "1,2,3" }, "data must be a JSON array of tile ids"},
		{"layer size", func(m obj) { layer(m, 0, 0)["width"] = 5 }, `layer is 5×3 tiles, the map 4×3`},
		{"unknown gid", func(m obj) {
			d := slices.Repeat([]any{0}, 12)
			d[6] = 9
			layer(m, 0, 0)["data"] = d
		}, "tile at column 2, row 1 has gid 9, which no tileset holds"},
		{"layer type", func(m obj) { layer(m, 0, 0)["type"] = "hexlayer" }, `layer type "hexlayer" is not supported`},
		{"opacity", func(m obj) { layer(m, 0, 0)["opacity"] = 2 }, "opacity must be 0 to 1"},
		{"image outside", func(m obj) { tileset(m)["image"] = "../../secret.png" }, `image "../../secret.png" is outside the package`},
		{"image absolute", func(m obj) { tileset(m)["image"] = "/etc/tiles.png" }, "must be a relative path inside the package"},
		{"image windows", func(m obj) { tileset(m)["image"] = `C:\tiles.png` }, "must be a relative path inside the package"},
		{"image url", func(m obj) { tileset(m)["image"] = "http://x/tiles.png" }, "must be a relative path"},
		{"image missing", func(m obj) { tileset(m)["image"] = "../sprites/other.png" }, `image "../sprites/other.png" is not a PNG file of the package`},
		{"firstgid", func(m obj) { tileset(m)["firstgid"] = 0 }, "firstgid 0 overlaps"},
		{"overlapping tilesets", func(m obj) {
			ts2 := obj{"firstgid": 3, "name": "more", "tilewidth": 16, "tileheight": 16, "tilecount": 4, "columns": 2, "image": "../sprites/tiles.png"}
			m["tilesets"] = append(m["tilesets"].([]any), ts2)
		}, `tileset "more": firstgid 3 overlaps the tileset before (must be 5 or more)`},
		{"tile id", func(m obj) { tileset(m)["tiles"] = []any{obj{"id": 4}} }, "tile 4: id is not below tilecount 4"},
		{"tile twice", func(m obj) { tileset(m)["tiles"] = []any{obj{"id": 1}, obj{"id": 1}} }, "tile 1: tile listed twice"},
		{"collection without image", func(m obj) {
			delete(tileset(m), "image")
			tileset(m)["tiles"] = []any{obj{"id": 0}}
		}, "a tileset without an image needs an image on every tile"},
		{"property type", func(m obj) {
			m["properties"] = []any{obj{"name": "tint", "type": "color", "value": "#ff0000"}}
		}, `map, property "tint": type "color" is not supported`},
		{"property value", func(m obj) {
			m["properties"] = []any{obj{"name": "n", "type": "int", "value": 1.5}}
		}, `property "n": value 1.5 is not a valid int`},
		{"property null", func(m obj) {
			m["properties"] = []any{obj{"name": "n", "type": "bool"}}
		}, `property "n": has no value`},
		{"property twice", func(m obj) {
			m["properties"] = []any{obj{"name": "n", "type": "bool", "value": true}, obj{"name": "n", "type": "bool", "value": false}}
		}, `property "n": set twice`},
		{"template", func(m obj) { object(m, 0)["template"] = "../t.tx" }, `object 1 "start": uses the template "../t.tx"`},
		{"object id twice", func(m obj) { object(m, 1)["id"] = 1 }, "object 1 \"coin\": object id used twice"},
		{"object far", func(m obj) { object(m, 1)["x"] = 1e300 }, "coordinates and sizes must be within"},
		{"object gid", func(m obj) { object(m, 3)["gid"] = 77 }, "gid 77 belongs to no tileset"},
		{"group depth", func(m obj) {
			g := obj{"type": "group", "name": "g"}
			top := g
			for range maxGroups + 1 {
				inner := obj{"type": "group", "name": "g"}
				g["layers"] = []any{inner}
				g = inner
			}
			m["layers"] = []any{top}
		}, "groups nested more than 16 deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := demoMap()
			tt.edit(m)
			_, err := parseTestMap(mustJSON(t, m))
			wantError(t, err, "levels/demo/maps/demo.tmj: ", tt.want)
		})
	}
}

func TestMapJSONErrors(t *testing.T) {
	_, err := parseTestMap([]byte("{\n  \"width\": 4,\n  \"height\": ,\n}"))
	wantError(t, err, "maps/demo.tmj:3: invalid JSON")
	_, err = parseTestMap([]byte("{\n  \"width\": 4,\n  \"height\": \"3\"\n}"))
	wantError(t, err, "maps/demo.tmj:3: field height must be int, not a JSON string")
	_, err = parseTestMap([]byte(strings.Repeat("[", 20000)))
	wantError(t, err, "maps/demo.tmj:1: invalid JSON")
}

func TestMapLimits(t *testing.T) {
	// Many full-size layers: each is allowed, all together are not.
	m := demoMap()
	m["width"], m["height"] = 1024, 256
	var ls []any
	for range 5 {
		ls = append(ls, obj{"type": "tilelayer", "name": "l", "width": 1024, "height": 256,
			"encoding": "base64", "compression": "zlib", "data": zlibCells(make([]uint32, 1024*256))})
	}
	m["layers"] = ls
	_, err := parseTestMap(mustJSON(t, m))
	wantError(t, err, "the tile layers hold more than 1048576 cells in all")
}
