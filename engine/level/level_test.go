package level

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadRich(t *testing.T) {
	l, err := loadFiles(t, richFiles(t))
	if err != nil {
		t.Fatal(err)
	}
	if l.Manifest.ID != templateID || !l.Manifest.Pot || l.Map == nil || l.Map.Name != "maps/demo.tmj" || len(l.Maps) != 1 {
		t.Fatalf("level %+v", l)
	}
	if l.Text["fr"]["intro"] != "Atteins le drapeau !" || l.Text["en"]["intro"] != "Reach the flag!" {
		t.Fatalf("text %v", l.Text)
	}
	if got := l.Languages(); !slices.Equal(got, []string{"en", "fr"}) {
		t.Fatalf("languages %q", got)
	}
	var names []string
	for _, f := range l.Files() {
		names = append(names, f.Name)
	}
	want := []string{"README.md", "level.toml", "lib/util.lua", "main.lua", "maps/demo.tmj", "sprites/tiles.png", "text/en.toml", "text/fr.toml"}
	if !slices.Equal(names, want) {
		t.Fatalf("files %q, want %q", names, want)
	}
	if src, ok := l.Module("lib.util"); !ok || !bytes.HasPrefix(src, []byte("return")) {
		t.Fatal("module lib.util not found")
	}
	if _, ok := l.Module("main"); !ok {
		t.Fatal("module main not found")
	}
	for _, bad := range []string{"", "lib/util", "../main", "lib..util", "nope"} {
		if _, ok := l.Module(bad); ok {
			t.Fatalf("module %q found", bad)
		}
	}
	if _, ok := l.File("nope.lua"); ok {
		t.Fatal("File found a missing file")
	}
}

func TestTemplateIsALevel(t *testing.T) {
	l, err := LoadFS(template, "template")
	if err != nil {
		t.Fatal(err)
	}
	main, _ := l.File("main.lua")
	if !bytes.Contains(main, []byte(`spawn("flag", 280, 80`)) || l.Manifest.Sources[0].URL != "https://www.gnu.org/philosophy/free-sw.html" {
		t.Fatal("template is not the expected level")
	}
}

func TestLevelRules(t *testing.T) {
	base := richFiles(t)
	tests := []struct {
		name  string
		files files
		want  []string
	}{
		{"bad toml line", base.set("level.toml", "id = \"x\"\nversion = \n"), []string{"levels/demo.arcade/level.toml:2: "}},
		{"main missing", base.del("main.lua"), []string{"level.toml: main: main.lua is not in the package"}},
		{"map missing", base.del("maps/demo.tmj"), []string{"level.toml: map: maps/demo.tmj is not in the package"}},
		{"big png", base.set("sprites/big.png", string(pngHeader(1025, 1025))), []string{"sprites/big.png: image is 1025×1025 pixels; at most 1024×1024 allowed"}},
		{"tall png", base.set("sprites/big.png", string(pngHeader(1, 4096))), []string{"image is 1×4096 pixels"}},
		{"not png", base.set("sprites/x.png", "GIF89a"), []string{"sprites/x.png: not a PNG image"}},
		{"truncated png", base.set("sprites/x.png", string(pngBytes(t, 4, 4)[:40])), []string{"sprites/x.png: not a valid PNG image"}},
		{"png bad crc", base.set("sprites/x.png", func() string {
			b := pngBytes(t, 4, 4)
			b[len(b)-20] ^= 1 // inside IDAT
			return string(b)
		}()), []string{"bad CRC"}},
		{"png trailing", base.set("sprites/x.png", string(pngBytes(t, 4, 4))+"junk"), []string{"data after IEND"}},
		{"lua not utf8", base.set("lib/x.lua", "-- caf\xe9\n"), []string{"lib/x.lua:1: not valid UTF-8 text"}},
		{"lua nul", base.set("lib/x.lua", "a = 1\n\x00"), []string{"lib/x.lua:2: NUL byte"}},
		{"lua bom", base.set("lib/x.lua", "\ufeffa = 1\n"), []string{"lib/x.lua:1: starts with a UTF-8 byte-order mark"}},
		{"markdown not utf8", base.set("README.md", "\xff"), []string{"README.md:1: not valid UTF-8"}},
		{"bad map", base.set("maps/demo.tmj", `{"orientation":"orthogonal","infinite":true}`), []string{"maps/demo.tmj: infinite maps"}},
		{"map image not png", base.set("maps/demo.tmj", strings.Replace(base.get("maps/demo.tmj"), "../sprites/tiles.png", "../README.md", 1)),
			[]string{`image "../README.md" is not a PNG file of the package`}},
		{"several problems", base.del("main.lua").set("sprites/big.png", string(pngHeader(2000, 1))),
			[]string{"sprites/big.png: image is 2000×1", "main: main.lua is not in the package"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadFiles(t, tt.files)
			wantError(t, err, tt.want...)
		})
	}
}

