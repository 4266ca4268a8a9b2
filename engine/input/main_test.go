package input

import (
	"testing"

	"github.com/communs-arcade/arcade/engine/internal/ebitentest"
)

// TestMain runs the tests inside an Ebiten game when there is a display
// (xvfb-run -a go test ./engine/input); without one inGame skips.
func TestMain(m *testing.M) { ebitentest.Main(m, "input") }

func inGame(t *testing.T, f func()) { ebitentest.InGame(t, f) }
