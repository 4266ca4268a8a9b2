package dmath

import (
	"math"
	"math/big"
	"runtime"
	"testing"
)

// These tests measure the true error of each function, in ulps of the
// exact result, against the math/big references of bigref_test.go, and
// fail if it exceeds the documented bound (one ulp; in practice the
// measured maximum is lower, see the test log with -v).

// ulpErr returns |got - exact| in ulps of the exact result rounded to
// float64 (subnormal spacing below 2^-1022).
func ulpErr(got float64, exact *big.Float) float64 {
	ref, _ := exact.Float64()
	if math.IsInf(ref, 0) || math.IsInf(got, 0) {
		if got == ref {
			return 0
		}
		return math.Inf(1)
	}
	_, e := math.Frexp(ref)
	ulpExp := max(e-53, -1074)
	if ref == 0 {
		ulpExp = -1074
	}
	d := newF(refPrec).Sub(bf(got, 64), exact)
	d.Abs(d)
	d.SetMantExp(d, -ulpExp)
	f, _ := d.Float64()
	return f
}

// accuracyCount is the number of inputs per distribution; big.Float is
// slow, and much slower under wasm.
func accuracyCount() int {
	if testing.Short() || runtime.GOARCH == "wasm" {
		return 200
	}
	return 1000
}

type accCase struct {
	name string
	gen  func(r *rng) float64
}

func checkAccuracy1(t *testing.T, name string, f func(float64) float64, ref func(float64) *big.Float, bound float64, cases ...accCase) {
	t.Helper()
	r := newRNG(0xacc0 + uint64(len(name)))
	n := accuracyCount()
	worst, worstAt := 0.0, 0.0
	for _, c := range cases {
		for i := 0; i < n; i++ {
			x := c.gen(r)
			got := f(x)
			e := ulpErr(got, ref(x))
			if e > worst {
				worst, worstAt = e, x
			}
			if e > bound {
				t.Errorf("%s(%v) = %v, error %.3f ulp > %.2f (exact %v)", name, x, got, e, bound, ref(x))
				return
			}
		}
	}
	t.Logf("%-6s max error %.3f ulp (at x=%v)", name, worst, worstAt)
}

func uni(a, b float64) accCase {
	return accCase{"uniform", func(r *rng) float64 { return r.uniform(a, b) }}
}

func logUni(emin, emax int, signed bool) accCase {
	return accCase{"log-uniform", func(r *rng) float64 { return r.logUniform(emin, emax, signed) }}
}

func TestAccuracyExp(t *testing.T) {
	checkAccuracy1(t, "Exp", Exp, func(x float64) *big.Float { return bigExp(bf(x, 64), refPrec) }, 1,
		uni(-745, 709.78), uni(-1, 1), logUni(-60, 3, true), uni(-745.13, -708))
}

func TestAccuracyLog(t *testing.T) {
	checkAccuracy1(t, "Log", Log, func(x float64) *big.Float { return bigLog(bf(x, 64), refPrec) }, 1,
		logUni(-1022, 1023, false), uni(0.5, 2), uni(0.99, 1.01), uni(0x1p-1074, 0x1p-1022))
}

func TestAccuracyLog10(t *testing.T) {
	ref := func(x float64) *big.Float {
		l := bigLog(bf(x, 64), refPrec+32)
		return l.Quo(l, bigLn10(refPrec+32))
	}
	checkAccuracy1(t, "Log10", Log10, ref, 1,
		logUni(-1022, 1023, false), uni(0.5, 2), uni(0.99, 1.01), uni(1, 1e6), uni(0x1p-1074, 0x1p-1022))
}

func trigCases() []accCase {
	return []accCase{uni(-4, 4), uni(-100, 100), uni(-1e6, 1e6), logUni(-30, 1023, true), logUni(18, 24, true)}
}

func TestAccuracySin(t *testing.T) {
	ref := func(x float64) *big.Float { s, _ := bigSinCos(x, refPrec); return s }
	checkAccuracy1(t, "Sin", Sin, ref, 1, trigCases()...)
}

func TestAccuracyCos(t *testing.T) {
	ref := func(x float64) *big.Float { _, c := bigSinCos(x, refPrec); return c }
	checkAccuracy1(t, "Cos", Cos, ref, 1, trigCases()...)
}

func TestAccuracyTan(t *testing.T) {
	ref := func(x float64) *big.Float {
		s, c := bigSinCos(x, refPrec)
		return s.Quo(s, c)
	}
	checkAccuracy1(t, "Tan", Tan, ref, 1, trigCases()...)
}

func TestAccuracyAtan(t *testing.T) {
	ref := func(x float64) *big.Float { return bigAtan(bf(x, 64), refPrec) }
	checkAccuracy1(t, "Atan", Atan, ref, 1, uni(-1, 1), uni(-20, 20), logUni(-40, 80, true))
}

