package sqlite

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/storetest"
)

// The benchmarks' board: benchEntries players, one run each, player i+1
// at rank benchEntries-i. It is built once per test binary, in one
// transaction, and copied for benchmarks that write.
const benchEntries = 100_000

// benchSubmitters is how many goroutines the parallel benchmarks add runs
// from: a busy server's submissions in flight at once.
const benchSubmitters = 32

var (
	benchOnce  sync.Once
	benchDir   string
	benchErr   error
	benchBoard = storetest.BoardOf("bench", 1)
)

func benchFixture(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "arcade-store-bench")
		if benchErr == nil {
			benchErr = buildFixture(filepath.Join(benchDir, "board.db"))
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return filepath.Join(benchDir, "board.db")
}

func removeBenchFixture() {
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
}

func buildFixture(path string) error {
	db, err := Open(path)
	if err != nil {
		return err
	}
	ctx := context.Background()
	// Transactions of 5,000 runs: after the first, the statements are
	// prepared (the cache fills between transactions).
	const chunk = 5000
	for c := 0; c < benchEntries && err == nil; c += chunk {
		err = db.write(ctx, func(tx *txn) error {
			for i := c; i < c+chunk; i++ {
				p, err := createPlayer(ctx, tx, storetest.Token(i), fmt.Sprintf("player%d", i))
				if err != nil {
					return err
				}
				// Ascending scores: each run enters at rank 1.
				r := storetest.RunOf(benchBoard, p.ID, int64(i), uint32(3600+i%600), time.Duration(i)*time.Second)
				if _, _, err := addRun(ctx, tx, r); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err != nil {
		db.Close()
		return err
	}
	return db.Close() // checkpoints: the copy is the one file
}

// The scores of run i of fixture player k (score k) in BenchmarkAddRun.
var (
	// climb is a new best one above the last: the player climbs a rank.
	climb = func(k, i int) int64 { return int64(k + 1 + i) }
	// top is a new best above every fixture entry.
	top = func(k, i int) int64 { return benchEntries + int64(i) }
	// below is under the player's best: never a new best.
	below = func(k, i int) int64 { return int64(k - 1) }
)

// benchCopy opens a private copy of the fixture.
func benchCopy(b *testing.B) *DB {
	src, err := os.Open(benchFixture(b))
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(b.TempDir(), "board.db")
	dst, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	// On disk before the timer starts: otherwise the first checkpoint's
	// fsync of the database file writes out the whole fresh copy (64 MB),
	// and the benchmark times the copy instead of the store.
	if err := dst.Sync(); err != nil {
		b.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		b.Fatal(err)
	}
	db, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkAddRun measures committed runs per second. Each commit is one
// fsync of the WAL (synchronous=FULL); runs added one after the other get a
// commit each, while concurrent runs share commits (group commit), which
// only the parallel benchmarks show.
func BenchmarkAddRun(b *testing.B) {
	ctx := context.Background()
	b.Run("empty-board", func(b *testing.B) {
		db := openTemp(b)
		p, err := db.CreatePlayer(ctx, storetest.Token(1), "bench")
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := range b.N {
			if _, err := db.AddRun(ctx, storetest.RunOf(storetest.BoardOf("bench", 1), p.ID, int64(i), 100, 0)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
	})
	// On the 100,000-entry board, where fixture player k+1 has score k and
	// rank benchEntries-k: each run a new best of its player near the bottom
	// (one more than the last, so it climbs one rank: after 2,000 runs it is
	// still in the last 2% of the board), in the middle, and at the top
	// (above everyone). "not-best" adds runs below the player's best, which
	// change neither best nor the rank tree. The nosync variants run with
	// synchronous=NORMAL: they measure the store's own work without the
	// fsync of each commit.
	for _, tc := range []struct {
		name   string
		player int // fixture player index k (player id k+1, score k)
		score  func(k, i int) int64
		nosync bool
	}{
		{"100k-board/bottom", 0, climb, false},
		{"100k-board/middle", benchEntries / 2, climb, false},
		{"100k-board/top", 1, top, false},
		{"100k-board/not-best", benchEntries / 2, below, false},
		{"100k-board/bottom-nosync", 0, climb, true},
		{"100k-board/middle-nosync", benchEntries / 2, climb, true},
		{"100k-board/top-nosync", 1, top, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			db := benchCopy(b)
			if tc.nosync {
				if _, err := db.w.Exec("PRAGMA synchronous = NORMAL"); err != nil {
					b.Fatal(err)
				}
			}
			news := 0
			b.ResetTimer()
			for i := range b.N {
				// Other ticks than the fixture's: every run has new inputs.
				r := storetest.RunOf(benchBoard, store.PlayerID(tc.player+1), tc.score(tc.player, i), 100, time.Duration(i))
				a, err := db.AddRun(ctx, r)
				if err != nil {
					b.Fatal(err)
				}
				if a.NewBest {
					news++
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
			// The case measures what it claims: all new bests, or none.
			if want := tc.score(tc.player, 0) > int64(tc.player); want && news != b.N || !want && news != 0 {
				b.Fatalf("%d new bests in %d runs", news, b.N)
			}
		})
	}
	// Many submitters at once on the 100,000-entry board: benchSubmitters
	// goroutines (or a few more, a multiple of GOMAXPROCS), each for its own
	// fixture player, add new bests near the bottom, in the middle and at
	// the top. They share the one writer.
	for _, tc := range []struct {
		name   string
		player int // the fixture index of the first goroutine's player
		score  func(k, i int) int64
	}{
		{"100k-board/parallel-bottom", 0, climb},
		{"100k-board/parallel-middle", benchEntries / 2, climb},
		{"100k-board/parallel-top", 1, top},
	} {
		b.Run(tc.name, func(b *testing.B) {
			db := benchCopy(b)
			var g, n atomic.Int64
			b.SetParallelism((benchSubmitters + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
			taken, commits := db.stats.taken.Load(), db.stats.commits.Load()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				k := tc.player + int(g.Add(1)) - 1 // this goroutine's player
				for i := 0; pb.Next(); i++ {
					// Other ticks than the fixture's: every run has new inputs.
					r := storetest.RunOf(benchBoard, store.PlayerID(k+1), tc.score(k, i), 100, time.Duration(n.Add(1)))
					if _, err := db.AddRun(ctx, r); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
			// How many runs share a commit (its fsync), on average.
			b.ReportMetric(float64(db.stats.taken.Load()-taken)/float64(db.stats.commits.Load()-commits), "runs/commit")
		})
	}
	// Many submitters at once: they share the one writer's commits.
	b.Run("parallel", func(b *testing.B) {
		db := openTemp(b)
		var ids []store.PlayerID
		for i := range 16 {
			p, err := db.CreatePlayer(ctx, storetest.Token(i), fmt.Sprintf("bench%d", i))
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		var n atomic.Int64
		b.SetParallelism(4)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := n.Add(1)
				r := storetest.RunOf(storetest.BoardOf("bench", 1), ids[i%16], i, 100, 0)
				if _, err := db.AddRun(ctx, r); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
	})
}

// BenchmarkRead measures the leaderboard reads on the 100,000-entry board.
func BenchmarkRead(b *testing.B) {
	path := benchFixture(b)
	db, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	// Fixture player i+1 is at rank benchEntries-i.
	atRank := func(rank int) store.PlayerID { return store.PlayerID(benchEntries - rank + 1) }
	tests := []struct {
		name string
		fn   func() error
	}{
		{"Top/first-20", func() error { _, _, err := db.Top(ctx, benchBoard, 0, 20); return err }},
		{"Top/offset-50000", func() error { _, _, err := db.Top(ctx, benchBoard, 50_000, 20); return err }},
		{"Top/last-20", func() error { _, _, err := db.Top(ctx, benchBoard, benchEntries-20, 20); return err }},
		{"View/top-10-me-last", func() error { _, err := db.View(ctx, benchBoard, 0, 10, atRank(benchEntries), -1); return err }},
		{"View/around-me-50000", func() error { _, err := db.View(ctx, benchBoard, 0, 0, atRank(50_000), 5); return err }},
		{"Count", func() error { _, err := db.Count(ctx, benchBoard); return err }},
		{"Around/rank-1", func() error { _, err := db.Around(ctx, benchBoard, atRank(1), 5); return err }},
		{"Around/rank-50000", func() error { _, err := db.Around(ctx, benchBoard, atRank(50_000), 5); return err }},
		{"Around/last", func() error { _, err := db.Around(ctx, benchBoard, atRank(benchEntries), 5); return err }},
		{"Best/rank-1", func() error { _, err := db.Best(ctx, benchBoard, atRank(1)); return err }},
		{"Best/last", func() error { _, err := db.Best(ctx, benchBoard, atRank(benchEntries)); return err }},
		{"Pot", func() error { _, err := db.Pot(ctx, "bench"); return err }},
	}
	// The fixture is what the benchmarks claim.
	if e, err := db.Best(ctx, benchBoard, atRank(benchEntries)); err != nil || e.Rank != benchEntries {
		b.Fatalf("fixture: last entry %+v, %v", e, err)
	}
	for _, tc := range tests {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				if err := tc.fn(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHello is what a hello of a new player costs the store: a token
// not found, then a new player. Its allocations are the garbage each new
// connection leaves in the server's heap.
func BenchmarkHello(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := db.PlayerByToken(ctx, storetest.Token(i)); err == nil {
			b.Fatal("player found")
		}
		if _, err := db.CreatePlayer(ctx, storetest.Token(i), fmt.Sprintf("hello%d", i)); err != nil {
			b.Fatal(err)
		}
	}
}
