package script

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/communs-arcade/arcade/engine/dmath"
	"github.com/communs-arcade/arcade/engine/sim"
)

// openMath installs a math table whose functions give the same bits on
// every platform (engine/dmath) and whose random numbers come from the
// world's seeded PRNG, and the pow function behind the ^ operator.
func openMath(L *lua.LState, w *sim.World) {
	f1 := func(f func(float64) float64) lua.LGFunction {
		return func(L *lua.LState) int {
			L.Push(lua.LNumber(f(float64(L.CheckNumber(1)))))
			return 1
		}
	}
	f2 := func(f func(float64, float64) float64) lua.LGFunction {
		return func(L *lua.LState) int {
			L.Push(lua.LNumber(f(float64(L.CheckNumber(1)), float64(L.CheckNumber(2)))))
			return 1
		}
	}
	fold := func(pick func(a, b float64) float64) lua.LGFunction {
		return func(L *lua.LState) int {
			acc := float64(L.CheckNumber(1))
			for i := 2; i <= L.GetTop(); i++ {
				acc = pick(acc, float64(L.CheckNumber(i)))
			}
			L.Push(lua.LNumber(acc))
			return 1
		}
	}
	m := L.NewTable()
	fns := map[string]lua.LGFunction{
		"abs": f1(dmath.Abs), "ceil": f1(dmath.Ceil), "floor": f1(dmath.Floor),
		"sqrt": f1(dmath.Sqrt), "sin": f1(dmath.Sin), "cos": f1(dmath.Cos),
		"tan": f1(dmath.Tan), "asin": f1(dmath.Asin), "acos": f1(dmath.Acos),
		"atan": f1(dmath.Atan), "exp": f1(dmath.Exp), "log10": f1(dmath.Log10),
		"atan2": f2(dmath.Atan2), "pow": f2(dmath.Pow), "fmod": f2(dmath.Mod),
		"ldexp": func(L *lua.LState) int {
			L.Push(lua.LNumber(dmath.Ldexp(float64(L.CheckNumber(1)), L.CheckInt(2))))
			return 1
		},
		"log": func(L *lua.LState) int {
			x := float64(L.CheckNumber(1))
			if L.GetTop() >= 2 {
				base := float64(L.CheckNumber(2))
				if base == 10 { // exact for powers of ten
					L.Push(lua.LNumber(dmath.Log10(x)))
				} else {
					L.Push(lua.LNumber(dmath.Log(x) / dmath.Log(base)))
				}
			} else {
				L.Push(lua.LNumber(dmath.Log(x)))
			}
			return 1
		},
		"modf": func(L *lua.LState) int {
			i, f := dmath.Modf(float64(L.CheckNumber(1)))
			L.Push(lua.LNumber(i))
			L.Push(lua.LNumber(f))
			return 2
		},
		"frexp": func(L *lua.LState) int {
			f, e := dmath.Frexp(float64(L.CheckNumber(1)))
			L.Push(lua.LNumber(f))
			L.Push(lua.LNumber(e))
			return 2
		},
		// Lua 5.1's hyperbolic functions, from dmath.Exp. Precision is that
		// of the formula (cancellation near 0 for sinh), which games do not
		// notice; determinism is what matters.
		"sinh": f1(func(x float64) float64 { return (dmath.Exp(x) - dmath.Exp(-x)) / 2 }),
		"cosh": f1(func(x float64) float64 { return (dmath.Exp(x) + dmath.Exp(-x)) / 2 }),
		"tanh": f1(func(x float64) float64 {
			if x > 20 {
				return 1
			}
			if x < -20 {
				return -1
			}
			e := dmath.Exp(2 * x)
			return (e - 1) / (e + 1)
		}),
		"max": fold(dmath.Max),
		"min": fold(dmath.Min),
		"deg": f1(func(x float64) float64 { return x * (180 / dmath.Pi) }),
		"rad": f1(func(x float64) float64 { return x * (dmath.Pi / 180) }),
		"random": func(L *lua.LState) int {
			switch L.GetTop() {
			case 0:
				L.Push(lua.LNumber(w.Rand()))
			case 1:
				n := L.CheckInt64(1)
				if n < 1 {
					L.ArgError(1, "interval is empty")
				}
				L.Push(lua.LNumber(w.RandInt(1, n)))
			default:
				lo, hi := L.CheckInt64(1), L.CheckInt64(2)
				if lo > hi {
					L.ArgError(2, "interval is empty")
				}
				L.Push(lua.LNumber(w.RandInt(lo, hi)))
			}
			return 1
		},
		"randomseed": func(L *lua.LState) int {
			w.Reseed(uint64(L.CheckInt64(1)))
			return 0
		},
	}
	// Register in a fixed order: the table's key order must not depend on
	// Go's map iteration, since scripts may iterate it with pairs.
	for _, name := range sortedKeys(fns) {
		m.RawSetString(name, L.NewFunction(fns[name]))
	}
	m.RawSetString("mod", m.RawGetString("fmod")) // Lua 5.1 keeps 5.0's name
	m.RawSetString("pi", lua.LNumber(dmath.Pi))
	m.RawSetString("huge", lua.LNumber(dmath.Huge))
	L.SetGlobal("math", m)
	L.SetGlobal(powName, L.NewFunction(pow))
}

// pow implements a ^ b (see rewrite): numbers and numeric strings as Lua
// does, then the __pow metamethod, then Lua's arithmetic error.
func pow(L *lua.LState) int {
	a, b := L.Get(1), L.Get(2)
	x, xok := arith(a)
	y, yok := arith(b)
	if xok && yok {
		L.Push(lua.LNumber(dmath.Pow(x, y)))
		return 1
	}
	if r, ok := binaryMeta(L, "__pow", a, b); ok {
		L.Push(r)
		return 1
	}
	bad := a
	if xok {
		bad = b
	}
	L.RaiseError("attempt to perform arithmetic on a %s value", bad.Type().String())
	return 0
}

func arith(v lua.LValue) (float64, bool) {
	switch v := v.(type) {
	case lua.LNumber:
		return float64(v), true
	case lua.LString:
		f, err := strconv.ParseFloat(strings.TrimSpace(string(v)), 64)
		return f, err == nil
	}
	return 0, false
}
