package replay

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrWrongSeed is wrapped by the error CheckRanked returns for a run played
// on another seed than its board's.
var ErrWrongSeed = errors.New("replay: not played on the board's seed")

// ErrTooLong is wrapped by the error CheckRanked returns for a run longer
// than its level allows.
var ErrTooLong = errors.New("replay: run longer than the level allows")

// CheckRanked reports whether a valid record may go on a leaderboard:
// played on the board's seed (boardSeed, from level.SeedOf of the level's
// content hash) and lasting at most maxTicks ticks (the level's max_seconds).
// Both are known without replaying the run, so a server checks them before
// spending any time on verification.
func CheckRanked(r *Record, boardSeed uint64, maxTicks uint32) error {
	if r.Seed != boardSeed {
		return fmt.Errorf("%w: seed %d, the board's is %d", ErrWrongSeed, r.Seed, boardSeed)
	}
	if r.Result.Ticks > maxTicks {
		return fmt.Errorf("%w: %d ticks (%d s), at most %d (%d s)", ErrTooLong,
			r.Result.Ticks, r.Result.Ticks/TicksPerSecond, maxTicks, maxTicks/TicksPerSecond)
	}
	return nil
}

// Canonical returns the canonical form of a valid record: its inputs
// re-compressed (so the same ticks always give the same runs) and only the
// fields of the format, whatever unknown keys or padding the encoding it was
// decoded from carried. Servers store this form, so a run costs the same
// bytes however it was sent.
func Canonical(r *Record) (*Record, error) {
	frames, err := r.Frames()
	if err != nil {
		return nil, err
	}
	c := *r
	c.Inputs = Compress(frames)
	c.Checkpoints = append([]Checkpoint(nil), r.Checkpoints...)
	c.LevelHash = append([]byte(nil), r.LevelHash...)
	return &c, nil
}

// InputsHash returns the identity of a run on its board: the SHA-256 of
// "communs-arcade inputs v1\n", the level hash, then each run of the
// canonical inputs as buttons (1 byte), pointer x and y (2 bytes each,
// big-endian, two's complement), pointer down (1 byte, 0 or 1) and count (4
// bytes, big-endian). Every ranked run of a board has the same seed, so two
// runs with the same inputs are the same run: a server ranks it once, for
// the first player who sent it.
func (r *Record) InputsHash() ([32]byte, error) {
	frames, err := r.Frames()
	if err != nil {
		return [32]byte{}, err
	}
	h := sha256.New()
	h.Write([]byte("communs-arcade inputs v1\n"))
	h.Write(r.LevelHash)
	var b [10]byte
	for _, u := range Compress(frames) {
		b[0] = u.Buttons
		binary.BigEndian.PutUint16(b[1:], uint16(u.PointerX))
		binary.BigEndian.PutUint16(b[3:], uint16(u.PointerY))
		b[5] = 0
		if u.PointerDown {
			b[5] = 1
		}
		binary.BigEndian.PutUint32(b[6:], u.Count)
		h.Write(b[:])
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum, nil
}
