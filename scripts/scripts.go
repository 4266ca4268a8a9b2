// Package scripts embeds the shared Lua library that every level can
// require: flow (a run's phases, pause, questions by key convention and
// ending), dialogue, quiz, timer, steer, fleeting_note, cellwalk,
// bulletin and sentry. Levels keep behaviour they share here instead of copying it, one
// module per job: bulletin's news line is a fleeting_note, and dialogue
// covers lines with message arguments. The Lua tests of the library are
// testdata/*_test.lua, run by TestLua in the levels' sandbox.
package scripts

import "embed"

// FS holds the library's modules, one .lua file each, at its root.
//
//go:embed *.lua
var FS embed.FS
