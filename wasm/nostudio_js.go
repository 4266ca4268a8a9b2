//go:build js && wasm && !studio

package main

import "errors"

// runStudio is the level studio's engine, which the game's .wasm leaves
// out: the studio's frame (/?studio) loads the other .wasm, built with
// -tags studio (studio_js.go), which wasm/build.sh names
// studio-engine.<hash>.wasm and the loader picks for that query.
func runStudio() error {
	return errors.New("this .wasm has no level studio: /?studio loads studio-engine.wasm (go build -tags studio)")
}
