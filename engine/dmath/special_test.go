package dmath

import (
	"math"
	"testing"
)

var (
	inf    = math.Inf(1)
	ninf   = math.Inf(-1)
	nz     = math.Copysign(0, -1)
	qnan   = math.NaN()
	minSub = math.SmallestNonzeroFloat64
	maxF   = math.MaxFloat64
)

// same reports whether a and b are the same float64, bit for bit, except
// that any NaN equals any NaN (the canonical-NaN test checks bits).
func same(a, b float64) bool {
	if isNaN(a) || isNaN(b) {
		return isNaN(a) && isNaN(b)
	}
	return math.Float64bits(a) == math.Float64bits(b)
}

type case1 struct {
	x, want float64
}

type case2 struct {
	x, y, want float64
}

var special1 = map[string]struct {
	f     func(float64) float64
	cases []case1
}{
	"Sqrt":  {Sqrt, []case1{{qnan, qnan}, {inf, inf}, {ninf, qnan}, {0, 0}, {nz, nz}, {-1, qnan}, {4, 2}, {minSub, 0x1p-537}, {2, math.Sqrt2}}},
	"Floor": {Floor, []case1{{qnan, qnan}, {inf, inf}, {ninf, ninf}, {nz, nz}, {-0.5, -1}, {0.5, 0}, {-2, -2}, {1e300, 1e300}, {minSub, 0}, {-minSub, -1}}},
	"Ceil":  {Ceil, []case1{{qnan, qnan}, {inf, inf}, {ninf, ninf}, {nz, nz}, {-0.5, nz}, {0.5, 1}, {2, 2}, {minSub, 1}, {-minSub, nz}}},
	"Abs":   {Abs, []case1{{qnan, qnan}, {ninf, inf}, {nz, 0}, {-3, 3}, {-minSub, minSub}}},
	"Exp": {Exp, []case1{
		{qnan, qnan}, {inf, inf}, {ninf, 0}, {0, 1}, {nz, 1}, {1e-300, 1}, {-1e-300, 1}, {minSub, 1},
		{710, inf}, {1e300, inf}, {-746, 0}, {-1e300, 0},
		{709.782712893384, 1.7976931348622732e308}, {-745.1332191019411, minSub}, {-745.1332191019412, 0},
		{1, math.E}, {math.Ln2, 2},
	}},
	"Log": {Log, []case1{
		{qnan, qnan}, {inf, inf}, {ninf, qnan}, {-1, qnan}, {-minSub, qnan}, {0, ninf}, {nz, ninf},
		{1, 0}, {2, math.Ln2}, {math.E, 1}, {minSub, -744.4400719213812}, {maxF, 709.782712893384},
		{0x1p-1022, -708.3964185322641}, {10, math.Ln10},
	}},
	"Log10": {Log10, []case1{
		{qnan, qnan}, {inf, inf}, {ninf, qnan}, {-1, qnan}, {0, ninf}, {nz, ninf}, {1, 0},
		{10, 1}, {100, 2}, {1e22, 22}, {1e-5, -5}, {minSub, -323.3062153431158}, {maxF, 308.25471555991675},
	}},
	"Sin": {Sin, []case1{
		{qnan, qnan}, {inf, qnan}, {ninf, qnan}, {0, 0}, {nz, nz}, {minSub, minSub}, {-minSub, -minSub},
		{1e-20, 1e-20}, {Pi, 1.2246467991473532e-16}, {-Pi, -1.2246467991473532e-16}, {Pi / 2, 1},
		{Pi / 6, 0.5}, {1e22, -0.8522008497671888}, {maxF, 0.004961954789184062},
	}},
	"Cos": {Cos, []case1{
		{qnan, qnan}, {inf, qnan}, {ninf, qnan}, {0, 1}, {nz, 1}, {minSub, 1}, {1e-20, 1},
		{Pi, -1}, {Pi / 2, 6.123233995736766e-17}, {Pi / 3, 0.4999999999999999}, {1e22, 0.523214785395139},
		{maxF, -0.9999876894265599},
	}},
	"Tan": {Tan, []case1{
		{qnan, qnan}, {inf, qnan}, {ninf, qnan}, {0, 0}, {nz, nz}, {minSub, minSub}, {1e-20, 1e-20},
		{Pi / 4, 0.9999999999999999}, {Pi / 2, 1.633123935319537e16}, {-Pi / 2, -1.633123935319537e16},
		{Pi, -1.2246467991473532e-16}, {1e22, -1.6287782256068988},
	}},
	"Asin": {Asin, []case1{
		{qnan, qnan}, {inf, qnan}, {ninf, qnan}, {1.0000000000000002, qnan}, {-2, qnan},
		{0, 0}, {nz, nz}, {minSub, minSub}, {1, Pi / 2}, {-1, -Pi / 2}, {0.5, 0.5235987755982989},
	}},
	"Acos": {Acos, []case1{
		{qnan, qnan}, {inf, qnan}, {1.0000000000000002, qnan}, {-2, qnan},
		{1, 0}, {-1, Pi}, {0, Pi / 2}, {nz, Pi / 2}, {0.5, 1.0471975511965979}, {-0.5, 2.0943951023931957},
	}},
	"Atan": {Atan, []case1{
		{qnan, qnan}, {inf, Pi / 2}, {ninf, -Pi / 2}, {0, 0}, {nz, nz}, {minSub, minSub}, {1, Pi / 4},
		{-1, -Pi / 4}, {1e300, Pi / 2}, {-1e300, -Pi / 2},
	}},
}

