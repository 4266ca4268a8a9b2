// Package script runs a level's Lua code in a sandbox against one
// simulated world ([sim.World]): the level API of docs/lua-api.md, on
// gopher-lua made to behave as Lua 5.1 does for the authors who learn it.
//
// A [Script] is made by [Load], which opens a fresh sandbox, installs the
// API and runs the level's main chunk; the session then calls
// [Script.Init] once and [Script.Update] once per tick. Lua never draws:
// it changes the world, and the renderer draws the world, so that a server
// replaying the same inputs runs exactly what the player ran.
//
// # What a script can reach
//
// Only the base library (without the functions of the removed list: no
// dofile, loadfile, load, loadstring, getfenv, setfenv, collectgarbage,
// print, …), table, string (Lua 5.1 patterns on a step-budgeted matcher),
// math (ours: deterministic, see engine/dmath) and coroutine, plus the
// level API. There is no io, os, debug or package library. require finds
// only the level's own files and the shared library ([Config].Library,
// the scripts/ folder), never a path of the machine.
//
// # What it guarantees
//
//   - Determinism: the same script, world and inputs give the same state on
//     every platform, natively and in wasm. Numbers print and parse as
//     Lua 5.1's C library does (%.14g, strtod), in pure Go; tables iterate
//     in a fixed order (the array part, then keys in insertion order).
//   - Bounds: every call into the script (the chunk, _init, each _update)
//     has an instruction budget ([Limits].Instructions, by default
//     [DefaultInstructions]); strings a script builds are capped
//     ([DefaultMaxString]); arrays cannot be indexed far past their end;
//     the call stack is fixed; and every heapCheckEvery instructions a
//     watchdog stops a script whose heap passed [Limits].MaxHeap. The heap
//     check is the only limit that is not deterministic, and only a
//     hostile script comes near it.
//   - Errors: a syntax error, a runtime error or a broken limit stops the
//     script with an [*Error] whose message starts with the file and line
//     to blame ("levels/demo/main.lua:12: instruction budget exceeded
//     (5000000)"). A script never panics the process, hangs it, reads a
//     file or grows memory without bound.
//
// # What it never does
//
// It keeps no state between sandboxes (each level gets its own Lua
// state), uses no clock, no goroutine and no Go map iteration in anything
// a script can observe, and writes nothing. [Script.Log] holds what the
// script logged, bounded, for the author.
//
// The differences from Lua 5.1 that remain are listed in docs/lua-api.md;
// the conformance tests compare this sandbox with the reference lua5.1
// interpreter.
package script
