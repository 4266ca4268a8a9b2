// Package sqlite is the server's default store.Store: one embedded SQLite
// file, through modernc.org/sqlite (SQLite translated to Go, so the server
// still builds with CGO_ENABLED=0).
//
// SQLite lets one connection write at a time. A DB therefore holds two
// pools: a single writer connection, through which every write goes in an
// IMMEDIATE transaction (callers queue on it in Go, honouring their
// contexts, instead of spinning on SQLITE_BUSY), and a pool of read-only
// connections that, in WAL mode, read a consistent snapshot while the writer
// commits.
//
// Durability: journal_mode=WAL with synchronous=FULL. A write method returns
// only after its COMMIT, and with FULL SQLite syncs the WAL to stable storage
// at every commit, so an acknowledged score survives not only a killed
// process (which NORMAL would already survive: the WAL is in the operating
// system's cache) but a power cut or kernel crash, which NORMAL would not — it
// syncs only at checkpoints and may lose the last commits. The cost is one
// fsync per commit. AddRun shares it: concurrent runs are committed together
// by one batch writer, each in its own savepoint (group commit, group.go), and
// each caller still returns only after the commit that holds its run. See the
// benchmarks in the package tests.
//
// The schema is migrations/NNNN_name.sql, embedded in the binary and applied
// in order at Open, each in its own transaction, recorded in
// schema_migrations. A database written by a newer binary is refused rather
// than guessed at.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/communs-arcade/arcade/server/store"

	// The database/sql driver "sqlite".
	_ "modernc.org/sqlite"
)

// DB is a store.Store in one SQLite file. It is safe for concurrent use.
type DB struct {
	path   string
	w      *sql.DB // the single writer connection
	r      *sql.DB // read-only connections
	wc, rc *stmtCache
	closed atomic.Bool
	// adding is held (read-locked) by each AddRun for its whole call, so
	// that Close, which takes it after stopping the batch writer, closes
	// the readers only once every committed run has read its rank.
	adding sync.RWMutex

	// The batch writer (group.go): AddRun hands it runs on queue.
	queue      chan *addReq
	quit       chan struct{} // closed by Close
	writerDone chan struct{} // closed when the batch writer has stopped
	stats      batchStats
}

var _ store.Store = (*DB)(nil)
var _ store.RunReader = (*DB)(nil)

// Connection parameters (modernc.org/sqlite's DSN keys).
//   - _busy_timeout: how long (ms) a connection waits for another process's
//     lock (a backup tool, the sqlite3 shell) before failing with
//     SQLITE_BUSY. Within this process writes never contend: they queue for
//     the writer connection.
//   - _dqs=0 makes a double-quoted string a syntax error instead of a
//     silent string literal.
//   - journal_size_limit truncates the WAL back to 64 MiB after a
//     checkpoint that a burst let grow.
const (
	common       = "_busy_timeout=10000&_fk=1&_dqs=0"
	writerParams = common + "&_journal_mode=WAL&_synchronous=FULL&_txlock=immediate" +
		"&_pragma=journal_size_limit(67108864)"
	readerParams = common + "&_query_only=1"
)

// Open opens (creating it if needed) the database at path and brings its
// schema up to date. path is a file name; in-memory databases are refused,
// because each connection of the pool would see its own (use memstore).
func Open(path string) (*DB, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", path+"?"+writerParams)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := setUp(w); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", path+"?"+readerParams)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	db := &DB{path: path, w: w, r: r, wc: newStmtCache(w), rc: newStmtCache(r)}
	db.startWriter()
	return db, nil
}

func checkPath(path string) error {
	switch {
	case path == "":
		return errors.New("sqlite: open: no file name")
	case path == ":memory:" || strings.HasPrefix(path, "file:"):
		return fmt.Errorf("sqlite: open %q: give a plain file name (in-memory databases: use memstore)", path)
	case strings.ContainsAny(path, "?#"):
		// The driver reads connection parameters after a '?'.
		return fmt.Errorf("sqlite: open %q: the file name may not contain '?' or '#'", path)
	}
	return nil
}

// setUp checks the writer connection's settings, migrates, and brings the
// pseudonym keys up to date.
func setUp(w *sql.DB) error {
	ctx := context.Background()
	var mode string
	if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, not wal (is the file on a network file system?)", mode)
	}
	if err := migrate(ctx, w); err != nil {
		return err
	}
	if _, err := rekey(ctx, w); err != nil {
		return fmt.Errorf("pseudonym keys: %w", err)
	}
	return nil
}

// Close closes both pools. Calls after Close fail with store.ErrClosed.
func (db *DB) Close() error {
	if db.closed.Swap(true) {
		return fmt.Errorf("sqlite: close: %w", store.ErrClosed)
	}
	// The batch under way is committed and answered; runs not taken yet
	// are refused with ErrClosed.
	db.stopWriter()
	db.adding.Lock() // the AddRuns answered by the last batch are done
	defer db.adding.Unlock()
	// Readers first: the writer's close is then the last connection's,
	// which checkpoints the WAL into the database file.
	db.rc.close()
	db.wc.close()
	errR := db.r.Close()
	errW := db.w.Close()
	if err := errors.Join(errR, errW); err != nil {
		return fmt.Errorf("sqlite: close %s: %w", db.path, err)
	}
	return nil
}

// check fails once the DB is closed, with the operation's name.
func (db *DB) check(op string) error {
	if db.closed.Load() {
		return fmt.Errorf("sqlite: %s: %w", op, store.ErrClosed)
	}
	return nil
}

// write runs fn in an IMMEDIATE transaction on the writer connection and
// commits; fn's error rolls everything back.
func (db *DB) write(ctx context.Context, fn func(tx *txn) error) error {
	defer db.wc.fill(ctx) // once the connection is released
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	if err := fn(&txn{tx, db.wc}); err != nil {
		return err
	}
	return tx.Commit()
}

// read runs fn in a read transaction, so that its queries see one snapshot.
func (db *DB) read(ctx context.Context, fn func(tx *txn) error) error {
	defer db.rc.fill(ctx) // once the connection is released
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback() // nothing to commit
	return fn(&txn{tx, db.rc})
}
