package hub

import (
	"sync"
	"testing"

	"github.com/communs-arcade/arcade/levels/leveltest"
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
		more, err := loadgen.Variants(leveltest.Load(t, id), scripts.FS, leveltest.WinInputs(t, id), 1+len(have), n-len(have))
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
