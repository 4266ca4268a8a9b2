//go:build js && wasm && studio

package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"syscall/js"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/game"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
	"github.com/communs-arcade/arcade/wasm/bridge"
	"github.com/communs-arcade/arcade/wasm/studio"
)

// draftPath is the Path of every draft the studio runs: messages name its
// files "draft/main.lua".
const draftPath = "draft"

// studioEngine runs the studio's drafts (/?studio, the frame inside
// /studio): the game in studio mode, without saved data or score server,
// on levels the page gives as files. It is window.studioEngine; see
// docs/studio.md.
type studioEngine struct {
	reloads chan game.Reload
	first   chan struct{} // closed by the first load
	once    sync.Once

	mu   sync.Mutex
	g    *game.Game
	last *level.Level // the last draft that built, for restart
	seed uint64       // 0: the board's
	gen  int          // loads so far
}

// runStudio publishes window.studioEngine, waits for the page's first
// draft, then runs the game on it.
func runStudio() error {
	e := &studioEngine{reloads: make(chan game.Reload, 1), first: make(chan struct{})}
	e.expose()
	<-e.first
	var page *bridge.Page
	g, err := game.New(game.Options{
		Levels:       levels.FS,
		Library:      scripts.FS,
		Lang:         game.SystemLanguage(),
		Reload:       e.reloads,
		OnFirstFrame: func() { page.Ready() },
	})
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.g = g
	e.mu.Unlock()
	page = bridge.Expose(adapter{g})
	return game.Run(g)
}

// expose sets window.studioEngine.
func (e *studioEngine) expose() {
	obj := js.Global().Get("Object").New()
	fn := func(name string, f func(args []js.Value) (any, error)) {
		obj.Set(name, js.FuncOf(func(this js.Value, args []js.Value) (out any) {
			v, err := f(args)
			if err != nil {
				return jsError(err)
			}
			return v
		}))
	}
	fn("load", func(args []js.Value) (any, error) {
		if len(args) < 1 {
			return nil, errors.New("studio: load(files)")
		}
		return e.load(filesFromJS(args[0])), nil
	})
	fn("restart", func([]js.Value) (any, error) { e.restart(); return nil, nil })
	fn("pause", func(args []js.Value) (any, error) {
		if g := e.game(); g != nil {
			g.Hold(len(args) == 0 || args[0].Truthy())
		}
		return nil, nil
	})
	fn("step", func([]js.Value) (any, error) {
		if g := e.game(); g != nil {
			g.StepOnce()
		}
		return nil, nil
	})
	fn("seed", func(args []js.Value) (any, error) {
		e.mu.Lock()
		e.seed = 0
		if len(args) > 0 && args[0].Type() == js.TypeNumber && args[0].Float() >= 1 {
			e.seed = uint64(args[0].Float())
		}
		e.mu.Unlock()
		e.restart()
		return nil, nil
	})
	fn("state", func([]js.Value) (any, error) { return toJS(e.state()) })
	fn("sources", func([]js.Value) (any, error) { return toJS(studio.Sources()) })
	fn("source", func(args []js.Value) (any, error) {
		if len(args) < 1 {
			return nil, errors.New("studio: source(id)")
		}
		files, err := studio.SourceFiles(args[0].String())
		if err != nil {
			return nil, err
		}
		return filesToJS(files), nil
	})
	fn("pack", func(args []js.Value) (any, error) {
		if len(args) < 1 {
			return nil, errors.New("studio: pack(files)")
		}
		data, err := studio.Pack(filesFromJS(args[0]))
		if err != nil {
			return nil, err
		}
		out := js.Global().Get("Uint8Array").New(len(data))
		js.CopyBytesToJS(out, data)
		return out, nil
	})
	fn("unpack", func(args []js.Value) (any, error) {
		if len(args) < 1 {
			return nil, errors.New("studio: unpack(bytes)")
		}
		files, err := studio.Unpack(bytesFromJS(args[0]))
		if err != nil {
			return nil, err
		}
		return filesToJS(files), nil
	})
	fn("clear", func([]js.Value) (any, error) { return e.clear() })
	fn("hash", func(args []js.Value) (any, error) {
		if len(args) < 1 {
			return nil, errors.New("studio: hash(files)")
		}
		lvl, err := level.FromFiles(draftPath, filesFromJS(args[0]))
		if err != nil {
			return nil, err
		}
		h := lvl.ContentHash()
		return hex.EncodeToString(h[:]), nil
	})
	fn("token", func([]js.Value) (any, error) {
		// The game's own token, from the same localStorage (the frame is
		// on the game's origin): the studio publishes as the player.
		tok, err := game.PlayerToken(game.LocalStore{})
		if err != nil {
			return nil, err
		}
		return base64.RawURLEncoding.EncodeToString(tok), nil
	})
	fn("manifest", func(args []js.Value) (any, error) {
		if len(args) < 1 {
			return nil, errors.New("studio: manifest(text)")
		}
		return toJS(studio.ReadForm(bytesFromJS(args[0])))
	})
	fn("writeManifest", func(args []js.Value) (any, error) {
		if len(args) < 2 {
			return nil, errors.New("studio: writeManifest(text, form)")
		}
		var f studio.Form
		form := js.Global().Get("JSON").Call("stringify", args[1]).String()
		if err := json.Unmarshal([]byte(form), &f); err != nil {
			return nil, fmt.Errorf("studio: the form: %w", err)
		}
		res, err := studio.WriteForm(bytesFromJS(args[0]), f)
		if err != nil {
			return nil, err
		}
		return toJS(res)
	})
	obj.Set("ready", true)
	js.Global().Set("studioEngine", obj)
	ev := js.Global().Get("Event").New("studio:engine")
	js.Global().Call("dispatchEvent", ev)
}

