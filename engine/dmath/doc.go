// Package dmath is deterministic float64 maths: every function returns the
// same bits on every platform the engine runs on (linux/amd64 natively,
// js/wasm in the browser, and any other Go port), for every input.
//
// # Why not package math
//
// The simulation has to produce the same state hash everywhere, so that a
// replay recorded in the browser verifies on the server. The standard
// library does not promise that. On amd64, math.Exp and math.Log are
// assembly, while wasm runs the pure-Go code. Measured over 100,000 inputs,
// math.Exp differed in the last bit on 16% of x in [-700, 700], and
// math.Pow, which calls it, on 13% of typical operands. The amd64 assembly
// also overflows early (math.Exp(709.7) = +Inf) and gets math.Log of
// subnormal numbers badly wrong, where wasm is right. Other platforms may
// fuse multiply-adds differently, which changes results again. So the
// simulation and Lua's math library (including Lua's ^ operator) call this
// package instead of package math for anything that reaches game state.
//
// # How
//
// The algorithms are written here from the mathematics: argument reduction
// followed by Taylor polynomials, with double-double arithmetic (pairs of
// float64 carrying about 106 bits) where precision matters. They use only
// operations that IEEE 754 defines exactly and every Go port implements
// exactly: + - * /, comparisons, math.Sqrt, conversions between integers and
// floats, bit manipulation (math.Float64bits, math.Float64frombits) and the
// exact helpers math.Floor, Ceil, Trunc, Abs, Copysign, Frexp, Ldexp. Every
// product that is added to something is written float64(a*b), which the Go
// specification says forbids fusing it into a multiply-add (see dd.go). The
// constants are verified against math/big in the tests.
//
// # Guarantees
//
//   - Bit-identical results across platforms. The golden test hashes the
//     results of every function over a fixed set of inputs and runs both
//     natively and under js/wasm (Node), with the command below.
//   - Every NaN result is the canonical NaN, math.NaN(), whatever the NaN
//     operands: NaN payloads and signs, which differ between amd64 and
//     wasm, never leak into state.
//   - Accuracy: the transcendental functions are within one ulp of the
//     exact result (checked against math/big over wide ranges; the measured
//     worst cases are 0.5 to 0.75 ulp), huge trigonometric arguments
//     included, which are reduced with 1280 bits of 2/π. Sqrt, Floor, Ceil, Abs, Mod, Modf, Frexp, Ldexp, Min
//     and Max are exact.
//   - Special cases (NaN, ±Inf, ±0, overflow, underflow) follow C99, as
//     package math and Lua do; each function's documentation lists them.
//
// The cross-platform check:
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./engine/dmath
//
// # Lua
//
// The functions map onto Lua 5.1's math library: math.sin is Sin, math.fmod
// is Mod, math.modf is Modf (with C's ±0 fraction for ±Inf), math.pow and
// the ^ operator are Pow, math.huge is Huge, math.pi is Pi, and so on.
// Lua's math.min and math.max take any number of arguments; fold them with
// Min and Max.
package dmath
