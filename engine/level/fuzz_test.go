package level

import (
	"bytes"
	"strings"
	"testing"
)

// The fuzz targets check that hostile input never panics, never yields a
// result together with an error, and that every error is an *Error with a
// Rule.

func checkResult[T any](t *testing.T, v *T, err error) {
	t.Helper()
	if err != nil {
		if v != nil {
			t.Fatal("result returned with an error")
		}
		wantError(t, err)
		for _, e := range Problems(err) {
			if e.Rule == "" {
				t.Fatalf("no rule named in %v", e)
			}
		}
	}
}

func FuzzManifest(f *testing.F) {
	f.Add([]byte(goodManifest))
	f.Add([]byte(templateFiles(f).get("level.toml")))
	f.Add([]byte("id = \"x\"\nversion = 99999999999999999999\n"))
	f.Add([]byte("api = 2\n[title]\nfr = 1\n"))
	f.Add([]byte("[[sources]]\nurl = \"javascript:x\"\n[[sources]]\n"))
	f.Add([]byte("ID = 1\nId = 2\n"))
	f.Add([]byte("a = [[[[[[[[[[[1]]]]]]]]]]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := &problems{path: "fuzz"}
		m := parseManifest(data, p)
		if m != nil && p.any() {
			t.Fatal("manifest returned with problems")
		}
		if err := p.err(); err != nil {
			wantError(t, err)
		}
	})
}

func FuzzCatalog(f *testing.F) {
	f.Add([]byte("intro = \"Atteins le drapeau !\"\n[menu]\nstart = \"Jouer {n}\"\n"))
	f.Add([]byte("a.b.c = \"x\"\n[[t]]\nx = 1\n"))
	f.Add([]byte("a = { b = { c = \"d\" } }\n"))
	f.Add([]byte("\"a.b\" = \"x\"\na.b = \"y\"\n"))
	f.Add([]byte("x = 1979-05-27T07:32:00Z\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := &problems{path: "fuzz"}
		c := parseCatalog("text/fr.toml", data, p)
		if err := p.err(); err != nil {
			wantError(t, err)
			return
		}
		for _, k := range c.Keys() {
			if len(k) > maxKeyLen || strings.Trim(k, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != "" {
				t.Fatalf("bad key %q accepted", k)
			}
		}
	})
}

func FuzzMap(f *testing.F) {
	f.Add(mustJSON(f, demoMap()))
	m := demoMap()
	m["tilesets"] = []any{obj{"firstgid": 1, "source": "x.tsj"}}
	f.Add(mustJSON(f, m))
	f.Add([]byte(`{"orientation":"orthogonal","width":2,"height":1,"tilewidth":8,"tileheight":8,"layers":[{"type":"tilelayer","width":2,"height":1,"encoding":"base64","compression":"gzip","data":"H4sIAAAAAAAA/2JgYGBgBAQAAP//"}]}`))
	f.Add([]byte(`{"orientation":"orthogonal","width":1,"height":1,"tilewidth":8,"tileheight":8,"layers":[{"type":"group","layers":[{"type":"objectgroup","objects":[{"id":1,"polyline":[{"x":1,"y":2}],"properties":[{"name":"a","type":"float","value":1e308}]}]}]}]}`))
	f.Add([]byte(`{"width":1e9}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := parseTestMap(data)
		checkResult(t, m, err)
		if m == nil {
			return
		}
		for _, l := range m.Layers {
			if l.Kind == TileLayer && len(l.GIDs) != m.Width*m.Height {
				t.Fatalf("layer %q has %d cells", l.Name, len(l.GIDs))
			}
			for _, g := range l.GIDs {
				if g != 0 && m.Tile(g) == nil {
					if ts, _ := m.Tileset(g); ts == nil {
						t.Fatalf("gid %d accepted without a tileset", g)
					}
				}
			}
		}
	})
}

func FuzzZip(f *testing.F) {
	var packed bytes.Buffer
	l, err := LoadFS(template, "template")
	if err != nil {
		f.Fatal(err)
	}
	if err := Pack(l, &packed); err != nil {
		f.Fatal(err)
	}
	f.Add(packed.Bytes())
	f.Add(rezip(f, packed.Bytes(), sealComment(l.ContentHash()), func(name string, b []byte) []byte {
		if name == "main.lua" {
			return append(bytes.Clone(b), '\n')
		}
		return b
	}))
	f.Add(rezip(f, packed.Bytes(), "communs-arcade content-sha256=00", keep))
	f.Add(zipFiles(f, richFiles(f).set(CoverName, string(pngBytes(f, 120, 63)))))
	f.Add(zipFiles(f, richFiles(f)))
	f.Add(hostileZip(f, withEntries(f, entry{name: "../x.lua", data: []byte("x")})...))
	f.Add(hostileZip(f, withEntries(f, entry{name: "big.txt", data: make([]byte, 1<<16), lieSize: 3})...))
	f.Add(overlapping(f, 3))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := loadZipBytes(data)
		checkResult(t, l, err)
		if l == nil {
			return
		}
		var again bytes.Buffer
		if err := Pack(l, &again); err != nil {
			t.Fatalf("loaded level does not pack: %v", err)
		}
		l2, err := loadZipBytes(again.Bytes())
		if err != nil || l2.ContentHash() != l.ContentHash() || !l2.Sealed() {
			t.Fatalf("repacked level differs or is not sealed: %v", err)
		}
		var third bytes.Buffer
		if err := Pack(l2, &third); err != nil || !bytes.Equal(third.Bytes(), again.Bytes()) {
			t.Fatalf("packing is not deterministic: %v", err)
		}
	})
}
