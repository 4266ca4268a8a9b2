package replay

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/tinylib/msgp/msgp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// rng is a small deterministic generator (xorshift64*), so test records and
// golden files do not depend on math/rand's algorithms.
type rng uint64

func (r *rng) next() uint64 {
	x := uint64(*r)
	x ^= x >> 12
	x ^= x << 25
	x ^= x >> 27
	*r = rng(x)
	return x * 2685821657736338717
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// playerInputs imitates a keyboard player: a common combination of buttons
// held for 1 to 20 ticks, then another.
func playerInputs(ticks int, seed uint64) []sim.Input {
	combos := []sim.Buttons{0, sim.Right, sim.Right, sim.Right | sim.A, sim.Left,
		sim.Left | sim.A, sim.A, sim.Up, sim.Down, sim.Right | sim.B, 0}
	g := rng(seed | 1)
	out := make([]sim.Input, 0, ticks)
	for len(out) < ticks {
		in := sim.Input{Buttons: combos[g.intn(len(combos))]}
		for n := 1 + g.intn(20); n > 0 && len(out) < ticks; n-- {
			out = append(out, in)
		}
	}
	return out
}

// pointerInputs imitates a mouse player: the pointer moves on most ticks.
func pointerInputs(ticks int, seed uint64) []sim.Input {
	g := rng(seed | 1)
	out := make([]sim.Input, ticks)
	var x, y int16 = 160, 90
	down := false
	for i := range out {
		if g.intn(4) != 0 {
			x += int16(g.intn(7) - 3)
			y += int16(g.intn(7) - 3)
		}
		if g.intn(30) == 0 {
			down = !down
		}
		out[i] = sim.Input{PointerX: x, PointerY: y, PointerDown: down}
	}
	return out
}

// newRecord builds a valid record around inputs, with a checkpoint every
// CheckpointEvery ticks.
func newRecord(inputs []sim.Input, seed uint64) *Record {
	g := rng(seed | 1)
	sum := sha256.Sum256([]byte("level forest-1"))
	r := &Record{
		Format:    FormatVersion,
		Engine:    "0.1.0",
		LevelID:   "forest-1",
		LevelHash: sum[:],
		Seed:      seed,
		Inputs:    Compress(inputs),
	}
	for t := CheckpointEvery; t <= len(inputs); t += CheckpointEvery {
		r.Checkpoints = append(r.Checkpoints, Checkpoint{Tick: uint32(t), Hash: g.next()})
	}
	r.Result = Result{Outcome: sim.Won, Score: 1234, Ticks: uint32(len(inputs)), Hash: g.next()}
	return r
}

// typicalRecord is the one-minute keyboard run used for sizes and
// benchmarks.
func typicalRecord() *Record { return newRecord(playerInputs(3600, 7), 7) }

func TestCompressExpand(t *testing.T) {
	r, rl := sim.Input{Buttons: sim.Right}, sim.Input{Buttons: sim.Right | sim.Left}
	p := sim.Input{PointerX: -5, PointerY: 300}
	pd := sim.Input{PointerX: -5, PointerY: 300, PointerDown: true}
	tests := []struct {
		name   string
		inputs []sim.Input
		runs   []Run
	}{
		{"nil", nil, nil},
		{"empty", []sim.Input{}, nil},
		{"one", []sim.Input{r}, []Run{{Buttons: 2, Count: 1}}},
		{"none held", []sim.Input{{}, {}, {}}, []Run{{Count: 3}}},
		{"runs", []sim.Input{r, r, rl, rl, rl, r}, []Run{{Buttons: 2, Count: 2}, {Buttons: 3, Count: 3}, {Buttons: 2, Count: 1}}},
		{"alternating", []sim.Input{r, rl, r, rl}, []Run{{Buttons: 2, Count: 1}, {Buttons: 3, Count: 1}, {Buttons: 2, Count: 1}, {Buttons: 3, Count: 1}}},
		{"pointer", []sim.Input{p, p, pd, {}}, []Run{{PointerX: -5, PointerY: 300, Count: 2}, {PointerX: -5, PointerY: 300, PointerDown: true, Count: 1}, {Count: 1}}},
		{"keyboard minute", playerInputs(3600, 1), nil},
		{"pointer minute", pointerInputs(3600, 2), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs := Compress(tt.inputs)
			if tt.runs != nil || len(tt.inputs) == 0 {
				if !reflect.DeepEqual(runs, tt.runs) {
					t.Fatalf("Compress = %+v, want %+v", runs, tt.runs)
				}
			}
			for i := 1; i < len(runs); i++ {
				if runs[i].Input() == runs[i-1].Input() {
					t.Fatalf("runs %d and %d are equal and were not merged", i-1, i)
				}
			}
			got, err := Expand(runs)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.inputs) {
				t.Fatalf("Expand(Compress(x)) differs from x")
			}
			rec := &Record{Inputs: runs}
			frames, err := rec.Frames()
			if err != nil || !slices.Equal(frames, tt.inputs) {
				t.Fatalf("Frames() = %d inputs, %v; want %d inputs", len(frames), err, len(tt.inputs))
			}
		})
	}
}

