package game

import (
	"os"
	"os/exec"
	"runtime"
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

// checkNoDeps fails if the game, or the wasm entry built for js/wasm,
// depends on a package in banned or under one, except those in allowed.
func checkNoDeps(t *testing.T, banned []string) {
	t.Helper()
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no go command under wasm")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	for _, c := range []struct {
		pkg string
		env []string
	}{
		{".", nil},
		{"../wasm", []string{"GOOS=js", "GOARCH=wasm"}},
	} {
		cmd := exec.Command(goTool, "list", "-deps", c.pkg)
		cmd.Env = append(os.Environ(), c.env...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %s: %v", c.pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if allowed[dep] {
				continue
			}
			for _, b := range banned {
				if dep == b || strings.HasPrefix(dep, b+"/") {
					t.Errorf("%s %s depends on %s", strings.Join(c.env, " "), c.pkg, dep)
				}
			}
		}
	}
}

// allowed are packages under a banned path that the game may link: the
// pseudonym rules' table-free part, which the protocol shares.
var allowed = map[string]bool{
	"github.com/communs-arcade/arcade/server/protocol/pseudonym/form": true,
}
