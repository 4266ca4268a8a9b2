package level

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestNoEbiten guards that this package, which runs on the server and in
// wasm, never pulls in the renderer.
func TestNoEbiten(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no go command under wasm")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "ebiten") {
			t.Fatalf("engine/level depends on %s", dep)
		}
	}
}
