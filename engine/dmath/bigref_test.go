package dmath

// Arbitrary-precision reference implementations built on math/big. They
// are slow and only used by tests: to verify the constant tables in
// tables.go and to measure the error of each function in ulps.

import (
	"math"
	"math/big"
	"sync"
)

// refPrec is the working precision of the reference functions, in bits.
const refPrec = 256

func newF(prec uint) *big.Float { return new(big.Float).SetPrec(prec) }

func bf(x float64, prec uint) *big.Float { return newF(prec).SetFloat64(x) }

// bigAtanhInv returns atanh(1/n) = sum 1/((2k+1) n^(2k+1)).
func bigAtanhInv(n int64, prec uint) *big.Float {
	return bigArcSeries(n, prec, false)
}

// bigAtanInv returns atan(1/n) = sum (-1)^k/((2k+1) n^(2k+1)).
func bigAtanInv(n int64, prec uint) *big.Float {
	return bigArcSeries(n, prec, true)
}

func bigArcSeries(n int64, prec uint, alternate bool) *big.Float {
	wp := prec + 32
	sum := newF(wp)
	pow := newF(wp).Quo(bf(1, wp), bf(float64(n), wp)) // 1/n^(2k+1)
	n2 := bf(float64(n*n), wp)
	eps := newF(wp).SetMantExp(bf(1, wp), -int(wp))
	for k := int64(0); ; k++ {
		term := newF(wp).Quo(pow, bf(float64(2*k+1), wp))
		if alternate && k%2 == 1 {
			sum.Sub(sum, term)
		} else {
			sum.Add(sum, term)
		}
		if term.Cmp(eps) < 0 {
			break
		}
		pow.Quo(pow, n2)
	}
	return newF(prec).Set(sum)
}

var bigConstCache sync.Map

func cachedConst(name string, prec uint, f func(uint) *big.Float) *big.Float {
	type key struct {
		name string
		prec uint
	}
	k := key{name, prec}
	if v, ok := bigConstCache.Load(k); ok {
		return v.(*big.Float)
	}
	v := f(prec)
	bigConstCache.Store(k, v)
	return v
}

// bigPi returns pi by Machin's formula pi = 16 atan(1/5) - 4 atan(1/239).
func bigPi(prec uint) *big.Float {
	return cachedConst("pi", prec, func(prec uint) *big.Float {
		wp := prec + 16
		a := newF(wp).Mul(bf(16, wp), bigAtanInv(5, wp))
		b := newF(wp).Mul(bf(4, wp), bigAtanInv(239, wp))
		return newF(prec).Sub(a, b)
	})
}

// bigLn2 returns ln 2 = 2 atanh(1/3).
func bigLn2(prec uint) *big.Float {
	return cachedConst("ln2", prec, func(prec uint) *big.Float {
		v := bigAtanhInv(3, prec+16)
		return newF(prec).Mul(v, bf(2, prec+16))
	})
}

// bigLn10 returns ln 10 = 3 ln 2 + ln(5/4) = 3 ln 2 + 2 atanh(1/9).
func bigLn10(prec uint) *big.Float {
	return cachedConst("ln10", prec, func(prec uint) *big.Float {
		wp := prec + 16
		a := newF(wp).Mul(bf(3, wp), bigLn2(wp))
		b := newF(wp).Mul(bf(2, wp), bigAtanhInv(9, wp))
		return newF(prec).Add(a, b)
	})
}

// bigAtan returns atan(x) for any finite x.
func bigAtan(x *big.Float, prec uint) *big.Float {
	wp := prec + 32
	v := newF(wp).Set(x)
	neg := v.Sign() < 0
	v.Abs(v)
	one := bf(1, wp)
	// atan(x) = 2 atan(x / (1 + sqrt(1 + x^2))) until x is small.
	mul := 1
	small := bf(1.0/16, wp)
	for v.Cmp(small) > 0 {
		t := newF(wp).Mul(v, v)
		t.Add(t, one)
		t.Sqrt(t)
		t.Add(t, one)
		v.Quo(v, t)
		mul *= 2
	}
	// Taylor series.
	sum := newF(wp)
	pow := newF(wp).Set(v)
	v2 := newF(wp).Mul(v, v)
	eps := newF(wp).SetMantExp(one, -int(wp))
	for k := 1; ; k += 2 {
		term := newF(wp).Quo(pow, bf(float64(k), wp))
		if k%4 == 1 {
			sum.Add(sum, term)
		} else {
			sum.Sub(sum, term)
		}
		if term.Cmp(eps) < 0 {
			break
		}
		pow.Mul(pow, v2)
	}
	sum.Mul(sum, bf(float64(mul), wp))
	if neg {
		sum.Neg(sum)
	}
	return newF(prec).Set(sum)
}

