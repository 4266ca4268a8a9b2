package community

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// Store is where the Cache keeps packages: the game's own Store (a folder
// on the desktop, localStorage in the browser).
type Store interface {
	Load(name string) ([]byte, error)
	Save(name string, data []byte) error
}

// Remover is a Store that can delete an item; without it the cache
// overwrites an evicted package with nothing.
type Remover interface {
	Remove(name string) error
}

// Cache keeps downloaded packages for offline replays, the most recently
// played first, within a byte budget: the oldest go first.
type Cache struct {
	st Store
	// Limit is the most bytes of packages kept (as stored: base64 counts
	// its larger size).
	Limit int64
	// Text stores packages as base64 text, for stores that only hold text
	// (localStorage).
	Text bool
}

// CacheIndex is the list of kept packages, saved as cacheIndex.
type CacheIndex struct {
	Entries []CacheEntry `json:"entries"` // most recently played first
}

// CacheEntry is one kept package and what the server said of its level.
type CacheEntry struct {
	Hash  string    `json:"hash"`
	Bytes int64     `json:"bytes"` // as stored
	Level api.Level `json:"level"`
}

const cacheIndex = "community.json"

// NewCache returns a cache over st.
func NewCache(st Store, limit int64, text bool) *Cache {
	return &Cache{st: st, Limit: limit, Text: text}
}

func itemName(hash string) string { return "level-" + hash + ".arcade" }

// Index returns the kept packages, most recently played first.
func (c *Cache) Index() CacheIndex {
	var ix CacheIndex
	if c == nil || c.st == nil {
		return ix
	}
	if data, err := c.st.Load(cacheIndex); err == nil {
		if json.Unmarshal(data, &ix) != nil {
			ix = CacheIndex{}
		}
	}
	return ix
}

func (c *Cache) saveIndex(ix CacheIndex) error {
	data, err := json.Marshal(ix)
	if err != nil {
		return fmt.Errorf("community: %w", err)
	}
	return c.st.Save(cacheIndex, data)
}

// Get returns the kept package of hash, nil when there is none.
func (c *Cache) Get(hash string) []byte {
	if c == nil || c.st == nil {
		return nil
	}
	data, err := c.st.Load(itemName(hash))
	if err != nil || len(data) == 0 {
		return nil
	}
	if c.Text {
		if data, err = base64.StdEncoding.DecodeString(string(data)); err != nil {
			return nil
		}
	}
	return data
}

// Put keeps a package and its level, evicting the oldest beyond Limit or
// when the store is full. It reports how many were evicted; an error means
// the package could not be kept at all (it is still playable now).
func (c *Cache) Put(lvl api.Level, data []byte) (evicted int, err error) {
	if c == nil || c.st == nil {
		return 0, errors.New("community: no storage")
	}
	stored := data
	if c.Text {
		stored = []byte(base64.StdEncoding.EncodeToString(data))
	}
	size := int64(len(stored))
	if size > c.Limit {
		return 0, fmt.Errorf("community: a package of %d bytes is over the %d bytes kept", size, c.Limit)
	}
	ix := c.Index()
	ix.Entries = slices.DeleteFunc(ix.Entries, func(e CacheEntry) bool { return e.Hash == lvl.Hash })
	var total int64
	for _, e := range ix.Entries {
		total += e.Bytes
	}
	drop := func() {
		last := ix.Entries[len(ix.Entries)-1]
		ix.Entries = ix.Entries[:len(ix.Entries)-1]
		total -= last.Bytes
		c.remove(itemName(last.Hash))
		evicted++
	}
	for len(ix.Entries) > 0 && total+size > c.Limit {
		drop()
	}
	for {
		err = c.st.Save(itemName(lvl.Hash), stored)
		if err == nil {
			next := CacheIndex{Entries: append([]CacheEntry{{Hash: lvl.Hash, Bytes: size, Level: lvl}}, ix.Entries...)}
			if err = c.saveIndex(next); err == nil {
				return evicted, nil
			}
			c.remove(itemName(lvl.Hash))
		}
		if len(ix.Entries) == 0 {
			break
		}
		drop() // the store is full: make room
	}
	c.saveIndex(ix) //nolint:errcheck // best effort: evictions happened
	return evicted, fmt.Errorf("community: keeping the package: %w", err)
}

func (c *Cache) remove(name string) {
	if r, ok := c.st.(Remover); ok {
		r.Remove(name) //nolint:errcheck // a leftover file is harmless
		return
	}
	c.st.Save(name, nil) //nolint:errcheck
}

// Load reads a package and checks that it is the version listed: its
// content hash must be want (hex), the board it is ranked on.
func Load(data []byte, want string) (*level.Level, error) {
	lvl, err := level.LoadZip(bytes.NewReader(data), int64(len(data)), want+".arcade")
	if err != nil {
		return nil, &Error{Code: CodeBadPackage, Message: err.Error()}
	}
	h := lvl.ContentHash()
	if got := hex.EncodeToString(h[:]); got != want {
		return nil, &Error{Code: CodeBadPackage, Message: fmt.Sprintf("package content hash %s, listed %s", got, want)}
	}
	return lvl, nil
}
