package hub

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tinylib/msgp/msgp"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
	"github.com/communs-arcade/arcade/server/loadgen"
)

// variantRuns caches, per level, the runs variants made for the whole test
// binary: making one costs a play of the level, as verifying it does.
var variantRuns struct {
	sync.Mutex
	runs map[string][][]byte
}

// variants returns n admissible runs of a built-in level, distinct from each
// other and from its golden replay (testdata/win.replay): the i-th waits
// i+1 ticks without input, then plays the golden inputs (testdata/win.txt)
// on the level's board seed. Each is a run of its own on the board, so each
// player of a test can send one. For the demo, the i-th still wins, with
// 3678-(i+1) points in 223+i+1 ticks.
func variants(t testing.TB, id string, n int) [][]byte {
	t.Helper()
	variantRuns.Lock()
	defer variantRuns.Unlock()
	have := variantRuns.runs[id]
	if len(have) < n {
		more, err := loadgen.Variants(loadLevel(t, id), scripts.FS, goldenInputs(t, id), 1+len(have), n-len(have))
		if err != nil {
			t.Fatal(err)
		}
		if variantRuns.runs == nil {
			variantRuns.runs = map[string][][]byte{}
		}
		have = append(have, more...)
		variantRuns.runs[id] = have
	}
	return have[:n:n]
}

// decode decodes an encoded replay the test made.
func decode(t testing.TB, b []byte) *replay.Record {
	t.Helper()
	rec, err := replay.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// encode encodes a record the test made.
func encodeRec(t testing.TB, rec *replay.Record) []byte {
	t.Helper()
	b, err := replay.Encode(rec)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// canonical is the canonical encoding of a replay: what the hub verifies
// and stores, and what a hookVerifier's job carries.
func canonical(t testing.TB, b []byte) []byte {
	t.Helper()
	c, err := replay.Canonical(decode(t, b))
	if err != nil {
		t.Fatal(err)
	}
	return encodeRec(t, c)
}

// pad re-encodes a replay with an unknown key whose value makes the
// encoding size bytes long (the same record for a decoder, which skips
// unknown keys).
func pad(t testing.TB, b []byte, size int) []byte {
	t.Helper()
	n, body, err := msgp.ReadMapHeaderBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	out := msgp.AppendMapHeader(nil, n+1)
	out = append(out, body...)
	out = msgp.AppendString(out, "zz-padding")
	// A bin header takes 5 bytes for a value of 64 KiB or more.
	fill := size - len(out) - 5
	if fill < 1<<16 {
		t.Fatalf("cannot pad %d bytes to %d", len(b), size)
	}
	out = msgp.AppendBytes(out, make([]byte, fill))
	if len(out) != size {
		t.Fatalf("padded to %d bytes, want %d", len(out), size)
	}
	return out
}

// split re-encodes a replay with its input runs cut in two wherever they
// last two ticks or more: the same inputs, tick for tick, in other bytes.
func split(t testing.TB, b []byte) []byte {
	t.Helper()
	rec := decode(t, b)
	var runs []replay.Run
	for _, r := range rec.Inputs {
		if r.Count < 2 {
			runs = append(runs, r)
			continue
		}
		first, rest := r, r
		first.Count, rest.Count = 1, r.Count-1
		runs = append(runs, first, rest)
	}
	if len(runs) == len(rec.Inputs) {
		t.Fatal("no input run to split")
	}
	rec.Inputs = runs
	return encodeRec(t, rec)
}

// loadLevel loads a built-in level.
func loadLevel(t testing.TB, id string) *level.Level {
	t.Helper()
	lvl, err := level.LoadFS(levels.FS, id)
	if err != nil {
		t.Fatal(err)
	}
	return lvl
}

// goldenInputs are the inputs of a built-in level's golden winning run
// (testdata/win.txt).
func goldenInputs(t testing.TB, id string) []sim.Input {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "levels", id, "testdata", "win.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	inputs, err := replay.ParseInputs(f)
	if err != nil {
		t.Fatal(err)
	}
	return inputs
}

// play returns the encoded ranked run of a built-in level that plays
// inputs on its board seed.
func play(t testing.TB, id string, inputs []sim.Input) []byte {
	t.Helper()
	lvl := loadLevel(t, id)
	rec, err := replay.Play(lvl, inputs, session.Options{Seed: lvl.BoardSeed(), Library: scripts.FS})
	if err != nil {
		t.Fatal(err)
	}
	return encodeRec(t, rec)
}
