//go:build js && wasm

package bridge

import (
	"sync"
	"syscall/js"
)

// Page is window.arcade, published by Expose.
type Page struct {
	obj   js.Value
	funcs []js.Func
	once  sync.Once
}

// Expose publishes g as window.arcade, with ready false. Call it before
// ebiten.RunGame, and Ready after the first frame is drawn.
func Expose(g Game) *Page {
	p := &Page{obj: js.Global().Get("Object").New()}
	state := js.FuncOf(func(this js.Value, args []js.Value) any {
		return js.ValueOf(g.State().Object())
	})
	replay := js.FuncOf(func(this js.Value, args []js.Value) any {
		v, err := encodeReplay(g)
		if err != nil {
			js.Global().Get("console").Call("error", err.Error())
		}
		return v
	})
	p.funcs = append(p.funcs, state, replay)
	p.obj.Set("ready", false)
	p.obj.Set("state", state)
	p.obj.Set("replay", replay)
	js.Global().Set("arcade", p.obj)
	return p
}

// Ready sets window.arcade.ready and dispatches "arcade:ready" on window,
// once: the page then hides its loader. Call it at the end of the first
// Draw.
func (p *Page) Ready() {
	p.once.Do(func() {
		p.obj.Set("ready", true)
		dispatch("arcade:ready")
	})
}

// Fail reports the error that stopped the game: it sets window.arcade.error
// (creating window.arcade if Expose was not called), logs it to the console
// and dispatches "arcade:error", so the page shows it instead of a frozen
// canvas.
func Fail(err error) {
	arcade := js.Global().Get("arcade")
	if arcade.Type() != js.TypeObject {
		arcade = js.Global().Get("Object").New()
		arcade.Set("ready", false)
		js.Global().Set("arcade", arcade)
	}
	arcade.Set("error", err.Error())
	js.Global().Get("console").Call("error", err.Error())
	dispatch("arcade:error")
}

func dispatch(name string) {
	ev := js.Global().Get("Event").New(name)
	js.Global().Call("dispatchEvent", ev)
}

// Mark adds a mark named name to the page's performance timeline
// (performance.mark): `make bench-web` reads "arcade:main" and
// "arcade:run" to split the time before the first frame between Go's start
// (runtime and package initialisation), the program's own setup and
// Ebiten's start.
func Mark(name string) {
	js.Global().Get("performance").Call("mark", name)
}