var special2 = map[string]struct {
	f     func(x, y float64) float64
	cases []case2
}{
	"Pow": {Pow, []case2{
		{qnan, 0, 1}, {qnan, nz, 1}, {1, qnan, 1}, {1, inf, 1}, {-1, inf, 1}, {-1, ninf, 1},
		{5, 1, 5}, {qnan, 1, qnan}, {qnan, 2, qnan}, {2, qnan, qnan},
		{0, -1, inf}, {nz, -1, ninf}, {0, -2, inf}, {nz, -2, inf}, {nz, -0.5, inf}, {0, ninf, inf}, {nz, ninf, inf},
		{0, 1, 0}, {nz, 3, nz}, {nz, 2, 0}, {0, 0.5, 0}, {nz, 0.5, 0}, {0, inf, 0},
		{2, inf, inf}, {-2, inf, inf}, {0.5, inf, 0}, {-0.5, inf, 0}, {2, ninf, 0}, {0.5, ninf, inf},
		{inf, 2, inf}, {inf, -2, 0}, {inf, 0.5, inf}, {ninf, 3, ninf}, {ninf, 2, inf}, {ninf, -3, nz}, {ninf, -2, 0},
		{ninf, 0.5, inf},
		{-2, 0.5, qnan}, {-8, 1.0 / 3, qnan}, {-1, 1.5, qnan},
		{-2, 3, -8}, {-2, 4, 16}, {-2, -3, -0.125}, {-2, -2, 0.25}, {-1, 1e300, 1}, {-1, 0x1p52 + 1, -1},
		{2, 10, 1024}, {10, 2, 100}, {3, 3, 27}, {10, 22, 1e22}, {10, -2, 0.01}, {2, -1074, minSub},
		{2, -1075, 0}, {-2, -1075, nz}, {2, 1023, 0x1p1023}, {2, 1024, inf}, {-2, 1025, ninf},
		{4, 0.5, 2}, {2, 0.5, math.Sqrt2}, {1e308, 2, inf}, {-1e308, 3, ninf}, {1e-308, 2, 0}, {-1e-200, 3, nz},
		{0.5, 1e10, 0}, {1.0000000000000002, 1e18, 2.7086111089766717e96},
	}},
	"Atan2": {Atan2, []case2{
		{qnan, 1, qnan}, {1, qnan, qnan}, {0, 1, 0}, {nz, 1, nz}, {0, 0, 0}, {nz, 0, nz},
		{0, nz, Pi}, {nz, nz, -Pi}, {0, -1, Pi}, {nz, -1, -Pi},
		{1, 0, Pi / 2}, {1, nz, Pi / 2}, {-1, 0, -Pi / 2}, {-1, nz, -Pi / 2},
		{inf, inf, Pi / 4}, {ninf, inf, -Pi / 4}, {inf, ninf, 3 * Pi / 4}, {ninf, ninf, -3 * Pi / 4},
		{1, inf, 0}, {-1, inf, nz}, {1, ninf, Pi}, {-1, ninf, -Pi}, {inf, 1, Pi / 2}, {ninf, -1, -Pi / 2},
		{1, 1, Pi / 4}, {-1, -1, -3 * Pi / 4}, {maxF, minSub, Pi / 2}, {minSub, maxF, 0}, {minSub, -maxF, Pi},
		{1, 2, 0.4636476090008061}, {maxF, maxF, Pi / 4}, {minSub, minSub, Pi / 4},
	}},
	"Mod": {Mod, []case2{
		{qnan, 1, qnan}, {1, qnan, qnan}, {inf, 1, qnan}, {ninf, 1, qnan}, {1, 0, qnan}, {1, nz, qnan}, {inf, inf, qnan},
		{0, 1, 0}, {nz, 1, nz}, {3, inf, 3}, {-3, ninf, -3}, {0, inf, 0},
		{5.5, 2, 1.5}, {-5.5, 2, -1.5}, {5.5, -2, 1.5}, {-4, 2, nz}, {4, 2, 0}, {1, 3, 1},
		{1e308, 3, 2}, {maxF, minSub, 0}, {3 * minSub, 2 * minSub, minSub}, {1, 0.1, 0.09999999999999995},
		{maxF, 1.5, 0.5}, {7 * minSub, 3, 7 * minSub},
	}},
	"Min": {Min, []case2{
		{1, 2, 1}, {2, 1, 1}, {qnan, 1, qnan}, {1, qnan, qnan}, {qnan, ninf, ninf}, {ninf, qnan, ninf},
		{0, nz, nz}, {nz, 0, nz}, {0, 0, 0}, {inf, 1, 1},
	}},
	"Max": {Max, []case2{
		{1, 2, 2}, {2, 1, 2}, {qnan, 1, qnan}, {1, qnan, qnan}, {qnan, inf, inf}, {inf, qnan, inf},
		{0, nz, 0}, {nz, 0, 0}, {nz, nz, nz}, {ninf, 1, 1},
	}},
}

