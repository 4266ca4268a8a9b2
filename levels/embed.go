package levels

import "embed"

// FS holds every built-in level, one folder each at its root ("demo", …),
// for builds that carry their levels inside the binary (the browser game).
// Load one with level.LoadFS(levels.FS, "demo").
//
// The patterns name the content a level may hold instead of embedding whole
// folders, so each level's testdata/ (golden replays, several times the size
// of the level) stays out of the binary. TestEmbeddedLevels fails when a
// level has a file these patterns miss: extend them then. Each pattern must
// match at least one file or the build fails, which is why */sprites/*.png
// came with the first sprite (made by assets/gen, see assets/README.md).
//
//go:embed */level.toml */*.lua */text/*.toml */*.tmj */*.png */sprites/*.png
var FS embed.FS
