package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/storetest"
)

// openTemp opens a new database in the test's temporary directory.
func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "arcade.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}
