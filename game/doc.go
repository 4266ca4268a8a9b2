// Package game is the application players open: title, language, level
// select with campaign progress, play with a HUD and a pause menu, results
// with sources to learn more, settings, and a readable screen when a level
// fails. It runs the same on the desktop (cmd/arcade play) and in the
// browser (wasm/), drawing worlds with engine/render, reading devices with
// engine/input and playing sounds with engine/audio.
//
// Every string a player reads comes from a message catalogue: the game's
// own in text/*.toml, each level's in its text/ folder.
package game
