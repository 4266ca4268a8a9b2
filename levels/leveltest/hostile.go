package leveltest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"io/fs"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/levels"
)

// Hostile is a crafted package that level.LoadZip refuses, and a server
// with it.
type Hostile struct {
	// Name says what the package tries, e.g. "zip slip (../x.lua)".
	Name string
	// Rule is the level.Rule* that every problem LoadZip reports names.
	Rule string
	// Data is the .arcade file. It must not be modified.
	Data []byte
}

// HostilePackages returns one crafted .arcade per rule of level.LoadZip,
// several for some rules: each is the demo level with one thing wrong, so
// the only problem a loader finds is the one it is named for. They are
// built in code with archive/zip, the same bytes on every call and
// platform (for one Go release).
//
// A Lua syntax error is not among them: level.LoadZip does not compile
// scripts (engine/level has no Lua), so a server refuses it when it runs
// the level as `arcade check` does, under level.RuleScript.
func HostilePackages() []Hostile { return slices.Clone(hostileOnce()) }

var hostileOnce = sync.OnceValue(buildHostile)

// hentry is one zip entry, with every knob a hostile archive turns.
type hentry struct {
	name  string
	data  []byte
	mode  fs.FileMode // 0: a regular file, 0644
	store bool        // stored instead of deflated
	// method, when not 0, is the compression method written in the
	// headers (the data is then stored as is).
	method uint16
	flags  uint16
}

