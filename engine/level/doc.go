// Package level loads and validates a Communs Arcade level: a folder, or a
// .arcade zip of that folder, holding a manifest (level.toml), Lua scripts,
// French and English message catalogues (text/fr.toml, text/en.toml), an
// optional Tiled map (.tmj) and PNG sprites.
//
// # Loading
//
// [Load] reads a level from a folder or a .arcade file, [LoadFS] and
// [LoadAll] from an fs.FS (the built-in levels), [LoadZip] from an archive
// read through an io.ReaderAt (an upload), and [FromFiles] from files the caller already holds (the level
// studio, tests). Each returns a [*Level]: its [Manifest], its [Map], its
// message texts ([Catalog], one per language) and its files. [Pack] writes
// a level back as a .arcade archive; [Scaffold] creates a new level's
// folder from the template ([TemplateFiles]).
//
// # Guarantees
//
//   - Hostile input is expected. Levels are written by the community and
//     uploaded, so archives are read entirely into memory through hard
//     limits (size, file count, per-file and total uncompressed size,
//     compression ratio), names are checked before anything is read, zip
//     header sizes are never trusted, and nothing is ever written to disk
//     while loading.
//   - Errors say where. Every problem is an [*Error] naming the file, the
//     line when known, and the rule that was broken; independent problems
//     are joined with errors.Join, first one first, and [Problems] lists
//     them.
//   - Deterministic: files are kept sorted by name, map layers and objects
//     keep their file order, and no output depends on Go map iteration, so
//     a level hashes ([Level.ContentHash]) the same from a folder or a zip,
//     on any platform. A level's board seed ([SeedOf], [Level.BoardSeed])
//     derives from that hash, so a new version gets new boards.
//
// # What it never does
//
// It never runs the level's Lua (engine/script does, inside its sandbox)
// and never builds a world (engine/session does). It never imports ebiten:
// it runs natively, in the browser (wasm) and on the server that verifies
// scores.
package level
