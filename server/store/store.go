// Package store keeps the server's durable state — players (by the hash of
// their secret token, with a pseudonym), verified runs with their replays,
// each player's best run per level version, and the shared pot totals —
// behind one small interface, so that the embedded SQLite backend used by
// default can be joined later by a PostgreSQL one for several instances.
//
// Every method that writes returns only after the write is committed: the
// server acknowledges a score to a player only once AddRun has returned.
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
	// Replay is the run's encoded replay record, kept so that any stored
	// score can be re-verified later.
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
	// Duplicate is true when this player already sent a run with the same
	// Client id for this board: nothing was added and Best is unchanged.
	Duplicate bool
	// NewBest is true when the run became the player's best on the board.
	NewBest bool
	// Best is the player's best entry on the board after the run.
	Best Entry
	// PotTotal is the level's pot total after the run (levels with a pot).
	PotTotal int64
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
	// and the level's pot total, all in one transaction, and returns after
	// it is committed.
	AddRun(ctx context.Context, r Run) (Added, error)
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
}
