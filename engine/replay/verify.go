package replay

import (
	"bytes"
	"fmt"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
)

// Play runs lvl with inputs until they run out or the run ends, and returns
// the record of what happened. Inputs after the end are not recorded.
func Play(lvl *level.Level, inputs []sim.Input, opts session.Options) (*Record, error) {
	s, err := session.New(lvl, opts)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	n := 0
	for _, in := range inputs {
		if s.Done() {
			break
		}
		if err := s.Step(in); err != nil {
			return nil, err
		}
		n++
	}
	return FromSession(s, opts.Seed, inputs[:n])
}

// FromSession returns the record of the run s has played so far, for a game
// that records a run while it is played rather than from a list of inputs
// (as Play does). seed is the one s was started with and inputs holds the
// input of every tick s stepped, in order; FromSession fails if their number
// is not the session's tick count.
func FromSession(s *session.Session, seed uint64, inputs []sim.Input) (*Record, error) {
	r := s.Result()
	if uint64(len(inputs)) != uint64(r.Ticks) {
		return nil, fmt.Errorf("replay: %d inputs for a run of %d ticks", len(inputs), r.Ticks)
	}
	hash := s.Level.ContentHash()
	rec := &Record{
		Format:    FormatVersion,
		Engine:    session.EngineVersion,
		LevelID:   s.Level.Manifest.ID,
		LevelHash: hash[:],
		Seed:      seed,
		Inputs:    Compress(inputs),
		Result:    result(r),
	}
	for _, c := range s.Checkpoints() {
		rec.Checkpoints = append(rec.Checkpoints, Checkpoint{Tick: c.Tick, Hash: c.Hash})
	}
	return rec, nil
}

func result(r session.Result) Result {
	return Result{Outcome: r.Outcome, Score: r.Score, Ticks: r.Ticks, Hash: r.Hash}
}

// DivergenceError says where a replay stopped matching its re-simulation.
type DivergenceError struct {
	Tick       uint32 // first checkpoint tick whose hash differs (or the last tick)
	Want, Got  uint64 // the recorded and the re-simulated hash
	Checkpoint bool   // false when only the final result differs
}

func (e *DivergenceError) Error() string {
	if e.Checkpoint {
		return fmt.Sprintf("replay: diverges at tick %d: recorded hash %016x, re-simulated %016x", e.Tick, e.Want, e.Got)
	}
	return fmt.Sprintf("replay: diverges at tick %d (final state): recorded hash %016x, re-simulated %016x", e.Tick, e.Want, e.Got)
}

// Verify re-simulates rec on lvl and returns the verified result. It fails
// when the record is for another level or engine, when the script fails,
// when a checkpoint hash differs (naming the first such tick), or when the
// claimed result is not the one re-simulation reaches. The seed comes from
// the record; opts.Seed is ignored.
func Verify(lvl *level.Level, rec *Record, opts session.Options) (Result, error) {
	if err := rec.Validate(); err != nil {
		return Result{}, err
	}
	if rec.LevelID != lvl.Manifest.ID {
		return Result{}, fmt.Errorf("replay: recorded on level %q, not %q", rec.LevelID, lvl.Manifest.ID)
	}
	if h := lvl.ContentHash(); !bytes.Equal(rec.LevelHash, h[:]) {
		return Result{}, fmt.Errorf("replay: recorded on another version of level %q (content hash differs)", lvl.Manifest.ID)
	}
	if rec.Engine != session.EngineVersion {
		return Result{}, fmt.Errorf("replay: recorded with engine %s, this is engine %s", rec.Engine, session.EngineVersion)
	}
	opts.Seed = rec.Seed
	s, err := session.New(lvl, opts)
	if err != nil {
		return Result{}, err
	}
	defer s.Close()
	next := 0 // next recorded checkpoint to compare
	seen := 0 // checkpoints of the session already compared
	for _, run := range rec.Inputs {
		in := run.Input()
		for range run.Count {
			if s.Done() {
				return Result{}, fmt.Errorf("replay: inputs go on after the run ended at tick %d", s.World.Tick())
			}
			if err := s.Step(in); err != nil {
				return Result{}, fmt.Errorf("replay: tick %d: %w", s.World.Tick()+1, err)
			}
			cps := s.Checkpoints()
			for ; seen < len(cps); seen++ {
				got := cps[seen]
				if next >= len(rec.Checkpoints) || rec.Checkpoints[next].Tick != got.Tick {
					return Result{}, fmt.Errorf("replay: no recorded checkpoint for tick %d", got.Tick)
				}
				if want := rec.Checkpoints[next].Hash; want != got.Hash {
					return Result{}, &DivergenceError{Tick: got.Tick, Want: want, Got: got.Hash, Checkpoint: true}
				}
				next++
			}
		}
	}
	if next != len(rec.Checkpoints) {
		return Result{}, fmt.Errorf("replay: %d recorded checkpoints lie past the last input", len(rec.Checkpoints)-next)
	}
	got := result(s.Result())
	if got.Hash != rec.Result.Hash || got.Ticks != rec.Result.Ticks {
		return Result{}, &DivergenceError{Tick: got.Ticks, Want: rec.Result.Hash, Got: got.Hash}
	}
	if got != rec.Result {
		return Result{}, fmt.Errorf("replay: claims %s with score %d, re-simulation gives %s with score %d",
			rec.Result.Outcome, rec.Result.Score, got.Outcome, got.Score)
	}
	return got, nil
}
