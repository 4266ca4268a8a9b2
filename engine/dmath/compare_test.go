package dmath

import (
	"math"
	"math/big"
	"testing"
)

// These tests compare dmath with the standard library over about 100,000
// inputs per function. Where the two disagree by more than a relative 1e-14,
// the math/big reference decides: the test fails unless dmath is within one
// ulp of the exact result (that is, unless math.* is the one that is off;
// for example, on amd64 math.Log of a subnormal is wildly wrong and
// math.Exp overflows early, math.Sin of huge arguments, math.Acos near 1 and
// math.Pow with extreme operands lose many bits, and math.Atan2(-tiny, -huge)
// returns +π). Past the first 300 disagreements, only one in 100 is checked
// against math/big, which is slow.

const compareCount = 100000

// verifyMismatch says whether to check the n-th disagreement with math.*
// against the (slow) math/big reference: the first 300, then one in 100.
func verifyMismatch(n int) bool { return n < 300 || n%100 == 0 }

func relClose(a, b, tol float64) bool {
	if same(a, b) {
		return true
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) || isNaN(a) || isNaN(b) {
		return false
	}
	return math.Abs(a-b) <= tol*math.Max(math.Abs(a), math.Abs(b))
}

type unaryCmp struct {
	name string
	f, m func(float64) float64
	ref  func(float64) *big.Float // nil: must match math.* exactly
	gens []func(r *rng) float64
}

func gUni(a, b float64) func(r *rng) float64 {
	return func(r *rng) float64 { return r.uniform(a, b) }
}

func gLog(emin, emax int, signed bool) func(r *rng) float64 {
	return func(r *rng) float64 { return r.logUniform(emin, emax, signed) }
}

func gSubnormal(r *rng) float64 { return math.Float64frombits(r.next() >> 12) }

func gAny(r *rng) float64 { return r.anyFloat() }

func refOrNil(f func(float64) *big.Float) func(float64) *big.Float { return f }

var unaryCmps = []unaryCmp{
	{"Exp", Exp, math.Exp, refOrNil(func(x float64) *big.Float { return bigExp(bf(x, 64), refPrec) }),
		[]func(*rng) float64{gUni(-745.2, 709.8), gLog(-1074, 10, true), gUni(-2, 2)}},
	{"Log", Log, math.Log, func(x float64) *big.Float { return bigLog(bf(x, 64), refPrec) },
		[]func(*rng) float64{gLog(-1022, 1023, false), gUni(0.5, 2), gSubnormal}},
	{"Log10", Log10, math.Log10, func(x float64) *big.Float {
		l := bigLog(bf(x, 64), refPrec+32)
		return l.Quo(l, bigLn10(refPrec+32))
	}, []func(*rng) float64{gLog(-1022, 1023, false), gUni(0.5, 2), gSubnormal}},
	{"Sin", Sin, math.Sin, func(x float64) *big.Float { s, _ := bigSinCos(x, refPrec); return s },
		[]func(*rng) float64{gUni(-2*Pi, 2*Pi), gUni(-1e5, 1e5), gLog(-1074, 1023, true)}},
	{"Cos", Cos, math.Cos, func(x float64) *big.Float { _, c := bigSinCos(x, refPrec); return c },
		[]func(*rng) float64{gUni(-2*Pi, 2*Pi), gUni(-1e5, 1e5), gLog(-1074, 1023, true)}},
	{"Tan", Tan, math.Tan, func(x float64) *big.Float { s, c := bigSinCos(x, refPrec); return s.Quo(s, c) },
		[]func(*rng) float64{gUni(-2*Pi, 2*Pi), gUni(-1e5, 1e5), gLog(-1074, 1023, true)}},
	{"Asin", Asin, math.Asin, func(x float64) *big.Float { return bigAsin(x, refPrec) },
		[]func(*rng) float64{gUni(-1, 1), gLog(-1074, -1, true)}},
	{"Acos", Acos, math.Acos, func(x float64) *big.Float {
		a := bigAsin(x, refPrec+64)
		h := newF(refPrec+64).Quo(bigPi(refPrec+64), bf(2, 64))
		return newF(refPrec).Sub(h, a)
	}, []func(*rng) float64{gUni(-1, 1), gLog(-1074, -1, true)}},
	{"Atan", Atan, math.Atan, func(x float64) *big.Float { return bigAtan(bf(x, 64), refPrec) },
		[]func(*rng) float64{gUni(-10, 10), gLog(-1074, 1023, true)}},
	// Functions whose results are exact: they must match math.* bit for
	// bit, NaN payloads aside.
	{"Sqrt", Sqrt, math.Sqrt, nil, []func(*rng) float64{gAny, gUni(0, 100)}},
	{"Floor", Floor, math.Floor, nil, []func(*rng) float64{gAny, gUni(-100, 100)}},
	{"Ceil", Ceil, math.Ceil, nil, []func(*rng) float64{gAny, gUni(-100, 100)}},
	{"Abs", Abs, math.Abs, nil, []func(*rng) float64{gAny}},
}