func TestExpandErrors(t *testing.T) {
	tests := []struct {
		name string
		runs []Run
		want string
	}{
		{"zero count", []Run{{Count: 1}, {Count: 0}}, "replay: input run 1 has count 0"},
		{"unknown buttons", []Run{{Buttons: 0x40, Count: 1}}, "replay: input run 0 has unknown buttons 0x40"},
		{"one huge run", []Run{{Count: math.MaxUint32}}, "replay: inputs last more than MaxTicks (108000) ticks"},
		{"sum too long", []Run{{Count: MaxTicks}, {Count: 1}}, "replay: inputs last more than MaxTicks (108000) ticks"},
		{"too many runs", make([]Run, MaxTicks+1), "replay: 108001 input runs, more than MaxTicks (108000)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []sim.Input
			var err error
			alloc := allocBytes(func() { got, err = Expand(tt.runs) })
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Expand error = %v, want %q", err, tt.want)
			}
			if got != nil {
				t.Errorf("Expand returned %d inputs with its error", len(got))
			}
			if alloc > 4<<10 {
				t.Errorf("Expand allocated %d bytes before failing", alloc)
			}
		})
	}
	if _, err := Expand([]Run{{Count: MaxTicks}}); err != nil {
		t.Errorf("MaxTicks ticks: %v", err)
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	maxed := newRecord(playerInputs(120, 3), math.MaxUint64)
	maxed.Result = Result{Outcome: sim.Lost, Score: math.MinInt64, Ticks: 120, Hash: math.MaxUint64}
	maxed.Checkpoints = []Checkpoint{{Tick: 0, Hash: 0}, {Tick: 120, Hash: math.MaxUint64}}
	maxed.Engine = strings.Repeat("é", MaxNameBytes/2)
	maxed.LevelID = strings.Repeat("x", MaxNameBytes)
	tests := []struct {
		name string
		rec  *Record
	}{
		{"empty run", &Record{Format: FormatVersion, LevelHash: make([]byte, HashSize)}},
		{"typical", typicalRecord()},
		{"pointer", newRecord(pointerInputs(3600, 5), 5)},
		{"extremes", maxed},
		{"playing", func() *Record {
			r := newRecord(playerInputs(61, 9), 9)
			r.Result.Outcome = sim.Playing
			r.Result.Score = -3
			return r
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Encode(tt.rec)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normalize(got), normalize(tt.rec)) {
				t.Fatalf("Decode(Encode(r)) = %+v\nwant %+v", got, tt.rec)
			}
			b2, err := Encode(got)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, b2) {
				t.Fatal("Encode(Decode(b)) != b")
			}
		})
	}
}

// normalize makes empty slices nil, as Decode returns them.
func normalize(r *Record) *Record {
	c := *r
	if len(c.Inputs) == 0 {
		c.Inputs = nil
	}
	if len(c.Checkpoints) == 0 {
		c.Checkpoints = nil
	}
	return &c
}

