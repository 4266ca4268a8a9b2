package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/communs-arcade/arcade/server/packages"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/sqlite"
	"github.com/communs-arcade/arcade/server/verify"
)

// dbFile is the name of the SQLite database inside the data folder.
const dbFile = "arcade.db"

// packagesDir is the folder of community packages inside the data folder.
const packagesDir = "packages"

// backends are the server's store, community packages and verifier.
type backends struct {
	store    store.Store
	packages *packages.Dir
	pool     *verify.Pool
	verifier verify.Verifier
}

// openBackends opens the SQLite store in dataDir and starts a pool of
// `arcade verify-worker` processes (workers of them; 0 means one per
// core), shared between players and addresses by a verify.Scheduler with
// the options sched.
func openBackends(ctx context.Context, dataDir string, workers int, sched verify.SchedulerOptions) (*backends, error) {
	db, err := sqlite.Open(filepath.Join(dataDir, dbFile))
	if err != nil {
		return nil, err
	}
	pkgs, err := packages.Open(filepath.Join(dataDir, packagesDir))
	if err != nil {
		db.Close()
		return nil, err
	}
	exe, err := os.Executable()
	if err != nil {
		db.Close()
		pkgs.Close()
		return nil, fmt.Errorf("verification workers: %w", err)
	}
	pool, err := verify.NewPool(ctx, verify.PoolOptions{Workers: workers,
		Command: []string{exe, "verify-worker", "--packages", pkgs.Path()}})
	if err != nil {
		db.Close()
		pkgs.Close()
		return nil, err
	}
	return &backends{store: db, packages: pkgs, pool: pool, verifier: verify.NewScheduler(pool, sched)}, nil
}

// close stops the verifier, then closes the store, so that no verified
// run is left without a store to commit it to.
func (b *backends) close(log *slog.Logger) {
	if err := b.pool.Close(); err != nil {
		log.Error("stopping the verification pool", "err", err)
	}
	if err := b.store.Close(); err != nil {
		log.Error("closing the store", "err", err)
	}
	b.packages.Close()
}
