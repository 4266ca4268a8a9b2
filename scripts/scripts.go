// Package scripts embeds the shared Lua library that every level can
// require: dialogue, quiz, sentry, steer, timer and tween. Levels keep
// behaviour they share here instead of copying it.
package scripts

import "embed"

// FS holds the library's modules, one .lua file each, at its root.
//
//go:embed *.lua
var FS embed.FS
