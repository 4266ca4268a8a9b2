package replay

import (
	"errors"
	"fmt"

	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/tinylib/msgp/msgp"
)

// Limits and constants of format 1.
const (
	// FormatVersion is the record layout this package writes and reads.
	FormatVersion uint8 = 1
	// HashSize is the length of Record.LevelHash, a SHA-256 sum.
	HashSize = 32
	// TicksPerSecond is the simulation rate.
	TicksPerSecond = 60
	// CheckpointEvery is the number of ticks between two checkpoints.
	CheckpointEvery = 60
	// MaxTicks is the longest run a record may hold: 30 minutes.
	MaxTicks = 30 * 60 * TicksPerSecond
	// MaxCheckpoints is the most checkpoints a record may hold.
	MaxCheckpoints = MaxTicks / CheckpointEvery
	// MaxNameBytes bounds Record.Engine and Record.LevelID.
	MaxNameBytes = 256
	// MaxRecordBytes is the largest encoded record Decode accepts. Every
	// valid record encodes well below it (about 2.2 MiB when every one of
	// MaxTicks ticks moves the pointer; a few KiB for a typical run).
	MaxRecordBytes = 4 << 20
)

// maxDepth is the deepest nesting Decode accepts. A format 1 record nests
// three deep (record, inputs, run); the slack lets unknown fields carry a
// little structure.
const maxDepth = 8

// ErrUnknownFormat is wrapped by the error Decode and Validate return for a
// record whose Format is not FormatVersion (for instance one written by a
// newer engine).
var ErrUnknownFormat = errors.New("replay: unknown record format")

// ErrTooLarge is wrapped by the error Decode returns for input longer than
// MaxRecordBytes, and Encode for a record that would be.
var ErrTooLarge = errors.New("replay: record too large")

// Input returns the input the run holds for each of its ticks.
func (u Run) Input() sim.Input {
	return sim.Input{
		Buttons:     sim.Buttons(u.Buttons),
		PointerX:    u.PointerX,
		PointerY:    u.PointerY,
		PointerDown: u.PointerDown,
	}
}

// Compress run-length encodes inputs, one input per tick, merging
// consecutive equal inputs into one Run. It returns nil for no input.
// Expand reverses it.
func Compress(inputs []sim.Input) []Run {
	var runs []Run
	for i, in := range inputs {
		if i > 0 {
			last := &runs[len(runs)-1]
			if last.Input() == in && last.Count < ^uint32(0) {
				last.Count++
				continue
			}
		}
		runs = append(runs, Run{
			Buttons:     uint8(in.Buttons),
			PointerX:    in.PointerX,
			PointerY:    in.PointerY,
			PointerDown: in.PointerDown,
			Count:       1,
		})
	}
	return runs
}

// Expand returns one input per tick from runs, the reverse of Compress. It
// checks the runs first (counts at least 1, known buttons, at most MaxTicks
// ticks in all) and allocates only then.
func Expand(runs []Run) ([]sim.Input, error) {
	n, err := countTicks(runs)
	if err != nil {
		return nil, err
	}
	out := make([]sim.Input, 0, n)
	for _, u := range runs {
		in := u.Input()
		for range u.Count {
			out = append(out, in)
		}
	}
	return out, nil
}

// Frames returns the record's inputs, one per tick (see Expand).
func (r *Record) Frames() ([]sim.Input, error) {
	return Expand(r.Inputs)
}

// countTicks returns the number of ticks runs last, or an error if a run is
// malformed or the total exceeds MaxTicks.
func countTicks(runs []Run) (int, error) {
	if len(runs) > MaxTicks {
		return 0, fmt.Errorf("replay: %d input runs, more than MaxTicks (%d)", len(runs), MaxTicks)
	}
	total := 0
	for i, u := range runs {
		if u.Count == 0 {
			return 0, fmt.Errorf("replay: input run %d has count 0", i)
		}
		if sim.Buttons(u.Buttons)&^sim.AllButtons != 0 {
			return 0, fmt.Errorf("replay: input run %d has unknown buttons %#02x", i, u.Buttons)
		}
		if u.Count > MaxTicks || total+int(u.Count) > MaxTicks {
			return 0, fmt.Errorf("replay: inputs last more than MaxTicks (%d) ticks", MaxTicks)
		}
		total += int(u.Count)
	}
	return total, nil
}

