package sqlite

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// stmtCache holds a pool's prepared statements, one per query text.
// database/sql prepares a *sql.Stmt again on each connection that runs it
// and keeps it there, so with the cache a query is parsed once per
// connection instead of at every call. That matters: SQLite compiles the
// triggers a statement fires into the statement, and parsing was the
// largest part of an AddRun.
//
// A statement cannot be prepared on the pool while the caller holds the
// pool's connection in a transaction (the writer pool has only one), so a
// query that is not cached yet runs unprepared and is noted; fill prepares
// the noted queries once the caller has released its connection.
type stmtCache struct {
	pool   *sql.DB
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	missed map[string]bool
	miss   atomic.Bool // missed is not empty
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}, missed: map[string]bool{}}
}

// lookup returns the prepared statement of a query, or nil (and notes the
// query for fill).
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.m[query]
	if s == nil {
		c.missed[query] = true
		c.miss.Store(true)
	}
	return s
}

// fill prepares the queries noted by lookup. The caller must hold none of
// the pool's connections. A query that fails to prepare is simply not
// cached: it keeps running unprepared and reports its own errors.
func (c *stmtCache) fill(ctx context.Context) {
	if !c.miss.Load() {
		return
	}
	c.mu.Lock()
	var todo []string
	for q := range c.missed {
		todo = append(todo, q)
	}
	clear(c.missed)
	c.miss.Store(false)
	c.mu.Unlock()
	for _, q := range todo {
		s, err := c.pool.PrepareContext(context.WithoutCancel(ctx), q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if c.m[q] == nil {
			c.m[q], s = s, nil
		}
		c.mu.Unlock()
		if s != nil {
			s.Close()
		}
	}
}

// close closes the prepared statements.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.m {
		s.Close()
		delete(c.m, q)
	}
}

// txn is a transaction whose queries use the cache's prepared statements.
type txn struct {
	*sql.Tx
	c *stmtCache
}

// ExecContext is sql.Tx's, with the cached statement if there is one.
func (t *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := t.c.lookup(query); s != nil {
		return t.Tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

// QueryContext is sql.Tx's, with the cached statement if there is one.
func (t *txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := t.c.lookup(query); s != nil {
		return t.Tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext is sql.Tx's, with the cached statement if there is one.
func (t *txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := t.c.lookup(query); s != nil {
		return t.Tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, query, args...)
}

// pool runs queries on the cache's pool outside a transaction, with their
// cached statements. Its user calls fill once done with the results.
type pool struct{ c *stmtCache }

// ExecContext is sql.DB's, with the cached statement if there is one.
func (p pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := p.c.lookup(query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return p.c.pool.ExecContext(ctx, query, args...)
}

// QueryContext is sql.DB's, with the cached statement if there is one.
func (p pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := p.c.lookup(query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return p.c.pool.QueryContext(ctx, query, args...)
}

// QueryRowContext is sql.DB's, with the cached statement if there is one.
func (p pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := p.c.lookup(query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return p.c.pool.QueryRowContext(ctx, query, args...)
}
