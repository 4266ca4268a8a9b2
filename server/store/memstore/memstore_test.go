package memstore_test

import (
	"testing"

	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/memstore"
	"github.com/communs-arcade/arcade/server/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return memstore.New() })
}

// FuzzSearch: no search text makes SearchLevels fail.
func FuzzSearch(f *testing.F) {
	storetest.FuzzSearch(f, memstore.New())
}
