package game

import (
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestNoServerTables guards the browser build's size: the game checks a
// pseudonym's form with the protocol's table-free rules
// (server/protocol/pseudonym/form) and leaves the rest to the server, so
// neither the game nor the wasm entry may link the server's rules
// (server/protocol/pseudonym), golang.org/x/text or the confusables table
// (618 KB of the .wasm, 121 KB brotli, when they were linked).
func TestNoServerTables(t *testing.T) {
	checkNoDeps(t, []string{
		"github.com/communs-arcade/arcade/server/protocol/pseudonym",
		"golang.org/x/text",
		"go.mau.fi/util",
	})
}

// TestNoStudioEngine guards the browser build's size: the level studio's
// engine (wasm/studio_js.go, built with -tags studio) goes into a .wasm of
// its own that only the studio's frame (/?studio) loads, so neither the
// game nor the game page's wasm entry (no tag) may link the studio's Go
// side or the example levels (325 KB of the .wasm, 37 KB brotli, when they
// were linked).
func TestNoStudioEngine(t *testing.T) {
	checkNoDeps(t, []string{
		"github.com/communs-arcade/arcade/wasm/studio",
		"github.com/communs-arcade/arcade/levels/examples",
	})
}

// TestNoRegexp guards the browser build's size: the game's packages check
// ids, tags, module names, class codes and error texts with small
// hand-written matchers (each fuzzed against the expression it replaces),
// so no package of this module that the game or the wasm entry links may
// import regexp (regexp, regexp/syntax and the Unicode tables they pull in
// were about 70 KB of the first visit, brotli). Ebiten's shader packages
// import it too; the browser build's copy of Ebiten has functions instead
// (wasm/slim), and wasm/slim's TestLeftOut checks the whole .wasm.
func TestNoRegexp(t *testing.T) {
	checkNoImport(t, "regexp")
}

// checkNoDeps fails if the game, or the wasm entry built for js/wasm,
// depends on a package in banned or under one, except those in allowed.
func checkNoDeps(t *testing.T, banned []string) {
	t.Helper()
	for _, b := range []build{{pkg: "."}, {pkg: "../wasm", env: jsWasm}} {
		for _, dep := range strings.Fields(b.list(t)) {
			if allowed[dep] {
				continue
			}
			for _, ban := range banned {
				if dep == ban || strings.HasPrefix(dep, ban+"/") {
					t.Errorf("%s %s depends on %s", strings.Join(b.env, " "), b.pkg, dep)
				}
			}
		}
	}
}

// checkNoImport fails if a package of this module that the game, or the
// wasm entry built for js/wasm (with the studio tag and without), depends
// on imports imp.
func checkNoImport(t *testing.T, imp string) {
	t.Helper()
	const module = "github.com/communs-arcade/arcade"
	for _, b := range []build{{pkg: "."}, {pkg: "../wasm", env: jsWasm}, {pkg: "../wasm", tags: "studio", env: jsWasm}} {
		for _, line := range strings.Split(b.list(t, "-f", `{{.ImportPath}} {{join .Imports " "}}`), "\n") {
			f := strings.Fields(line)
			if len(f) == 0 || f[0] != module && !strings.HasPrefix(f[0], module+"/") {
				continue
			}
			if slices.Contains(f[1:], imp) {
				t.Errorf("%s %s (tags %q): %s imports %s", strings.Join(b.env, " "), b.pkg, b.tags, f[0], imp)
			}
		}
	}
}

// jsWasm is the environment of the browser build.
var jsWasm = []string{"GOOS=js", "GOARCH=wasm"}

// build is a package as one build sees it: its tags and GOOS/GOARCH.
type build struct {
	pkg, tags string
	env       []string
}

// list runs go list -deps on b's package, with args before it, and returns
// its output.
func (b build) list(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(goCommand(t), append(append([]string{"list", "-deps", "-tags=" + b.tags}, args...), b.pkg)...)
	cmd.Env = append(os.Environ(), b.env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %s: %v", b.pkg, err)
	}
	return string(out)
}

// goCommand returns the go command's path, or skips t without one.
func goCommand(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no go command under wasm")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	return goTool
}

// allowed are packages under a banned path that the game may link: the
// pseudonym rules' table-free part, which the protocol shares.
var allowed = map[string]bool{
	"github.com/communs-arcade/arcade/server/protocol/pseudonym/form": true,
}