func (e *studioEngine) game() *game.Game {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.g
}

// load builds the draft and hands it to the game, which restarts on it
// at its next tick; a draft that does not build is shown as its error.
// It returns the problems of a draft that does not build, or null.
func (e *studioEngine) load(files []level.File) any {
	lvl, err := level.FromFiles(draftPath, files)
	e.mu.Lock()
	e.gen++
	if err == nil {
		e.last = lvl
	}
	r := game.Reload{Level: lvl, Err: err, Seed: e.seed}
	e.mu.Unlock()
	e.send(r)
	e.once.Do(func() { close(e.first) })
	if err != nil {
		v, _ := toJS(studio.Diagnose(err, draftPath))
		return v
	}
	return nil
}

// send replaces a reload the game has not taken yet.
func (e *studioEngine) send(r game.Reload) {
	select {
	case <-e.reloads:
	default:
	}
	e.reloads <- r
}

func (e *studioEngine) restart() {
	e.mu.Lock()
	lvl, seed := e.last, e.seed
	e.mu.Unlock()
	if lvl != nil {
		e.send(game.Reload{Level: lvl, Seed: seed})
	}
}

// runClear is studioEngine.clear(): the last run, when it is won on the
// board's seed, as a clear the server accepts.
type runClear struct {
	Hash  string `json:"hash"` // hex content hash of the level it ran on
	Level string `json:"level"`
	Score int64  `json:"score"`
	Ticks uint32 `json:"ticks"`
}

// clear returns {hash, level, score, ticks, replay: Uint8Array} for the
// last run when it was won on the level's board seed, or null: a run on
// another seed (the studio's seed field) is no clear.
func (e *studioEngine) clear() (any, error) {
	g := e.game()
	if g == nil || g.State().Outcome != "won" {
		return nil, nil
	}
	data := g.Replay()
	if data == nil {
		return nil, nil
	}
	rec, err := replay.Decode(data)
	if err != nil {
		return nil, err
	}
	var hash [32]byte
	copy(hash[:], rec.LevelHash)
	if rec.Result.Outcome != sim.Won || rec.Seed != level.SeedOf(hash) {
		return nil, nil
	}
	v, err := toJS(runClear{Hash: hex.EncodeToString(rec.LevelHash), Level: rec.LevelID, Score: rec.Result.Score, Ticks: rec.Result.Ticks})
	if err != nil {
		return nil, err
	}
	out := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(out, data)
	v.(js.Value).Set("replay", out)
	return v, nil
}

// engineState is studioEngine.state().
type engineState struct {
	Status string              `json:"status"` // "loading", "running" or "error"
	Error  *studio.Diagnostic  `json:"error"`
	Errors []studio.Diagnostic `json:"errors"`
	Level  string              `json:"level"`
	Tick   uint32              `json:"tick"`
	Loads  int                 `json:"loads"`
	Seed   uint64              `json:"seed"`
	Scene  string              `json:"scene"`
	// Outcome is the run's: "playing", "won" or "lost".
	Outcome string `json:"outcome"`
}

func (e *studioEngine) state() engineState {
	e.mu.Lock()
	g, gen, seed := e.g, e.gen, e.seed
	e.mu.Unlock()
	st := engineState{Status: "loading", Loads: gen, Seed: seed}
	if g == nil || len(e.reloads) > 0 {
		return st
	}
	if err := g.Failure(); err != nil {
		st.Status = "error"
		st.Errors = studio.Diagnose(err, draftPath)
		st.Error = &st.Errors[0]
	} else {
		st.Status = "running"
	}
	s := g.State()
	st.Level, st.Tick, st.Scene, st.Outcome = s.Level, s.Tick, s.Scene, s.Outcome
	return st
}

// filesFromJS reads {name: Uint8Array | string}, in name order.
func filesFromJS(v js.Value) []level.File {
	names := js.Global().Get("Object").Call("keys", v)
	var out []level.File
	for i := range names.Length() {
		name := names.Index(i).String()
		out = append(out, level.File{Name: name, Data: bytesFromJS(v.Get(name))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// bytesFromJS reads a string (as UTF-8) or a byte array, from this page
// or from the studio page around it (whose Uint8Array is another realm's:
// it is copied into one of ours first).
func bytesFromJS(v js.Value) []byte {
	if v.Type() == js.TypeString {
		return []byte(v.String())
	}
	u8 := js.Global().Get("Uint8Array")
	if !v.InstanceOf(u8) {
		v = u8.New(v)
	}
	b := make([]byte, v.Length())
	js.CopyBytesToGo(b, v)
	return b
}

// filesToJS returns {name: Uint8Array}.
func filesToJS(files []level.File) js.Value {
	obj := js.Global().Get("Object").New()
	for _, f := range files {
		u := js.Global().Get("Uint8Array").New(len(f.Data))
		js.CopyBytesToJS(u, f.Data)
		obj.Set(f.Name, u)
	}
	return obj
}

// toJS turns v into a JavaScript value through JSON.
func toJS(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return js.Global().Get("JSON").Call("parse", string(data)), nil
}

// jsError is the value a failed call returns: {error: [{file, line,
// message}]}.
func jsError(err error) js.Value {
	v, _ := toJS(map[string]any{"error": studio.Diagnose(err, draftPath)})
	return v.(js.Value)
}
