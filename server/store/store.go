// Package store keeps the server's durable state — players (by the hash of
// their secret token, with a pseudonym), verified runs with their replays,
// each player's best run per level version, and the shared pot totals —
// behind one small interface, so that the embedded SQLite backend used by
// default can be joined later by a PostgreSQL one for several instances.
//
// Every method that writes returns only after the write is committed: the
// server acknowledges a score to a player only once AddRun has returned.
//
// # Runs and their identity
//
// Ranked runs are played on a seed the server fixes per board, so a run's
// input stream alone identifies it on its board: Run.Inputs is the SHA-256 of
// those inputs. A store keeps at most one run per (board, Inputs), whoever
// sent it: the same inputs from another player are a copy (ErrCopied), from
// the same player a resend (Added.Duplicate). A run's identity — its board,
// Inputs, player, client id and verified values — is kept for as long as its
// board, even once its replay is dropped (see KeepRecent), so that a run
// cannot be claimed by another player once its replay is gone.
//
// # Pots
//
// A level's pot (shared by all its versions) grows by each player's best
// contribution only: the store keeps every player's best Run.Pot per level,
// and a run adds max(0, Pot − that best) to the total, where a player who has
// contributed nothing yet has a best of 0. A pot therefore never shrinks, and
// resending, copying or replaying the same run adds nothing.
//
// # Interfaces and backends
//
// [Store] holds players, runs, boards and pots; [Classes] (a teacher's
// classes and their pupils' runs) and [Community] (published levels,
// ratings, reports and moderation) are its other parts, which both
// backends implement. The Check functions ([CheckRun], [CheckPseudonym],
// [CheckClass]…) are the rules every backend applies before writing, so
// that they refuse the same things. Two backends exist: store/sqlite, the
// default (pure Go, modernc), and store/memstore, in memory for tests and
// throw-away servers. store/storetest is the conformance suite both pass:
// a new backend is done when it passes it too.
//
// # What it never stores
//
// No e-mail, no real name, no address and no token: a player is the
// SHA-256 of their token ([TokenHashSize] bytes) and a pseudonym. Errors
// are the sentinel values of this package ([ErrNotFound], [ErrCopied],
// [ErrPseudonymTaken]…), matched with errors.Is, so the hub can turn them
// into protocol codes whatever the backend.
package store

import (
	"context"
	"errors"
	"time"
)

// TokenHashSize is the size of a token hash: the server never stores a
// player's secret token, only its SHA-256.
const TokenHashSize = 32

// ErrNotFound is returned (wrapped) when a player or entry does not exist.
var ErrNotFound = errors.New("store: not found")

// ErrCopied is returned (wrapped) by AddRun when another player already has a
// run with the same inputs on the board: nothing is stored.
var ErrCopied = errors.New("store: run copied from another player")

// ErrClientReused is returned (wrapped) by AddRun when the player already has
// a run with the same client id on the board but other inputs: nothing is
// stored. (A client id names one run; a resend has the same inputs.)
var ErrClientReused = errors.New("store: client id already names another run")

// KeepRecent is how many of a player's latest runs on a board keep their
// replay, besides the player's best run on the board (always kept). Older
// runs lose their replay in the transaction that stores the run that pushes
// them out; their identity and verified values stay (see the package
// documentation). Five lets a player, or an auditor, see the last few runs of
// a session while bounding what one player can make the server store.
const KeepRecent = 5

// ErrPseudonymTaken is returned (wrapped) when another player already uses
// a pseudonym (compared case-insensitively).
var ErrPseudonymTaken = errors.New("store: pseudonym taken")

// PlayerID identifies a player inside one store; it is never sent to clients.
type PlayerID int64

// Player is what the server knows of a player: nothing personal.
type Player struct {
	ID        PlayerID
	TokenHash [TokenHashSize]byte
	Pseudonym string
}

// Board names one leaderboard: a level at one version. Hash is the level's
// content hash (32 bytes), so a changed level starts a new board.
type Board struct {
	Level string
	Hash  [32]byte
}

// Run is one verified run to store. Only verified values are stored: the
// server fills Score, Ticks, Outcome and StateHash from its own replay of
// the run, never from what the client claimed.
type Run struct {
	Board     Board
	Player    PlayerID
	Score     int64
	Ticks     uint32
	Won       bool
	StateHash uint64
	// Inputs is the SHA-256 of the run's canonical inputs (never all zero):
	// on a board, whose seed the server fixes, it identifies the run.
	Inputs [32]byte
	// Replay is the run's encoded replay record (canonical), kept so that
	// the score can be re-verified later, as long as KeepRecent says. A run
	// read back after its replay was dropped has a nil Replay.
	Replay []byte
	// Pot is the run's contribution to the level's shared pot total
	// (0 for levels without a pot).
	Pot int64
	// Client is a client-chosen id of this run (at most 64 bytes), so a
	// client that resends a run it stored offline is not counted twice.
	Client string
	At     time.Time
}