func TestSpecialValues(t *testing.T) {
	for name, s := range special1 {
		for _, c := range s.cases {
			if got := s.f(c.x); !same(got, c.want) {
				t.Errorf("%s(%v) = %v (%#x), want %v", name, c.x, got, math.Float64bits(got), c.want)
			}
		}
	}
	for name, s := range special2 {
		for _, c := range s.cases {
			if got := s.f(c.x, c.y); !same(got, c.want) {
				t.Errorf("%s(%v, %v) = %v, want %v", name, c.x, c.y, got, c.want)
			}
		}
	}
}

func TestModfFrexpLdexp(t *testing.T) {
	modf := []struct{ x, i, f float64 }{
		{3.75, 3, 0.75}, {-3.75, -3, -0.75}, {-3, -3, nz}, {3, 3, 0}, {0, 0, 0}, {nz, nz, nz},
		{-0.5, nz, -0.5}, {inf, inf, 0}, {ninf, ninf, nz}, {qnan, qnan, qnan}, {1e300, 1e300, 0},
		{minSub, 0, minSub},
	}
	for _, c := range modf {
		i, f := Modf(c.x)
		if !same(i, c.i) || !same(f, c.f) {
			t.Errorf("Modf(%v) = %v, %v; want %v, %v", c.x, i, f, c.i, c.f)
		}
	}
	frexp := []struct {
		x, f float64
		e    int
	}{
		{8, 0.5, 4}, {-3, -0.75, 2}, {0, 0, 0}, {nz, nz, 0}, {inf, inf, 0}, {ninf, ninf, 0}, {qnan, qnan, 0},
		{minSub, 0.5, -1073}, {maxF, 1 - 0x1p-53, 1024},
	}
	for _, c := range frexp {
		f, e := Frexp(c.x)
		if !same(f, c.f) || e != c.e {
			t.Errorf("Frexp(%v) = %v, %d; want %v, %d", c.x, f, e, c.f, c.e)
		}
		if !isNaN(c.x) && !same(Ldexp(f, e), c.x) {
			t.Errorf("Ldexp(Frexp(%v)) = %v", c.x, Ldexp(f, e))
		}
	}
	ldexp := []struct {
		f    float64
		e    int
		want float64
	}{
		{1, 10, 1024}, {1, -1074, minSub}, {1, -1075, 0}, {1.5, -1075, minSub}, {1, 1024, inf}, {-1, 1024, ninf},
		{nz, 5, nz}, {inf, -5000, inf}, {qnan, 1, qnan}, {minSub, 1074, 1}, {3, -1074, 3 * minSub},
		{1, math.MinInt64, 0}, {1, math.MaxInt64, inf},
	}
	for _, c := range ldexp {
		if got := Ldexp(c.f, c.e); !same(got, c.want) {
			t.Errorf("Ldexp(%v, %d) = %v, want %v", c.f, c.e, got, c.want)
		}
	}
}

func TestConstantsAPI(t *testing.T) {
	if !math.IsInf(Huge, 1) {
		t.Errorf("Huge = %v, want +Inf", Huge)
	}
	if Pi != math.Pi || float64(Pi) != 3.141592653589793 {
		t.Errorf("Pi = %v", Pi)
	}
}

// TestCanonicalNaN checks that every NaN result is math.NaN(), bit for bit,
// whatever the NaN payload and sign of the operands.
func TestCanonicalNaN(t *testing.T) {
	canon := math.Float64bits(math.NaN())
	nans := []float64{
		math.NaN(), math.Float64frombits(0xfff8000000000000), math.Float64frombits(0x7ff0000000000001),
		math.Float64frombits(0xffffffffffffffff), math.Float64frombits(0x7ff8deadbeef0000),
	}
	check := func(name string, v float64) {
		t.Helper()
		if isNaN(v) && math.Float64bits(v) != canon {
			t.Errorf("%s returned NaN %#x, want %#x", name, math.Float64bits(v), canon)
		}
	}
	others := []float64{0, nz, 1, -1, 2, -2, 0.5, inf, ninf, minSub, maxF, -maxF}
	for _, n := range nans {
		for name, s := range special1 {
			check(name, s.f(n))
		}
		for _, o := range append(others, n) {
			for name, s := range special2 {
				check(name, s.f(n, o))
				check(name, s.f(o, n))
			}
		}
		i, f := Modf(n)
		check("Modf", i)
		check("Modf", f)
		fr, _ := Frexp(n)
		check("Frexp", fr)
		check("Ldexp", Ldexp(n, 3))
	}
	// NaNs made from non-NaN operands.
	for _, o := range append(others, 3, -0.5, 1e300) {
		for name, s := range special1 {
			check(name, s.f(o))
		}
		for _, p := range others {
			for name, s := range special2 {
				check(name, s.f(o, p))
			}
		}
	}
}
