// Package session runs one level: it builds the world from the level's
// map, loads the level's script into its sandbox, and advances both one
// tick per input frame, recording a checkpoint hash every second of play.
// The game, the CLI and the server's verifier all play levels through it,
// so they cannot disagree about what a run did.
//
// # Playing a run
//
// [New] takes a loaded [level.Level] and [Options] (the seed, the shared
// Lua library, the sandbox's limits): it builds a [sim.World], turns the
// level's Tiled map into the world's tile map, loads the script and calls
// its _init. Each [Session.Step] is one tick: [sim.World.Begin] with the
// tick's input, the script's _update, then [sim.World.EndTick] (movement,
// animation, camera). Every [CheckpointEvery] ticks the world's state hash
// is appended to [Session.Checkpoints]; replays record these and the
// verifier compares them to find the first tick where a run diverged.
//
// # Guarantees
//
//   - Deterministic: the same level, seed and inputs give the same
//     [Result] and checkpoints on every platform (native, js/wasm, the
//     server's workers). Nothing here reads the clock or the environment.
//   - A run ends once: when the level is won or lost, or when its script
//     fails ([Session.Err]); [Session.Done] then stays true and Step does
//     nothing more (it returns the script's error again, if any), so a
//     recording may run on past the end harmlessly.
//   - The script runs in engine/script's sandbox, under [Options].Limits:
//     a hostile level can stop its own run with an error, never the
//     caller.
//
// # What it does not do
//
// A Session does not draw, play sound, read input devices or keep time:
// the caller steps it at 60 ticks per second (the game), as fast as it can
// (the verifier), or from a file (the CLI). It is not safe for concurrent
// use: one goroutine steps it, and [Session.Close] frees its Lua state when
// the run is over. Recording and checking runs is engine/replay's work,
// which plays them through a Session.
package session
