//go:build !js && !wasip1

package replay

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoEbiten guards that the replay package, which the server and the
// wasm tests use, never pulls in ebiten.
func TestNoEbiten(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for dep := range strings.FieldsSeq(string(out)) {
		if strings.Contains(dep, "ebiten") {
			t.Errorf("engine/replay depends on %s", dep)
		}
	}
}
