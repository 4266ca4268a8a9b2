package loadgen

import (
	"fmt"
	"io/fs"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
)

// Variants returns n different ranked runs of lvl, encoded: the i-th
// (counting from first) waits first+i ticks without input, then plays
// inputs, on the level's board seed. A server ranks a run once, for the
// first player who sends it, so a load of many players needs runs of their
// own; these cost about what the original run costs to verify. A variant
// need not end as the original did (waiting may change what the level's
// random draws meet).
func Variants(lvl *level.Level, lib fs.FS, inputs []sim.Input, first, n int) ([][]byte, error) {
	out := make([][]byte, 0, n)
	for i := range n {
		wait := first + i
		in := make([]sim.Input, wait, wait+len(inputs))
		in = append(in, inputs...)
		if len(in) > int(lvl.MaxTicks()) {
			in = in[:lvl.MaxTicks()]
		}
		rec, err := replay.Play(lvl, in, session.Options{Seed: lvl.BoardSeed(), Library: lib})
		if err != nil {
			return nil, fmt.Errorf("loadgen: variant %d of %s: %w", wait, lvl.Manifest.ID, err)
		}
		b, err := replay.Encode(rec)
		if err != nil {
			return nil, fmt.Errorf("loadgen: variant %d of %s: %w", wait, lvl.Manifest.ID, err)
		}
		out = append(out, b)
	}
	return out, nil
}
