// Package sim is the deterministic heart of Communs Arcade: a world of
// entities, a tile map, a camera, text panels, a score and an outcome,
// advanced by one fixed step per tick (60 per second) from recorded input.
//
// Nothing here reads the clock, starts a goroutine or iterates a Go map, and
// every number that reaches state goes through basic IEEE arithmetic or
// engine/dmath, so the same level, seed and inputs give the same state hash
// natively, in the browser (wasm) and on the server that verifies scores.
// It never imports ebiten: renderers read the world, they do not own it.
package sim
