//go:build js && wasm

// Command wasm is Communs Arcade in the browser: `make wasm` builds it with
// GOOS=js GOARCH=wasm into wasm/dist/, where index.html and loader.js load it
// and `arcade serve` serves it.
//
// It runs the same game as the desktop (package game) and publishes it as
// window.arcade (package bridge) for the page and the browser tests. The
// query string may name a level to open at once, /?level=demo, and inputs to
// play instead of the keyboard, &inputs=R*60 (arcade sim's text format);
// /?class=CODE opens the classroom join screen with the code filled in;
// ?touch=1 shows the touch controls at once (a coarse pointer does too). A
// page at /l/<id>[@<version>] opens the game on that community level, and
// /?studio runs it as the level studio's engine (window.studioEngine) when
// built with -tags studio (studio_js.go), as wasm/build.sh does for that
// frame's own .wasm, studio-engine.<hash>.wasm.
package main

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"syscall/js"

	"github.com/communs-arcade/arcade/engine/input"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/game"
	"github.com/communs-arcade/arcade/game/online"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/wasm/bridge"
)

func main() {
	if err := run(); err != nil {
		bridge.Fail(err)
	}
}

func run() error {
	// Everything before this mark is Go's start: the runtime and the
	// initialisation of every package linked in.
	bridge.Mark("arcade:main")
	loc := js.Global().Get("location")
	// /?studio is the frame of the level studio (/studio): the game runs
	// the drafts the page gives it (studio_js.go). Only the .wasm built
	// with -tags studio has that engine, and the loader gives it to this
	// frame alone; the game page's .wasm answers with an error
	// (nostudio_js.go).
	if q, err := url.ParseQuery(strings.TrimPrefix(loc.Get("search").String(), "?")); err == nil && q.Has("studio") {
		return runStudio()
	}
	store, err := game.DefaultStore()
	if err != nil {
		store = nil // storage disabled by the browser: play, save nothing
	}
	opts := game.Options{
		Levels:  levels.FS,
		Library: scripts.FS,
		Store:   store,
		Lang:    game.SystemLanguage(),
		// Scores go to the server that served the page.
		Server: online.PageURL(loc.Get("protocol").String(), loc.Get("host").String()),
		Net:    online.Config{Name: "web/" + session.EngineVersion},
	}
	// A touch screen as the main pointer (a phone, a tablet) shows the
	// on-screen controls from the first frame, around the view; ?touch=1
	// forces them and ?touch=0 keeps them until the first touch.
	opts.Touch = js.Global().Call("matchMedia", "(pointer: coarse)").Get("matches").Truthy()
	opts.TouchStarts = touchStarts()
	// /l/<id> or /l/<id>@<version> (the server serves this page there)
	// opens the game on that community level.
	if ref, ok := strings.CutPrefix(loc.Get("pathname").String(), api.LinkPrefix); ok && ref != "" {
		if ref, err := url.PathUnescape(ref); err == nil {
			opts.Link = strings.TrimSuffix(ref, "/")
		}
	}
	search := loc.Get("search").String() // "?level=demo"
	if len(search) > 1 {
		if q, err := url.ParseQuery(search[1:]); err == nil {
			opts.StartLevel = q.Get("level")
			switch q.Get("touch") {
			case "1":
				opts.Touch = true
			case "0":
				opts.Touch = false
			}
			// ?class=CODE opens the join screen with the code filled in
			// (the teacher's join link and QR code).
			opts.Class = q.Get("class")
			// ?inputs= plays recorded inputs (arcade sim's text format)
			// instead of the devices: the browser tests play a level to
			// a win this way. It is no cheat: the server replays every
			// run it ranks. With ?class= they play in each level opened,
			// and the menus keep the devices.
			if text := q.Get("inputs"); text != "" {
				in, err := replay.ParseInputs(strings.NewReader(text))
				if err != nil {
					return fmt.Errorf("?inputs=: %w", err)
				}
				if opts.Class != "" {
					opts.LevelInputs = in
				} else {
					opts.Inputs = in
				}
			}
		}
	}
	var page *bridge.Page
	opts.OnFirstFrame = func() { page.Ready() }
	g, err := game.New(opts)
	if err != nil {
		return err
	}
	page = bridge.Expose(adapter{g})
	bridge.Mark("arcade:run")
	return game.Run(g)
}

// touchStarts listens to the page's touchstart events and returns a
// function that hands over the touches begun since its last call, in CSS
// pixels (the canvas fills the window from its corner). Ebiten sees the
// fingers down at each tick only; a tap shorter than a tick would be lost.
func touchStarts() func() []input.Point {
	var (
		mu      sync.Mutex
		pending []input.Point
	)
	listener := js.FuncOf(func(this js.Value, args []js.Value) any {
		touches := args[0].Get("changedTouches")
		mu.Lock()
		defer mu.Unlock()
		for i := range touches.Length() {
			t := touches.Call("item", i)
			if len(pending) < 16 {
				pending = append(pending, input.Point{X: t.Get("clientX").Int(), Y: t.Get("clientY").Int()})
			}
		}
		return nil
	})
	opts := js.Global().Get("Object").New()
	opts.Set("passive", true)
	opts.Set("capture", true)
	js.Global().Call("addEventListener", "touchstart", listener, opts)
	return func() []input.Point {
		mu.Lock()
		defer mu.Unlock()
		out := pending
		pending = nil
		return out
	}
}

// adapter shows the game to the page through bridge.Game.
type adapter struct{ g *game.Game }

func (a adapter) State() bridge.State {
	s := a.g.State()
	return bridge.State{Scene: s.Scene, Level: s.Level, Tick: s.Tick, Score: s.Score, Hash: s.HashValue, Outcome: s.Outcome, Online: s.Online, Community: s.Community, Class: s.Class, Touch: s.Touch}
}

func (a adapter) Replay() ([]byte, error) {
	if r := a.g.Replay(); r != nil {
		return r, nil
	}
	return nil, errors.New("no run yet")
}
