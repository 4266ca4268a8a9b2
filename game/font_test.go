package game

import (
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/levels/examples"
)

// TestNoShapingEngine guards the browser build's size: text is drawn from
// the pixel font's atlas, so neither the game nor the wasm entry may link
// Ebiten's text package, go-text's shaping engine or an OpenType parser
// (together about 1 MB of the first visit, brotli).
func TestNoShapingEngine(t *testing.T) {
	checkNoDeps(t, []string{
		"github.com/hajimehoshi/ebiten/v2/text",
		"github.com/go-text/typesetting",
		"golang.org/x/image/font/opentype",
		"golang.org/x/image/font/sfnt",
	})
}

// TestCataloguesInFont checks that the pixel font draws every rune of
// every text the game shows: its own catalogues, every built-in and
// example level's catalogues and manifest, and the strings in the game's
// and the renderer's Go code (marks such as ► and ▲). A rune it lacks
// would show as a hollow box: add it to assets/fontgen's charset, or draw
// it there.
func TestCataloguesInFont(t *testing.T) {
	check := func(name, s string) {
		t.Helper()
		if missing := render.MissingRunes(s); len(missing) > 0 {
			t.Errorf("%s: the font has no %q", name, string(missing))
		}
	}
	cats, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	for lang, c := range cats {
		for _, k := range c.Keys() {
			check("game/text/"+lang+".toml "+k, c[k])
		}
	}
	n := 0
	for root, fsys := range map[string]fs.FS{"levels": levels.FS, "levels/examples": examples.FS} {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			switch {
			case path.Base(path.Dir(p)) == "text" && path.Ext(p) == ".toml":
				c, err := level.ParseCatalog(p, data)
				if err != nil {
					return err
				}
				for _, k := range c.Keys() {
					check(root+"/"+p+" "+k, c[k])
				}
				n++
			case path.Base(p) == "level.toml":
				check(root+"/"+p, string(data))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 10 {
		t.Fatalf("only %d level catalogues found", n)
	}
	for _, dir := range []string{".", "../engine/render"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var s scanner.Scanner
			fset := token.NewFileSet()
			s.Init(fset.AddFile(file, -1, len(src)), src, nil, 0)
			for {
				pos, tok, lit := s.Scan()
				if tok == token.EOF {
					break
				}
				if tok != token.STRING && tok != token.CHAR {
					continue
				}
				if tok == token.CHAR {
					lit = `"` + strings.Trim(lit, "'") + `"`
				}
				if u, err := strconv.Unquote(lit); err == nil {
					lit = u
				}
				// Tabs in code separate words (Wrap); they are not drawn.
				lit = strings.ReplaceAll(lit, "\t", "")
				check(fset.Position(pos).String(), lit)
			}
		}
	}
}