// TestLimits checks that records at the limits decode and that the limits
// written in record.go's field tags are not below the constants.
func TestLimits(t *testing.T) {
	t.Run("MaxTicks runs and MaxCheckpoints checkpoints", func(t *testing.T) {
		in := make([]sim.Input, MaxTicks)
		for i := range in {
			in[i].Buttons = sim.Buttons(i % 2)
		}
		r := newRecord(in, 1)
		if len(r.Inputs) != MaxTicks || len(r.Checkpoints) != MaxCheckpoints {
			t.Fatalf("built %d runs, %d checkpoints", len(r.Inputs), len(r.Checkpoints))
		}
		b, err := Encode(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Decode(b); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("worst case fits MaxRecordBytes", func(t *testing.T) {
		in := make([]sim.Input, MaxTicks)
		for i := range in {
			in[i] = sim.Input{Buttons: sim.AllButtons, PointerX: math.MinInt16 + int16(i%2), PointerY: math.MaxInt16, PointerDown: true}
		}
		r := newRecord(in, 1)
		r.Engine = strings.Repeat("v", MaxNameBytes)
		r.LevelID = strings.Repeat("l", MaxNameBytes)
		for i := range r.Checkpoints {
			r.Checkpoints[i].Hash = math.MaxUint64
		}
		b, err := Encode(r)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("worst-case record: %d bytes (MaxRecordBytes %d)", len(b), MaxRecordBytes)
		if _, err := Decode(b); err != nil {
			t.Fatal(err)
		}
	})
}

// allocBytes returns the bytes allocated while f ran.
// allocBytes measures what f allocates. TotalAlloc counts the whole
// process (the collector, other goroutines), so it keeps the least of a few
// runs: what f itself allocates is the floor.
func allocBytes(f func()) uint64 {
	least := uint64(math.MaxUint64)
	for range 5 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

func TestValidateErrors(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(r *Record)
		want   string
		// decodeIs, if set, is the error Decode reports instead: the
		// generated decoder's limits stop it before validation.
		decodeIs error
	}{
		{"format 0", func(r *Record) { r.Format = 0 }, "replay: unknown record format 0 (this engine reads format 1)", nil},
		{"format 2", func(r *Record) { r.Format = 2 }, "replay: unknown record format 2 (this engine reads format 1)", nil},
		{"long engine", func(r *Record) { r.Engine = strings.Repeat("v", MaxNameBytes+1) }, "replay: engine version is 257 bytes, more than 256", nil},
		{"long level id", func(r *Record) { r.LevelID = strings.Repeat("l", MaxNameBytes+1) }, "replay: level id is 257 bytes, more than 256", nil},
		{"no level hash", func(r *Record) { r.LevelHash = nil }, "replay: level hash is 0 bytes, want 32", nil},
		{"short level hash", func(r *Record) { r.LevelHash = r.LevelHash[:31] }, "replay: level hash is 31 bytes, want 32", nil},
		{"long level hash", func(r *Record) { r.LevelHash = append(r.LevelHash, 0) }, "replay: level hash is 33 bytes, want 32", msgp.ErrLimitExceeded},
		{"zero count", func(r *Record) { r.Inputs[2].Count = 0 }, "replay: input run 2 has count 0", nil},
		{"unknown buttons", func(r *Record) { r.Inputs[1].Buttons = 0x80 }, "replay: input run 1 has unknown buttons 0x80", nil},
		{"too many ticks", func(r *Record) { r.Inputs[0].Count = MaxTicks }, "replay: inputs last more than MaxTicks (108000) ticks", nil},
		{"too many checkpoints", func(r *Record) {
			r.Inputs = []Run{{Count: MaxTicks}}
			r.Result.Ticks = MaxTicks
			r.Checkpoints = make([]Checkpoint, MaxCheckpoints+1)
			for i := range r.Checkpoints {
				r.Checkpoints[i].Tick = uint32(i)
			}
		}, "replay: 1801 checkpoints, more than 1800", msgp.ErrLimitExceeded},
		{"checkpoints repeat", func(r *Record) { r.Checkpoints[3].Tick = r.Checkpoints[2].Tick }, "replay: checkpoint 3 at tick 180 does not follow tick 180", nil},
		{"checkpoints decrease", func(r *Record) { r.Checkpoints[1].Tick = 30 }, "replay: checkpoint 1 at tick 30 does not follow tick 60", nil},
		{"checkpoint after end", func(r *Record) { r.Checkpoints[len(r.Checkpoints)-1].Tick = 3601 }, "replay: checkpoint 59 at tick 3601 is after the last tick 3600", nil},
		{"unknown outcome", func(r *Record) { r.Result.Outcome = 3 }, "replay: unknown outcome 3", nil},
		{"result ticks", func(r *Record) { r.Result.Ticks = 3599 }, "replay: result claims 3599 ticks but the inputs last 3600", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := typicalRecord()
			if err := r.Validate(); err != nil {
				t.Fatalf("unmodified record: %v", err)
			}
			tt.mutate(r)
			checkErr := func(what string, err error) {
				t.Helper()
				if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
					t.Errorf("%s error = %v, want %q", what, err, tt.want)
				}
			}
			checkErr("Validate", r.Validate())
			if _, err := Encode(r); true {
				checkErr("Encode", err)
			}
			// The same record, encoded without validation, must not decode.
			b, err := r.MarshalMsg(nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Decode(b)
			if tt.decodeIs != nil {
				if !errors.Is(err, tt.decodeIs) || !strings.HasPrefix(err.Error(), "replay: ") {
					t.Errorf("Decode error = %v, want %v", err, tt.decodeIs)
				}
				return
			}
			checkErr("Decode", err)
		})
	}
}

func TestUnknownFormatIsErrUnknownFormat(t *testing.T) {
	// A future format may change every other field; Decode must still say
	// the format is unknown rather than report a type error.
	b := msgp.AppendMapHeader(nil, 2)
	b = msgp.AppendString(b, "i")
	b = msgp.AppendString(b, "a string where format 1 has an array")
	b = msgp.AppendString(b, "f")
	b = msgp.AppendUint(b, 2)
	_, err := Decode(b)
	if !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("Decode error = %v, want ErrUnknownFormat", err)
	}
	if want := "replay: unknown record format 2 (this engine reads format 1)"; err.Error() != want {
		t.Fatalf("Decode error = %q, want %q", err, want)
	}
}

// rawRecord encodes a map from the given keys and already encoded values.
func rawRecord(kv ...any) []byte {
	b := msgp.AppendMapHeader(nil, uint32(len(kv)/2))
	for i := 0; i < len(kv); i += 2 {
		b = msgp.AppendString(b, kv[i].(string))
		b = append(b, kv[i+1].([]byte)...)
	}
	return b
}

func u(v uint64) []byte { return msgp.AppendUint64(nil, v) }

func TestDecodeErrors(t *testing.T) {
	valid, err := Encode(typicalRecord())
	if err != nil {
		t.Fatal(err)
	}
	hash := msgp.AppendBytes(nil, make([]byte, HashSize))
	deep := bytes.Repeat([]byte{0x91}, 20) // [[[[...
	deep = append(deep, 0xc0)
	tests := []struct {
		name string
		in   []byte
		want string
		is   error
	}{
		{"too large", make([]byte, MaxRecordBytes+1), "replay: record too large: 4194305 bytes, more than 4194304", ErrTooLarge},
		{"empty", nil, "replay: malformed record: msgp: too few bytes left to read object", nil},
		{"truncated", valid[:len(valid)-1], "replay: malformed record: msgp: too few bytes left to read object", nil},
		{"trailing bytes", append(slices.Clip(valid), 0xc0), "replay: 1 trailing bytes after the record", nil},
		{"not a map", msgp.AppendArrayHeader(nil, 0), "replay: malformed record: msgp: attempted to decode type \"array\" with method for \"map\"", nil},
		{"no format", rawRecord("e", msgp.AppendString(nil, "0.1")), "replay: unknown record format 0 (this engine reads format 1)", ErrUnknownFormat},
		{"format not a number", rawRecord("f", msgp.AppendString(nil, "1")), "replay: malformed record: msgp: attempted to decode type \"str\" with method for \"uint\" at Format", nil},
		{"format 256", rawRecord("f", u(256)), "replay: unknown record format 256", ErrUnknownFormat},
		{"duplicate key", rawRecord("f", u(1), "h", hash, "f", u(1)), "replay: malformed record: msgp: duplicate map key or field at Format", msgp.ErrDuplicateEntry},
		{"duplicate run key", rawRecord("f", u(1), "h", hash, "i", append(msgp.AppendArrayHeader(nil, 1), rawRecord("n", u(1), "n", u(1))...)), "replay: malformed record: msgp: duplicate map key or field at Count at Inputs/0", msgp.ErrDuplicateEntry},
		{"wrong type", rawRecord("f", u(1), "i", msgp.AppendString(nil, "x")), "replay: malformed record: msgp: attempted to decode type \"str\" with method for \"array\" at Inputs", nil},
		{"buttons overflow", rawRecord("f", u(1), "i", append(msgp.AppendArrayHeader(nil, 1), rawRecord("b", u(256), "n", u(1))...)), "replay: malformed record: msgp: 256 overflows uint8 at Inputs/0/Buttons", nil},
		{"negative count", rawRecord("f", u(1), "i", append(msgp.AppendArrayHeader(nil, 1), rawRecord("n", msgp.AppendInt(nil, -1))...)), "replay: malformed record:", nil},
		{"nested too deeply", rawRecord("f", u(1), "z", deep), "replay: malformed record: nested too deeply", nil},
		{"huge inputs claim", rawRecord("f", u(1), "i", []byte{0xdd, 0xff, 0xff, 0xff, 0xff}), "replay: malformed record: msgp: too few bytes left to read object", msgp.ErrShortBytes},
		{"inputs claim within limit", rawRecord("f", u(1), "i", []byte{0xdd, 0, 1, 0xa5, 0xe0}), "replay: malformed record: msgp: too few bytes left to read object", msgp.ErrShortBytes},
		{"huge map claim", []byte{0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 'f', 1}, "replay: malformed record: msgp: too few bytes left to read object", msgp.ErrShortBytes},
		{"huge string claim", rawRecord("f", u(1), "e", []byte{0xdb, 0xff, 0xff, 0xff, 0xff, 'v'}), "replay: malformed record: msgp: too few bytes left to read object", msgp.ErrShortBytes},
		{"level hash over limit", rawRecord("f", u(1), "h", msgp.AppendBytes(nil, make([]byte, 33))), "replay: malformed record: msgp: configured reader limit exceeded", msgp.ErrLimitExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r *Record
			var err error
			alloc := allocBytes(func() { r, err = Decode(tt.in) })
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Decode error = %v, want %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Decode error %v is not %v", err, tt.is)
			}
			if r != nil {
				t.Error("Decode returned a record with its error")
			}
			if limit := 4<<10 + 16*uint64(len(tt.in)); alloc > limit {
				t.Errorf("Decode allocated %d bytes for %d bytes of input (limit %d)", alloc, len(tt.in), limit)
			}
		})
	}
}