// Validate checks that r is a well-formed format 1 record: known format,
// bounded names, a HashSize level hash, valid input runs lasting at most
// MaxTicks ticks in all, at most MaxCheckpoints checkpoints at strictly
// increasing ticks no later than the last tick, and a result with a known
// outcome whose tick count equals the number of inputs. It does not replay
// the run.
func (r *Record) Validate() error {
	if r.Format != FormatVersion {
		return fmt.Errorf("%w %d (this engine reads format %d)", ErrUnknownFormat, r.Format, FormatVersion)
	}
	if len(r.Engine) > MaxNameBytes {
		return fmt.Errorf("replay: engine version is %d bytes, more than %d", len(r.Engine), MaxNameBytes)
	}
	if len(r.LevelID) > MaxNameBytes {
		return fmt.Errorf("replay: level id is %d bytes, more than %d", len(r.LevelID), MaxNameBytes)
	}
	if len(r.LevelHash) != HashSize {
		return fmt.Errorf("replay: level hash is %d bytes, want %d", len(r.LevelHash), HashSize)
	}
	total, err := countTicks(r.Inputs)
	if err != nil {
		return err
	}
	if len(r.Checkpoints) > MaxCheckpoints {
		return fmt.Errorf("replay: %d checkpoints, more than %d", len(r.Checkpoints), MaxCheckpoints)
	}
	for i, c := range r.Checkpoints {
		if i > 0 && c.Tick <= r.Checkpoints[i-1].Tick {
			return fmt.Errorf("replay: checkpoint %d at tick %d does not follow tick %d", i, c.Tick, r.Checkpoints[i-1].Tick)
		}
		if int64(c.Tick) > int64(total) {
			return fmt.Errorf("replay: checkpoint %d at tick %d is after the last tick %d", i, c.Tick, total)
		}
	}
	if !r.Result.Outcome.Valid() {
		return fmt.Errorf("replay: unknown outcome %d", uint8(r.Result.Outcome))
	}
	if int64(r.Result.Ticks) != int64(total) {
		return fmt.Errorf("replay: result claims %d ticks but the inputs last %d", r.Result.Ticks, total)
	}
	return nil
}

// Encode validates r and returns its MessagePack encoding.
func Encode(r *Record) ([]byte, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	b, err := r.MarshalMsg(nil)
	if err != nil {
		return nil, fmt.Errorf("replay: encode: %w", err)
	}
	if len(b) > MaxRecordBytes {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrTooLarge, len(b), MaxRecordBytes)
	}
	return b, nil
}

// Decode parses and validates an encoded record. It refuses input longer
// than MaxRecordBytes before reading it, checks that every array and map
// claims no more elements than bytes remain (so allocation follows the
// input's size, never a claimed length), reports an unknown Format before
// looking at the other fields, and rejects duplicate keys and trailing
// bytes. Unknown keys are skipped.
func Decode(b []byte) (*Record, error) {
	if len(b) > MaxRecordBytes {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrTooLarge, len(b), MaxRecordBytes)
	}
	rest, err := checkShape(b, 0)
	if err != nil {
		return nil, fmt.Errorf("replay: malformed record: %w", err)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("replay: %d trailing bytes after the record", len(rest))
	}
	format, err := peekFormat(b)
	if err != nil {
		return nil, fmt.Errorf("replay: malformed record: %w", err)
	}
	if format != uint64(FormatVersion) {
		return nil, fmt.Errorf("%w %d (this engine reads format %d)", ErrUnknownFormat, format, FormatVersion)
	}
	r := new(Record)
	if _, err := r.UnmarshalMsg(b); err != nil {
		return nil, fmt.Errorf("replay: malformed record: %w", err)
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

var errTooDeep = errors.New("nested too deeply")

// checkShape walks the MessagePack value at the start of b without
// allocating and returns the bytes after it. It fails if a value is cut
// short, nests deeper than maxDepth, or if an array or map claims more
// elements than bytes remain (every element takes at least one byte).
func checkShape(b []byte, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, errTooDeep
	}
	var (
		n   uint64
		err error
	)
	switch msgp.NextType(b) {
	case msgp.ArrayType:
		var sz uint32
		sz, b, err = msgp.ReadArrayHeaderBytes(b)
		n = uint64(sz)
	case msgp.MapType:
		var sz uint32
		sz, b, err = msgp.ReadMapHeaderBytes(b)
		n = 2 * uint64(sz)
	default:
		return msgp.Skip(b)
	}
	if err != nil {
		return nil, err
	}
	if n > uint64(len(b)) {
		return nil, msgp.ErrShortBytes
	}
	for ; n > 0; n-- {
		if b, err = checkShape(b, depth+1); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// peekFormat returns the value of the "f" key of the map at the start of b,
// 0 if there is none. b has passed checkShape.
func peekFormat(b []byte) (uint64, error) {
	n, b, err := msgp.ReadMapHeaderBytes(b)
	if err != nil {
		return 0, err
	}
	for ; n > 0; n-- {
		var key []byte
		if key, b, err = msgp.ReadMapKeyZC(b); err != nil {
			return 0, err
		}
		if string(key) == "f" {
			f, _, err := msgp.ReadUint64Bytes(b)
			if err != nil {
				return 0, msgp.WrapError(err, "Format")
			}
			return f, nil
		}
		if b, err = msgp.Skip(b); err != nil {
			return 0, err
		}
	}
	return 0, nil
}
