package dmath

import (
	"math"
	"math/big"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"
)

// TestPowIntegerExponents checks Pow(b, n) for small integer bases and
// exponents: exact whenever the result is representable (as Lua code such
// as 2^10 or (-3)^3 expects), otherwise within one ulp.
func TestPowIntegerExponents(t *testing.T) {
	for b := -12; b <= 12; b++ {
		if b == 0 {
			continue
		}
		for n := -60; n <= 60; n++ {
			exact := newF(2000).SetInt64(1)
			bb := newF(2000).SetInt64(int64(b))
			for i := 0; i < abs(n); i++ {
				exact.Mul(exact, bb)
			}
			if n < 0 {
				exact.Quo(newF(2000).SetInt64(1), exact)
			}
			want, acc := exact.Float64()
			got := Pow(float64(b), float64(n))
			if acc == big.Exact {
				if got != want {
					t.Errorf("Pow(%d, %d) = %v, want exactly %v", b, n, got, want)
				}
			} else if e := ulpErr(got, exact); e > 1 {
				t.Errorf("Pow(%d, %d) = %v, error %.3f ulp", b, n, got, e)
			}
		}
	}
	// Non-integer bases with exactly representable powers.
	for _, c := range []struct{ x, y, want float64 }{
		{0.5, 3, 0.125}, {1.5, 2, 2.25}, {1.5, 3, 3.375}, {-1.5, 3, -3.375}, {0.25, -2, 16}, {2.5, 4, 39.0625},
		{1e10, 2, 1e20}, {1e15, 1, 1e15}, {10, 15, 1e15}, {10, -1, 0.1}, {7, 18, 1628413597910449},
		{16, 0.25, 2}, {27, 1.0 / 3, 3}, {1024, 0.1, 2}, {9, 1.5, 27},
	} {
		if got := Pow(c.x, c.y); got != c.want {
			t.Errorf("Pow(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// TestLog10PowersOfTen checks that Log10 of the float64 nearest to 10^k is
// exactly k for every k in range, as C gives and digit-counting code
// (math.floor(math.log10(n))) expects; math.Log10 misses some (for example
// math.Log10(1e15) = 14.999999999999998 on some platforms).
func TestLog10PowersOfTen(t *testing.T) {
	for k := -307; k <= 308; k++ { // normal range; subnormals are too coarse
		x, err := strconv.ParseFloat("1e"+strconv.Itoa(k), 64)
		if err != nil {
			t.Fatal(err)
		}
		if got := Log10(x); got != float64(k) {
			t.Errorf("Log10(1e%d) = %v", k, got)
		}
	}
}

// TestReductionAgree checks the two argument reductions against each other
// below 2^20, where both apply, including arguments very close to
// multiples of π/2.
func TestReductionAgree(t *testing.T) {
	r := newRNG(77)
	check := func(x float64) {
		j1, h1, l1 := reduceCW(x)
		j2, h2, l2 := reducePH(x)
		// The two may pick adjacent quadrants only if r is right at ±π/4.
		if j1 != j2 {
			t.Fatalf("x=%v: quadrants %d (Cody–Waite) and %d (Payne–Hanek)", x, j1, j2)
		}
		dh, dl := twoSum(h1, -h2)
		d := math.Abs(dh + (dl + (l1 - l2)))
		if d > 0x1p-100*math.Max(1, x) && d > 0x1p-30*math.Abs(h1) {
			t.Fatalf("x=%v: r = %v%+v (Cody–Waite), %v%+v (Payne–Hanek)", x, h1, l1, h2, l2)
		}
	}
	for i := 0; i < 20000; i++ {
		check(r.uniform(math.Pi/4, cwLimit))
	}
	// Nearest doubles to k·π/2, and their neighbours.
	for k := 1; k < 600000; k += 1 + k/50 {
		x := float64(k) * (math.Pi / 2)
		for _, y := range []float64{x, math.Nextafter(x, 0), math.Nextafter(x, cwLimit)} {
			if y > math.Pi/4 && y < cwLimit {
				check(y)
			}
		}
	}
}

// TestAccuracyTrigHard checks Sin, Cos and Tan on arguments that are
// notoriously close to multiples of π/2, where the reduction must keep
// many more bits than float64 has.
func TestAccuracyTrigHard(t *testing.T) {
	xs := []float64{
		6381956970095103 * 0x1p797, // the double closest to a multiple of π/2
		5.319372648326541e+255, 1e22, 0x1p1023, math.MaxFloat64,
	}
	for k := 1; k < 1<<20; k = k*3 + 1 {
		x := float64(k) * (math.Pi / 2)
		xs = append(xs, x, math.Nextafter(x, 0), math.Nextafter(x, math.Inf(1)))
	}
	worst := 0.0
	for _, x := range xs {
		s, c := bigSinCos(x, refPrec)
		tn := newF(refPrec).Quo(s, c)
		for _, e := range []float64{ulpErr(Sin(x), s), ulpErr(Cos(x), c), ulpErr(Tan(x), tn)} {
			worst = max(worst, e)
			if e > 1 {
				sf, _ := s.Float64()
				cf, _ := c.Float64()
				t.Errorf("x=%v: Sin %v Cos %v Tan %v; exact sin %v cos %v (error %.3f ulp)", x, Sin(x), Cos(x), Tan(x), sf, cf, e)
			}
		}
	}
	t.Logf("hard trig arguments: max error %.3f ulp", worst)
}

// TestNoFusedMultiplyAdd compiles the package for the architectures whose
// Go compilers fuse x*y+z and checks that no fused instruction appears: a
// fused multiply-add would make results differ from amd64 and wasm. (This
// guards the float64(a*b) conversions against future edits.)
func TestNoFusedMultiplyAdd(t *testing.T) {
	if testing.Short() || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs the go command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	fused := regexp.MustCompile(`\b(FN?M(ADD|SUB)[DS]?|WFN?M[AS]DB|VFN?M(ADD|SUB)\w*)\b`)
	for _, arch := range []string{"arm64", "ppc64le", "s390x", "riscv64"} {
		cmd := exec.Command(goTool, "build", "-gcflags=-S", "-o", filepath.Join(t.TempDir(), "x.a"), ".")
		cmd.Env = append(cmd.Environ(), "GOOS=linux", "GOARCH="+arch, "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", arch, err, out)
		}
		if len(out) < 1000 {
			t.Fatalf("%s: no assembly listing produced", arch)
		}
		if m := fused.FindAll(out, 5); m != nil {
			t.Errorf("%s: fused multiply-add instructions in dmath: %q", arch, m)
		}
	}
}
