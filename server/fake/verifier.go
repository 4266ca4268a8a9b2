package fake

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
	"github.com/communs-arcade/arcade/server/verify"
)

// ErrPass, returned by a Verifier's Hook, lets the job be verified normally.
var ErrPass = errors.New("fake: pass")

// Verifier verifies runs of the built-in levels in this process with
// replay.Verify. Hook, when set, is called first with each job; unless it
// returns ErrPass, its answer is the verifier's (to script refusals, timeouts
// or a verification that waits for the test).
type Verifier struct {
	Hook func(ctx context.Context, j verify.Job) (verify.Result, error)

	mu     sync.Mutex
	levels map[string]*level.Level
}

func refuse(r verify.Reason, format string, args ...any) error {
	return &verify.Refusal{Reason: r, Detail: fmt.Sprintf(format, args...)}
}

// Verify implements verify.Verifier.
func (v *Verifier) Verify(ctx context.Context, j verify.Job) (verify.Result, error) {
	if v.Hook != nil {
		if r, err := v.Hook(ctx, j); err != ErrPass {
			return r, err
		}
	}
	rec, err := replay.Decode(j.Replay)
	if err != nil {
		return verify.Result{}, refuse(verify.ReasonMalformed, "%v", err)
	}
	lvl, err := v.level(rec.LevelID)
	if err != nil {
		return verify.Result{}, refuse(verify.ReasonUnknownLevel, "no level %q", rec.LevelID)
	}
	if h := lvl.ContentHash(); string(rec.LevelHash) != string(h[:]) {
		return verify.Result{}, refuse(verify.ReasonLevelChanged, "level %q changed", rec.LevelID)
	}
	if rec.Engine != session.EngineVersion {
		return verify.Result{}, refuse(verify.ReasonEngine, "engine %s", rec.Engine)
	}
	res, err := replay.Verify(lvl, rec, session.Options{Library: scripts.FS})
	var div *replay.DivergenceError
	if errors.As(err, &div) {
		return verify.Result{}, refuse(verify.ReasonDiverged, "state differs at tick %d", div.Tick)
	}
	if err != nil {
		return verify.Result{}, refuse(verify.ReasonDiverged, "%v", err)
	}
	out := verify.Result{Level: lvl.Manifest.ID, LevelHash: lvl.ContentHash(), Score: res.Score,
		Ticks: res.Ticks, Won: res.Outcome == replay.Won, StateHash: res.Hash}
	if lvl.Manifest.Pot {
		out.Pot = res.Score
	}
	return out, nil
}

func (v *Verifier) level(id string) (*level.Level, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if l, ok := v.levels[id]; ok {
		return l, nil
	}
	if !validID(id) {
		return nil, fmt.Errorf("fake: bad level id")
	}
	l, err := level.LoadFS(levels.FS, id)
	if err != nil {
		return nil, err
	}
	if v.levels == nil {
		v.levels = map[string]*level.Level{}
	}
	v.levels[id] = l
	return l, nil
}

func validID(id string) bool {
	if id == "" || len(id) > 40 {
		return false
	}
	for _, r := range id {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}
