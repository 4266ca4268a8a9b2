package script

import (
	"math"
	"strconv"
	"testing"
)

func TestFmtNumber(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "-0"}, {1, "1"}, {-7, "-7"}, {0.1 + 0.2, "0.3"},
		{1e14, "1e+14"}, {99999999999999, "99999999999999"}, {1e15, "1e+15"}, {1 << 53, "9.007199254741e+15"},
		{1.0 / 3, "0.33333333333333"}, {1e-5, "1e-05"}, {0.0001, "0.0001"}, {1e100, "1e+100"},
		{123456789012345, "1.2345678901234e+14"}, {5e-324, "4.9406564584125e-324"},
		{math.Inf(1), "inf"}, {math.Inf(-1), "-inf"}, {math.NaN(), "nan"}, {-math.NaN(), "nan"},
	} {
		if got := fmtNumber(c.f); got != c.want {
			t.Errorf("fmtNumber(%v) = %q, want %q", c.f, got, c.want)
		}
	}
}

func TestStr2Number(t *testing.T) {
	for _, c := range []struct {
		s  string
		f  float64
		ok bool
	}{
		{"10", 10, true}, {" \t\v\f\r10\n", 10, true}, {"010", 10, true}, {"1e2", 100, true}, {"0x1F", 31, true},
		{"-0x10", -16, true}, {"0x1p4", 16, true}, {".5", 0.5, true}, {"5.", 5, true}, {"1e400", math.Inf(1), true},
		{"10\x00junk", 10, true}, {"inf", math.Inf(1), true}, {"-Infinity", math.Inf(-1), true},
		{"", 0, false}, {" ", 0, false}, {"1e", 0, false}, {"1_0", 0, false}, {"0b1", 0, false}, {"0o7", 0, false},
		{"0x", 0, false}, {"1 2", 0, false}, {"abc", 0, false}, {"--1", 0, false},
	} {
		f, ok := str2number(c.s)
		if ok != c.ok || (ok && f != c.f) {
			t.Errorf("str2number(%q) = %v, %v; want %v, %v", c.s, f, ok, c.f, c.ok)
		}
	}
}

// FuzzStr2Number: any text reads without panicking, and whatever
// fmtNumber writes reads back within its 14 significant digits.
func FuzzStr2Number(f *testing.F) {
	for _, s := range []string{"10", "0x1p4", "nan(abc)", " -1e-7 ", "0x.8", "1e400", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		str2number(s)
		_, _ = strtoul(s, 36) // must not panic
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) {
			return
		}
		back, ok := str2number(fmtNumber(x))
		if !ok {
			t.Fatalf("fmtNumber(%v) = %q does not read back", x, fmtNumber(x))
		}
		if !math.IsInf(x, 0) && math.Abs(back-x) > 1e-13*math.Abs(x) {
			t.Fatalf("fmtNumber(%v) = %q reads back as %v", x, fmtNumber(x), back)
		}
	})
}