func TestUnknownKeysSkipped(t *testing.T) {
	r := typicalRecord()
	b, err := r.MarshalMsg(nil)
	if err != nil {
		t.Fatal(err)
	}
	// Add a key to the top-level map (fixmap of 8 keys becomes 9).
	if b[0] != 0x88 {
		t.Fatalf("record starts with %#x, want a fixmap of 8", b[0])
	}
	b = append([]byte{0x89}, b[1:]...)
	b = msgp.AppendString(b, "future")
	b = msgp.AppendArrayHeader(b, 1)
	b = msgp.AppendString(b, "field")
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Fatal("record with an unknown key decoded differently")
	}
}

func TestGolden(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("testdata", "golden.inputs"))
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := ParseInputs(bytes.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecord(inputs, 42)
	rec.Result.Score = 870
	got, err := Encode(rec)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden.replay")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("encoding of the golden record changed (%d bytes, golden %d); if intended, run go test -update and review", len(got), len(want))
	}
	dec, err := Decode(want)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(dec, rec) {
		t.Fatal("golden record decodes differently")
	}
	frames, err := dec.Frames()
	if err != nil || !slices.Equal(frames, inputs) {
		t.Fatalf("golden record frames differ from golden.inputs (%v)", err)
	}
}

func TestTypicalSize(t *testing.T) {
	for _, c := range []struct {
		name string
		rec  *Record
	}{
		{"keyboard", typicalRecord()},
		{"pointer", newRecord(pointerInputs(3600, 5), 5)},
	} {
		b, err := Encode(c.rec)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s, 3,600 ticks: %d runs, %d checkpoints, %d bytes", c.name, len(c.rec.Inputs), len(c.rec.Checkpoints), len(b))
	}
}