// Added is the outcome of AddRun.
type Added struct {
	RunID int64
	// Duplicate is true when this player already has a run with the same
	// Inputs on this board (whatever its client id), or, for a run stored
	// before Inputs existed, with the same Client id: nothing was added,
	// RunID is the stored run's and Best is unchanged.
	Duplicate bool
	// NewBest is true when the run became the player's best on the board.
	NewBest bool
	// Best is the player's best entry on the board after the run.
	Best Entry
	// PotTotal is the level's pot total after the run (levels with a pot).
	PotTotal int64
	// PotAdded is what the run added to the pot: how much it improved its
	// player's best contribution to the level's pot, 0 when it did not.
	PotAdded int64
}

// RunRef is what FindRun tells of a stored run: enough to answer a resent or
// copied run without verifying it again.
type RunRef struct {
	ID        int64
	Player    PlayerID
	Client    string
	Score     int64
	Ticks     uint32
	Won       bool
	StateHash uint64
}

// View is a part of a board read in one snapshot: the page, the board's
// number of entries and the player's own entry agree with each other.
type View struct {
	Entries []Entry
	Total   int
	// Me is the player's entry, nil when the player has none on the board
	// (or View was asked for no player).
	Me *Entry
}

// Entry is one line of a leaderboard: a player's best run on a board.
// Entries are ordered by score (higher first), then ticks (fewer first),
// then the time the run was stored (earlier first); Rank starts at 1.
type Entry struct {
	Rank      int
	Player    PlayerID
	Pseudonym string
	Score     int64
	Ticks     uint32
	At        time.Time
}

// Store is the server's durable state. Implementations are safe for
// concurrent use.
type Store interface {
	// PlayerByToken returns the player with this token hash, or ErrNotFound.
	PlayerByToken(ctx context.Context, token [TokenHashSize]byte) (Player, error)
	// CreatePlayer stores a new player; ErrPseudonymTaken if the pseudonym is used.
	CreatePlayer(ctx context.Context, token [TokenHashSize]byte, pseudonym string) (Player, error)
	// SetPseudonym renames a player; ErrPseudonymTaken if the pseudonym is used.
	SetPseudonym(ctx context.Context, id PlayerID, pseudonym string) error
	// AddRun stores a verified run, updates the player's best on its board
	// and the level's pot total, and drops the replays that KeepRecent no
	// longer keeps, all in one transaction, and returns after it is
	// committed. A copy of another player's run fails with ErrCopied, a
	// reused client id with ErrClientReused; a resend is Added.Duplicate.
	AddRun(ctx context.Context, r Run) (Added, error)
	// FindRun returns the run with these inputs on a board, or ErrNotFound,
	// so that a resent or copied run can be answered before verification.
	FindRun(ctx context.Context, b Board, inputs [32]byte) (RunRef, error)
	// View reads a board in one snapshot. With around < 0 the page is up to
	// limit entries from rank offset+1; with around >= 0 it is player me's
	// entry with up to around entries above and below it (offset and limit
	// unused), and empty when me has no entry. Me is me's entry (me = 0:
	// none asked).
	View(ctx context.Context, b Board, offset, limit int, me PlayerID, around int) (View, error)
	// Count returns the number of entries of a board (0 for an unknown one).
	Count(ctx context.Context, b Board) (int, error)
	// Top returns up to limit entries of a board from rank offset+1, and the
	// number of entries on the board.
	Top(ctx context.Context, b Board, offset, limit int) (entries []Entry, total int, err error)
	// Around returns the player's entry with up to n entries above and n
	// below it; ErrNotFound if the player has no entry on the board.
	Around(ctx context.Context, b Board, id PlayerID, n int) ([]Entry, error)
	// Best returns the player's entry on a board, or ErrNotFound.
	Best(ctx context.Context, b Board, id PlayerID) (Entry, error)
	// Pot returns a level's pot total (0 if nothing was added yet).
	Pot(ctx context.Context, level string) (int64, error)
	// Close releases the store; calls after Close fail.
	Close() error

	// Community keeps the community levels (community.go).
	Community
	// Classes keeps classroom workshops (classes.go).
	Classes
}
