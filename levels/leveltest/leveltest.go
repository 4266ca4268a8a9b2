// Package leveltest holds the helpers the tests of other packages use to
// make runs of the built-in levels: load one, read the inputs of its golden
// winning run, play inputs on its board seed, and re-encode a record the
// ways a client (or an attacker) might: padded with an unknown key, its
// input runs split. Every helper fails the test on error. It also holds a
// corpus of hostile level packages (HostilePackages), one per rule of
// level.LoadZip, for the tests of whatever accepts uploads.
package leveltest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/tinylib/msgp/msgp"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
)

// Dir returns the source folder of built-in level id (where its testdata
// is), found from this file's own place in the repository.
func Dir(t testing.TB, id string) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("leveltest: cannot locate the levels folder")
	}
	return filepath.Join(filepath.Dir(file), "..", id)
}

// Load loads built-in level id.
func Load(t testing.TB, id string) *level.Level {
	t.Helper()
	lvl, err := level.LoadFS(levels.FS, id)
	if err != nil {
		t.Fatal(err)
	}
	return lvl
}

// WinInputs returns the inputs of level id's golden winning run
// (testdata/win.txt).
func WinInputs(t testing.TB, id string) []sim.Input {
	t.Helper()
	f, err := os.Open(filepath.Join(Dir(t, id), "testdata", "win.txt"))
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

// Play records inputs on level id, on seed, or on its board seed when seed
// is 0, and returns the record.
func Play(t testing.TB, id string, inputs []sim.Input, seed uint64) *replay.Record {
	t.Helper()
	lvl := Load(t, id)
	if seed == 0 {
		seed = lvl.BoardSeed()
	}
	rec, err := replay.Play(lvl, inputs, session.Options{Seed: seed, Library: scripts.FS})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// Decode decodes an encoded record.
func Decode(t testing.TB, b []byte) *replay.Record {
	t.Helper()
	rec, err := replay.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// Encode encodes a record.
func Encode(t testing.TB, rec *replay.Record) []byte {
	t.Helper()
	b, err := replay.Encode(rec)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Canonical returns the canonical encoding of an encoded record: what a
// server verifies and stores.
func Canonical(t testing.TB, b []byte) []byte {
	t.Helper()
	c, err := replay.Canonical(Decode(t, b))
	if err != nil {
		t.Fatal(err)
	}
	return Encode(t, c)
}

// Pad re-encodes a record with an unknown key whose value makes the
// encoding size bytes long (at least 64 KiB more than it was): the same
// record for a decoder, which skips unknown keys.
func Pad(t testing.TB, b []byte, size int) []byte {
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
		t.Fatalf("leveltest: cannot pad %d bytes to %d", len(b), size)
	}
	out = msgp.AppendBytes(out, make([]byte, fill))
	if len(out) != size {
		t.Fatalf("leveltest: padded to %d bytes, want %d", len(out), size)
	}
	return out
}

// Split re-encodes a record with its input runs cut in two wherever they
// last two ticks or more: the same inputs, tick for tick, in other bytes.
func Split(t testing.TB, b []byte) []byte {
	t.Helper()
	rec := Decode(t, b)
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
		t.Fatal("leveltest: no input run to split")
	}
	rec.Inputs = runs
	return Encode(t, rec)
}
