package dmath

import (
	"bufio"
	"flag"
	"fmt"
	"hash"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The determinism test: a fixed list of inputs goes through every function
// and the bits of all results are hashed (FNV-64a), one hash per function.
// The hashes are stored in testdata/golden.txt. The same test runs natively
// and compiled to js/wasm:
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./engine/dmath
//
// If both pass, the two platforms produced bit-identical results on every
// input, NaNs included.
//
// Regenerate the file (only after a deliberate change of results) with
//
//	go test ./engine/dmath -run TestGolden -update

var update = flag.Bool("update", false, "rewrite testdata/golden.txt from the current results")

const goldenFile = "testdata/golden.txt"

// goldenSpecials are values every function sees, alone and in pairs.
var goldenSpecials = []float64{
	0, math.Copysign(0, -1), 1, -1, 2, -2, 0.5, -0.5, 3, -3, 10, 0.1, 1e-300, -1e-300, 1e300, -1e300,
	math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 0x1p-1022, 0x1p-1023, math.MaxFloat64, -math.MaxFloat64,
	math.Inf(1), math.Inf(-1), math.NaN(), math.Float64frombits(0xfff8000000000000), math.Float64frombits(0x7ff0000000000001),
	math.Pi, -math.Pi, math.Pi / 2, math.Pi / 4, 3 * math.Pi / 2, 1e22, 0x1p20, 0x1p20 - 0.5, 0x1p29, 0x1p53, 0x1p53 + 2,
	709.782712893384, 709.7827128933839, -745.1332191019411, -745.1332191019412, -708.3964185322641,
	0.9999999999999999, 1.0000000000000002, 6381956970095103 * 0x1p797, 5.319372648326541e+255,
}

// goldenInputs returns the inputs of the one-argument functions: the
// specials, uniformly random bit patterns, and values spread over the
// ranges the game actually uses.
func goldenInputs() []float64 {
	r := newRNG(0x601de)
	xs := append([]float64(nil), goldenSpecials...)
	for i := 0; i < 2000; i++ {
		xs = append(xs, r.anyFloat())
	}
	for i := 0; i < 2000; i++ {
		xs = append(xs, r.logUniform(-1074, 1023, true))
	}
	for i := 0; i < 2000; i++ {
		xs = append(xs, r.uniform(-10, 10))
	}
	for i := 0; i < 1000; i++ {
		xs = append(xs, r.uniform(-1, 1))
	}
	for i := 0; i < 1000; i++ {
		xs = append(xs, r.uniform(-750, 750))
	}
	return xs
}

// goldenPairs returns the inputs of the two-argument functions.
func goldenPairs() [][2]float64 {
	r := newRNG(0x9a125)
	var ps [][2]float64
	for _, x := range goldenSpecials {
		for _, y := range goldenSpecials {
			ps = append(ps, [2]float64{x, y})
		}
	}
	for i := 0; i < 2000; i++ {
		ps = append(ps, [2]float64{r.anyFloat(), r.anyFloat()})
	}
	for i := 0; i < 2000; i++ {
		ps = append(ps, [2]float64{r.uniform(-10, 10), r.uniform(-10, 10)})
	}
	for i := 0; i < 1000; i++ {
		ps = append(ps, [2]float64{r.uniform(0, 100), r.uniform(-40, 40)})
	}
	for i := 0; i < 1000; i++ {
		ps = append(ps, [2]float64{r.uniform(-20, 20), math.Floor(r.uniform(-60, 60))})
	}
	for i := 0; i < 1000; i++ {
		ps = append(ps, [2]float64{r.logUniform(-1074, 1023, true), r.logUniform(-1074, 1023, true)})
	}
	return ps
}

func hashFloat(h hash.Hash64, v float64) {
	b := math.Float64bits(v)
	var buf [8]byte
	for i := range buf {
		buf[i] = byte(b >> (8 * i))
	}
	h.Write(buf[:])
}

// goldenHashes computes the hash of every function's results.
func goldenHashes() map[string]uint64 {
	xs := goldenInputs()
	ps := goldenPairs()
	out := map[string]uint64{}
	unary := map[string]func(float64) float64{
		"Sin": Sin, "Cos": Cos, "Tan": Tan, "Asin": Asin, "Acos": Acos, "Atan": Atan,
		"Exp": Exp, "Log": Log, "Log10": Log10, "Sqrt": Sqrt, "Floor": Floor, "Ceil": Ceil, "Abs": Abs,
	}
	for name, f := range unary {
		h := fnv.New64a()
		for _, x := range xs {
			hashFloat(h, f(x))
		}
		out[name] = h.Sum64()
	}
	binary := map[string]func(x, y float64) float64{
		"Atan2": Atan2, "Pow": Pow, "Mod": Mod, "Min": Min, "Max": Max,
	}
	for name, f := range binary {
		h := fnv.New64a()
		for _, p := range ps {
			hashFloat(h, f(p[0], p[1]))
		}
		out[name] = h.Sum64()
	}
	h := fnv.New64a()
	for _, x := range xs {
		i, f := Modf(x)
		hashFloat(h, i)
		hashFloat(h, f)
	}
	out["Modf"] = h.Sum64()
	h = fnv.New64a()
	for _, x := range xs {
		f, e := Frexp(x)
		hashFloat(h, f)
		hashFloat(h, float64(e))
	}
	out["Frexp"] = h.Sum64()
	h = fnv.New64a()
	r := newRNG(0x1d3e)
	for _, x := range xs {
		hashFloat(h, Ldexp(x, int(int64(r.next()%4400)-2200)))
	}
	out["Ldexp"] = h.Sum64()
	// Lua-style composites: the way game code chains these functions.
	h = fnv.New64a()
	for _, p := range ps[:4000] {
		x, y := p[0], p[1]
		hashFloat(h, Atan2(Sin(x)*y, Cos(y)*x))
		hashFloat(h, Exp(Log(Abs(x)+1)*0.5))
		hashFloat(h, Pow(Sqrt(Abs(x)), Floor(y)))
	}
	out["Composite"] = h.Sum64()
	return out
}

func TestGolden(t *testing.T) {
	got := goldenHashes()
	names := make([]string, 0, len(got))
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names) // stable file order; map order is random
	if *update {
		var b strings.Builder
		b.WriteString("# FNV-64a of the result bits of each function over the fixed inputs of\n")
		b.WriteString("# golden_test.go. Must be identical natively and under js/wasm.\n")
		for _, n := range names {
			fmt.Fprintf(&b, "%s %016x\n", n, got[n])
		}
		if err := os.MkdirAll(filepath.Dir(goldenFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", goldenFile)
		return
	}
	f, err := os.Open(goldenFile)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	defer f.Close()
	want := map[string]uint64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var name string
		var v uint64
		if _, err := fmt.Sscanf(line, "%s %x", &name, &v); err != nil {
			t.Fatalf("bad line %q in %s: %v", line, goldenFile, err)
		}
		want[name] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		w, ok := want[n]
		switch {
		case !ok:
			t.Errorf("%s: no golden value in %s", n, goldenFile)
		case w != got[n]:
			t.Errorf("%s: results hash %016x, golden %016x: results changed on this platform", n, got[n], w)
		}
	}
	for n := range want {
		if _, ok := got[n]; !ok {
			t.Errorf("%s in %s is not tested any more", n, goldenFile)
		}
	}
}
