package dmath

import "math"

// Thresholds beyond which e^x overflows or underflows to zero. Between
// them, expDD rounds (and underflows) naturally.
const (
	expOverflow  = 709.79  // a little above ln(MaxFloat64) = 709.7827...
	expUnderflow = -745.14 // a little below ln(2^-1075) = -745.1332...
)

// Taylor coefficients 1/n!, as exact constant expressions rounded once.
const (
	f3  = 1.0 / 6
	f4  = 1.0 / 24
	f5  = 1.0 / 120
	f6  = 1.0 / 720
	f7  = 1.0 / 5040
	f8  = 1.0 / 40320
	f9  = 1.0 / 362880
	f10 = 1.0 / 3628800
	f11 = 1.0 / 39916800
	f12 = 1.0 / 479001600
	f13 = 1.0 / 6227020800
	f14 = 1.0 / 87178291200
	f15 = 1.0 / 1307674368000
	f16 = 1.0 / 20922789888000
	f17 = 1.0 / 355687428096000
	f18 = 1.0 / 6402373705728000
	f19 = 1.0 / 121645100408832000
	f20 = 1.0 / 2432902008176640000
)

// Exp returns e^x, within one ulp. Exp(+Inf) = +Inf, Exp(-Inf) = 0,
// Exp(NaN) = NaN; it overflows to +Inf for x > 709.78 and underflows to 0
// (through the subnormals) for x < -745.13.
func Exp(x float64) float64 {
	switch {
	case isNaN(x):
		return nan()
	case x > expOverflow:
		return math.Inf(1)
	case x < expUnderflow:
		return 0
	}
	return expDD(x, 0)
}

// expDD returns e^(xh+xl) for |xl| tiny compared with xh and
// expUnderflow <= xh <= expOverflow.
//
// Range reduction: x = k·ln2 + r with k = round(x/ln2), |r| <= ln2/2 (plus
// a hair), so e^x = 2^k · e^r. x - k·ln2Hi is exact (k has at most 11 bits,
// ln2Hi 42, and the two are within a factor of two of each other); the
// rounding error of r is kept in corr. Then e^r = 1 + r + r²/2 + r³·q(r),
// q being the rest of the Taylor series, truncated after r^14/14! (the next
// term is below 2^-62 relative). 1 + r + r²/2 is summed exactly (twoSum,
// exact r²), so the result is rounded essentially once.
func expDD(xh, xl float64) float64 {
	k := math.Floor(float64(xh*invLn2) + 0.5)
	hi := xh - float64(k*ln2Hi)
	lo := float64(k*ln2Lo) - xl
	r, corr := twoSum(hi, -lo)
	zh, zl := twoProd(r, r)
	// q = f3 + f4·r + ... + f14·r^11, by Estrin's scheme (shorter
	// dependency chains than Horner's).
	r2 := zh
	r4 := r2 * r2
	r8 := r4 * r4
	q0 := f3 + float64(f4*r) + float64(r2*(f5+float64(f6*r)))
	q1 := f7 + float64(f8*r) + float64(r2*(f9+float64(f10*r)))
	q2 := f11 + float64(f12*r) + float64(r2*(f13+float64(f14*r)))
	q := q0 + float64(r4*q1) + float64(r8*q2)
	hz := float64(0.5 * zh)
	// e^(r+corr) ≈ e^r·(1+corr); corr·r is the first correction term.
	rest := float64(float64(zh*r)*q) + (float64(corr*r) + corr) + float64(0.5*zl)
	h1, e1 := twoSum(1, r)
	h2, e2 := twoSum(h1, hz)
	return scale(h2+(e2+(e1+rest)), int(k))
}

// scale returns y·2^k for y in [0.5, 2) and -1080 < k < 1030, rounding once
// (results that overflow become +Inf, tiny ones subnormal or zero).
func scale(y float64, k int) float64 {
	switch {
	case k > 1023:
		return y * 2 * pow2(k-1)
	case k < -1021:
		// Multiply into the normal range exactly, then round once.
		return y * pow2(k+60) * pow2(-60)
	}
	return y * pow2(k)
}

// logDD returns ln x as a double-double, for finite x > 0, with a relative
// error below about 2^-64.
//
// x = 2^k·m with m in [√½, √2), so ln x = k·ln2 + ln m. With
// s = (m-1)/(m+1) (|s| <= 0.1716), ln m = 2·atanh(s) =
// 2s·(1 + s²/3 + s⁴/5 + ...) = 2s·(1 + W). s, s², the 1/3 term and every
// product are carried as double-doubles; only the tail s⁴/5 + s⁶/7 + ...,
// which is below 2% of W, is evaluated in plain float64. The series is
// truncated after 2s^29/29 (next term below 2^-80 relative).
func logDD(x float64) (hi, lo float64) {
	k := 0
	if x < 0x1p-1022 { // subnormal: scale into the normal range
		x *= 0x1p54
		k = -54
	}
	b := math.Float64bits(x)
	k += int(b>>52) - 1023
	m := math.Float64frombits(b&(1<<52-1) | 1023<<52) // in [1, 2)
	if m > math.Sqrt2 {
		m *= 0.5
		k++
	}
	u := m - 1 // exact
	vh, vl := twoSum(m, 1)
	// s = u/(vh+vl) as a double-double.
	sh := u / vh
	ph, pl := twoProd(sh, vh)
	sl := (((u - ph) - pl) - float64(sh*vl)) / vh
	// z = s² as a double-double.
	zh, zl := twoProd(sh, sh)
	zl += float64(2 * sh * sl)
	// Tail R(z) = 1/5 + z/7 + z²/9 + ... + z^13/29 in float64.
	// (Estrin's scheme.)
	z := zh
	z2 := z * z
	z4 := z2 * z2
	z8 := z4 * z4
	t0 := 1.0/5 + float64(z*(1.0/7)) + float64(z2*(1.0/9+float64(z*(1.0/11))))
	t1 := 1.0/13 + float64(z*(1.0/15)) + float64(z2*(1.0/17+float64(z*(1.0/19))))
	t2 := 1.0/21 + float64(z*(1.0/23)) + float64(z2*(1.0/25+float64(z*(1.0/27))))
	t := t0 + float64(z4*t1) + float64(z8*(t2+float64(z4*(1.0/29))))
	// A = 1/3 + z·R.
	ah, al := twoSum(thirdHi, float64(z*t))
	al += thirdLo
	// W = z·A.
	wh, wl := twoProd(zh, ah)
	wl += float64(zh*al) + float64(zl*ah)
	// O = 1 + W (|W| < 0.01).
	oh, ol := fastTwoSum(1, wh)
	ol += wl
	// ln m = 2s·O.
	lh, ll := twoProd(sh, oh)
	ll += float64(sh*ol) + float64(sl*oh)
	lh *= 2
	ll *= 2
	// ln x = k·ln2 + ln m; k·ln2Hi is exact.
	kf := float64(k)
	s, e := twoSum(float64(kf*ln2Hi), lh)
	e += ll + float64(kf*ln2Lo)
	return fastTwoSum(s, e)
}