func TestCompareUnary(t *testing.T) {
	for _, c := range unaryCmps {
		t.Run(c.name, func(t *testing.T) {
			r := newRNG(uint64(len(c.name))*7919 + 1)
			per := compareCount / len(c.gens)
			var maxULP int64
			exact, mathOff := 0, 0
			for _, g := range c.gens {
				for i := 0; i < per; i++ {
					x := g(r)
					a, b := c.f(x), c.m(x)
					if same(a, b) {
						exact++
						continue
					}
					tol := 1e-14
					if c.ref == nil {
						tol = 0
					}
					if relClose(a, b, tol) {
						maxULP = max(maxULP, ulpDiff(a, b))
						continue
					}
					if c.ref == nil {
						t.Fatalf("%s(%v) = %v, math: %v", c.name, x, a, b)
					}
					if !verifyMismatch(mathOff) {
						mathOff++
						continue
					}
					if e := ulpErr(a, c.ref(x)); e > 1 {
						t.Fatalf("%s(%v) = %v (error %.3f ulp), math: %v", c.name, x, a, e, b)
					}
					if mathOff < 3 {
						t.Logf("math.%s(%v) = %v is off; dmath %v is right", c.name, x, b, a)
					}
					mathOff++
				}
			}
			n := per * len(c.gens)
			t.Logf("%d inputs: %.1f%% bit-identical to math.%s, max %d ulp apart otherwise; math.%s off (dmath right) on %d",
				n, 100*float64(exact)/float64(n), c.name, maxULP, c.name, mathOff)
		})
	}
}

type binaryCmp struct {
	name string
	f, m func(x, y float64) float64
	ref  func(x, y float64) *big.Float // nil: must match exactly
	gens []func(r *rng) (float64, float64)
}

func pair(gx, gy func(*rng) float64) func(*rng) (float64, float64) {
	return func(r *rng) (float64, float64) { return gx(r), gy(r) }
}

func gInt(a, b int) func(*rng) float64 {
	return func(r *rng) float64 { return float64(a + int(r.next()%uint64(b-a+1))) }
}

var binaryCmps = []binaryCmp{
	{"Atan2", Atan2, math.Atan2, func(y, x float64) *big.Float { return bigAtan2(y, x, refPrec) },
		[]func(*rng) (float64, float64){
			pair(gUni(-10, 10), gUni(-10, 10)), pair(gLog(-1074, 1023, true), gLog(-1074, 1023, true)),
			pair(gAny, gAny),
		}},
	{"Pow", Pow, math.Pow, func(x, y float64) *big.Float { return bigPow(x, y, refPrec) },
		[]func(*rng) (float64, float64){
			pair(gUni(0, 10), gUni(-30, 30)), pair(gLog(-1074, 1023, false), gUni(-1, 1)),
			pair(gUni(-10, 10), gInt(-50, 50)), pair(gUni(0.99, 1.01), gUni(-1e4, 1e4)), pair(gAny, gAny),
		}},
	{"Mod", Mod, math.Mod, nil, []func(*rng) (float64, float64){
		pair(gAny, gAny), pair(gUni(-100, 100), gUni(-10, 10)), pair(gLog(-1074, 1023, true), gLog(-1074, 1023, true)),
	}},
	{"Min", Min, math.Min, nil, []func(*rng) (float64, float64){pair(gAny, gAny), pair(gInt(-1, 1), gInt(-1, 1))}},
	{"Max", Max, math.Max, nil, []func(*rng) (float64, float64){pair(gAny, gAny), pair(gInt(-1, 1), gInt(-1, 1))}},
}

