package levels

import "embed"

// FS holds the built-in levels for the game binaries, one folder each at
// its root. Level loading skips each folder's testdata/.
//
//go:embed *
var FS embed.FS
