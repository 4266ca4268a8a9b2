package sqlite

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/storetest"
)

// waitFor waits, with a bound, until cond holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting until %s", what)
		}
		time.Sleep(time.Millisecond) // polling a condition, not timing
	}
}

// holdWriter takes the writer connection, so that the batch writer blocks
// at its next BEGIN; release gives it back.
func holdWriter(t *testing.T, db *DB) (release func()) {
	t.Helper()
	tx, err := db.w.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() { once.Do(func() { tx.Rollback() }) }
	t.Cleanup(release)
	return release
}

type addOutcome struct {
	a   store.Added
	err error
}

// goAdd adds a run in a goroutine; its outcome comes on the channel.
func goAdd(ctx context.Context, db *DB, r store.Run) <-chan addOutcome {
	c := make(chan addOutcome, 1)
	go func() {
		a, err := db.AddRun(ctx, r)
		c <- addOutcome{a, err}
	}()
	return c
}

// TestGroupCommitBatch queues runs while the writer is held, so that they
// are committed as one batch, and checks that each gets its own answer: a
// failed run (here one that has already created its board when it fails)
// leaves no trace, and the others are stored.
func TestGroupCommitBatch(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	var ids []store.PlayerID
	for i := range 4 {
		p, err := db.CreatePlayer(ctx, storetest.Token(i), "g"+string(rune('a'+i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	b1, b2 := storetest.BoardOf("tax-pot", 1), storetest.BoardOf("tax-pot", 2)
	full := storetest.RunOf(b1, ids[0], 1, 1, 0)
	full.Pot = math.MaxInt64
	if _, err := db.AddRun(ctx, full); err != nil {
		t.Fatal(err)
	}

	release := holdWriter(t, db)
	first := goAdd(ctx, db, storetest.RunOf(b1, ids[1], 5, 5, 1))
	waitFor(t, "the writer took the first run", func() bool { return db.stats.taken.Load() == 2 })
	commits := db.stats.commits.Load()

	overflow := storetest.RunOf(b2, ids[1], 7, 7, 2) // on a new board
	overflow.Pot = 1
	copied := storetest.RunOf(b1, ids[2], 9, 9, 3)
	copied.Inputs = full.Inputs
	tests := []struct {
		name string
		run  store.Run
		want func(addOutcome) bool
	}{
		{"overflow", overflow, func(o addOutcome) bool { return o.err != nil && strings.Contains(o.err.Error(), "overflow") }},
		{"copied", copied, func(o addOutcome) bool { return errors.Is(o.err, store.ErrCopied) }},
		{"resent", full, func(o addOutcome) bool { return o.err == nil && o.a.Duplicate }},
		{"new", storetest.RunOf(b1, ids[2], 11, 11, 4), func(o addOutcome) bool { return o.err == nil && !o.a.Duplicate && o.a.Best.Rank == 1 }},
		{"unknown player", storetest.RunOf(b1, 999, 3, 3, 5), func(o addOutcome) bool { return errors.Is(o.err, store.ErrNotFound) }},
		// Ranks are read once the batch is committed: 11, 5, 2, 1.
		{"new too", storetest.RunOf(b1, ids[3], 2, 2, 6), func(o addOutcome) bool { return o.err == nil && !o.a.Duplicate && o.a.Best.Rank == 3 }},
	}
	outs := make([]<-chan addOutcome, len(tests))
	for i, tc := range tests {
		outs[i] = goAdd(ctx, db, tc.run)
	}
	waitFor(t, "every run waits for the writer", func() bool { return db.stats.waiting.Load() == int64(len(tests)) })
	release()

	if o := <-first; o.err != nil {
		t.Fatal(o.err)
	}
	for i, tc := range tests {
		if o := <-outs[i]; !tc.want(o) {
			t.Errorf("%s: %+v, %v", tc.name, o.a, o.err)
		}
	}
	// The first run alone, then the rest in one batch.
	if got := db.stats.commits.Load() - commits; got != 2 {
		t.Errorf("%d commits for %d runs, want 2", got, 1+len(tests))
	}
	var boards int
	if err := db.r.QueryRow("SELECT count(*) FROM boards WHERE hash = ?", b2.Hash[:]).Scan(&boards); err != nil || boards != 0 {
		t.Errorf("the failed run's board: %d rows, %v; want none", boards, err)
	}
	if n, err := db.Count(ctx, b1); err != nil || n != 4 {
		t.Errorf("board: %d entries, %v; want 4", n, err)
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
}

// TestGroupCommitContext: a caller whose context ends while it waits for
// the writer gets the context's error and its run is not stored; a run taken
// into a batch is committed whatever its caller's context.
func TestGroupCommitContext(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	p, err := db.CreatePlayer(ctx, storetest.Token(1), "ctx")
	if err != nil {
		t.Fatal(err)
	}
	b := storetest.BoardOf("tax-pot", 1)
	release := holdWriter(t, db)
	takenCtx, cancelTaken := context.WithCancel(ctx)
	taken := goAdd(takenCtx, db, storetest.RunOf(b, p.ID, 1, 1, 0))
	waitFor(t, "the writer took the first run", func() bool { return db.stats.taken.Load() == 1 })
	cancelTaken() // too late: the run is in a batch

	waitCtx, cancelWait := context.WithCancel(ctx)
	late := storetest.RunOf(b, p.ID, 2, 2, 1)
	waiting := goAdd(waitCtx, db, late)
	waitFor(t, "the second run waits", func() bool { return db.stats.waiting.Load() == 1 })
	cancelWait()
	if o := <-waiting; !errors.Is(o.err, context.Canceled) {
		t.Errorf("cancelled while waiting: %+v, %v; want context.Canceled", o.a, o.err)
	}
	release()
	if o := <-taken; o.err != nil || o.a.Duplicate {
		t.Errorf("cancelled once taken: %+v, %v; want stored", o.a, o.err)
	}
	if _, err := db.FindRun(ctx, b, late.Inputs); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the cancelled run: %v, want ErrNotFound", err)
	}
}

// TestGroupCommitClose: Close commits and answers the batch under way, and
// refuses the runs still waiting with ErrClosed.
func TestGroupCommitClose(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/close.db"
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePlayer(ctx, storetest.Token(1), "close")
	if err != nil {
		t.Fatal(err)
	}
	b := storetest.BoardOf("tax-pot", 1)
	release := holdWriter(t, db)
	taken := goAdd(ctx, db, storetest.RunOf(b, p.ID, 1, 1, 0))
	waitFor(t, "the writer took the first run", func() bool { return db.stats.taken.Load() == 1 })
	waiting := goAdd(ctx, db, storetest.RunOf(b, p.ID, 2, 2, 1))
	waitFor(t, "the second run waits", func() bool { return db.stats.waiting.Load() == 1 })

	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	if o := <-waiting; !errors.Is(o.err, store.ErrClosed) {
		t.Errorf("waiting at Close: %+v, %v; want ErrClosed", o.a, o.err)
	}
	release()
	o := <-taken
	if o.err != nil {
		t.Fatalf("taken at Close: %v; want stored", o.err)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Run(ctx, o.a.RunID); err != nil {
		t.Errorf("the run answered at Close: %v", err)
	}
	if n, err := db.Count(ctx, b); err != nil || n != 1 {
		t.Errorf("%d entries, %v; want 1", n, err)
	}
	var rows int
	if err := db.r.QueryRow("SELECT count(*) FROM runs").Scan(&rows); err != nil || rows != 1 {
		t.Errorf("%d runs stored, %v; want 1", rows, err)
	}
}
