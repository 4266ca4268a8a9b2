package audio

import (
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// calls carries test code into the running game's Update; nil when the
// tests run without a game loop (no display).
var calls chan func()

// TestMain runs the tests inside an Ebiten game when there is a display
// (xvfb-run -a go test ./engine/audio), so inGame can reach a real loop;
// without one the tests run plainly and inGame skips.
func TestMain(m *testing.M) {
	if os.Getenv("DISPLAY") == "" || runtime.GOOS == "js" {
		os.Exit(m.Run())
	}
	g := &testGame{m: m, calls: make(chan func()), done: make(chan int, 1)}
	calls = g.calls
	err := ebiten.RunGame(g)
	if !g.started {
		fmt.Fprintf(os.Stderr, "audio: no game loop (%v); display tests skip\n", err)
		calls = nil
		os.Exit(m.Run())
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "audio: game loop: %v\n", err)
		os.Exit(1)
	}
	os.Exit(<-g.done)
}

type testGame struct {
	m       *testing.M
	calls   chan func()
	done    chan int
	started bool
}

func (g *testGame) Update() error {
	if !g.started {
		g.started = true
		go func() { g.done <- g.m.Run() }()
	}
	for {
		select {
		case f := <-g.calls:
			f()
		case code := <-g.done:
			g.done <- code
			return ebiten.Termination
		default:
			return nil
		}
	}
}

func (g *testGame) Draw(*ebiten.Image)         {}
func (g *testGame) Layout(int, int) (int, int) { return 320, 180 }

// inGame runs f inside the game's Update and waits for it, or skips the
// test when no game loop runs.
func inGame(t *testing.T, f func()) {
	t.Helper()
	// Read DISPLAY within the tests too: go test caches results by the
	// environment the tests read, and TestMain's reads are not seen.
	_ = os.Getenv("DISPLAY")
	if calls == nil {
		t.Skip("needs a display: xvfb-run -a go test")
	}
	done := make(chan struct{})
	calls <- func() {
		defer close(done)
		f()
	}
	<-done
}