// Log returns the natural logarithm of x, within one ulp (in practice
// almost always correctly rounded). Log(+Inf) = +Inf, Log(0) = -Inf,
// Log(x < 0) = NaN, Log(NaN) = NaN, Log(1) = +0.
func Log(x float64) float64 {
	switch {
	case isNaN(x) || x < 0:
		return nan()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	h, l := logDD(x)
	return h + l
}

// Log10 returns the decimal logarithm of x, within one ulp; it is exact for
// the powers of ten that float64 represents exactly (Log10(1000) = 3).
// Special cases are as for Log.
func Log10(x float64) float64 {
	switch {
	case isNaN(x) || x < 0:
		return nan()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	h, l := logDD(x)
	ph, pl := twoProd(h, invLn10Hi)
	pl += float64(h*invLn10Lo) + float64(l*invLn10Hi)
	return ph + pl
}

// Pow returns x**y, within one ulp for finite results (exactly
// representable results such as Pow(3, 4) = 81 or Pow(2, -3) = 0.125 come
// out exact). It is what Lua's ^ operator and math.pow use.
//
// Special cases, as in C99 and math.Pow:
//
//	Pow(x, ±0) = 1 for any x, even NaN
//	Pow(1, y) = 1 for any y, even NaN
//	Pow(x, 1) = x
//	Pow(NaN, y) = Pow(x, NaN) = NaN otherwise
//	Pow(±0, y) = ±Inf for y an odd integer < 0
//	Pow(±0, y) = +Inf for y < 0 and not an odd integer (also -Inf)
//	Pow(±0, y) = ±0 for y an odd integer > 0
//	Pow(±0, y) = +0 for y > 0 and not an odd integer (also +Inf)
//	Pow(-1, ±Inf) = 1
//	Pow(x, +Inf) = +Inf for |x| > 1, +0 for |x| < 1
//	Pow(x, -Inf) = +0 for |x| > 1, +Inf for |x| < 1
//	Pow(+Inf, y) = +Inf for y > 0, +0 for y < 0
//	Pow(-Inf, y) = Pow(-0, -y)
//	Pow(x, y) = NaN for finite x < 0 and finite non-integer y
//
// For x < 0 and integer y the result is ±|x|**y, negative for odd y.
// Pow(x, 2) is x*x and Pow(x, -1) is 1/x, correctly rounded; Pow(x, 0.5)
// is Sqrt(x) for x not -0 or -Inf.
func Pow(x, y float64) float64 {
	switch {
	case y == 0 || x == 1:
		return 1
	case y == 1:
		if isNaN(x) {
			return nan()
		}
		return x
	case isNaN(x) || isNaN(y):
		return nan()
	case x == 0:
		odd := isOddInt(y)
		if y < 0 {
			if odd {
				return math.Copysign(math.Inf(1), x)
			}
			return math.Inf(1)
		}
		if odd {
			return x
		}
		return 0
	case math.IsInf(y, 0):
		ax := math.Abs(x)
		switch {
		case ax == 1:
			return 1
		case (ax < 1) == (y > 0):
			return 0
		}
		return math.Inf(1)
	case math.IsInf(x, 0):
		if x < 0 {
			return Pow(math.Copysign(0, -1), -y)
		}
		if y < 0 {
			return 0
		}
		return x
	case y == 2:
		return x * x
	case y == -1:
		return 1 / x
	case y == 0.5:
		return Sqrt(x)
	}
	neg := false
	if x < 0 {
		if y != math.Trunc(y) {
			return nan()
		}
		neg = isOddInt(y)
		x = -x
	}
	lh, ll := logDD(x)
	yh := y * lh
	var r float64
	switch {
	case x == 1: // (-1)**y; y may be too large for twoProd
		r = 1
	case yh > expOverflow:
		r = math.Inf(1)
	case yh < expUnderflow:
		r = 0
	default:
		// |y·ln x| <= 746 here, so y cannot be large enough for twoProd
		// to overflow.
		ph, pl := twoProd(y, lh)
		pl += float64(y * ll)
		r = expDD(ph, pl)
	}
	if neg {
		return -r
	}
	return r
}

// isOddInt reports whether y is an odd integer. Every float64 of magnitude
// 2^53 or more is even.
func isOddInt(y float64) bool {
	if math.Abs(y) >= 1<<53 {
		return false
	}
	h := y * 0.5
	return y == math.Trunc(y) && h != math.Trunc(h)
}
