package dmath

import (
	"math"
	"testing"
)

// Benchmarks of each function against its math counterpart, on a fixed
// table of typical inputs: go test -bench . -run XXX ./engine/dmath

var sink float64

func benchInputs(gen func(r *rng) float64) []float64 {
	r := newRNG(0xbe9c)
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = gen(r)
	}
	return xs
}

func bench1(b *testing.B, gen func(r *rng) float64, ours, theirs func(float64) float64) {
	xs := benchInputs(gen)
	run := func(f func(float64) float64) func(*testing.B) {
		return func(b *testing.B) {
			s := 0.0
			for i := 0; i < b.N; i++ {
				s += f(xs[i&1023])
			}
			sink = s
		}
	}
	b.Run("dmath", run(ours))
	b.Run("math", run(theirs))
}

func bench2(b *testing.B, gx, gy func(r *rng) float64, ours, theirs func(x, y float64) float64) {
	xs, ys := benchInputs(gx), benchInputs(gy)
	run := func(f func(x, y float64) float64) func(*testing.B) {
		return func(b *testing.B) {
			s := 0.0
			for i := 0; i < b.N; i++ {
				s += f(xs[i&1023], ys[(i*7)&1023])
			}
			sink = s
		}
	}
	b.Run("dmath", run(ours))
	b.Run("math", run(theirs))
}

func BenchmarkSin(b *testing.B)   { bench1(b, gUni(-10, 10), Sin, math.Sin) }
func BenchmarkCos(b *testing.B)   { bench1(b, gUni(-10, 10), Cos, math.Cos) }
func BenchmarkTan(b *testing.B)   { bench1(b, gUni(-10, 10), Tan, math.Tan) }
func BenchmarkAsin(b *testing.B)  { bench1(b, gUni(-1, 1), Asin, math.Asin) }
func BenchmarkAcos(b *testing.B)  { bench1(b, gUni(-1, 1), Acos, math.Acos) }
func BenchmarkAtan(b *testing.B)  { bench1(b, gUni(-10, 10), Atan, math.Atan) }
func BenchmarkExp(b *testing.B)   { bench1(b, gUni(-20, 20), Exp, math.Exp) }
func BenchmarkLog(b *testing.B)   { bench1(b, gUni(0, 1000), Log, math.Log) }
func BenchmarkLog10(b *testing.B) { bench1(b, gUni(0, 1000), Log10, math.Log10) }
func BenchmarkSqrt(b *testing.B)  { bench1(b, gUni(0, 1000), Sqrt, math.Sqrt) }
func BenchmarkFloor(b *testing.B) { bench1(b, gUni(-1000, 1000), Floor, math.Floor) }

func BenchmarkSinHuge(b *testing.B) { bench1(b, gLog(30, 1000, true), Sin, math.Sin) }

func BenchmarkAtan2(b *testing.B) { bench2(b, gUni(-10, 10), gUni(-10, 10), Atan2, math.Atan2) }
func BenchmarkPow(b *testing.B)   { bench2(b, gUni(0, 100), gUni(-10, 10), Pow, math.Pow) }
func BenchmarkPowInt(b *testing.B) {
	bench2(b, gUni(-10, 10), gInt(-8, 8), Pow, math.Pow)
}
func BenchmarkMod(b *testing.B) { bench2(b, gUni(-1000, 1000), gUni(0.5, 10), Mod, math.Mod) }
