package verify

import (
	"context"
	"fmt"
	"time"
)

// Job is one run to verify: the encoded replay record (engine/replay) of a
// built-in level, and who asked for it.
type Job struct {
	Replay []byte
	// Player and Addr say whose job it is, for a Scheduler's fair queue
	// and budgets: a key of the player who submitted it and one of the
	// network address it came from. They are opaque, held in memory only
	// and never logged. Jobs without them share one queue and budget;
	// verifiers other than Scheduler ignore them.
	Player string
	Addr   string
}

// Result is what the verifier found by replaying the run itself.
type Result struct {
	Level     string
	LevelHash [32]byte
	Score     int64
	Ticks     uint32
	Won       bool
	StateHash uint64
	// Pot is the run's contribution to the level's shared pot: its score
	// when the level's manifest declares `pot = true`, else 0.
	Pot int64
	// Answers are the quiz answers the level reported during the replay
	// (script.QuizAnswer, choices from 1), at most script.MaxQuizAnswers:
	// a class's quiz results count these, never a client's claim.
	Answers []QuizAnswer
}

// QuizAnswer is one answer to a quiz question seen in a verified replay:
// the question's message key, the choice (from 1) and whether it was
// right.
type QuizAnswer struct {
	Question string
	Choice   uint8
	Right    bool
}

// Reason says why a run was refused; the values are stable (they appear
// in the protocol's errors and in metrics labels).
type Reason string

const (
	ReasonMalformed    Reason = "malformed"     // the replay does not decode or is invalid
	ReasonUnknownLevel Reason = "unknown_level" // no such level on this server
	ReasonLevelChanged Reason = "level_changed" // the level's content hash differs
	ReasonEngine       Reason = "engine"        // recorded by another engine version
	ReasonDiverged     Reason = "diverged"      // the replay does not reach the same state
	ReasonTimeout      Reason = "timeout"       // the CPU deadline was reached
	ReasonScript       Reason = "script_error"  // the level's script failed during the replay
	ReasonCrashed      Reason = "crashed"       // the worker died (e.g. out of memory)
	ReasonWrongSeed    Reason = "wrong_seed"    // not played on the board's seed (level.SeedOf)
	ReasonTooLong      Reason = "too_long"      // longer than the level's max_seconds
	ReasonCopied       Reason = "copied"        // another player sent the same inputs on this board first
	ReasonClientReused Reason = "client_reused" // the client run id names another run of this player
)

// Refusal is the error returned for a run that cannot be accepted.
type Refusal struct {
	Reason Reason
	Detail string // human-readable, e.g. "diverged at tick 120"
}

func (r *Refusal) Error() string { return fmt.Sprintf("verify: %s: %s", r.Reason, r.Detail) }

// Verifier verifies runs. Errors are a *Refusal for runs that cannot be
// accepted, or another error when verification itself failed (e.g. the
// context ended or the pool is closed).
type Verifier interface {
	Verify(ctx context.Context, j Job) (Result, error)
}

// Metered is a Verifier that also reports what each job cost it: CPU time
// measured by the process that verified the job where it can be, else the
// job's wall time. A Scheduler charges that cost to the job's budgets.
type Metered interface {
	Verifier
	// VerifyMetered is Verify, with the job's cost (0 for a job refused
	// before it was verified).
	VerifyMetered(ctx context.Context, j Job) (Result, time.Duration, error)
}
