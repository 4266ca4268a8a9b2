package dmath

// Double-double helpers.
//
// Several functions carry intermediate results as an unevaluated sum hi+lo
// of two float64 values, which gives roughly 106 bits of precision from
// plain IEEE operations.
//
// About fused multiply-add: the Go specification lets a compiler fuse x*y+z
// into one instruction with a single rounding, and the compiler does so on
// arm64, ppc64, s390x, riscv64 and amd64 with GOAMD64=v3. That would change
// the last bit of results on some platforms, and it would break the error-free
// transformations below outright. An explicit conversion float64(x*y) forces
// the product to be rounded on its own, which the specification says
// prevents fusion. So, throughout this package, every product that is then
// added to or subtracted from something is written float64(a*b). Products
// that only feed other products or divisions need no conversion.

// splitter is 2^27+1, used by split (Veltkamp's splitting).
const splitter = 134217729

// twoSum returns s = fl(a+b) and e such that s+e == a+b exactly (Knuth).
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

// fastTwoSum is twoSum for |a| >= |b| (or a == 0) (Dekker).
func fastTwoSum(a, b float64) (s, e float64) {
	s = a + b
	e = b - (s - a)
	return s, e
}

// split returns hi+lo == a with hi holding the top 26 bits of a's
// significand, so that products of two halves are exact. |a| must be well
// below 2^996 so that splitter*a does not overflow.
func split(a float64) (hi, lo float64) {
	c := float64(splitter * a)
	hi = c - (c - a)
	lo = a - hi
	return hi, lo
}

// twoProd returns p = fl(a*b) and e such that p+e == a*b exactly, barring
// overflow and underflow (Dekker, without fused multiply-add).
func twoProd(a, b float64) (p, e float64) {
	p = float64(a * b)
	ah, al := split(a)
	bh, bl := split(b)
	e = ((float64(ah*bh) - p) + float64(ah*bl) + float64(al*bh)) + float64(al*bl)
	return p, e
}

// divDD returns (ah+al)/(bh+bl) as a double-double.
func divDD(ah, al, bh, bl float64) (qh, ql float64) {
	qh = ah / bh
	ph, pl := twoProd(qh, bh)
	r := (((ah - ph) - pl) + al) - float64(qh*bl)
	ql = r / bh
	return fastTwoSum(qh, ql)
}

// subDD returns (ah+al)-(bh+bl) as a double-double.
func subDD(ah, al, bh, bl float64) (sh, sl float64) {
	s, e := twoSum(ah, -bh)
	e += al - bl
	return fastTwoSum(s, e)
}
