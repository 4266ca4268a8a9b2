package store

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/communs-arcade/arcade/server/protocol/pseudonym"
)

// ErrClosed is returned (wrapped) by every method of a store after Close.
var ErrClosed = errors.New("store: closed")

// ErrTokenTaken is returned (wrapped) by CreatePlayer when a player with the
// same token hash exists: the server draws tokens at random, so this means a
// bug, never a collision.
var ErrTokenTaken = errors.New("store: token already registered")

// RunReader is implemented by stores that can return a stored run by the
// RunID AddRun gave it (both backends do), to re-verify it or to audit. The
// run's Replay is nil once KeepRecent has dropped it.
type RunReader interface {
	Run(ctx context.Context, id int64) (Run, error)
}

// Limits every implementation enforces, so that a bug in the server cannot
// fill the database with oversized keys.
const (
	// MaxClientLen is the longest Run.Client id, in bytes.
	MaxClientLen = 64
	// MaxLevelLen is the longest Board.Level name, in bytes.
	MaxLevelLen = 128
	// MaxPseudonymLen is the longest pseudonym a store accepts, in bytes.
	// The server's own rules (see its protocol) are stricter; this is a
	// backstop.
	MaxPseudonymLen = 256
)

// FoldPseudonym returns the key under which a store compares pseudonyms:
// two pseudonyms with the same key are the same name, and a store refuses
// the second with ErrPseudonymTaken. It is pseudonym.Key (compatibility
// forms, separators, accents, case and look-alike letters folded), so that
// the stores and the server's rules never disagree. The key is for
// comparison only and is never shown.
//
// The key function may change (a newer confusables table, a newer
// Unicode): a store that keeps keys recomputes them when it opens.
func FoldPseudonym(s string) string { return pseudonym.Key(s) }

// CheckPseudonym returns an error for a pseudonym no store accepts: empty,
// not UTF-8 or longer than MaxPseudonymLen. Which pseudonyms are acceptable
// to players is the server's decision, not the store's.
func CheckPseudonym(p string) error {
	switch {
	case p == "":
		return errors.New("store: empty pseudonym")
	case !utf8.ValidString(p):
		return errors.New("store: pseudonym is not UTF-8")
	case len(p) > MaxPseudonymLen:
		return fmt.Errorf("store: pseudonym of %d bytes (at most %d)", len(p), MaxPseudonymLen)
	}
	return nil
}

// CheckRun returns an error for a run no store accepts. The store does not
// judge scores (the verifier did); it refuses what it could not store
// faithfully or what would make an unusable key.
func CheckRun(r Run) error {
	switch {
	case r.Board.Level == "":
		return errors.New("store: run without a level")
	case len(r.Board.Level) > MaxLevelLen:
		return fmt.Errorf("store: level name of %d bytes (at most %d)", len(r.Board.Level), MaxLevelLen)
	case len(r.Client) > MaxClientLen:
		return fmt.Errorf("store: client id of %d bytes (at most %d)", len(r.Client), MaxClientLen)
	case len(r.Replay) == 0:
		return errors.New("store: run without a replay")
	case r.Inputs == [32]byte{}:
		return errors.New("store: run without an inputs hash")
	case r.At.IsZero():
		return errors.New("store: run without a time (At)")
	}
	// Times are stored as Unix nanoseconds: refuse the ones that do not
	// survive the trip (before 1678 or after 2262) rather than store
	// another time.
	if ns := r.At.UnixNano(); !Time(ns).Equal(r.At) {
		return fmt.Errorf("store: run time %s out of range", r.At.Format("2006-01-02"))
	}
	return nil
}

// Time is the time.Time a store returns for a time stored as Unix
// nanoseconds: UTC, without a monotonic reading, so that values compare the
// same whichever backend returned them.
func Time(unixNano int64) time.Time { return time.Unix(0, unixNano).UTC() }