// bigAsin returns asin x = atan(x/√(1-x²)) for |x| < 1.
func bigAsin(x float64, prec uint) *big.Float {
	wp := prec + 64
	xb := bf(x, wp)
	d := newF(wp).Mul(xb, xb)
	d.Sub(bf(1, wp), d)
	d.Sqrt(d)
	return bigAtan(d.Quo(xb, d), prec)
}

func TestAccuracyAsin(t *testing.T) {
	ref := func(x float64) *big.Float { return bigAsin(x, refPrec) }
	checkAccuracy1(t, "Asin", Asin, ref, 1, uni(-1, 1), uni(0.99, 1), uni(-1, -0.99), logUni(-30, -1, true))
}

func TestAccuracyAcos(t *testing.T) {
	ref := func(x float64) *big.Float {
		a := bigAsin(x, refPrec+64)
		h := newF(refPrec+64).Quo(bigPi(refPrec+64), bf(2, 64))
		return newF(refPrec).Sub(h, a)
	}
	checkAccuracy1(t, "Acos", Acos, ref, 1, uni(-1, 1), uni(0.99, 1), uni(-1, -0.99), logUni(-30, -1, true))
}

// bigAtan2 returns atan2(y, x) for finite nonzero x and y.
func bigAtan2(y, x float64, prec uint) *big.Float {
	wp := prec + 64
	q := newF(wp).Quo(bf(y, 64), bf(x, 64))
	a := bigAtan(q, wp)
	if x < 0 {
		if y >= 0 {
			a.Add(a, bigPi(wp))
		} else {
			a.Sub(a, bigPi(wp))
		}
	}
	return newF(prec).Set(a)
}

func TestAccuracyAtan2(t *testing.T) {
	r := newRNG(0xa7a2)
	n := accuracyCount()
	worst := 0.0
	gens := []func() (float64, float64){
		func() (float64, float64) { return r.uniform(-10, 10), r.uniform(-10, 10) },
		func() (float64, float64) { return r.logUniform(-1000, 1000, true), r.logUniform(-1000, 1000, true) },
		func() (float64, float64) { return r.logUniform(-10, 10, true), r.logUniform(-70, 70, true) },
	}
	for _, g := range gens {
		for i := 0; i < n; i++ {
			y, x := g()
			got := Atan2(y, x)
			e := ulpErr(got, bigAtan2(y, x, refPrec))
			worst = max(worst, e)
			if e > 1 {
				t.Fatalf("Atan2(%v, %v) = %v, error %.3f ulp", y, x, got, e)
			}
		}
	}
	t.Logf("Atan2  max error %.3f ulp", worst)
}

// bigPow returns |x|^y with the sign of x^y for integer y, for finite
// nonzero x.
func bigPow(x, y float64, prec uint) *big.Float {
	wp := prec + 64
	l := bigLog(bf(math.Abs(x), 64), wp+32)
	l.Mul(l, bf(y, 64))
	if v, _ := l.Float64(); v > 710 || v < -746 {
		if v > 0 {
			return newF(prec).SetInf(x < 0 && isOddInt(y))
		}
		return newF(prec)
	}
	p := bigExp(l, prec)
	if x < 0 && isOddInt(y) {
		p.Neg(p)
	}
	return p
}

func TestAccuracyPow(t *testing.T) {
	r := newRNG(0x90e)
	n := accuracyCount()
	worst, wx, wy := 0.0, 0.0, 0.0
	gens := []func() (float64, float64){
		func() (float64, float64) { return r.uniform(0, 10), r.uniform(-10, 10) },
		func() (float64, float64) { return r.uniform(0, 1000), r.uniform(-100, 100) },
		func() (float64, float64) { return r.logUniform(-1074, 1023, false), r.uniform(-1, 1) },
		func() (float64, float64) { return r.uniform(0.999, 1.001), r.uniform(-1e5, 1e5) },
		func() (float64, float64) { return r.uniform(-20, 20), math.Floor(r.uniform(-60, 60)) },
		func() (float64, float64) { // results near overflow and underflow
			x := r.uniform(1.5, 3)
			return x, r.uniform(-1074, 1024) / math.Log2(x)
		},
	}
	for _, g := range gens {
		for i := 0; i < n; i++ {
			x, y := g()
			got := Pow(x, y)
			if x == 0 || isNaN(got) {
				continue
			}
			e := ulpErr(got, bigPow(x, y, refPrec))
			if e > worst {
				worst, wx, wy = e, x, y
			}
			if e > 1 {
				t.Fatalf("Pow(%v, %v) = %v, error %.3f ulp", x, y, got, e)
			}
		}
	}
	t.Logf("Pow    max error %.3f ulp (at %v, %v)", worst, wx, wy)
}
