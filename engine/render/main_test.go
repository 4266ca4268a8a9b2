package render

import (
	"fmt"
	"os"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/internal/ebitentest"
)

// Rendering needs a running Ebiten loop, so TestMain runs the tests in a
// goroutine while ebiten.RunGame runs on the main thread, and tests hand
// their drawing to the loop with onMain. Without a display (plain go test)
// only the tests that need no loop run; the others skip.

// hasLoop reports whether the Ebiten loop runs (there is a display).
var hasLoop bool

// job is work a test hands to the game loop.
type job struct {
	f    func()
	done chan any // receives the panic value, or nil
}

var jobs = make(chan job)

// testGame runs jobs from Update until the tests are done.
type testGame struct {
	done chan int // the tests' exit code
	code int
}

func (g *testGame) Update() error {
	for {
		select {
		case j := <-jobs:
			j.done <- run(j.f)
		case g.code = <-g.done:
			return ebiten.Termination
		default:
			return nil
		}
	}
}

func run(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}

func (g *testGame) Draw(*ebiten.Image)         {}
func (g *testGame) Layout(int, int) (int, int) { return 320, 180 }

func TestMain(m *testing.M) {
	if os.Getenv("DISPLAY") == "" {
		fmt.Println("render: no DISPLAY: rendering tests and benchmarks skipped (run them with xvfb-run -a go test ./engine/render)")
		os.Exit(m.Run())
	}
	hasLoop = true
	g := &testGame{done: make(chan int)}
	go func() { g.done <- m.Run() }()
	ebiten.SetWindowTitle("render tests")
	ebiten.SetVsyncEnabled(false)
	ebiten.SetRunnableOnUnfocused(true)
	if err := ebiten.RunGame(g); err != nil {
		fmt.Fprintln(os.Stderr, "render: ebiten:", err)
		os.Exit(1)
	}
	os.Exit(g.code)
}

// needLoop skips a test or benchmark when there is no Ebiten loop.
func needLoop(tb testing.TB) {
	tb.Helper()
	if !hasLoop {
		ebitentest.SkipWithoutDisplay(tb)
	}
}

// onMain runs f on the game loop's goroutine and waits for it; a panic in
// f fails the test.
func onMain(tb testing.TB, f func()) {
	tb.Helper()
	needLoop(tb)
	j := job{f: f, done: make(chan any, 1)}
	jobs <- j
	if p := <-j.done; p != nil {
		tb.Fatalf("panic on the game loop: %v", p)
	}
}
