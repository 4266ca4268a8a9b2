// Package ranked is the server's set of the built-in levels it ranks: for
// each level id, the content hash of its current version, whether it adds to
// a shared pot, its longest run and its author. The server answers
// unknown_level for any other id, and opens the current version's board
// when a client leaves the hash out.
//
// A [Levels] never changes once made, so the hub, the community service and
// the classes share one without locks. (A level's own message texts, its
// "catalogues", are engine/level's business, not this package's.)
package ranked

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

// Levels is an immutable set of ranked levels, safe for concurrent use.
type Levels struct {
	levels []Level // sorted by ID, so every listing comes in one order
}

// New returns the set of the given levels; ids must be unique.
func New(ls []Level) (*Levels, error) {
	c := &Levels{levels: slices.Clone(ls)}
	slices.SortFunc(c.levels, func(a, b Level) int { return cmp.Compare(a.ID, b.ID) })
	for i := 1; i < len(c.levels); i++ {
		if c.levels[i].ID == c.levels[i-1].ID {
			return nil, fmt.Errorf("ranked: level %q given twice", c.levels[i].ID)
		}
	}
	return c, nil
}

// Load returns the set of every level folder at the root of fsys
// (a folder holding a level.toml), loading and hashing each one.
func Load(fsys fs.FS) (*Levels, error) {
	all, err := level.LoadAll(fsys)
	if err != nil {
		return nil, fmt.Errorf("ranked: %w", err)
	}
	ls := make([]Level, 0, len(all))
	for _, l := range all {
		ls = append(ls, Level{ID: l.Manifest.ID, Hash: l.ContentHash(), Pot: l.Manifest.Pot, MaxTicks: l.MaxTicks(), Author: l.Manifest.Author})
	}
	return New(ls)
}

// Builtin returns the set of the built-in levels (levels.FS).
func Builtin() (*Levels, error) { return Load(levels.FS) }

// Lookup returns the level with this id.
func (c *Levels) Lookup(id string) (Level, bool) {
	i, ok := slices.BinarySearchFunc(c.levels, id, func(l Level, id string) int { return cmp.Compare(l.ID, id) })
	if !ok {
		return Level{}, false
	}
	return c.levels[i], true
}

// All returns every level, sorted by id.
func (c *Levels) All() []Level { return slices.Clone(c.levels) }

// Pots returns the levels that have a shared pot, sorted by id.
func (c *Levels) Pots() []Level {
	var out []Level
	for _, l := range c.levels {
		if l.Pot {
			out = append(out, l)
		}
	}
	return out
}
