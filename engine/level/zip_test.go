package level

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io/fs"
	"math/rand/v2"
	"strings"
	"testing"
)

// entry is one zip entry to write, with every knob a hostile archive turns.
type entry struct {
	name   string
	data   []byte
	mode   fs.FileMode // 0: regular 0644
	method uint16      // 0: deflate; use store for stored
	store  bool
	flags  uint16
	// lieSize, when non-zero, is the uncompressed size written in the
	// headers instead of the real one.
	lieSize uint64
}

// hostileZip writes entries with CreateRaw, so headers say what we want.
func hostileZip(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Deflate
		if e.store {
			method = zip.Store
		}
		if e.method != 0 {
			method = e.method
		}
		body := e.data
		if method == zip.Deflate {
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
		if e.lieSize != 0 {
			h.UncompressedSize64 = e.lieSize
		}
		mode := e.mode
		if mode == 0 {
			mode = 0o644
		}
		h.SetMode(mode)
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// blocky returns n bytes made of 200-byte blocks picked at random among
// four: deflate shrinks it about 50 times, between the archive limit and
// MaxRatio.
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

// withEntries is the valid template level as entries, plus extra.
func withEntries(t testing.TB, extra ...entry) []entry {
	var es []entry
	for _, f := range templateFiles(t) {
		es = append(es, entry{name: f.Name, data: f.Data})
	}
	return append(es, extra...)
}

func TestZipRules(t *testing.T) {
	lua := []byte("return {}\n")
	zeros := make([]byte, 3<<20)
	big := blocky(MaxFileSize + 1)
	many := withEntries(t)
	for i := range MaxFiles {
		many = append(many, entry{name: fmt.Sprintf("data/f%03d.txt", i), data: []byte("x")})
	}
	spread := withEntries(t)
	for i := range 4 {
		spread = append(spread, entry{name: fmt.Sprintf("pad%d.txt", i), data: make([]byte, 900<<10)})
	}
	huge := withEntries(t)
	for i := range 5 {
		huge = append(huge, entry{name: fmt.Sprintf("big%d.txt", i), data: blocky(3500 << 10)})
	}

	tests := []struct {
		name    string
		entries []entry
		want    []string
		rule    string // of the first problem
	}{
		{"traversal", withEntries(t, entry{name: "../x.lua", data: lua}), []string{"levels/demo.arcade/../x.lua: parent directory (..)"}, "unsafe_path"},
		{"deep traversal", withEntries(t, entry{name: "a/../../x.lua", data: lua}), []string{"a/../../x.lua: parent directory"}, "unsafe_path"},
		{"absolute", withEntries(t, entry{name: "/etc/x.txt", data: lua}), []string{"/etc/x.txt: absolute path"}, "unsafe_path"},
		{"backslash", withEntries(t, entry{name: `a\b.lua`, data: lua}), []string{`a\b.lua: backslash`}, "unsafe_path"},
		{"drive letter", withEntries(t, entry{name: "C:/x.lua", data: lua}), []string{"C:/x.lua: unsafe character ':'"}, "unsafe_path"},
		{"control char", withEntries(t, entry{name: "a\nb.lua", data: lua}), []string{`"a\nb.lua": unsafe character`}, "file_name"},
		{"hidden", withEntries(t, entry{name: ".hidden.lua", data: lua}), []string{".hidden.lua: name element starts with '.'"}, "file_name"},
		{"reserved", withEntries(t, entry{name: "con.lua", data: lua}), []string{"con.lua: \"con.lua\" is a reserved device name"}, "file_name"},
		{"too long", withEntries(t, entry{name: strings.Repeat("a", 126) + ".lua", data: lua}), []string{"longer than 128 bytes"}, "file_name"},
		{"empty element", withEntries(t, entry{name: "a//b.lua", data: lua}), []string{"a//b.lua: empty or '.' element"}, "unsafe_path"},
		{"symlink", withEntries(t, entry{name: "link.lua", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}), []string{"link.lua: symbolic links are not allowed"}, "symlink"},
		{"device", withEntries(t, entry{name: "dev.lua", mode: fs.ModeDevice | 0o644}), []string{"dev.lua: not a regular file"}, "not_regular"},
		{"dir flag without slash", withEntries(t, entry{name: "sub.lua", mode: fs.ModeDir | 0o755}), []string{"sub.lua: entry's directory flag disagrees"}, "not_regular"},
		{"dir with data", withEntries(t, entry{name: "sub/", data: lua, mode: fs.ModeDir | 0o755, store: true}), []string{"sub: directory entry holds data"}, "not_regular"},
		{"encrypted", withEntries(t, entry{name: "secret.lua", data: lua, flags: 1}), []string{"secret.lua: encrypted entries"}, "encrypted"},
		{"method", withEntries(t, entry{name: "odd.lua", data: lua, method: 99}), []string{"odd.lua: compression method 99"}, "zip_format"},
		{"duplicate", withEntries(t, entry{name: "main.lua", data: lua}), []string{"main.lua: duplicate file name"}, "duplicate_name"},
		{"case duplicate", withEntries(t, entry{name: "Main.lua", data: lua}), []string{`Main.lua: name differs from "main.lua" only by case`}, "duplicate_name"},
		{"case directory", withEntries(t, entry{name: "Text/de.toml", data: []byte("intro = \"x\"\n")}), []string{`directory "Text" differs from "text" only by case`}, "duplicate_name"},
		{"file and directory", withEntries(t, entry{name: "main.lua/x.lua", data: lua}), []string{`main.lua/x.lua: "main.lua" is both a file and a directory`}, "duplicate_name"},
		{"extension", withEntries(t, entry{name: "evil.exe", data: lua}), []string{`evil.exe: extension ".exe" is not allowed`}, "file_type"},
		{"no extension", withEntries(t, entry{name: "LICENSE", data: lua}), []string{"LICENSE: file has no extension"}, "file_type"},
		{"upper-case extension", withEntries(t, entry{name: "x.LUA", data: lua}), []string{`x.LUA: extension ".LUA"`}, "file_type"},
		{"bomb", withEntries(t, entry{name: "bomb.txt", data: zeros}), []string{"bomb.txt: file expands more than 100 times"}, "compression_ratio"},
		{"bomb with lying header", withEntries(t, entry{name: "bomb.txt", data: zeros, lieSize: 10}), []string{"bomb.txt: entry holds more data than its header declares"}, "zip_format"},
		{"overall ratio", spread, []string{"levels/demo.arcade: archive expands"}, "compression_ratio"},
		{"too many files", many, []string{"levels/demo.arcade: too many files: 204, at most 200"}, "file_count"},
		{"oversize", withEntries(t, entry{name: "big.txt", data: big}), []string{"big.txt: file is larger than 4 MiB"}, "file_size"},
		{"oversize with lying header", withEntries(t, entry{name: "big.txt", data: big, lieSize: 100}), []string{"big.txt: entry holds more data than its header declares"}, "zip_format"},
		{"total", huge, []string{"big4.txt: package is larger than 16 MiB uncompressed"}, "total_size"},
		{"corrupt crc", withEntries(t, entry{name: "x.txt", data: lua, lieSize: uint64(len(lua) + 1)}), []string{"x.txt: corrupt entry"}, "zip_format"},
		{"missing manifest", []entry{{name: "main.lua", data: lua}}, []string{"levels/demo.arcade: missing level.toml"}, "manifest"},
		{"manifest in a folder", func() []entry {
			var es []entry
			for _, e := range withEntries(t) {
				es = append(es, entry{name: "demo/" + e.name, data: e.data})
			}
			return es
		}(), []string{"level.toml must be at the root of the package, not in demo/"}, "manifest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadZipBytes(hostileZip(t, tt.entries...))
			wantError(t, err, tt.want...)
			if got := Problems(err)[0].Rule; got != tt.rule {
				t.Errorf("rule %q, want %q", got, tt.rule)
			}
		})
	}
}

func TestZipArchiveErrors(t *testing.T) {
	_, err := LoadZip(bytes.NewReader(nil), MaxArchiveSize+1, "x.arcade")
	wantError(t, err, "x.arcade: archive is larger than 2 MiB")

	_, err = loadZipBytes([]byte("PK\x03\x04 this is not a zip"))
	wantError(t, err, "levels/demo.arcade: not a valid zip archive")

	_, err = loadZipBytes(overlapping(t, 6))
	wantError(t, err, "entries overlap")
}

// overlapping builds a zip whose central directory lists n entries that
// all point at the same compressed data, the core of non-recursive zip
// bombs.
func overlapping(t testing.TB, n int) []byte {
	data := bytes.Repeat([]byte("x"), 1000)
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	crc := crc32.ChecksumIEEE(data)
	// local header for "a.txt", stored
	le(uint32(0x04034b50))
	le(uint16(20))
	le(uint16(0))
	le(uint16(0))
	le(uint32(0))
	le(crc)
	le(uint32(len(data)))
	le(uint32(len(data)))
	le(uint16(5))
	le(uint16(0))
	b.WriteString("a.txt")
	b.Write(data)
	cd := b.Len()
	for i := range n {
		name := fmt.Sprintf("%c.txt", 'a'+i)
		le(uint32(0x02014b50))
		le(uint16(20))
		le(uint16(20))
		le(uint16(0))
		le(uint16(0))
		le(uint32(0))
		le(crc)
		le(uint32(len(data)))
		le(uint32(len(data)))
		le(uint16(len(name)))
		le(uint16(0))
		le(uint16(0))
		le(uint16(0))
		le(uint16(0))
		le(uint32(0))
		le(uint32(0)) // every entry at offset 0
		b.WriteString(name)
	}
	cdSize := b.Len() - cd
	le(uint32(0x06054b50))
	le(uint16(0))
	le(uint16(0))
	le(uint16(n))
	le(uint16(n))
	le(uint32(cdSize))
	le(uint32(cd))
	le(uint16(0))
	return b.Bytes()
}
