// Package ebitentest runs a package's tests inside a real Ebiten game loop
// when there is a display (xvfb-run -a go test …), so tests can call what
// Ebiten only allows from Update; without a display the tests run plainly
// and InGame skips. Use it from TestMain:
//
//	func TestMain(m *testing.M) { ebitentest.Main(m, "input") }
package ebitentest

import (
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// calls carries test code into the running game's Update; nil when the
// tests run without a game loop.
var calls chan func()

// Main runs m, inside a game loop when a display is there, and exits with
// its code. name prefixes what it reports.
func Main(m *testing.M, name string) {
	if os.Getenv("DISPLAY") == "" || runtime.GOOS == "js" {
		os.Exit(m.Run())
	}
	g := &game{m: m, calls: make(chan func()), done: make(chan int, 1)}
	calls = g.calls
	err := ebiten.RunGame(g)
	if !g.started {
		fmt.Fprintf(os.Stderr, "%s: no game loop (%v); display tests skip\n", name, err)
		calls = nil
		os.Exit(m.Run())
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: game loop: %v\n", name, err)
		os.Exit(1)
	}
	os.Exit(<-g.done)
}

type game struct {
	m       *testing.M
	calls   chan func()
	done    chan int
	started bool
}

func (g *game) Update() error {
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

func (g *game) Draw(*ebiten.Image)         {}
func (g *game) Layout(int, int) (int, int) { return 320, 180 }

// InGame runs f inside the game's Update and waits for it, or skips the
// test when no game loop runs.
func InGame(t *testing.T, f func()) {
	t.Helper()
	// Read DISPLAY within the tests too: go test caches results by the
	// environment the tests read, and TestMain's reads are not seen.
	_ = os.Getenv("DISPLAY")
	if calls == nil {
		SkipWithoutDisplay(t)
	}
	done := make(chan struct{})
	calls <- func() {
		defer close(done)
		f()
	}
	<-done
}

// Running reports whether the tests run inside a game loop.
func Running() bool { return calls != nil }

// RequireDisplay is the variable that turns a skip for want of a display
// into a failure: `make test` sets it for the tests it runs under
// xvfb-run, so that a CI machine whose virtual display broke fails
// instead of skipping the display tests silently.
const RequireDisplay = "ARCADE_REQUIRE_DISPLAY"

// SkipWithoutDisplay skips a test that needs a game loop when there is no
// display, or fails it when RequireDisplay is set.
func SkipWithoutDisplay(tb testing.TB) {
	tb.Helper()
	if os.Getenv(RequireDisplay) != "" {
		tb.Fatalf("no game loop runs, but %s is set: is the X display (xvfb-run) working?", RequireDisplay)
	}
	tb.Skip("needs a display: xvfb-run -a go test")
}
