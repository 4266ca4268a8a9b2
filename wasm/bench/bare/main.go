//go:build js && wasm

// Command bare is the yardstick of the game's startup in `make bench-web`:
// the game's stack and nothing of the game. It links what every first visit
// must download and start anyway — Ebiten, gopher-lua (one state, one line
// run), resolv (one space) and the game's own text drawing
// (render.DrawText, so it follows whatever font the game uses) — and draws
// one line of text. bench.js builds it with wasm/build.sh's flags and serves
// it through the same page and loader, so the time from navigation to its
// first frame is the least the game could take; the game's own time over
// this one is what its startup adds.
//
// Like the game it publishes window.arcade (package bridge) and marks it
// ready at the end of its first Draw, which is what the loader and the
// benchmark wait for.
package main

import (
	"errors"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/solarlune/resolv"
	lua "github.com/yuin/gopher-lua"

	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/wasm/bridge"
)

func main() {
	bridge.Mark("arcade:main") // as the game does
	// One line of Lua and one collision space: enough that the linker
	// keeps the two engines' code and their package initialisation runs,
	// as it does in the game.
	// The libraries the game's sandbox opens (engine/script), as it opens
	// them: the browser build has no OpenLibs (wasm/slim).
	L := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer L.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
		{lua.StringLibName, lua.OpenString},
		{lua.CoroutineLibName, lua.OpenCoroutine},
	} {
		L.Push(L.NewFunction(lib.open))
		L.Push(lua.LString(lib.name))
		L.Call(1, 0)
	}
	if err := L.DoString(`greeting = "Communs Arcade"`); err != nil {
		bridge.Fail(err)
		return
	}
	space := resolv.NewSpace(sim.ViewW, sim.ViewH, 16, 16)
	space.Add(resolv.NewRectangleFromTopLeft(0, 0, 16, 16))

	b := &bare{line: L.GetGlobal("greeting").String(), shapes: len(space.Shapes())}
	b.page = bridge.Expose(b)
	bridge.Mark("arcade:run")
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetScreenClearedEveryFrame(true)
	if err := ebiten.RunGame(b); err != nil {
		bridge.Fail(err)
	}
}

// bare is the ebiten.Game that draws one line of text, and the bridge.Game
// window.arcade reads.
type bare struct {
	page   *bridge.Page
	line   string
	shapes int
}

func (b *bare) Update() error { return nil }

func (b *bare) Draw(screen *ebiten.Image) {
	render.DrawText(screen, b.line, sim.ViewW/2, sim.ViewH/2-4, 8, color.White, render.AlignCenter)
	b.page.Ready()
}

func (b *bare) Layout(int, int) (int, int) { return sim.ViewW, sim.ViewH }

// State tells the browser tests what a game would; the scene names it.
func (b *bare) State() bridge.State { return bridge.State{Scene: "bare", Outcome: "playing"} }

// Replay has no run to give.
func (b *bare) Replay() ([]byte, error) { return nil, errors.New("bare: no run") }
