// Package examples holds the example levels: small levels that each teach
// one idea of the level API (moving and colliding, timers, dialogue and
// texts, a quiz, objects from a Tiled map, enemies, score, particles and
// sounds), one folder each, for docs/tutorial.md and the studio's "start
// from an example". They are not built-in levels: levels.FS does not hold
// them, so the game's level select and the server's ranked levels never list
// them. FS embeds them for the builds that offer them.
package examples

import (
	"embed"
	"io/fs"
	"slices"

	"github.com/communs-arcade/arcade/engine/level"
)

// FS holds every example, one folder each at its root ("quiz", …), without
// testdata/. Load one with level.LoadFS(examples.FS, "quiz").
//
// As in levels.FS, the patterns name the content an example may hold, so
// each example's testdata/ stays out of the binary; TestEmbedded fails when
// an example has a file these patterns miss.
//
//go:embed */level.toml */*.lua */text/*.toml */*.tmj */*.png
var FS embed.FS

// Names returns the examples' folder names (their level ids), sorted.
func Names() []string {
	entries, err := fs.ReadDir(FS, ".")
	if err != nil {
		return nil // cannot happen: FS is embedded and its root exists
	}
	var names []string
	for _, e := range entries {
		if _, err := fs.Stat(FS, e.Name()+"/"+level.ManifestName); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}
