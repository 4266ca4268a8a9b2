// Package catalog is the server's list of the levels it ranks: for each
// level id, the content hash of its current version and whether it adds to
// a shared pot. The server answers unknown_level for any other id, and
// opens the current version's board when a client leaves the hash out.
package catalog

import (
	"cmp"
	"fmt"
	"io/fs"
	"slices"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/levels"
)

// Level is what the server needs to know of one level.
type Level struct {
	ID   string
	Hash [32]byte // content hash of the current version
	Pot  bool     // the level adds each verified run to a shared total
	// MaxTicks is the longest run the level's boards accept (its
	// max_seconds), refused before verification when longer.
	MaxTicks uint32
	// Author is the level's author (for the credits of its remixes).
	Author string
}

// Catalog is an immutable set of levels, safe for concurrent use.
type Catalog struct {
	levels []Level // sorted by ID, so every listing comes in one order
}

// New returns a catalogue of the given levels; ids must be unique.
func New(ls []Level) (*Catalog, error) {
	c := &Catalog{levels: slices.Clone(ls)}
	slices.SortFunc(c.levels, func(a, b Level) int { return cmp.Compare(a.ID, b.ID) })
	for i := 1; i < len(c.levels); i++ {
		if c.levels[i].ID == c.levels[i-1].ID {
			return nil, fmt.Errorf("catalog: level %q given twice", c.levels[i].ID)
		}
	}
	return c, nil
}

// Load returns the catalogue of every level folder at the root of fsys
// (a folder holding a level.toml), loading and hashing each one.
func Load(fsys fs.FS) (*Catalog, error) {
	all, err := level.LoadAll(fsys)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	ls := make([]Level, 0, len(all))
	for _, l := range all {
		ls = append(ls, Level{ID: l.Manifest.ID, Hash: l.ContentHash(), Pot: l.Manifest.Pot, MaxTicks: l.MaxTicks(), Author: l.Manifest.Author})
	}
	return New(ls)
}

// Builtin returns the catalogue of the built-in levels (levels.FS).
func Builtin() (*Catalog, error) { return Load(levels.FS) }

// Lookup returns the level with this id.
func (c *Catalog) Lookup(id string) (Level, bool) {
	i, ok := slices.BinarySearchFunc(c.levels, id, func(l Level, id string) int { return cmp.Compare(l.ID, id) })
	if !ok {
		return Level{}, false
	}
	return c.levels[i], true
}

// Levels returns every level, sorted by id.
func (c *Catalog) Levels() []Level { return slices.Clone(c.levels) }

// Pots returns the levels that have a shared pot, sorted by id.
func (c *Catalog) Pots() []Level {
	var out []Level
	for _, l := range c.levels {
		if l.Pot {
			out = append(out, l)
		}
	}
	return out
}
