package script

import (
	"io/fs"
	"path"

	lua "github.com/yuin/gopher-lua"

	"github.com/communs-arcade/arcade/engine/sim"
)

// Config says where a level's code comes from.
type Config struct {
	// Path prefixes chunk names in messages: "levels/demo" gives
	// "levels/demo/main.lua:12: …".
	Path string
	// Main is the file run first; "main.lua" when empty.
	Main string
	// File returns one of the level's own files.
	File func(name string) ([]byte, bool)
	// Library is the shared Lua library (the scripts/ folder) that require
	// falls back to; nil for none.
	Library fs.FS
	Limits  Limits
	// OnQuizAnswer, when set, is told of every quiz answer the level
	// reports (quiz_answer; see QuizAnswer).
	OnQuizAnswer func(QuizAnswer)
}

// Script is a level's Lua code running in its sandbox against one world.
type Script struct {
	sb *sandbox
	w  *sim.World
}

// Load makes a sandbox for w, installs the API and runs the main chunk
// (which defines _init and _update). Errors are *Error.
func Load(w *sim.World, cfg Config) (*Script, error) {
	if cfg.Main == "" {
		cfg.Main = "main.lua"
	}
	sb := newSandbox(cfg.Limits)
	sb.find = finder(cfg.Path, cfg.File, cfg.Library)
	(&api{w: w}).install(sb.L)
	installQuiz(sb.L, cfg.OnQuizAnswer)
	openMath(sb.L, w)
	s := &Script{sb: sb, w: w}
	chunk := path.Join(cfg.Path, cfg.Main)
	var src []byte
	if cfg.File != nil {
		src, _ = cfg.File(cfg.Main)
	}
	if src == nil {
		sb.close()
		return nil, &Error{Msg: chunk + ": file not found"}
	}
	fn, err := sb.compile(chunk, src)
	if err != nil {
		sb.close()
		return nil, err
	}
	if err := sb.call(fn); err != nil {
		sb.close()
		return nil, err
	}
	return s, nil
}

// Init calls the level's _init, if it has one.
func (s *Script) Init() error { return s.callGlobal("_init") }

// Update calls the level's _update, if it has one. The world's tick must
// have begun (sim.World.Begin) and ends after it (EndTick).
func (s *Script) Update() error { return s.callGlobal("_update") }

func (s *Script) callGlobal(name string) error {
	fn := s.sb.L.GetGlobal(name)
	if fn == lua.LNil {
		return nil
	}
	if fn.Type() != lua.LTFunction {
		return &Error{Msg: name + " must be a function, not a " + fn.Type().String()}
	}
	return s.sb.call(fn)
}

// Log returns what the script printed with log(), capped.
func (s *Script) Log() []string { return s.sb.log }

// Close frees the Lua state.
func (s *Script) Close() { s.sb.close() }
