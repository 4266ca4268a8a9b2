package main

import (
	"log/slog"

	"github.com/communs-arcade/arcade/server/fake"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/verify"
)

// backends are the server's store and verifier.
type backends struct {
	store    store.Store
	verifier verify.Verifier
}

// openBackends opens the store in dataDir and starts the verifier.
//
// Interim: until the SQLite store and the worker pool land, the server
// keeps its data in memory and verifies in-process; dataDir and workers
// are unused.
func openBackends(dataDir string, workers int) (*backends, error) {
	_, _ = dataDir, workers
	return &backends{store: fake.NewStore(), verifier: &fake.Verifier{}}, nil
}

// close stops the verifier, then closes the store.
func (b *backends) close(log *slog.Logger) {
	if err := b.store.Close(); err != nil {
		log.Error("closing the store", "err", err)
	}
}
