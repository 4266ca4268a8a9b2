package dmath

import "math"

// Pi is the ratio of a circle's circumference to its diameter, the float64
// nearest to π (the same value as math.Pi and Lua's math.pi).
const Pi = math.Pi

// Huge is positive infinity, the value of Lua's math.huge. Go has no
// infinite constants, so it is a variable: never assign to it.
var Huge = math.Inf(1)

// nan returns the canonical quiet NaN (the bits of math.NaN()). Every NaN
// this package returns is this one value, whatever the NaN operands or the
// platform, so NaN results hash the same everywhere.
func nan() float64 { return math.NaN() }

// isNaN reports whether x is a NaN.
func isNaN(x float64) bool { return x != x }

// pow2 returns 2^n for -1022 <= n <= 1023.
func pow2(n int) float64 { return math.Float64frombits(uint64(n+1023) << 52) }

// Sqrt returns the square root of x, correctly rounded (IEEE 754 requires
// it, so it is the same everywhere). Sqrt(+Inf) = +Inf, Sqrt(±0) = ±0,
// Sqrt(x < 0) = NaN, Sqrt(NaN) = NaN.
func Sqrt(x float64) float64 {
	if x < 0 || isNaN(x) {
		return nan()
	}
	return math.Sqrt(x)
}

// Floor returns the greatest integer value less than or equal to x.
// Floor(±0) = ±0, Floor(±Inf) = ±Inf, Floor(NaN) = NaN.
func Floor(x float64) float64 {
	if isNaN(x) {
		return nan()
	}
	return math.Floor(x)
}

// Ceil returns the least integer value greater than or equal to x.
// Ceil(±0) = ±0, Ceil(±Inf) = ±Inf, Ceil(NaN) = NaN.
func Ceil(x float64) float64 {
	if isNaN(x) {
		return nan()
	}
	return math.Ceil(x)
}

// Abs returns the absolute value of x. Abs(±Inf) = +Inf, Abs(NaN) = NaN.
func Abs(x float64) float64 {
	if isNaN(x) {
		return nan()
	}
	return math.Abs(x)
}

// Min returns the smaller of x and y, with the special cases of math.Min:
// Min(x, -Inf) = Min(-Inf, x) = -Inf, Min(x, NaN) = Min(NaN, x) = NaN,
// Min(-0, ±0) = Min(±0, -0) = -0.
func Min(x, y float64) float64 {
	switch {
	case math.IsInf(x, -1) || math.IsInf(y, -1):
		return math.Inf(-1)
	case isNaN(x) || isNaN(y):
		return nan()
	case x == 0 && y == 0:
		if math.Signbit(x) {
			return x
		}
		return y
	case x < y:
		return x
	}
	return y
}

// Max returns the larger of x and y, with the special cases of math.Max:
// Max(x, +Inf) = Max(+Inf, x) = +Inf, Max(x, NaN) = Max(NaN, x) = NaN,
// Max(+0, ±0) = Max(±0, +0) = +0, Max(-0, -0) = -0.
func Max(x, y float64) float64 {
	switch {
	case math.IsInf(x, 1) || math.IsInf(y, 1):
		return math.Inf(1)
	case isNaN(x) || isNaN(y):
		return nan()
	case x == 0 && y == 0:
		if math.Signbit(x) {
			return y
		}
		return x
	case x > y:
		return x
	}
	return y
}

// Modf returns the integer part of x and its fractional part, both with the
// sign of x, as C's modf and Lua's math.modf do. Unlike math.Modf, the
// fractional part of ±Inf is ±0 (C semantics), not NaN. Modf(NaN) = NaN, NaN.
func Modf(x float64) (ipart, frac float64) {
	if isNaN(x) {
		return nan(), nan()
	}
	ipart = math.Trunc(x)
	if math.IsInf(x, 0) {
		return ipart, math.Copysign(0, x)
	}
	// x - trunc(x) is exact; Copysign keeps -0 for negative integers.
	return ipart, math.Copysign(x-ipart, x)
}

// Frexp breaks x into a fraction in [½, 1) and a power of two such that
// x = frac × 2^exp, exactly. Frexp(±0) = ±0, 0; Frexp(±Inf) = ±Inf, 0;
// Frexp(NaN) = NaN, 0.
func Frexp(x float64) (frac float64, exp int) {
	if isNaN(x) {
		return nan(), 0
	}
	return math.Frexp(x)
}

// Ldexp returns frac × 2^exp, rounded once (exact unless the result is
// subnormal, overflows or underflows). Ldexp(±0, exp) = ±0,
// Ldexp(±Inf, exp) = ±Inf, Ldexp(NaN, exp) = NaN.
func Ldexp(frac float64, exp int) float64 {
	if isNaN(frac) {
		return nan()
	}
	return math.Ldexp(frac, exp)
}

// Mod returns the remainder of x/y with the sign of x, exactly, like C's
// fmod (and Lua's math.fmod): x - n×y where n is x/y truncated toward zero.
// The result is always exact. Mod(±Inf, y), Mod(x, 0) and Mod with a NaN
// operand are NaN; Mod(x, ±Inf) = x; Mod(±0, y) = ±0 for y != 0.
func Mod(x, y float64) float64 {
	switch {
	case isNaN(x) || isNaN(y) || math.IsInf(x, 0) || y == 0:
		return nan()
	case math.IsInf(y, 0) || x == 0:
		return x
	}
	ax, ay := math.Abs(x), math.Abs(y)
	if ax < ay {
		return x
	}
	mx, ex := mantExp(ax)
	my, ey := mantExp(ay)
	// ax = mx·2^ex, ay = my·2^ey with ex >= ey, so
	// ax mod ay = 2^ey · ((mx·2^(ex-ey)) mod my). Shift in at most 11 bits
	// at a time so that r<<s stays below 2^64.
	r := mx % my
	for d := ex - ey; d > 0; {
		s := min(d, 11)
		r = (r << s) % my
		d -= s
	}
	// r < 2^53 converts exactly; r·2^ey is representable (it is a multiple
	// of y's last bit), so scaling in two exact steps keeps it exact.
	res := float64(r)
	if ey < -1000 {
		res = res * pow2(ey+200) * pow2(-200)
	} else {
		res *= pow2(ey)
	}
	return math.Copysign(res, x)
}

// mantExp returns m and e with a = m·2^e and 2^52 <= m < 2^53, for finite
// a > 0 (subnormals included).
func mantExp(a float64) (m uint64, e int) {
	b := math.Float64bits(a)
	be := int(b >> 52 & 0x7ff)
	m = b & (1<<52 - 1)
	if be == 0 {
		// Subnormal: normalise the significand.
		for m < 1<<52 {
			m <<= 1
			be--
		}
		return m, be - 1074
	}
	return m | 1<<52, be - 1075
}