// bigExp returns e^x for finite x of moderate size (|x| < 1e6).
func bigExp(x *big.Float, prec uint) *big.Float {
	wp := prec + 64
	ln2 := bigLn2(wp)
	q := newF(wp).Quo(x, ln2)
	kf, _ := q.Float64()
	k := math.Floor(kf + 0.5)
	r := newF(wp).Mul(bf(k, wp), ln2)
	r.Sub(x, r)
	const halvings = 8
	r.SetMantExp(r, -halvings)
	// Taylor series of e^r - 1.
	one := bf(1, wp)
	sum := newF(wp)
	term := newF(wp).Set(one)
	eps := newF(wp).SetMantExp(one, -int(wp))
	for n := 1; ; n++ {
		term.Mul(term, r)
		term.Quo(term, bf(float64(n), wp))
		sum.Add(sum, term)
		if newF(wp).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	// (1+s)^2 - 1 = s(2+s), repeated, keeps precision for small s.
	two := bf(2, wp)
	for i := 0; i < halvings; i++ {
		t := newF(wp).Add(sum, two)
		sum.Mul(sum, t)
	}
	sum.Add(sum, one)
	return newF(prec).SetMantExp(sum, int(k))
}

// bigLog returns ln x for x > 0.
func bigLog(x *big.Float, prec uint) *big.Float {
	wp := prec + 64
	m := newF(wp)
	e := x.MantExp(m) // x = m * 2^e, m in [0.5, 1)
	one := bf(1, wp)
	// ln m = 2 atanh((m-1)/(m+1))
	s := newF(wp).Sub(m, one)
	d := newF(wp).Add(m, one)
	s.Quo(s, d)
	s2 := newF(wp).Mul(s, s)
	sum := newF(wp)
	pow := newF(wp).Set(s)
	eps := newF(wp).SetMantExp(one, -int(wp))
	for k := 1; ; k += 2 {
		term := newF(wp).Quo(pow, bf(float64(k), wp))
		sum.Add(sum, term)
		if newF(wp).Abs(term).Cmp(eps) < 0 {
			break
		}
		pow.Mul(pow, s2)
	}
	sum.Mul(sum, bf(2, wp))
	t := newF(wp).Mul(bf(float64(e), wp), bigLn2(wp))
	sum.Add(sum, t)
	return newF(prec).Set(sum)
}

// bigSinCos returns sin x and cos x for any finite x.
func bigSinCos(x float64, prec uint) (sin, cos *big.Float) {
	wp := prec + 64
	// Reduce by pi/2 with enough bits of pi for |x| up to 2^1024.
	pp := wp + 1200
	pio2 := newF(pp).Quo(bigPi(pp), bf(2, pp))
	xb := bf(x, pp)
	q := newF(pp).Quo(xb, pio2)
	q.Add(q, bf(0.5, pp))
	j, _ := q.Int(nil)
	if q.Sign() < 0 && !q.IsInt() {
		j.Sub(j, big.NewInt(1)) // floor
	}
	r := newF(pp).SetInt(j)
	r.Mul(r, pio2)
	r.Sub(xb, r)
	rr := newF(wp).Set(r)
	// Taylor series of sin and cos of rr, |rr| <= pi/4.
	one := bf(1, wp)
	eps := newF(wp).SetMantExp(one, -int(wp))
	s := newF(wp)
	c := newF(wp)
	term := newF(wp).Set(one)
	for n := 0; ; n++ {
		switch n % 4 {
		case 0:
			c.Add(c, term)
		case 1:
			s.Add(s, term)
		case 2:
			c.Sub(c, term)
		case 3:
			s.Sub(s, term)
		}
		term.Mul(term, rr)
		term.Quo(term, bf(float64(n+1), wp))
		if n > 4 && newF(wp).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	jm := new(big.Int).And(j, big.NewInt(3)).Int64()
	switch jm {
	case 0:
		return newF(prec).Set(s), newF(prec).Set(c)
	case 1:
		return newF(prec).Set(c), newF(prec).Neg(s)
	case 2:
		return newF(prec).Neg(s), newF(prec).Neg(c)
	default:
		return newF(prec).Neg(c), newF(prec).Set(s)
	}
}

// hiLo returns v rounded to float64 and the float64 nearest to the rest.
func hiLo(v *big.Float) (hi, lo float64) {
	hi, _ = v.Float64()
	r := newF(v.Prec()).Sub(v, bf(hi, 64))
	lo, _ = r.Float64()
	return hi, lo
}

// roundBits returns v rounded to nbits significant bits, as a float64.
func roundBits(v *big.Float, nbits uint) float64 {
	f, _ := newF(nbits).Set(v).Float64()
	return f
}