func TestCompareBinary(t *testing.T) {
	for _, c := range binaryCmps {
		t.Run(c.name, func(t *testing.T) {
			r := newRNG(uint64(len(c.name))*104729 + 3)
			per := compareCount / len(c.gens)
			var maxULP int64
			exact, mathOff := 0, 0
			for _, g := range c.gens {
				for i := 0; i < per; i++ {
					x, y := g(r)
					if c.name == "Min" || c.name == "Max" {
						// Signed zeros from the integer generator.
						if r.next()&1 == 0 && x == 0 {
							x = nz
						}
					}
					a, b := c.f(x, y), c.m(x, y)
					if same(a, b) {
						exact++
						continue
					}
					tol := 1e-14
					if c.ref == nil {
						tol = 0
					}
					if relClose(a, b, tol) {
						maxULP = max(maxULP, ulpDiff(a, b))
						continue
					}
					if c.ref == nil || isNaN(a) || isNaN(b) || math.IsInf(x, 0) || math.IsInf(y, 0) || x == 0 || y == 0 {
						t.Fatalf("%s(%v, %v) = %v, math: %v", c.name, x, y, a, b)
					}
					if !verifyMismatch(mathOff) {
						mathOff++
						continue
					}
					if e := ulpErr(a, c.ref(x, y)); e > 1 {
						t.Fatalf("%s(%v, %v) = %v (error %.3f ulp), math: %v", c.name, x, y, a, e, b)
					}
					if mathOff < 3 {
						t.Logf("math.%s(%v, %v) = %v is off; dmath %v is right", c.name, x, y, b, a)
					}
					mathOff++
				}
			}
			n := per * len(c.gens)
			t.Logf("%d inputs: %.1f%% bit-identical to math.%s, max %d ulp apart otherwise; math.%s off (dmath right) on %d",
				n, 100*float64(exact)/float64(n), c.name, maxULP, c.name, mathOff)
		})
	}
}

// TestCompareMulti checks Modf, Frexp and Ldexp against math.* bit for bit
// (Modf(±Inf) aside, where dmath follows C and returns a ±0 fraction).
func TestCompareMulti(t *testing.T) {
	r := newRNG(42)
	for i := 0; i < compareCount; i++ {
		x := r.anyFloat()
		if i%2 == 0 {
			x = r.uniform(-1e6, 1e6)
		}
		i1, f1 := Modf(x)
		i2, f2 := math.Modf(x)
		if !math.IsInf(x, 0) && (!same(i1, i2) || !same(f1, f2)) {
			t.Fatalf("Modf(%v) = %v, %v; math: %v, %v", x, i1, f1, i2, f2)
		}
		fr1, e1 := Frexp(x)
		fr2, e2 := math.Frexp(x)
		if !same(fr1, fr2) || e1 != e2 {
			t.Fatalf("Frexp(%v) = %v, %d; math: %v, %d", x, fr1, e1, fr2, e2)
		}
		n := int(int64(r.next()%4400) - 2200)
		if l1, l2 := Ldexp(x, n), math.Ldexp(x, n); !same(l1, l2) {
			t.Fatalf("Ldexp(%v, %d) = %v; math: %v", x, n, l1, l2)
		}
	}
}
