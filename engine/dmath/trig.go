package dmath

import (
	"math"
	"math/bits"
)

// cwLimit is where argument reduction switches from Cody–Waite (a
// four-part π/2, good for j < 2^20) to Payne–Hanek (exact bits of 2/π).
const cwLimit = 0x1p20

// trigReduce returns j mod 4 and r = rh+rl such that x = j·π/2 + r and
// |r| <= π/4 (up to rounding), for finite x >= 0. r is accurate to far
// better than float64 precision even when x is very close to a multiple of
// π/2.
func trigReduce(x float64) (j int, rh, rl float64) {
	switch {
	case x <= math.Pi/4:
		return 0, x, 0
	case x < cwLimit:
		return reduceCW(x)
	}
	return reducePH(x)
}

// reduceCW is Cody–Waite reduction: r = x - j·(P1+P2+P3+P4) where the first
// three parts have 33 significant bits, so j·Pn is exact for j < 2^20 and
// x - j·P1 is exact (the two are within a factor of two). The remaining
// subtractions are tracked as a double-double; π/2 is represented to about
// 152 bits.
func reduceCW(x float64) (int, float64, float64) {
	jf := math.Floor(float64(x*twoOverPi) + 0.5)
	t := x - float64(jf*pio2P1)
	a, ea := twoSum(t, -float64(jf*pio2P2))
	b, eb := twoSum(a, -float64(jf*pio2P3))
	c := (ea + eb) - float64(jf*pio2P4)
	rh, rl := twoSum(b, c)
	return int(jf) & 3, rh, rl
}

// reducePH is Payne–Hanek reduction for x >= 2^20 (up to MaxFloat64).
//
// Write x = M·2^e with M a 53-bit integer and 2/π = Σ b_i·2^-i. Then
// x·2/π = Σ b_i·M·2^(e-i), and every term with e-i >= 2 is a multiple of 4,
// which does not change the quadrant, so only the bits from i0 = max(1, e-1)
// on matter. A 192-bit window of them times M gives x·2/π mod 4 with at
// least 128 correct bits after the binary point, all in integer arithmetic.
// The fraction is rounded to the nearest quarter turn and multiplied by π/2
// as a double-double.
func reducePH(x float64) (int, float64, float64) {
	b := math.Float64bits(x)
	e := int(b>>52&0x7ff) - 1075
	m := b&(1<<52-1) | 1<<52
	i0 := max(e-1, 1)
	// Window w = bits i0 .. i0+191 of 2/π, as three words.
	o := i0 - 1
	q, s := o/64, uint(o%64)
	var w [3]uint64
	for k := range w {
		w[k] = twoOverPiBits[q+k] << s
		if s > 0 {
			w[k] |= twoOverPiBits[q+k+1] >> (64 - s)
		}
	}
	// P = m·w, 256 bits, least significant word first.
	h2, l2 := bits.Mul64(m, w[2])
	h1, l1 := bits.Mul64(m, w[1])
	h0, l0 := bits.Mul64(m, w[0])
	var p [4]uint64
	var c uint64
	p[0] = l2
	p[1], c = bits.Add64(h2, l1, 0)
	p[2], c = bits.Add64(h1, l0, c)
	p[3] = h0 + c
	// x·2/π ≡ P·2^-fb (mod 4): fb fraction bits.
	fb := i0 + 191 - e
	quad := bits256(&p, fb) & 3
	fh := bits256(&p, fb-64)
	fl := bits256(&p, fb-128)
	neg := false
	if fh>>63 != 0 { // fraction >= ½: round up to the next quarter turn
		quad++
		fl = -fl
		fh = ^fh
		if fl == 0 {
			fh++
		}
		neg = true
	}
	// Fraction f = (fh·2^64 + fl)·2^-128 as a double-double fh2 + fl2.
	extra := 0
	if fh == 0 {
		fh, fl = fl, 0
		extra = 64
	}
	lz := bits.LeadingZeros64(fh)
	top := fh << lz
	if lz > 0 {
		top |= fl >> (64 - lz)
	}
	rest := fl << lz
	hi := float64(top>>11) * pow2(-53-lz-extra)
	lo := float64((top&0x7ff)<<42|rest>>22) * pow2(-106-lz-extra)
	// r = f·π/2.
	ph, pl := twoProd(hi, pio2Hi)
	pl += float64(hi*pio2Lo) + float64(lo*pio2Hi)
	rh, rl := fastTwoSum(ph, pl)
	if neg {
		rh, rl = -rh, -rl
	}
	return int(quad & 3), rh, rl
}

// bits256 returns bits pos .. pos+63 of the 256-bit number p (least
// significant word first), for 0 <= pos < 256.
func bits256(p *[4]uint64, pos int) uint64 {
	k, s := pos/64, uint(pos%64)
	v := p[k] >> s
	if s > 0 && k+1 < 4 {
		v |= p[k+1] << (64 - s)
	}
	return v
}

