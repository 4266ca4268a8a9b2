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

// BenchmarkInstructions runs a mix of what levels do (arithmetic, table
// reads and writes, closures, string building, pcall) and reports the
// sandbox's speed in VM instructions per second, as the budget counts them.
func BenchmarkInstructions(b *testing.B) {
	src := []byte(`
local acc, t = 0, {}
local function add(a, b) return a + b end
for i = 1, 64 do t[i] = i end
function _update()
  for i = 1, 2000 do
    t[i % 64 + 1] = add(i * 0.5, acc % 7)
    acc = (acc + t[(i * 3) % 64 + 1]) % 1000
    if i % 100 == 0 then
      local s = "n=" .. acc .. ":" .. i
      acc = acc + #s
      pcall(add, i, 1)
    end
  end
end`)
	w := sim.New(1)
	s, err := Load(w, Config{Path: "bench", File: func(string) ([]byte, bool) { return src, true }})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var instructions int64
	for b.Loop() {
		w.Begin(sim.Input{})
		if err := s.Update(); err != nil {
			b.Fatal(err)
		}
		instructions += s.sb.budget.allowance - s.sb.budget.left
		w.EndTick()
	}
	b.ReportMetric(float64(instructions)/b.Elapsed().Seconds(), "instr/s")
}
