package sqlite

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/communs-arcade/arcade/server/store"
)

// Group commit. With synchronous=FULL every commit costs an fsync of the
// WAL, and on an ordinary disk that fsync, not the store's own work, is what
// limits AddRun. So AddRun does not commit its run alone: it hands the run to
// the batch writer, a goroutine that takes every run waiting when its
// previous commit ends (up to maxBatch; it never waits for more to come),
// applies them in one IMMEDIATE transaction, each inside its own SAVEPOINT,
// commits once, and only then answers each caller. Durability is unchanged:
// a caller hears of its run only after the COMMIT that made it durable.
//
// The runs of a batch are applied one after the other, in the order they
// were taken, each seeing the ones before it, so each caller gets the answer
// a serial store would give it in that order. A run that fails (ErrCopied,
// ErrClientReused, an unknown player, a constraint) is rolled back to its
// savepoint and its error goes to its caller alone. If the transaction as a
// whole fails — at its BEGIN, at a ROLLBACK TO that SQLite refuses because
// it has already rolled everything back (a full disk, an I/O error), or at
// COMMIT — every caller of the batch gets the error, including those whose
// run was refused: their refusal may rest on a run of the batch that is not
// stored after all.

// maxBatch bounds the runs of one transaction, so that one commit's callers
// wait for at most maxBatch runs of work before their answers, and a
// transaction's WAL frames stay few.
const maxBatch = 64

// batchStats count the batch writer's work, for tests and benchmarks.
type batchStats struct {
	waiting atomic.Int64 // callers waiting for the writer to take their run
	taken   atomic.Int64 // runs taken into batches
	commits atomic.Int64 // batches committed
}

// addReq is one AddRun waiting for the batch writer.
type addReq struct {
	run  store.Run
	done chan addResult // buffered: the writer never blocks on it
}

type addResult struct {
	a     store.Added
	board int64
	err   error
}

// startWriter starts the batch writer; Close stops it.
func (db *DB) startWriter() {
	db.queue = make(chan *addReq)
	db.quit = make(chan struct{})
	db.writerDone = make(chan struct{})
	go db.batchWriter()
}

// stopWriter lets the batch writer finish the batch it is committing, then
// stops it. Callers not taken yet get store.ErrClosed.
func (db *DB) stopWriter() {
	close(db.quit)
	<-db.writerDone
}

// commitRun hands a run to the batch writer and waits for its answer. A
// caller whose context ends before the writer takes its run gets the
// context's error and its run is not stored; once taken, the run is
// committed or not with its batch, and the caller waits for that answer
// (one commit away), whatever its context.
func (db *DB) commitRun(ctx context.Context, r store.Run) (store.Added, int64, error) {
	// A context already ended is refused here: the select below would pick
	// at random between it and a writer ready to take the run.
	if err := ctx.Err(); err != nil {
		return store.Added{}, 0, err
	}
	req := &addReq{run: r, done: make(chan addResult, 1)}
	// The queue is unbuffered: the send completes exactly when the writer
	// takes the run into a batch.
	db.stats.waiting.Add(1)
	select {
	case db.queue <- req:
		db.stats.waiting.Add(-1)
	case <-ctx.Done():
		db.stats.waiting.Add(-1)
		return store.Added{}, 0, ctx.Err()
	case <-db.quit:
		db.stats.waiting.Add(-1)
		return store.Added{}, 0, store.ErrClosed
	}
	res := <-req.done
	return res.a, res.board, res.err
}

// batchWriter takes the runs waiting, commits them as one batch, answers
// their callers, and starts again, until stopWriter.
func (db *DB) batchWriter() {
	defer close(db.writerDone)
	batch := make([]*addReq, 0, maxBatch)
	for {
		// Closing wins over more work: at most the batch under way is
		// committed after Close has begun.
		select {
		case <-db.quit:
			return
		default:
		}
		select {
		case <-db.quit:
			return
		case req := <-db.queue:
			batch = append(batch[:0], req)
		}
	more:
		for len(batch) < maxBatch {
			select {
			case req := <-db.queue:
				batch = append(batch, req)
			default:
				break more // nothing else waiting: never wait to fill a batch
			}
		}
		db.stats.taken.Add(int64(len(batch)))
		db.commitBatch(batch)
		clear(batch) // let the answered requests go
	}
}

// commitBatch applies a batch in one transaction, commits it and answers
// every caller.
func (db *DB) commitBatch(batch []*addReq) {
	// The batch is no caller's: it is committed whatever their contexts,
	// and a cancelled caller cannot abort the others' transaction.
	ctx := context.Background()
	results := make([]addResult, len(batch))
	err := db.write(ctx, func(tx *txn) error {
		for i, req := range batch {
			if _, err := tx.ExecContext(ctx, "SAVEPOINT run"); err != nil {
				return err
			}
			a, board, err := addRun(ctx, tx, req.run)
			if err != nil {
				results[i].err = err
				if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO run"); rerr != nil {
					return fmt.Errorf("rolling back a run that failed (%v): %w", err, rerr)
				}
			} else {
				results[i] = addResult{a: a, board: board}
			}
			if _, err := tx.ExecContext(ctx, "RELEASE run"); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		db.stats.commits.Add(1)
	}
	for i, req := range batch {
		if err != nil {
			results[i] = addResult{err: fmt.Errorf("batch of %d runs not committed: %w", len(batch), err)}
		}
		req.done <- results[i]
	}
}
