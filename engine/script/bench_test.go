package script

import (
	"fmt"
	"testing"

	"github.com/communs-arcade/arcade/engine/sim"
)

// BenchmarkUpdateEntities measures one tick whose sandboxed _update moves
// N entities, each through one API call (the figure the browser's frame
// budget depends on: compare native and wasm with `make bench`).
func BenchmarkUpdateEntities(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := []byte(fmt.Sprintf(`
local ids = {}
function _init()
  for i = 1, %d do ids[i] = spawn("dot", i %% 300, i %% 170, {w = 2, h = 2}) end
end
function _update()
  for i = 1, #ids do move(ids[i], 1, 0) end
end`, n))
			w := sim.New(1)
			s, err := Load(w, Config{Path: "bench", File: func(string) ([]byte, bool) { return src, true }})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if err := s.Init(); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				w.Begin(sim.Input{})
				if err := s.Update(); err != nil {
					b.Fatal(err)
				}
				w.EndTick()
			}
		})
	}
}
