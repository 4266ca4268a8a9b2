package replay_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
)

const demo = "../../levels/demo"

func loadDemo(t testing.TB) *level.Level {
	t.Helper()
	lvl, err := level.Load(demo)
	if err != nil {
		t.Fatal(err)
	}
	return lvl
}

func readInputs(t testing.TB, name string) []sim.Input {
	t.Helper()
	f, err := os.Open(filepath.Join(demo, "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := replay.ParseInputs(f)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func opts() session.Options { return session.Options{Seed: 1, Library: scripts.FS} }

// TestGoldenReplays verifies the committed replays of the demo level. The
// same test runs natively and under wasm (make test), so it proves that
// both platforms reach the recorded checkpoint hashes bit for bit.
func TestGoldenReplays(t *testing.T) {
	lvl := loadDemo(t)
	for _, tt := range []struct {
		file    string
		outcome sim.Outcome
	}{
		{"win.replay", sim.Won},
		{"lose.replay", sim.Lost},
	} {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(demo, "testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			rec, err := replay.Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := replay.Verify(lvl, rec, opts())
			if err != nil {
				t.Fatal(err)
			}
			if got != rec.Result || got.Outcome != tt.outcome {
				t.Errorf("verified %+v, recorded %+v, want outcome %v", got, rec.Result, tt.outcome)
			}
			if len(rec.Checkpoints) == 0 {
				t.Error("golden replay has no checkpoints")
			}
		})
	}
}

// TestPlayMatchesGolden re-records the golden runs from their text inputs:
// the fresh record must equal the committed one byte for byte.
func TestPlayMatchesGolden(t *testing.T) {
	lvl := loadDemo(t)
	o := opts()
	o.Seed = lvl.BoardSeed() // golden runs are ranked runs
	for _, name := range []string{"win", "lose"} {
		rec, err := replay.Play(lvl, readInputs(t, name+".txt"), o)
		if err != nil {
			t.Fatal(err)
		}
		got, err := replay.Encode(rec)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(demo, "testdata", name+".replay"))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: re-recorded replay differs from testdata (regenerate with `make goldens` if the change is intended, and bump session.EngineVersion if state hashes changed)", name)
		}
	}
}

func TestVerifyRefuses(t *testing.T) {
	lvl := loadDemo(t)
	good, err := replay.Play(lvl, readInputs(t, "win.txt"), opts())
	if err != nil {
		t.Fatal(err)
	}
	clone := func() *replay.Record {
		data, err := replay.Encode(good)
		if err != nil {
			t.Fatal(err)
		}
		r, err := replay.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	tests := []struct {
		name   string
		tamper func(r *replay.Record)
		want   string
	}{
		{"one input changed", func(r *replay.Record) {
			// Hold DOWN instead of UP for the second run: the player walks
			// elsewhere and the first checkpoint after it differs.
			r.Inputs[1].Buttons = uint8(sim.Down)
		}, "diverges at tick 60"},
		{"score claimed higher", func(r *replay.Record) { r.Result.Score += 1000 }, "claims won with score"},
		{"final hash forged", func(r *replay.Record) { r.Result.Hash ^= 1 }, "diverges at tick 223 (final state)"},
		{"checkpoint forged", func(r *replay.Record) { r.Checkpoints[2].Hash ^= 1 }, "diverges at tick 180"},
		{"other level", func(r *replay.Record) { r.LevelID = "other" }, `recorded on level "other"`},
		{"edited level", func(r *replay.Record) { r.LevelHash[0] ^= 1 }, "another version of level"},
		{"other engine", func(r *replay.Record) { r.Engine = "0.0.0" }, "recorded with engine 0.0.0"},
		{"inputs after the end", func(r *replay.Record) {
			r.Inputs[len(r.Inputs)-1].Count += 5
			r.Result.Ticks += 5
		}, "inputs go on after the run ended"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := clone()
			tt.tamper(r)
			_, err := replay.Verify(lvl, r, opts())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Verify error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	t.Run("divergence is typed", func(t *testing.T) {
		r := clone()
		r.Inputs[1].Buttons = uint8(sim.Down)
		_, err := replay.Verify(lvl, r, opts())
		var de *replay.DivergenceError
		if !errors.As(err, &de) || de.Tick != 60 {
			t.Fatalf("got %v, want a DivergenceError at tick 60", err)
		}
	})
}

// BenchmarkVerifyDemo measures replay verification of the winning demo run
// and reports it as a multiple of real time (60 ticks a second).
func BenchmarkVerifyDemo(b *testing.B) {
	lvl := loadDemo(b)
	rec, err := replay.Play(lvl, readInputs(b, "win.txt"), opts())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := replay.Verify(lvl, rec, opts()); err != nil {
			b.Fatal(err)
		}
	}
	perRun := b.Elapsed().Seconds() / float64(b.N)
	realTime := float64(rec.Result.Ticks) / sim.TicksPerSecond
	b.ReportMetric(realTime/perRun, "x-realtime")
}

// TestFromSession records a run tick by tick, as the game does, stopping
// half-way and at the end, and checks that the record equals Play's and
// verifies.
func TestFromSession(t *testing.T) {
	lvl := loadDemo(t)
	inputs := readInputs(t, "win.txt")
	s, err := session.New(lvl, opts())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var played []sim.Input
	for i, in := range inputs {
		if s.Done() {
			break
		}
		if err := s.Step(in); err != nil {
			t.Fatal(err)
		}
		played = append(played, in)
		if i != 100 && !s.Done() {
			continue
		}
		got, err := replay.FromSession(s, opts().Seed, played)
		if err != nil {
			t.Fatal(err)
		}
		want, err := replay.Play(lvl, played, opts())
		if err != nil {
			t.Fatal(err)
		}
		a, _ := replay.Encode(got)
		b, _ := replay.Encode(want)
		if string(a) != string(b) {
			t.Errorf("tick %d: FromSession's record differs from Play's", i+1)
		}
		if _, err := replay.Verify(lvl, got, opts()); err != nil {
			t.Errorf("tick %d: %v", i+1, err)
		}
	}
	if _, err := replay.FromSession(s, 1, played[1:]); err == nil {
		t.Error("FromSession accepted fewer inputs than ticks")
	}
}
