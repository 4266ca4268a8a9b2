// Package bridge is the game's side of window.arcade, the small JavaScript
// object through which the page (wasm/loader.js) and the browser tests see
// the game running in WebAssembly:
//
//	window.arcade.ready     false until the first frame is drawn, then true
//	window.arcade.state()   {scene, level, tick, score, hash, outcome}
//	window.arcade.replay()  base64 of the current run's replay record (msgp), or null
//	window.arcade.error     the message of the error that stopped the game, if any
//
// When ready turns true the bridge also dispatches an "arcade:ready" event on
// window, and "arcade:error" when Fail is called, so the page waits without
// polling.
//
// Expose and Fail do something only in the browser (js/wasm); elsewhere they
// do nothing, so the game can call them on every platform.
package bridge

import (
	"encoding/base64"
	"fmt"
)

// State is what window.arcade.state() reports about the game.
type State struct {
	// Scene names what the game shows: "menu", "play", … (the stand-in only
	// has "play").
	Scene string
	// Level is the id of the level being played, "" outside a level.
	Level string
	// Tick is the number of ticks simulated in the current run.
	Tick uint32
	// Score is the current run's score.
	Score int64
	// Hash is the simulation's state hash after the last tick.
	Hash uint64
	// Outcome is "playing", "won" or "lost".
	Outcome string
}

// Object returns s as the plain object state() gives to JavaScript. The
// hash is 16 hexadecimal digits: JavaScript numbers cannot hold 64 bits.
func (s State) Object() map[string]any {
	return map[string]any{
		"scene":   s.Scene,
		"level":   s.Level,
		"tick":    s.Tick,
		"score":   s.Score,
		"hash":    fmt.Sprintf("%016x", s.Hash),
		"outcome": s.Outcome,
	}
}

// Game is what the page may ask the game. Its methods are called from
// JavaScript callbacks, between two of Ebiten's Update or Draw calls: guard
// the state they read (a sync.Mutex held only while stepping or drawing is
// enough, since nothing inside blocks on JavaScript).
type Game interface {
	// State describes the game now.
	State() State
	// Replay returns the encoded replay record (engine/replay.Encode) of
	// the current run, or an error if there is no run.
	Replay() ([]byte, error)
}

// encodeReplay returns what replay() gives JavaScript: the record in
// standard base64, or nil (null) with the error to log.
func encodeReplay(g Game) (any, error) {
	data, err := g.Replay()
	if err != nil {
		return nil, fmt.Errorf("bridge: replay: %w", err)
	}
	return base64.StdEncoding.EncodeToString(data), nil
}
