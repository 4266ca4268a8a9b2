package verify

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"
)

// BenchmarkPool verifies the built-in golden replays through a pool of
// runtime.NumCPU() workers, as many jobs in flight as the pool runs.
// It reports verified runs per second and the speed of verification as a
// multiple of real time: seconds of play (ticks/60) per second of wall
// time.
func BenchmarkPool(b *testing.B) {
	gs := goldens(b)
	p := testPool(b, PoolOptions{Deadline: 10 * time.Minute})
	ticks := make([]uint32, len(gs))
	// Warm up: every worker loads every level once, as a server's
	// workers soon have.
	for i, g := range gs {
		for range runtime.NumCPU() {
			res, err := p.Verify(context.Background(), Job{Replay: g.data})
			if err != nil {
				b.Fatalf("%s: %v", g.name, err)
			}
			ticks[i] = res.Ticks
		}
	}
	var total uint64
	jobs := make(chan int)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range runtime.NumCPU() {
		wg.Go(func() {
			for i := range jobs {
				if _, err := p.Verify(context.Background(), Job{Replay: gs[i].data}); err != nil {
					b.Error(err)
				}
			}
		})
	}
	for i := range b.N {
		jobs <- i % len(gs)
		total += uint64(ticks[i%len(gs)])
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	b.ReportMetric(float64(b.N)/elapsed, "runs/s")
	b.ReportMetric(float64(total)/60/elapsed, "x_realtime")
}

// BenchmarkLocal verifies each golden replay in this process, on one
// core: the cost of verification without the pool.
func BenchmarkLocal(b *testing.B) {
	v := NewLocal(Builtin())
	for _, g := range goldens(b) {
		b.Run(g.name, func(b *testing.B) {
			res, err := v.Verify(context.Background(), Job{Replay: g.data})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := v.Verify(context.Background(), Job{Replay: g.data}); err != nil {
					b.Fatal(err)
				}
			}
			elapsed := b.Elapsed().Seconds()
			b.ReportMetric(float64(res.Ticks)/60*float64(b.N)/elapsed, "x_realtime")
		})
	}
}