func FuzzDecode(f *testing.F) {
	for _, r := range []*Record{
		typicalRecord(),
		newRecord(pointerInputs(200, 3), 3),
		{Format: FormatVersion, LevelHash: make([]byte, HashSize)},
	} {
		b, err := Encode(r)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "golden.replay")); err == nil {
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte{0x80})
	f.Add(rawRecord("f", u(1), "i", []byte{0xdd, 0xff, 0xff, 0xff, 0xff}))
	f.Add(rawRecord("f", u(2)))
	f.Add(rawRecord("f", u(1), "z", bytes.Repeat([]byte{0x91}, 40)))
	f.Fuzz(func(t *testing.T, b []byte) {
		var r *Record
		var err error
		alloc := allocBytes(func() { r, err = Decode(b) })
		if limit := 64<<10 + 16*uint64(len(b)); alloc > limit {
			t.Fatalf("Decode allocated %d bytes for %d bytes of input", alloc, len(b))
		}
		if err != nil {
			if r != nil {
				t.Fatal("record returned with an error")
			}
			if !strings.HasPrefix(err.Error(), "replay: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		enc, err := Encode(r)
		if err != nil {
			t.Fatalf("decoded record does not encode: %v", err)
		}
		r2, err := Decode(enc)
		if err != nil {
			t.Fatalf("re-encoded record does not decode: %v", err)
		}
		if !reflect.DeepEqual(r, r2) {
			t.Fatal("decode(encode(decode(b))) != decode(b)")
		}
		enc2, err := Encode(r2)
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatal("encoding is not stable")
		}
		if _, err := r.Frames(); err != nil {
			t.Fatalf("valid record has bad frames: %v", err)
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	r := typicalRecord()
	enc, err := Encode(r)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	enc, err := Encode(typicalRecord())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(enc); err != nil {
			b.Fatal(err)
		}
	}
}
