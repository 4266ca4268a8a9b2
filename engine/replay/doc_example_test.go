package replay_test

import (
	"bytes"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
)

// TestProtocolDocExample checks the replay record given as an example in
// docs/protocol.md against the encoder, the decoder and the board seed, so
// that a client written from that page alone records runs this engine reads.
func TestProtocolDocExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := bytes.Cut(doc, []byte("<!-- replay-example -->\n"))
	block, _, ok2 := bytes.Cut(rest, []byte("<!-- end -->"))
	if !ok || !ok2 {
		t.Fatal("docs/protocol.md: no replay example between <!-- replay-example --> and <!-- end -->")
	}
	fromDoc, err := hex.DecodeString(strings.Join(strings.Fields(string(block)), ""))
	if err != nil {
		t.Fatalf("docs/protocol.md: replay example: %v", err)
	}

	var h [32]byte
	for i := range h {
		h[i] = byte(i)
	}
	want := &replay.Record{
		Format: replay.FormatVersion, Engine: session.EngineVersion, LevelID: "example",
		LevelHash: h[:], Seed: level.SeedOf(h),
		Inputs: []replay.Run{{Buttons: 2, Count: 3}, {Buttons: 2 | 16, Count: 2}},
		Result: replay.Result{Outcome: sim.Playing, Ticks: 5, Hash: 0x0123456789abcdef},
	}
	if want.Seed != 5148203592728531549 {
		t.Errorf("board seed of the example is %d, the doc says 5148203592728531549", want.Seed)
	}
	enc, err := replay.Encode(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(enc, fromDoc) {
		t.Errorf("docs/protocol.md's example differs from the encoding:\n doc %x\nwant %x", fromDoc, enc)
	}
	got, err := replay.Decode(fromDoc)
	if err != nil {
		t.Fatal(err)
	}
	if err := replay.CheckRanked(got, level.SeedOf(h), 60); err != nil {
		t.Errorf("the example is not a ranked run: %v", err)
	}
}
