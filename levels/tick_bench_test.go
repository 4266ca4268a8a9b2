package levels_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/scripts"
)

// BenchmarkTick re-simulates each level's winning golden replay and
// reports the cost of one tick: its median (p50-µs), its 99th percentile
// (p99-µs) and the worst tick (max-µs), over every tick of every
// iteration. A school laptop is 3–4× slower than the machine that sets the
// goals (p99 ≤ 1 ms in wasm, no tick over 50 ms); `make bench` runs it
// natively and under js/wasm.
func BenchmarkTick(b *testing.B) {
	entries, err := os.ReadDir(".")
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		win := filepath.Join(e.Name(), "testdata", "win.replay")
		if _, err := os.Stat(win); err != nil {
			continue
		}
		b.Run(e.Name(), func(b *testing.B) {
			lvl, err := level.Load(e.Name())
			if err != nil {
				b.Fatal(err)
			}
			data, err := os.ReadFile(win)
			if err != nil {
				b.Fatal(err)
			}
			rec, err := replay.Decode(data)
			if err != nil {
				b.Fatal(err)
			}
			inputs, err := rec.Frames()
			if err != nil {
				b.Fatal(err)
			}
			var ticks []time.Duration
			for b.Loop() {
				s, err := session.New(lvl, session.Options{Seed: rec.Seed, Library: scripts.FS})
				if err != nil {
					b.Fatal(err)
				}
				for _, in := range inputs {
					start := time.Now()
					if err := s.Step(in); err != nil {
						b.Fatal(err)
					}
					ticks = append(ticks, time.Since(start))
				}
			}
			slices.Sort(ticks)
			at := func(q float64) float64 {
				return float64(ticks[min(len(ticks)-1, int(q*float64(len(ticks))))].Nanoseconds()) / 1e3
			}
			b.ReportMetric(at(0.5), "p50-µs")
			b.ReportMetric(at(0.99), "p99-µs")
			b.ReportMetric(float64(ticks[len(ticks)-1].Nanoseconds())/1e3, "max-µs")
			b.ReportMetric(float64(len(inputs)), "ticks/run")
		})
	}
}
