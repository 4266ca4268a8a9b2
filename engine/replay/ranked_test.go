package replay_test

import (
	"errors"
	"testing"

	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/tinylib/msgp/msgp"
)

func record(seed uint64, runs ...replay.Run) *replay.Record {
	ticks := uint32(0)
	for _, u := range runs {
		ticks += u.Count
	}
	return &replay.Record{
		Format: replay.FormatVersion, Engine: session.EngineVersion, LevelID: "x",
		LevelHash: make([]byte, replay.HashSize), Seed: seed, Inputs: runs,
		Result: replay.Result{Ticks: ticks},
	}
}

func TestCheckRanked(t *testing.T) {
	for _, tt := range []struct {
		name     string
		rec      *replay.Record
		seed     uint64
		maxTicks uint32
		want     error
	}{
		{"on the board seed", record(7, replay.Run{Count: 60}), 7, 60, nil},
		{"another seed", record(8, replay.Run{Count: 60}), 7, 60, replay.ErrWrongSeed},
		{"one tick too long", record(7, replay.Run{Count: 61}), 7, 60, replay.ErrTooLong},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := replay.CheckRanked(tt.rec, tt.seed, tt.maxTicks)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("CheckRanked = %v, want %v", err, tt.want)
			}
		})
	}
}

// The same ticks are the same run, however they are split into runs.
func TestInputsHashIgnoresSplitting(t *testing.T) {
	a := record(1, replay.Run{Buttons: 2, Count: 3}, replay.Run{Buttons: 16, Count: 1})
	b := record(1, replay.Run{Buttons: 2, Count: 1}, replay.Run{Buttons: 2, Count: 2}, replay.Run{Buttons: 16, Count: 1})
	c := record(1, replay.Run{Buttons: 2, Count: 3}, replay.Run{Buttons: 32, Count: 1})
	ha, _ := a.InputsHash()
	hb, _ := b.InputsHash()
	hc, _ := c.InputsHash()
	if ha != hb {
		t.Error("the same inputs split differently hash differently")
	}
	if ha == hc {
		t.Error("different inputs hash alike")
	}
}

// A record padded with unknown keys and split runs re-encodes to the size of
// the plain one: servers store the canonical form.
func TestCanonicalDropsPadding(t *testing.T) {
	plain := record(1, replay.Run{Buttons: 2, Count: 3})
	want, err := replay.Encode(plain)
	if err != nil {
		t.Fatal(err)
	}
	split := record(1, replay.Run{Buttons: 2, Count: 1}, replay.Run{Buttons: 2, Count: 2})
	enc, err := replay.Encode(split)
	if err != nil {
		t.Fatal(err)
	}
	// Add an unknown key "z" holding 100 KB to the top-level map.
	n, rest, err := msgp.ReadMapHeaderBytes(enc)
	if err != nil {
		t.Fatal(err)
	}
	padded := msgp.AppendMapHeader(nil, n+1)
	padded = msgp.AppendString(padded, "z")
	padded = msgp.AppendBytes(padded, make([]byte, 100_000))
	padded = append(padded, rest...)
	dec, err := replay.Decode(padded)
	if err != nil {
		t.Fatal(err)
	}
	c, err := replay.Canonical(dec)
	if err != nil {
		t.Fatal(err)
	}
	got, err := replay.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("canonical form is %d bytes, want the plain record's %d", len(got), len(want))
	}
}