// hzip writes entries, in order, with the given zip comment. CreateRaw
// lets the headers say what we want; times stay zero, so the bytes depend
// on nothing but the entries.
func hzip(comment string, entries []hentry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if err := zw.SetComment(comment); err != nil {
		panic(err)
	}
	for _, e := range entries {
		method, body := zip.Deflate, e.data
		switch {
		case e.method != 0:
			method = e.method
		case e.store:
			method = zip.Store
		default:
			var c bytes.Buffer
			fw, _ := flate.NewWriter(&c, flate.BestSpeed)
			fw.Write(e.data)
			fw.Close()
			body = c.Bytes()
		}
		h := &zip.FileHeader{
			Name: e.name, Method: method, Flags: e.flags,
			CRC32:              crc32.ChecksumIEEE(e.data),
			CompressedSize64:   uint64(len(body)),
			UncompressedSize64: uint64(len(e.data)),
		}
		mode := e.mode
		if mode == 0 {
			mode = 0o644
		}
		h.SetMode(mode)
		w, err := zw.CreateRaw(h)
		if err != nil {
			panic(err)
		}
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// demoLevel is the built-in demo, the base of every hostile package.
func demoLevel() *level.Level {
	lvl, err := level.LoadFS(levels.FS, "demo")
	if err != nil {
		panic(fmt.Sprintf("leveltest: %v", err))
	}
	return lvl
}

// demoEntries is the demo level as entries, with edit applied to each file
// (nil drops it), plus extra.
func demoEntries(edit func(name string, data []byte) []byte, extra ...hentry) []hentry {
	var es []hentry
	for _, f := range demoLevel().Files() {
		data := f.Data
		if edit != nil {
			if data = edit(f.Name, bytes.Clone(data)); data == nil {
				continue
			}
		}
		es = append(es, hentry{name: f.Name, data: data})
	}
	return append(es, extra...)
}

// with is the demo plus extra entries.
func with(extra ...hentry) []byte { return hzip("", demoEntries(nil, extra...)) }

// editFile returns an edit that changes one file with f.
func editFile(name string, f func([]byte) []byte) func(string, []byte) []byte {
	return func(n string, b []byte) []byte {
		if n == name {
			return f(b)
		}
		return b
	}
}

// blocky returns n bytes made of 200-byte blocks picked at random among
// four: deflate shrinks it about 50 times, under level.MaxRatio.
func blocky(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var blocks [4][]byte
	for i := range blocks {
		blocks[i] = make([]byte, 200)
		for j := range blocks[i] {
			blocks[i][j] = byte('a' + r.IntN(26))
		}
	}
	out := make([]byte, 0, n+200)
	for len(out) < n {
		out = append(out, blocks[r.IntN(4)]...)
	}
	return out[:n]
}

// noise returns n bytes that do not compress.
func noise(n int) []byte {
	r := rand.New(rand.NewPCG(3, 4))
	out := make([]byte, n)
	for i := range out {
		out[i] = byte(r.Uint32())
	}
	return out
}

// grayPNG encodes a w×h grey image.
func grayPNG(w, h int) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func buildHostile() []Hostile {
	lua := []byte("return {}\n")
	demo := demoLevel()
	hash := demo.ContentHash()
	seal := "communs-arcade content-sha256=" + hex.EncodeToString(hash[:])

	many := demoEntries(nil)
	for i := range level.MaxFiles {
		many = append(many, hentry{name: fmt.Sprintf("data/f%03d.txt", i), data: []byte("x")})
	}
	var huge []hentry
	for i := range 5 {
		huge = append(huge, hentry{name: fmt.Sprintf("big%d.txt", i), data: blocky(3500 << 10)})
	}

	return []Hostile{
		{"over 2 MiB", level.RulePackageSize, with(hentry{name: "noise.txt", data: noise(level.MaxArchiveSize), store: true})},
		{"too many files", level.RuleFileCount, hzip("", many)},
		{"a file over 4 MiB", level.RuleFileSize, with(hentry{name: "big.txt", data: blocky(level.MaxFileSize + 1)})},
		{"over 16 MiB uncompressed", level.RuleTotalSize, with(huge...)},
		{"compression bomb", level.RuleCompressionRatio, with(hentry{name: "bomb.txt", data: make([]byte, 3<<20)})},
		{"unknown compression method", level.RuleZipFormat, with(hentry{name: "odd.lua", data: lua, method: 99})},
		{"not a zip", level.RuleZipFormat, []byte("PK\x03\x04 this is not a zip")},
		{"zip slip (../x.lua)", level.RuleUnsafePath, with(hentry{name: "../x.lua", data: lua})},
		{"zip slip (a/../../x.lua)", level.RuleUnsafePath, with(hentry{name: "a/../../x.lua", data: lua})},
		{"absolute path (/etc/x)", level.RuleUnsafePath, with(hentry{name: "/etc/x", data: lua})},
		{`backslash (..\x.lua)`, level.RuleUnsafePath, with(hentry{name: `..\x.lua`, data: lua})},
		{"drive letter (C:/x.lua)", level.RuleUnsafePath, with(hentry{name: "C:/x.lua", data: lua})},
		{"reserved name (con.lua)", level.RuleFileName, with(hentry{name: "con.lua", data: lua})},
		{"executable (run.exe)", level.RuleFileType, with(hentry{name: "run.exe", data: lua})},
		{"symbolic link", level.RuleSymlink, with(hentry{name: "link.lua", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777})},
		{"duplicate name", level.RuleDuplicateName, with(hentry{name: "main.lua", data: lua})},
		{"case-only duplicate", level.RuleDuplicateName, with(hentry{name: "Main.lua", data: lua})},
		{"directory entry with data", level.RuleNotRegular, with(hentry{name: "sub/", data: lua, mode: fs.ModeDir | 0o755, store: true})},
		{"device", level.RuleNotRegular, with(hentry{name: "dev.lua", mode: fs.ModeDevice | 0o644})},
		{"encrypted entry", level.RuleEncrypted, with(hentry{name: "secret.lua", data: lua, flags: 1})},
		{"image that is no PNG", level.RuleImage, with(hentry{name: "broken.png", data: []byte("GIF89a")})},
		{"image over 1024 pixels", level.RuleImageSize, with(hentry{name: "huge.png", data: grayPNG(level.MaxImageSide+1, 8)})},
		{"cover over 1200×630", level.RuleImageSize, with(hentry{name: level.CoverName, data: grayPNG(1000, level.MaxCoverHeight+1)})},
		{"changed after packing", level.RuleChangedAfterPacking, hzip(seal, demoEntries(editFile("main.lua", func(b []byte) []byte {
			return append(b, "\n-- changed\n"...)
		})))},
		{"damaged seal", level.RuleChangedAfterPacking, hzip(seal[:len(seal)-2], demoEntries(nil))},
		{"manifest error", level.RuleManifest, hzip("", demoEntries(editFile(level.ManifestName, func(b []byte) []byte {
			return append([]byte("colour = \"red\"\n"), b...)
		})))},
		{"manifest in a folder", level.RuleManifest, hzip("", func() []hentry {
			es := demoEntries(nil)
			for i := range es {
				if es[i].name == level.ManifestName {
					es[i].name = "demo/" + level.ManifestName
				}
			}
			return es
		}())},
		{"map error", level.RuleMap, hzip("", demoEntries(editFile(demo.Manifest.Map, func([]byte) []byte { return []byte("{") })))},
		{"missing catalogue", level.RuleText, hzip("", demoEntries(func(name string, b []byte) []byte {
			if name == "text/en.toml" {
				return nil
			}
			return b
		}))},
		{"script not UTF-8", level.RuleScript, hzip("", demoEntries(editFile("main.lua", func(b []byte) []byte {
			return append(b, "-- \xff\n"...)
		})))},
	}
}

// hostileNames is a check for the table test: names are unique and
// say what they are.
func hostileNames(hs []Hostile) string {
	var names []string
	for _, h := range hs {
		names = append(names, h.Name)
	}
	return strings.Join(names, ", ")
}
