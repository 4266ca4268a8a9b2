// Package level loads and validates a Communs Arcade level: a folder, or a
// .arcade zip of that folder, holding a manifest (level.toml), Lua scripts,
// French and English message catalogues (text/fr.toml, text/en.toml), an
// optional Tiled map (.tmj) and PNG sprites.
//
// Levels are written by the community and uploaded, so every byte is treated
// as hostile: archives are read entirely into memory through hard limits
// (size, file count, per-file and total uncompressed size, compression
// ratio), names are checked before anything is read, zip header sizes are
// never trusted, and nothing is ever written to disk while loading. Every
// problem is reported as an *Error naming the file, the line when known, and
// the rule that was broken; when several independent problems are found they
// are joined with errors.Join, first one first.
//
// Loading is deterministic: files are kept sorted by name, map layers and
// objects keep their file order, and no output depends on Go map iteration,
// so a level hashes (Level.ContentHash) the same from a folder or a zip, on
// any platform. The package never imports ebiten: it runs natively, in the
// browser (wasm) and on the server that verifies scores.
package level
