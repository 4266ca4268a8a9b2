package scripts_test

import (
	"embed"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/scripts"
)

// testdataFS holds the Lua tests and their helper, check.lua.
//
//go:embed testdata/*.lua
var testdataFS embed.FS

// luaCase finds the cases of a Lua test file: check.case("name", ...).
var luaCase = regexp.MustCompile(`check\.case\("([^"]+)"`)

// TestLua runs the Lua tests of the library, testdata/*_test.lua, each
// case in a fresh sandbox of its own, the one the levels run in: a level
// whose main chunk requires the test file from the library. A failing
// check names the file and line ("scripts/testdata/flow_test.lua:12: …").
func TestLua(t *testing.T) {
	files, err := fs.Glob(testdataFS, "testdata/*_test.lua")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Lua tests: %v", err)
	}
	lib := fstest.MapFS{}
	for _, dir := range []fs.FS{scripts.FS, testdataFS} {
		err := fs.WalkDir(dir, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(dir, p)
			lib[p] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, file := range files {
		src, err := fs.ReadFile(testdataFS, file)
		if err != nil {
			t.Fatal(err)
		}
		module := "testdata." + strings.TrimSuffix(path.Base(file), ".lua")
		cases := luaCase.FindAllSubmatch(src, -1)
		if len(cases) == 0 {
			t.Errorf("%s: no check.case", file)
		}
		for _, c := range cases {
			name := string(c[1])
			t.Run(strings.TrimSuffix(path.Base(file), "_test.lua")+"/"+name, func(t *testing.T) {
				main := `require("testdata.check").only = "` + name + `"` + "\nrequire(\"" + module + "\")\n"
				s, err := luaSession(lib, main)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				if !slices.Contains(s.Log(), "ok "+name) {
					t.Errorf("case %q did not run (log %q)", name, s.Log())
				}
			})
		}
	}
}

// luaSession starts a level whose main.lua is main, with lib as its
// shared library.
func luaSession(lib fs.FS, main string) (*session.Session, error) {
	fsys := fstest.MapFS{
		"level.toml": {Data: []byte("id = \"t\"\nversion = 1\napi = 1\nlicence = \"CC0-1.0\"\nauthor = \"t\"\ntags = [\"t\"]\n" +
			"[title]\nen = \"t\"\nfr = \"t\"\n[summary]\nen = \"t\"\nfr = \"t\"\n" +
			"[[sources]]\ntitle = \"t\"\nurl = \"https://example.org\"\n")},
		"text/en.toml": {Data: []byte("x = \"x\"\n")},
		"text/fr.toml": {Data: []byte("x = \"x\"\n")},
		"main.lua":     {Data: []byte(main)},
	}
	lvl, err := level.LoadFS(fsys, ".")
	if err != nil {
		return nil, err
	}
	return session.New(lvl, session.Options{Library: lib})
}
