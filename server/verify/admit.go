package verify

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
)

// Board is what Admit needs to know of the level version a run names.
type Board struct {
	// Hash is the content hash of the level version the run is ranked
	// on: the one it names when the lookup knows it, else the current one.
	Hash [32]byte
	// MaxTicks is the longest run its boards accept (level.Level.MaxTicks).
	MaxTicks uint32
}

// ErrNoLevel is what a lookup given to Admit returns for a level id it does
// not hold; Admit answers it with a ReasonUnknownLevel refusal.
var ErrNoLevel = errors.New("verify: no such level")

// Admit decodes a replay and refuses, without playing it, every run that
// cannot be ranked whatever its replay would show: malformed, of another
// engine, of an unknown level or of another version of it, on another seed
// than the board's, or longer than the level allows. lookup finds the level
// version a record names by its id and content hash (the current version
// when it does not hold that hash; ErrNoLevel when it holds no level of
// that id; any other error is the verifier's own failure, returned as is). The server admits a run this way
// before queueing it, and the worker again on the level it loaded.
func Admit(data []byte, lookup func(id string, hash []byte) (Board, error)) (*replay.Record, error) {
	rec, err := replay.Decode(data)
	switch {
	case errors.Is(err, replay.ErrUnknownFormat):
		return nil, refuse(ReasonEngine, err)
	case err != nil:
		return nil, refuse(ReasonMalformed, err)
	}
	// The engine is checked before the level: a run from another engine
	// version is refused the same way whatever level it names.
	if rec.Engine != session.EngineVersion {
		return nil, &Refusal{Reason: ReasonEngine,
			Detail: fmt.Sprintf("recorded with engine %q, this is engine %s", clip(rec.Engine), session.EngineVersion)}
	}
	b, err := lookup(rec.LevelID, rec.LevelHash)
	if errors.Is(err, ErrNoLevel) {
		return nil, &Refusal{Reason: ReasonUnknownLevel, Detail: fmt.Sprintf("no level %q", clip(rec.LevelID))}
	}
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(rec.LevelHash, b.Hash[:]) {
		return nil, &Refusal{Reason: ReasonLevelChanged,
			Detail: fmt.Sprintf("recorded on another version of level %q", clip(rec.LevelID))}
	}
	err = replay.CheckRanked(rec, level.SeedOf(b.Hash), b.MaxTicks)
	switch {
	case errors.Is(err, replay.ErrWrongSeed):
		return nil, refuse(ReasonWrongSeed, err)
	case err != nil:
		return nil, refuse(ReasonTooLong, err)
	}
	return rec, nil
}
