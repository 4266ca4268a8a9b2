//go:build js && wasm

// Command wasm is Communs Arcade in the browser: `make wasm` builds it with
// GOOS=js GOARCH=wasm into wasm/dist/, where index.html and loader.js load it
// and `arcade serve` serves it.
//
// The game's browser entry point, game.RunWeb, arrives with the game issue.
// Until then main runs a stand-in (standin.go) that plays the demo level, so
// the page, the server and the browser tests can be built around it. When
// game.RunWeb exists, main becomes
//
//	if err := game.RunWeb(); err != nil {
//		bridge.Fail(err)
//	}
//
// and standin.go is deleted.
package main

import "github.com/communs-arcade/arcade/wasm/bridge"

func main() {
	if err := runStandIn(); err != nil {
		bridge.Fail(err)
	}
}
