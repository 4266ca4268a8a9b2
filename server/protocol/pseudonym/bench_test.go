package pseudonym

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// BenchmarkKey measures the key of a typical pseudonym; the stores compute
// it on every new name and for every player when a database opens.
func BenchmarkKey(b *testing.B) {
	for b.Loop() {
		Key("Renard-Bleu-42")
	}
}

// TestKeyLongInput checks that a long hostile string (any rune, many
// marks) is keyed in reasonable work: Key runs at Open on stored names and
// in the fuzz target on anything.
func TestKeyLongInput(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for b.Len() < 64<<10 {
		b.WriteRune(rune(r.IntN(0x30000)))
	}
	if k := Key(b.String()); Key(k) != k {
		t.Error("not idempotent on a long random string")
	}
}
