package dmath

import (
	"math"
	"testing"
)

// FuzzExpLogPow checks invariants of Exp, Log and Pow on arbitrary inputs:
// no panic, canonical NaNs, NaN exactly when the maths says so, finite
// inputs giving sensible outputs, and closeness to math.* (or, where math.*
// is off, to the exact result). The seeds run in plain go test; explore
// with go test -fuzz FuzzExpLogPow ./engine/dmath.
func FuzzExpLogPow(f *testing.F) {
	seeds := [][2]float64{
		{0, 0}, {1, 1}, {2, 10}, {-2, 3}, {-2, 0.5}, {0.5, -1074}, {10, -2}, {709.78, 1}, {-745.13, 2},
		{math.Inf(1), -1}, {math.Inf(-1), 3}, {math.NaN(), 0}, {math.Copysign(0, -1), -3}, {1e-310, 0.25},
		{1.0000000000000002, 1e18}, {0.9999999999999999, -1e17}, {math.MaxFloat64, 0.5}, {3, 1.0 / 3},
		{-1, math.Inf(1)}, {123.456, -7.89}, {5e-324, -1},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	canon := math.Float64bits(math.NaN())
	f.Fuzz(func(t *testing.T, x, y float64) {
		checkNaN := func(name string, v float64) {
			if isNaN(v) && math.Float64bits(v) != canon {
				t.Fatalf("%s: non-canonical NaN %#x", name, math.Float64bits(v))
			}
		}
		// close reports whether v is near math's w, or else within one ulp
		// of the exact value given by ref.
		close := func(v, w float64, ref func() float64) bool {
			if relClose(v, w, 1e-14) {
				return true
			}
			e := ref()
			return ulpDiff(v, e) <= 1
		}

		// Exp.
		e := Exp(x)
		checkNaN("Exp", e)
		switch {
		case isNaN(x):
			if !isNaN(e) {
				t.Fatalf("Exp(NaN) = %v", e)
			}
		case e < 0 || isNaN(e):
			t.Fatalf("Exp(%v) = %v", x, e)
		case x < 709.78 && math.IsInf(e, 0):
			t.Fatalf("Exp(%v) = %v, want finite", x, e)
		case x > -745.13 && x <= 709.78:
			if !close(e, math.Exp(x), func() float64 { v, _ := bigExp(bf(x, 64), refPrec).Float64(); return v }) {
				t.Fatalf("Exp(%v) = %v, math.Exp = %v", x, e, math.Exp(x))
			}
		}

		// Log.
		l := Log(math.Abs(x))
		checkNaN("Log", l)
		ax := math.Abs(x)
		switch {
		case isNaN(x):
			if !isNaN(l) {
				t.Fatalf("Log(NaN) = %v", l)
			}
		case ax > 0 && !math.IsInf(ax, 0):
			if isNaN(l) || math.IsInf(l, 0) {
				t.Fatalf("Log(%v) = %v", ax, l)
			}
			if !close(l, math.Log(ax), func() float64 { v, _ := bigLog(bf(ax, 64), refPrec).Float64(); return v }) {
				t.Fatalf("Log(%v) = %v, math.Log = %v", ax, l, math.Log(ax))
			}
			if (ax > 1) != (l > 0) || (ax < 1) != (l < 0) {
				t.Fatalf("Log(%v) = %v has the wrong sign", ax, l)
			}
		}
		if x > -700 && x < 700 {
			if back := Log(Exp(x)); math.Abs(back-x) > 1e-15*math.Max(1, math.Abs(x)) {
				t.Fatalf("Log(Exp(%v)) = %v", x, back)
			}
		}

		// Pow.
		p := Pow(x, y)
		checkNaN("Pow", p)
		finite := !isNaN(x) && !isNaN(y) && !math.IsInf(x, 0) && !math.IsInf(y, 0)
		wantNaN := (isNaN(x) || isNaN(y) || (finite && x < 0 && y != math.Trunc(y))) && y != 0 && x != 1
		if isNaN(p) != wantNaN {
			t.Fatalf("Pow(%v, %v) = %v", x, y, p)
		}
		if finite && x != 0 && !wantNaN {
			if isOddInt(y) && x < 0 && !(p < 0 || p == 0 && math.Signbit(p)) {
				t.Fatalf("Pow(%v, %v) = %v, want negative", x, y, p)
			}
			if !(isOddInt(y) && x < 0) && (p < 0 || math.Signbit(p)) {
				t.Fatalf("Pow(%v, %v) = %v, want positive", x, y, p)
			}
			if !close(p, math.Pow(x, y), func() float64 { v, _ := bigPow(x, y, refPrec).Float64(); return v }) {
				t.Fatalf("Pow(%v, %v) = %v, math.Pow = %v", x, y, p, math.Pow(x, y))
			}
		}
	})
}
