//go:build js

package audio

import "syscall/js"

// probeDevice reports whether the browser has Web Audio; without it Ebiten
// would stop the game on its first Update.
func probeDevice() (bool, string) {
	if js.Global().Get("AudioContext").Truthy() || js.Global().Get("webkitAudioContext").Truthy() {
		return true, ""
	}
	return false, "the browser has no AudioContext"
}
