// Package sim is the deterministic heart of Communs Arcade: a world of
// entities, a tile map, a camera, text panels, a score and an outcome,
// advanced by one fixed step per tick ([TicksPerSecond] per second) from
// recorded input.
//
// # The world and its tick
//
// [New] makes an empty [World] from a seed. A tick is [World.Begin] with
// the tick's [Input] (which clears the previous tick's sounds and
// effects), then whatever the level's script does through the world's
// methods ([World.Spawn], [World.Move], [World.Kill], [World.SetPanel],
// [World.SetScore], [World.End]…), then [World.EndTick], which moves
// entities by their velocity through engine/physics, advances animations
// and the camera, and counts the tick. engine/session runs that loop; the
// renderer, the audio player and the verifier only read the world.
//
// # Guarantees
//
//   - Deterministic: nothing here reads the clock, starts a goroutine or
//     iterates a Go map, and every number that reaches state goes through
//     basic IEEE arithmetic or engine/dmath, so the same level, seed and
//     inputs give the same [World.Hash] natively, in the browser (wasm) and
//     on the server that verifies scores. Randomness comes from the
//     world's seeded generator ([World.Rand], [World.RandInt]); renderers
//     draw theirs from [World.VisualRand], which never touches state.
//   - The world owns its invariants: who is solid ([World.SetSolid]), what
//     the camera follows ([World.Follow], [World.SetCamera]), the outcome
//     (the first [World.End] of a run stands). A level cannot grow it
//     without bound: [MaxEntities], [MaxPanels], [MaxEvents] and the other
//     limits refuse or drop the excess.
//   - [World.Hash] covers the whole state and nothing else: sounds and
//     effects are output for this tick, not state.
//
// # What it never does
//
// It never imports ebiten, draws, plays sound or reads devices: renderers
// read the world, they do not own it. It never runs Lua: engine/script
// binds the world's methods for levels. A World is not safe for concurrent
// use; one goroutine steps it.
package sim
