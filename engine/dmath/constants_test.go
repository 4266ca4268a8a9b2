package dmath

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

func hexf(f float64) string { return strconv.FormatFloat(f, 'x', -1, 64) }

// expectedConstants recomputes every constant of tables.go with math/big
// and returns them as Go source, in the same order and format.
func expectedConstants() string {
	const p = 512
	var b strings.Builder
	c := func(name string, v float64) {
		fmt.Fprintf(&b, "\t%s = %s\n", name, hexf(v))
	}
	pi := bigPi(p)
	ln2 := bigLn2(p)
	ln10 := bigLn10(p)
	one := bf(1, p)

	// ln 2 with a 42-bit head, so k*ln2Hi is exact for |k| < 2^11.
	l2h := roundBits(ln2, 42)
	l2l, _ := newF(p).Sub(ln2, bf(l2h, 64)).Float64()
	c("ln2Hi", l2h)
	c("ln2Lo", l2l)
	il2, _ := newF(p).Quo(one, ln2).Float64()
	c("invLn2", il2)

	pio2 := newF(p).Quo(pi, bf(2, p))
	h, l := hiLo(pio2)
	c("pio2Hi", h)
	c("pio2Lo", l)
	h, l = hiLo(pi)
	c("piHi", h)
	c("piLo", l)
	t, _ := newF(p).Quo(bf(2, p), pi).Float64()
	c("twoOverPi", t)
	// pi/2 = pio2P1 + pio2P2 + pio2P3 + pio2P4, the first three with 33
	// significant bits so that j*pio2Pn is exact for j < 2^20.
	rest := newF(p).Set(pio2)
	for i := 1; i <= 4; i++ {
		bits := uint(33)
		if i == 4 {
			bits = 53
		}
		v := roundBits(rest, bits)
		c(fmt.Sprintf("pio2P%d", i), v)
		rest.Sub(rest, bf(v, 64))
	}
	h, l = hiLo(newF(p).Quo(one, ln10))
	c("invLn10Hi", h)
	c("invLn10Lo", l)
	h, l = hiLo(newF(p).Quo(one, bf(3, p)))
	c("thirdHi", h)
	c("thirdLo", l)

	b.WriteString("atanHi = [17]float64{")
	var los []string
	for i := 0; i <= 16; i++ {
		v := bigAtan(bf(float64(i)/16, p), p)
		h, l := hiLo(v)
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(hexf(h))
		los = append(los, hexf(l))
	}
	b.WriteString("}\n")
	b.WriteString("atanLo = [17]float64{" + strings.Join(los, ", ") + "}\n")

	// Bits of 2/pi after the binary point, 64 per word, most significant
	// first.
	const words = 20
	tp := newF(64*words+64).Quo(bf(2, 64*words+64), bigPi(64*words+128))
	tp.SetMantExp(tp, 64*words)
	ti, _ := tp.Int(nil) // floor(2/pi * 2^(64*words))
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(1))
	ws := make([]string, words)
	for i := words - 1; i >= 0; i-- {
		ws[i] = fmt.Sprintf("%#016x", new(big.Int).And(ti, mask).Uint64())
		ti.Rsh(ti, 64)
	}
	b.WriteString("twoOverPiBits = [20]uint64{" + strings.Join(ws, ", ") + "}\n")
	return b.String()
}

// actualConstants prints the constants of tables.go the same way.
func actualConstants() string {
	var b strings.Builder
	c := func(name string, v float64) {
		fmt.Fprintf(&b, "\t%s = %s\n", name, hexf(v))
	}
	c("ln2Hi", ln2Hi)
	c("ln2Lo", ln2Lo)
	c("invLn2", invLn2)
	c("pio2Hi", pio2Hi)
	c("pio2Lo", pio2Lo)
	c("piHi", piHi)
	c("piLo", piLo)
	c("twoOverPi", twoOverPi)
	c("pio2P1", pio2P1)
	c("pio2P2", pio2P2)
	c("pio2P3", pio2P3)
	c("pio2P4", pio2P4)
	c("invLn10Hi", invLn10Hi)
	c("invLn10Lo", invLn10Lo)
	c("thirdHi", thirdHi)
	c("thirdLo", thirdLo)
	var his, los []string
	for i := range atanHi {
		his = append(his, hexf(atanHi[i]))
		los = append(los, hexf(atanLo[i]))
	}
	b.WriteString("atanHi = [17]float64{" + strings.Join(his, ", ") + "}\n")
	b.WriteString("atanLo = [17]float64{" + strings.Join(los, ", ") + "}\n")
	ws := make([]string, len(twoOverPiBits))
	for i, w := range twoOverPiBits {
		ws[i] = fmt.Sprintf("%#016x", w)
	}
	b.WriteString("twoOverPiBits = [20]uint64{" + strings.Join(ws, ", ") + "}\n")
	return b.String()
}

// TestConstants checks every hard-coded constant against an independent
// math/big computation (Machin's formula for pi, atanh series for logs).
func TestConstants(t *testing.T) {
	want := expectedConstants()
	got := actualConstants()
	if got != want {
		t.Errorf("tables.go constants differ from math/big; expected:\n%s\ngot:\n%s", want, got)
	}
}
