package dmath

import (
	"math"
	"testing"
)

func TestDbg(t *testing.T) {
	for _, x := range []float64{Pi / 6, maxF, Pi / 3, 1e22, Pi / 4} {
		s, c := bigSinCos(x, 200)
		sf, _ := s.Float64()
		cf, _ := c.Float64()
		tf, _ := newF(200).Quo(s, c).Float64()
		t.Logf("%v: sin %v %v cos %v %v tan %v %v", x, sf, Sin(x), cf, Cos(x), tf, Tan(x))
	}
	others := []float64{0, nz, 1, -1, 2, -2, 0.5, inf, ninf, minSub, maxF, -maxF, 3, -0.5, 1e300, qnan}
	for _, x := range others {
		for _, y := range others {
			v := Pow(x, y)
			if isNaN(v) && math.Float64bits(v) != math.Float64bits(math.NaN()) {
				t.Logf("Pow(%v, %v)", x, y)
			}
		}
	}
}