// sinK returns sin(rh+rl) as a double-double, for |rh| <= π/4 (a little
// more is fine) and |rl| tiny. It uses the Taylor series
// sin r = r - r³/6 + r⁵·S(r²), S truncated after r^19/19! (next term below
// 2^-70 relative), and sin(rh+rl) ≈ sin rh + rl·(1 - rh²/2). r³/6, the
// largest correction, is a double-double, so the result is rounded once.
func sinK(rh, rl float64) (hi, lo float64) {
	zh, zl := twoProd(rh, rh)
	ch, cl := twoProd(rh, zh)
	cl += float64(rh * zl)
	// q = r³/6 as a double-double.
	qh := ch / 6
	ph, pl := twoProd(qh, 6)
	ql := (((ch - ph) - pl) + cl) / 6
	// s = f5 - f7·z + ... - f19·z^7 (Estrin's scheme).
	z := zh
	z2 := z * z
	z4 := z2 * z2
	s0 := f5 - float64(f7*z) + float64(z2*(f9-float64(f11*z)))
	s1 := f13 - float64(f15*z) + float64(z2*(f17-float64(f19*z)))
	s := s0 + float64(z4*s1)
	tail := float64(float64(float64(rh*z)*z) * s)
	h, e := twoSum(rh, -qh)
	e += (rl - ql) + (tail - float64(rl*float64(0.5*z)))
	return fastTwoSum(h, e)
}

// cosK returns cos(rh+rl) as an unevaluated sum hi+lo, for |rh| <= π/4
// and |rl| tiny: cos r = 1 - r²/2 + r⁴·C(r²), C truncated after r^20/20!,
// with r² exact (twoProd) so that 1 - r²/2, the largest step, is rounded
// only once; cos(rh+rl) ≈ cos rh - rl·rh.
func cosK(rh, rl float64) (hi, lo float64) {
	zh, zl := twoProd(rh, rh)
	hz := float64(0.5 * zh)
	hi, e := fastTwoSum(1, -hz)
	// c = f4 - f6·z + ... + f20·z^8 (Estrin's scheme).
	z2 := zh * zh
	z4 := z2 * z2
	c0 := f4 - float64(f6*zh) + float64(z2*(f8-float64(f10*zh)))
	c1 := f12 - float64(f14*zh) + float64(z2*(f16-float64(f18*zh)))
	c := c0 + float64(z4*(c1+float64(z4*f20)))
	lo = e + ((float64(z2*c) - float64(0.5*zl)) - float64(rh*rl))
	return hi, lo
}

// quadrant returns the kernel values for quadrant j: sin or cos of r with the
// sign that quadrant gives, as hi+lo. which selects sin (0) or cos (1).
func quadrant(which, j int, rh, rl float64) (hi, lo float64) {
	switch (j + which) & 3 {
	case 0:
		return sinK(rh, rl)
	case 1:
		return cosK(rh, rl)
	case 2:
		hi, lo = sinK(rh, rl)
	default:
		hi, lo = cosK(rh, rl)
	}
	return -hi, -lo
}

// Sin returns the sine of x (radians), within one ulp, for every finite x
// (arguments of any size are reduced exactly). Sin(±0) = ±0,
// Sin(±Inf) = NaN, Sin(NaN) = NaN.
func Sin(x float64) float64 {
	if isNaN(x) || math.IsInf(x, 0) {
		return nan()
	}
	ax := math.Abs(x)
	if ax < 0x1p-26 { // sin x = x(1 - x²/6) rounds to x
		return x
	}
	j, rh, rl := trigReduce(ax)
	hi, lo := quadrant(0, j, rh, rl)
	r := hi + lo
	if x < 0 {
		return -r
	}
	return r
}

// Cos returns the cosine of x (radians), within one ulp, for every finite x.
// Cos(±Inf) = NaN, Cos(NaN) = NaN.
func Cos(x float64) float64 {
	if isNaN(x) || math.IsInf(x, 0) {
		return nan()
	}
	ax := math.Abs(x)
	if ax < 0x1p-27 { // cos x = 1 - x²/2 rounds to 1
		return 1
	}
	j, rh, rl := trigReduce(ax)
	hi, lo := quadrant(1, j, rh, rl)
	return hi + lo
}

// Tan returns the tangent of x (radians), within one ulp, for every finite
// x. Tan(±0) = ±0, Tan(±Inf) = NaN, Tan(NaN) = NaN.
func Tan(x float64) float64 {
	if isNaN(x) || math.IsInf(x, 0) {
		return nan()
	}
	ax := math.Abs(x)
	if ax < 0x1p-27 { // tan x = x(1 + x²/3) rounds to x
		return x
	}
	j, rh, rl := trigReduce(ax)
	sh, sl := sinK(rh, rl)
	ch, cl := cosK(rh, rl)
	ch, cl = fastTwoSum(ch, cl)
	var r float64
	if j&1 == 0 {
		r, _ = divDD(sh, sl, ch, cl)
	} else {
		r, _ = divDD(ch, cl, sh, sl)
		r = -r
	}
	if x < 0 {
		return -r
	}
	return r
}
