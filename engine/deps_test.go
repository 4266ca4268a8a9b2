// Package engine_test guards the engine's dependency rule: the simulation,
// levels, scripts, sessions and replays never import ebiten, so they build
// with CGO_ENABLED=0, test without a display and under wasm, and run inside
// the server to verify scores. Only render, input and audio may draw, read
// devices or play sound.
package engine_test

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// headless are the engine packages that must never depend on ebiten.
var headless = []string{"dmath", "level", "luapattern", "physics", "replay", "script", "session", "sim"}

func TestHeadlessPackagesDoNotImportEbiten(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("no go command under wasm")
	}
	for _, p := range headless {
		out, err := exec.Command("go", "list", "-deps", "./"+p).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", p, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.Contains(dep, "hajimehoshi/ebiten") {
				t.Errorf("engine/%s depends on %s", p, dep)
			}
		}
	}
}

// TestWrappedDependencies checks that only physics imports resolv and only
// script imports gopher-lua: each third-party engine is wrapped by one
// package, so its quirks (resolv's map iteration, gopher-lua's globals) are
// handled in one place.
func TestWrappedDependencies(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("no go command under wasm")
	}
	owners := map[string]string{
		"github.com/solarlune/resolv": "physics",
		"github.com/yuin/gopher-lua":  "script",
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], "github.com/communs-arcade/arcade/engine/")
		for _, imp := range fields[1:] {
			for dep, owner := range owners {
				if strings.HasPrefix(imp, dep) && pkg != owner {
					t.Errorf("engine/%s imports %s; only engine/%s may", pkg, imp, owner)
				}
			}
		}
	}
}