func TestErrorFormat(t *testing.T) {
	for _, tt := range []struct {
		e    Error
		want string
	}{
		{Error{Path: "levels/demo", File: "level.toml", Line: 3, Msg: "bad"}, "levels/demo/level.toml:3: bad"},
		{Error{Path: "levels/demo", File: "level.toml", Msg: "bad"}, "levels/demo/level.toml: bad"},
		{Error{Path: "demo.arcade", Msg: "bad"}, "demo.arcade: bad"},
		{Error{Path: "levels/", File: "a.lua", Msg: "bad"}, "levels/a.lua: bad"},
		{Error{File: "a.lua", Line: 1, Msg: "bad"}, "a.lua:1: bad"},
	} {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.e, got, tt.want)
		}
	}
	inner := errors.New("inner")
	if !errors.Is(&Error{Err: inner}, inner) {
		t.Error("Error does not unwrap")
	}
}

// writeFiles writes fs under dir.
func writeFiles(t testing.TB, dir string, fs files) {
	t.Helper()
	for _, f := range fs {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFolderAndZipAgree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	writeFiles(t, dir, richFiles(t))
	// Editor and VCS leftovers are skipped in folders, and so is the
	// level packed in its own folder (arcade pack .).
	writeFiles(t, dir, files{{Name: ".git/config", Data: []byte("x")}, {Name: ".main.lua.swp", Data: []byte{0}}, {Name: "demo-1.arcade", Data: []byte("PK")}})

	fromDir, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fromDir.Path != dir {
		t.Fatalf("Path = %q", fromDir.Path)
	}
	var packed bytes.Buffer
	if err := Pack(fromDir, &packed); err != nil {
		t.Fatal(err)
	}
	fromZip, err := loadZipBytes(packed.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	unsorted, err := loadFiles(t, richFiles(t)) // a zip in another order
	if err != nil {
		t.Fatal(err)
	}
	fromFS, err := LoadFS(fstest.MapFS(mapFS(richFiles(t))), ".")
	if err != nil {
		t.Fatal(err)
	}
	arcade := filepath.Join(t.TempDir(), "demo.arcade")
	if err := os.WriteFile(arcade, packed.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	fromFile, err := Load(arcade)
	if err != nil {
		t.Fatal(err)
	}
	h := fromDir.ContentHash()
	for name, l := range map[string]*Level{"zip": fromZip, "unsorted zip": unsorted, "fs": fromFS, "file": fromFile} {
		if l.ContentHash() != h {
			t.Errorf("%s hash %x, folder %x", name, l.ContentHash(), h)
		}
	}
	if h == ([32]byte{}) {
		t.Fatal("zero hash")
	}
	changed, err := loadFiles(t, richFiles(t).set("README.md", "# Demo!\n"))
	if err != nil {
		t.Fatal(err)
	}
	if changed.ContentHash() == h {
		t.Fatal("changing a file kept the hash")
	}

	// Packing is deterministic and round-trips.
	var again bytes.Buffer
	if err := Pack(fromZip, &again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(packed.Bytes(), again.Bytes()) {
		t.Fatal("packing twice gave different bytes")
	}
}

// mapFS turns files into an fstest.MapFS.
func mapFS(fs files) fstest.MapFS {
	m := fstest.MapFS{}
	for _, f := range fs {
		m[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return m
}

func TestFolderRules(t *testing.T) {
	base := templateFiles(t)
	t.Run("symlink", func(t *testing.T) {
		dir := t.TempDir()
		writeFiles(t, dir, base)
		if err := os.Symlink("/etc/passwd", filepath.Join(dir, "x.txt")); err != nil {
			t.Skip("no symlinks here:", err)
		}
		_, err := Load(dir)
		wantError(t, err, dir+"/x.txt: symbolic links are not allowed")
	})
	t.Run("symlinked folder", func(t *testing.T) {
		dir := t.TempDir()
		writeFiles(t, dir, base)
		if err := os.Symlink(t.TempDir(), filepath.Join(dir, "lib")); err != nil {
			t.Skip("no symlinks here:", err)
		}
		_, err := Load(dir)
		wantError(t, err, dir+"/lib: symbolic links are not allowed")
	})
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"case duplicate", mapFS(base.set("MAIN.lua", "x")), `main.lua: name differs from "MAIN.lua" only by case`},
		{"unsafe name", mapFS(base.set("a b.lua", "x")), `a b.lua: unsafe character ' '`},
		{"extension", mapFS(base.set("tool.sh", "x")), `tool.sh: extension ".sh" is not allowed`},
		{"oversize", mapFS(base.set("big.txt", strings.Repeat("x", MaxFileSize+1))), "big.txt: file is larger than 4 MiB"},
		{"total", func() fstest.MapFS {
			m := mapFS(base)
			for _, n := range []string{"a", "b", "c", "d", "e"} {
				m[n+".txt"] = &fstest.MapFile{Data: make([]byte, 3500<<10)}
			}
			return m
		}(), "e.txt: package is larger than 16 MiB uncompressed"},
		{"too many files", func() fstest.MapFS {
			m := mapFS(base)
			for i := range MaxFiles {
				m["data/"+strings.Repeat("x", i/26+1)+string(rune('a'+i%26))+".txt"] = &fstest.MapFile{}
			}
			return m
		}(), "too many files: at most 200 allowed"},
		{"not regular", func() fstest.MapFS {
			m := mapFS(base)
			m["pipe.txt"] = &fstest.MapFile{Mode: os.ModeNamedPipe}
			return m
		}(), "pipe.txt: not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFS(tt.fsys, ".")
			wantError(t, err, tt.want)
			if rule := Problems(err)[0].Rule; rule == "" {
				t.Error("no rule named")
			}
		})
	}
	t.Run("subdirectory", func(t *testing.T) {
		m := fstest.MapFS{}
		for _, f := range base {
			m["levels/demo/"+f.Name] = &fstest.MapFile{Data: f.Data}
		}
		m["levels/demo/x.exe"] = &fstest.MapFile{}
		m["levels/demo/sprites/old.arcade"] = &fstest.MapFile{} // only the root's are skipped
		_, err := LoadFS(m, "levels/demo")
		wantError(t, err, "levels/demo/sprites/old.arcade: extension", "levels/demo/x.exe: extension")
	})
	t.Run("missing", func(t *testing.T) {
		_, err := Load(filepath.Join(t.TempDir(), "nope"))
		wantError(t, err, "nope: cannot open level")
		_, err = Load(filepath.Join(t.TempDir(), "nope.arcade"))
		wantError(t, err, "nope.arcade: cannot open level")
	})
}

func TestPackRefusesWhatWouldNotLoad(t *testing.T) {
	l, err := LoadFS(mapFS(templateFiles(t).set("pad.txt", strings.Repeat("\n", 3<<20))), ".")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = Pack(l, &out)
	wantError(t, err, ".arcade/pad.txt: file expands more than 100 times")
	if out.Len() != 0 {
		t.Fatal("Pack wrote a level that does not load")
	}
}

func TestScaffold(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "levels", "my-level")
	if err := Scaffold(dir, "my-level"); err != nil {
		t.Fatal(err)
	}
	l, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if l.Manifest.ID != "my-level" || l.Manifest.Version != 1 || l.Manifest.API != APIVersion ||
		l.Manifest.Licence != "CC-BY-SA-4.0" || l.Manifest.Author != "anonyme" || l.Text["fr"]["intro"] != "Atteins le drapeau !" {
		t.Fatalf("scaffolded %+v", l.Manifest)
	}
	if err := Scaffold(dir, "my-level"); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("second Scaffold: %v", err)
	}
	if err := Scaffold(t.TempDir(), "Bad Id"); err == nil {
		t.Fatal("bad id accepted")
	}
	empty := t.TempDir()
	if err := Scaffold(empty, "x"); err != nil {
		t.Fatalf("empty existing folder: %v", err)
	}
}

func TestErrorCap(t *testing.T) {
	fs := templateFiles(t)
	for i := range 30 {
		fs = fs.set(strings.Repeat("x", i+1)+".exe", "")
	}
	_, err := loadFiles(t, fs)
	wantError(t, err, "x.exe: extension", "levels/demo.arcade: too many errors")
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok || len(joined.Unwrap()) != maxErrors+1 {
		t.Fatalf("want %d joined errors, got %v", maxErrors+1, err)
	}
	var first *Error
	if !errors.As(err, &first) || first.File != "x.exe" {
		t.Fatalf("first error %+v", first)
	}
}

// TestLoadAll loads every level folder of a library in name order, skips
// what is not a level, and fails on a broken level.
func TestLoadAll(t *testing.T) {
	lib := fstest.MapFS{
		"notes/readme.md": &fstest.MapFile{Data: []byte("not a level")},
		"top.txt":         &fstest.MapFile{Data: []byte("a file at the root")},
	}
	for _, dir := range []string{"b", "a"} {
		for _, f := range templateFiles(t) {
			lib[dir+"/"+f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		}
	}
	got, err := LoadAll(lib)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, l := range got {
		dirs = append(dirs, l.Path)
	}
	if !slices.Equal(dirs, []string{"a", "b"}) {
		t.Errorf("LoadAll loaded %q, want [a b]", dirs)
	}
	lib["c/"+ManifestName] = &fstest.MapFile{Data: []byte("id = ")}
	if _, err := LoadAll(lib); err == nil || !strings.Contains(err.Error(), "c/") {
		t.Errorf("LoadAll with a broken level: %v, want an error naming c/", err)
	}
}
