package session

import (
	"fmt"
	"io/fs"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/script"
	"github.com/communs-arcade/arcade/engine/sim"
)

// EngineVersion names the simulation's behaviour. Replays record it; a
// change that alters any state hash must change it.
const EngineVersion = "0.1.0"

// CheckpointEvery is how many ticks separate two checkpoints.
const CheckpointEvery = sim.TicksPerSecond

// Checkpoint is the state hash after a tick.
type Checkpoint struct {
	Tick uint32
	Hash uint64
}

// Result is how a run ended, or stands.
type Result struct {
	Outcome sim.Outcome
	Score   int64
	Ticks   uint32
	Hash    uint64
}

// Options tune a session.
type Options struct {
	Seed    uint64
	Library fs.FS // the shared Lua library (scripts/); nil for none
	Limits  script.Limits
	// OnQuizAnswer, when set, is told of each quiz answer the level
	// reports: the verifier collects them for class quiz results. They
	// are no part of the state hash.
	OnQuizAnswer func(script.QuizAnswer)
}

// Session is one run of one level.
type Session struct {
	Level       *level.Level
	World       *sim.World
	script      *script.Script
	checkpoints []Checkpoint
	err         error
}

// New starts a run: builds the world, loads the script and calls _init.
func New(lvl *level.Level, opts Options) (*Session, error) {
	w := sim.New(opts.Seed)
	if lvl.Map != nil {
		m, err := buildMap(lvl.Map)
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %w", lvl.Path, lvl.Manifest.Map, err)
		}
		w.Map = m
	}
	sc, err := script.Load(w, script.Config{
		Path:         lvl.Path,
		Main:         lvl.Manifest.Main,
		File:         lvl.File,
		Library:      opts.Library,
		Limits:       opts.Limits,
		OnQuizAnswer: opts.OnQuizAnswer,
	})
	if err != nil {
		return nil, err
	}
	s := &Session{Level: lvl, World: w, script: sc}
	if err := sc.Init(); err != nil {
		sc.Close()
		return nil, err
	}
	return s, nil
}

// Done reports whether the run has ended: won, lost, or stopped by an error.
func (s *Session) Done() bool {
	return s.err != nil || s.World.Outcome() != sim.Playing
}

// Err is the error that stopped the run, if any.
func (s *Session) Err() error { return s.err }

// Step advances the run by one tick with the given input. After the run has
// ended it does nothing, so a recording may run on past the end harmlessly.
func (s *Session) Step(in sim.Input) error {
	if s.Done() {
		return s.err
	}
	s.World.Begin(in)
	if err := s.script.Update(); err != nil {
		s.err = err
		return err
	}
	s.World.EndTick()
	if t := s.World.Tick(); t%CheckpointEvery == 0 {
		s.checkpoints = append(s.checkpoints, Checkpoint{Tick: t, Hash: s.World.Hash()})
	}
	return nil
}

// Checkpoints are the hashes recorded so far, one per CheckpointEvery ticks.
func (s *Session) Checkpoints() []Checkpoint { return s.checkpoints }

// Result is the run's outcome, score, tick count and final state hash.
func (s *Session) Result() Result {
	return Result{
		Outcome: s.World.Outcome(),
		Score:   s.World.Score(),
		Ticks:   s.World.Tick(),
		Hash:    s.World.Hash(),
	}
}

// Log is what the level printed with log().
func (s *Session) Log() []string { return s.script.Log() }

// Close frees the script's Lua state.
func (s *Session) Close() { s.script.Close() }
