package dmath

import "math"

// rng is SplitMix64: a fixed, integer-only generator, so that every test
// sees the same inputs on every platform.
type rng struct{ s uint64 }

func newRNG(seed uint64) *rng { return &rng{s: seed} }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// unit returns a float64 in [0, 1) with 53 random bits.
func (r *rng) unit() float64 { return float64(r.next()>>11) * 0x1p-53 }

// uniform returns a float64 in [a, b).
func (r *rng) uniform(a, b float64) float64 {
	return a + float64((b-a)*r.unit())
}

// logUniform returns ±2^e·(1+f) with e uniform in [emin, emax] and a random
// significand and sign (if signed), built from bits only.
func (r *rng) logUniform(emin, emax int, signed bool) float64 {
	v := r.next()
	e := emin + int(v%uint64(emax-emin+1))
	w := r.next()
	x := math.Float64frombits(uint64(e+1023)<<52 | w>>12)
	if signed && w&1 != 0 {
		x = -x
	}
	return x
}

// anyFloat returns a float64 with uniformly random bits: every class of
// value (NaN, ±Inf, subnormals, huge) turns up.
func (r *rng) anyFloat() float64 { return math.Float64frombits(r.next()) }

// ulpDiff returns the number of representable float64 values between a and
// b (0 if equal, both NaN, or ±0); MaxInt64 if only one is NaN.
func ulpDiff(a, b float64) int64 {
	if isNaN(a) || isNaN(b) {
		if isNaN(a) && isNaN(b) {
			return 0
		}
		return math.MaxInt64
	}
	oa, ob := ordered(a), ordered(b)
	if oa > ob {
		oa, ob = ob, oa
	}
	d := uint64(ob) - uint64(oa)
	if d > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(d)
}

// ordered maps float64 bits to integers in the same order as the values.
func ordered(x float64) int64 {
	b := int64(math.Float64bits(x))
	if b < 0 {
		b = math.MinInt64 - b
	}
	return b
}
