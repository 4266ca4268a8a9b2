// Command gen renders the project's art from text grids: every file
// assets/sprites/<level>/<name>.txt becomes a PNG in the folder of that
// level, levels/<level>/sprites/<name>.png unless the grid says otherwise
// (see assets/README.md for the format).
//
// Run it from the repository root, as `go run ./assets/gen` or `make art`.
// It reads and checks every grid before writing anything, so one bad grid
// leaves all PNGs as they were, and it rewrites only the PNGs whose pixels
// changed: a PNG that already shows its grid keeps its bytes, and its
// level keeps its content hash (and its golden replays). With -check it
// writes nothing and fails if a PNG is missing or stale; the package's
// test does the same, so a PNG edited by hand or not regenerated is caught
// by `go test ./...`.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	check := flag.Bool("check", false, "write nothing; fail if a PNG is missing or differs from its grid")
	root := flag.String("root", ".", "the repository root")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./assets/gen [-check] [-root DIR]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*root, *check, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// gridDir and levelsDir are slash-separated paths from the repository root.
const (
	gridDir   = "assets/sprites"
	levelsDir = "levels"
)

// job is one grid and the PNG it renders to.
type job struct {
	sheet  *sheet
	target string // from the root: "levels/rgpd/sprites/tracker.png"
}

// run renders every grid under root, or with check only compares.
func run(root string, check bool, w io.Writer) error {
	jobs, err := load(root)
	if err != nil {
		return err
	}
	var stale []string
	written := 0
	for _, j := range jobs {
		img := j.sheet.image()
		file := filepath.Join(root, filepath.FromSlash(j.target))
		old, err := os.ReadFile(file)
		if err == nil && samePixels(old, img) {
			continue
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("gen: %w", err)
		}
		if check {
			what := "is not what"
			if err != nil {
				what = "is missing; it is made from"
			}
			stale = append(stale, fmt.Sprintf("\n  %s %s %s gives", j.target, what, j.sheet.src))
			continue
		}
		data, err := encode(img)
		if err != nil {
			return err
		}
		if err := writeFile(file, data); err != nil {
			return err
		}
		fmt.Fprintf(w, "wrote %s\n", j.target)
		written++
	}
	if len(stale) > 0 {
		return fmt.Errorf("gen: run make art (go run ./assets/gen), PNGs differ from their grids:%s", strings.Join(stale, ""))
	}
	if !check {
		fmt.Fprintf(w, "gen: %d grids, %d PNGs written, %d up to date\n", len(jobs), written, len(jobs)-written)
	}
	return nil
}

// load parses every grid under root and pairs it with its PNG. It reports
// every broken grid at once, one per line.
func load(root string) ([]job, error) {
	matches, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(gridDir), "*", "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	sort.Strings(matches)
	var (
		jobs []job
		errs []error
		by   = map[string]string{} // target → grid, to catch two grids writing one PNG
	)
	for _, m := range matches {
		rel, err := filepath.Rel(root, m)
		if err != nil {
			return nil, fmt.Errorf("gen: %w", err)
		}
		src := filepath.ToSlash(rel)
		lvl := path.Base(path.Dir(src))
		name := strings.TrimSuffix(path.Base(src), ".txt")
		if !validElem(name + ".png") {
			errs = append(errs, &parseError{file: src, msg: "file name: use only A-Z a-z 0-9 _ - . (it names the sprite and its PNG)"})
			continue
		}
		if fi, err := os.Stat(filepath.Join(root, levelsDir, lvl, "level.toml")); err != nil || !fi.Mode().IsRegular() {
			errs = append(errs, &parseError{file: src, msg: fmt.Sprintf("no level %s/%s/level.toml: grids live in assets/sprites/<level id>/", levelsDir, lvl)})
			continue
		}
		data, err := os.ReadFile(m)
		if err != nil {
			return nil, fmt.Errorf("gen: %w", err)
		}
		s, err := parse(src, name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		target := path.Join(levelsDir, lvl, s.out)
		if other, dup := by[target]; dup {
			errs = append(errs, &parseError{file: src, msg: fmt.Sprintf("writes %s, as %s does", target, other)})
			continue
		}
		by[target] = src
		jobs = append(jobs, job{sheet: s, target: target})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return jobs, nil
}

// writeFile replaces file with data through a temporary file and a rename,
// so an interrupted run never leaves half a PNG.
func writeFile(file string, data []byte) error {
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".gen-*.png")
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("gen: writing %s: %w", file, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("gen: %w", err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}
