package session_test

import (
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
)

func demo(t testing.TB) *level.Level {
	t.Helper()
	lvl, err := level.Load("../../levels/demo")
	if err != nil {
		t.Fatal(err)
	}
	return lvl
}

// inputs is a fixed pseudo-random walk, the same on every platform.
func inputs(n int) []sim.Input {
	out := make([]sim.Input, n)
	x := uint32(12345)
	for i := range out {
		x = x*1664525 + 1013904223
		out[i].Buttons = sim.Buttons(x>>24) & (sim.Left | sim.Right | sim.Up | sim.Down)
	}
	return out
}

func run(t testing.TB, lvl *level.Level, seed uint64, in []sim.Input) *session.Session {
	t.Helper()
	s, err := session.New(lvl, session.Options{Seed: seed, Library: scripts.FS})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range in {
		if err := s.Step(f); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestDeterministic(t *testing.T) {
	lvl := demo(t)
	in := inputs(600)
	a := run(t, lvl, 7, in)
	defer a.Close()
	b := run(t, lvl, 7, in)
	defer b.Close()
	if a.Result() != b.Result() {
		t.Fatalf("same run, different results: %+v vs %+v", a.Result(), b.Result())
	}
	ca, cb := a.Checkpoints(), b.Checkpoints()
	if len(ca) != len(cb) || len(ca) == 0 {
		t.Fatalf("checkpoints: %d vs %d", len(ca), len(cb))
	}
	for i := range ca {
		if ca[i] != cb[i] {
			t.Fatalf("checkpoint %d: %+v vs %+v", i, ca[i], cb[i])
		}
		if ca[i].Tick != uint32(i+1)*session.CheckpointEvery {
			t.Errorf("checkpoint %d at tick %d", i, ca[i].Tick)
		}
	}
}

func TestInputChangesState(t *testing.T) {
	lvl := demo(t)
	idle := run(t, lvl, 1, make([]sim.Input, 30))
	defer idle.Close()
	moved := make([]sim.Input, 30)
	moved[10].Buttons = sim.Right
	busy := run(t, lvl, 1, moved)
	defer busy.Close()
	if idle.Result().Hash == busy.Result().Hash {
		t.Fatal("one tick of input left the state hash unchanged")
	}
}

func TestStepAfterEndDoesNothing(t *testing.T) {
	lvl := demo(t)
	s := run(t, lvl, 1, nil)
	defer s.Close()
	s.World.End(sim.Lost)
	before := s.Result()
	if err := s.Step(sim.Input{Buttons: sim.Right}); err != nil {
		t.Fatal(err)
	}
	if s.Result() != before || !s.Done() {
		t.Fatalf("a step after the end changed the run: %+v -> %+v", before, s.Result())
	}
}

// BenchmarkDemoTick measures headless ticks of the demo level per second
// and allocations per tick.
func BenchmarkDemoTick(b *testing.B) {
	lvl := demo(b)
	s, err := session.New(lvl, session.Options{Seed: 1, Library: scripts.FS})
	if err != nil {
		b.Fatal(err)
	}
	// s is replaced when a run ends: close whichever is current at the end.
	defer func() { s.Close() }()
	in := inputs(4096)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if s.Done() {
			b.StopTimer()
			s.Close()
			s, err = session.New(lvl, session.Options{Seed: 1, Library: scripts.FS})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		if err := s.Step(in[i%len(in)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ticks/s")
}

// TestConcurrentSessions plays the same level in several goroutines, as a
// verifier does: sessions share compiled Lua but no state, so every run
// reaches the same hash.
func TestConcurrentSessions(t *testing.T) {
	lvl := demo(t)
	in := inputs(300)
	want := run(t, lvl, 3, in)
	defer want.Close()
	results := make(chan session.Result, 4)
	for range 4 {
		go func() {
			s, err := session.New(lvl, session.Options{Seed: 3, Library: scripts.FS})
			if err != nil {
				results <- session.Result{}
				return
			}
			defer s.Close()
			for _, f := range in {
				if s.Step(f) != nil {
					break
				}
			}
			results <- s.Result()
		}()
	}
	for range 4 {
		if got := <-results; got != want.Result() {
			t.Errorf("concurrent run %+v, want %+v", got, want.Result())
		}
	}
}
