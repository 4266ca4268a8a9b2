package dmath

import "math"

// atanSmall returns atan(qh+ql) as a double-double, for 0 <= q <= 1.
//
// With c = i/16 the nearest sixteenth to q, atan q = atan c + atan u where
// u = (q-c)/(1+q·c), |u| <= 1/32; atan c comes from a table (atanHi/Lo) and
// atan u = u - u³/3 + u⁵/5 - ... is truncated after u^15 (next term below
// 2^-70 relative). q-c is exact; the denominator and the quotient are
// double-doubles, so that the table value and u add up with a single
// rounding at the end.
func atanSmall(qh, ql float64) (hi, lo float64) {
	i := int(float64(qh*16) + 0.5)
	uh, ul := qh, ql
	if i > 0 {
		c := float64(float64(i) / 16)
		nh, nl := twoSum(qh-c, ql)
		ph, pl := twoProd(qh, c)
		pl += float64(ql * c)
		dh, dl := fastTwoSum(1, ph)
		dl += pl
		uh, ul = divDD(nh, nl, dh, dl)
	}
	// p = -1/3 + z/5 - ... - z^6/15 (Estrin's scheme).
	z := uh * uh
	z2 := z * z
	z4 := z2 * z2
	p0 := -1.0/3 + float64(z*(1.0/5)) + float64(z2*(-1.0/7+float64(z*(1.0/9))))
	p1 := -1.0/11 + float64(z*(1.0/13)) + float64(z2*(-1.0/15))
	p := p0 + float64(z4*p1)
	s, e := twoSum(atanHi[i], uh)
	e += atanLo[i] + (ul + float64(float64(uh*z)*p))
	return fastTwoSum(s, e)
}

// atanRatio returns atan(a/b) as a double-double for a = ah+al >= 0 and
// b = bh+bl >= 0, not both zero, of moderate size (below about 2^900, so
// that the double-double products cannot overflow). For a > b it uses
// atan(a/b) = π/2 - atan(b/a).
func atanRatio(ah, al, bh, bl float64) (hi, lo float64) {
	if ah <= bh {
		qh, ql := divDD(ah, al, bh, bl)
		return atanSmall(qh, ql)
	}
	qh, ql := divDD(bh, bl, ah, al)
	th, tl := atanSmall(qh, ql)
	return subDD(pio2Hi, pio2Lo, th, tl)
}

// Atan returns the arctangent of x in radians, in [-π/2, π/2], within one
// ulp. Atan(±0) = ±0, Atan(±Inf) = ±π/2, Atan(NaN) = NaN.
func Atan(x float64) float64 {
	if isNaN(x) {
		return nan()
	}
	ax := math.Abs(x)
	var r float64
	switch {
	case ax < 0x1p-27: // atan x = x(1 - x²/3) rounds to x
		return x
	case ax > 0x1p60: // atan x = π/2 - 1/x rounds to π/2
		r = Pi / 2
	default:
		h, l := atanRatio(ax, 0, 1, 0)
		r = h + l
	}
	return math.Copysign(r, x)
}

// Atan2 returns the arctangent of y/x in radians, in [-π, π], using the
// signs of both to find the quadrant, within one ulp. Special cases, as in
// C99 and math.Atan2:
//
//	Atan2(y, NaN) = Atan2(NaN, x) = NaN
//	Atan2(±0, x>=0) = ±0;  Atan2(±0, x<=-0) = ±π
//	Atan2(y>0, ±0) = +π/2; Atan2(y<0, ±0) = -π/2
//	Atan2(±Inf, +Inf) = ±π/4; Atan2(±Inf, -Inf) = ±3π/4
//	Atan2(y, +Inf) = ±0 and Atan2(y, -Inf) = ±π for finite y
//	Atan2(±Inf, x) = ±π/2 for finite x
func Atan2(y, x float64) float64 {
	switch {
	case isNaN(x) || isNaN(y):
		return nan()
	case y == 0:
		if x > 0 || (x == 0 && !math.Signbit(x)) {
			return y
		}
		return math.Copysign(Pi, y)
	case x == 0:
		return math.Copysign(Pi/2, y)
	case math.IsInf(x, 0):
		if math.IsInf(x, 1) {
			if math.IsInf(y, 0) {
				return math.Copysign(Pi/4, y)
			}
			return math.Copysign(0, y)
		}
		if math.IsInf(y, 0) {
			return math.Copysign(3*Pi/4, y)
		}
		return math.Copysign(Pi, y)
	case math.IsInf(y, 0):
		return math.Copysign(Pi/2, y)
	}
	// θ = atan(|y|/|x|) in [0, π/2]. Scale both by the same power of two
	// (exact) unless their ratio is so extreme that θ is trivial.
	ay, ax := math.Abs(y), math.Abs(x)
	my, ey := math.Frexp(ay)
	mx, ex := math.Frexp(ax)
	var th, tl float64
	switch d := ey - ex; {
	case d < -60: // θ = q - q³/3 rounds to q = |y|/|x|
		th = ay / ax
	case d > 60: // θ = π/2 - 1/q
		th, tl = fastTwoSum(pio2Hi, pio2Lo-ax/ay)
	default:
		th, tl = atanRatio(math.Ldexp(my, d), 0, mx, 0)
	}
	var r float64
	if x < 0 {
		h, l := subDD(piHi, piLo, th, tl)
		r = h + l
	} else {
		r = th + tl
	}
	return math.Copysign(r, y)
}

// sqrt1mx2 returns √(1-x²) as a double-double for 0 <= x < 1.
func sqrt1mx2(x float64) (hi, lo float64) {
	// w = 1 - x² as a double-double.
	var wh, wl float64
	if x >= 0.5 {
		a := 1 - x // exact
		bh, bl := twoSum(1, x)
		wh, wl = twoProd(a, bh)
		wl += float64(a * bl)
	} else {
		x2h, x2l := twoProd(x, x)
		var e float64
		wh, e = fastTwoSum(1, -x2h)
		wl = e - x2l
	}
	// One Newton step on the float64 square root.
	hi = math.Sqrt(wh)
	ph, pl := twoProd(hi, hi)
	lo = (((wh - ph) - pl) + wl) / (2 * hi)
	return fastTwoSum(hi, lo)
}

// Asin returns the arcsine of x in radians, in [-π/2, π/2], within one ulp,
// computed as atan(x/√(1-x²)) in double-double. Asin(±0) = ±0,
// Asin(±1) = ±π/2, Asin(x) = NaN for |x| > 1 or NaN.
func Asin(x float64) float64 {
	ax := math.Abs(x)
	switch {
	case isNaN(x) || ax > 1:
		return nan()
	case ax == 1:
		return math.Copysign(Pi/2, x)
	case ax < 0x1p-26: // asin x = x(1 + x²/6) rounds to x
		return x
	}
	ch, cl := sqrt1mx2(ax)
	h, l := atanRatio(ax, 0, ch, cl)
	return math.Copysign(h+l, x)
}

// Acos returns the arccosine of x in radians, in [0, π], within one ulp,
// computed as atan(√(1-x²)/x) in double-double. Acos(1) = +0,
// Acos(-1) = π, Acos(x) = NaN for |x| > 1 or NaN.
func Acos(x float64) float64 {
	ax := math.Abs(x)
	switch {
	case isNaN(x) || ax > 1:
		return nan()
	case x == 1:
		return 0
	case x == -1:
		return Pi
	}
	ch, cl := sqrt1mx2(ax)
	h, l := atanRatio(ch, cl, ax, 0)
	if x < 0 {
		h, l = subDD(piHi, piLo, h, l)
	}
	return h + l
}
