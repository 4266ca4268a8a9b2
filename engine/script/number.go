package script

import (
	"math"
	"strconv"
	"strings"
)

// Numbers as Lua 5.1 writes and reads them. gopher-lua writes numbers as
// Go does (0.1 + 0.2 gives 0.30000000000000004, 1e15 gives
// 1000000000000000, infinity +Inf) and reads strings with Go's parsers
// ("010" is octal 8, "1_0" is 10). Lua 5.1 writes with C's "%.14g" and
// reads with C's strtod. The functions here do the same in pure Go, so
// every platform gets the same bytes: no C library is involved.

// fmtNumber formats f as Lua 5.1's tostring does ("%.14g"). NaN is always
// "nan": C prints "-nan" when the sign bit is set, but which NaN an
// operation yields differs between processors (x86 sets the sign of 0/0,
// arm64 does not), and text reaches the state hash.
func fmtNumber(f float64) string {
	switch {
	case f != f:
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e14 {
		// Whole numbers below 10^14 print every digit: the common case,
		// without strconv's float formatting. -0 keeps its sign.
		if f == 0 && math.Signbit(f) {
			return "-0"
		}
		return strconv.FormatInt(int64(f), 10)
	}
	// strconv's 'g' with a precision chooses between the two forms as C's
	// %g does (exponent < -4 or >= precision), drops trailing zeros as %g
	// does, and writes exponents with at least two digits as C does.
	return strconv.FormatFloat(f, 'g', 14, 64)
}

// isSpace is C's isspace in the "C" locale.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// cString is what C sees of a Lua string: the bytes before the first NUL.
func cString(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// str2number converts s as Lua 5.1's luaO_str2d does with glibc's
// strtod: spaces around, a sign, then a decimal number with an optional
// exponent, a hexadecimal number (0x, optionally with a fraction and a
// binary exponent p), inf, infinity or nan (any case).
func str2number(s string) (float64, bool) {
	s = cString(s)
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	f, n := strtod(s[i:])
	if n == 0 {
		return 0, false
	}
	for i += n; i < len(s); i++ {
		if !isSpace(s[i]) {
			return 0, false
		}
	}
	return f, true
}

// strtod parses the longest number at the start of s (no leading spaces)
// and returns it with the number of bytes read, 0 when there is none.
func strtod(s string) (float64, int) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	sign := func(f float64) float64 {
		if neg {
			return -f
		}
		return f
	}
	rest := strings.ToLower(s[i:])
	switch {
	case strings.HasPrefix(rest, "infinity"):
		return sign(math.Inf(1)), i + 8
	case strings.HasPrefix(rest, "inf"):
		return sign(math.Inf(1)), i + 3
	case strings.HasPrefix(rest, "nan"):
		n := i + 3
		// glibc also reads "nan(chars)", chars being letters, digits, _.
		if n < len(s) && s[n] == '(' {
			j := n + 1
			for j < len(s) && (isAlnum(s[j]) || s[j] == '_') {
				j++
			}
			if j < len(s) && s[j] == ')' {
				n = j + 1
			}
		}
		return math.NaN(), n
	}
	if len(rest) >= 3 && rest[0] == '0' && rest[1] == 'x' {
		if f, n := hexFloat(s[i+2:]); n > 0 {
			return sign(f), i + 2 + n
		}
		// "0x" without hexadecimal digits: strtod reads the 0.
		return sign(0), i + 1
	}
	start := i
	i, digits := mantissa(s, i, isDigit)
	if digits == 0 {
		return 0, 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	// The syntax is checked: ParseFloat, correctly rounded like glibc,
	// can only complain about range, and then returns ±Inf or 0 as
	// strtod does.
	f, _ := strconv.ParseFloat(s[start:i], 64)
	return sign(f), i
}

// mantissa reads, from s[i], digits with an optional fraction ("12",
// "1.5", ".5", "1."), as strtod does in decimal and after "0x"; it returns
// where they end and how many digits it read.
func mantissa(s string, i int, isDigit func(byte) bool) (end, digits int) {
	for i < len(s) && isDigit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			digits++
		}
	}
	return i, digits
}

// hexFloat reads hexadecimal digits with an optional fraction and binary
// exponent (what follows "0x"); n is 0 when there is no digit.
func hexFloat(s string) (float64, int) {
	i, digits := mantissa(s, 0, isHex)
	if digits == 0 {
		return 0, 0
	}
	mant := s[:i]
	exp := "p0"
	if i < len(s) && (s[i] == 'p' || s[i] == 'P') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			exp = s[i:j]
			i = j
		}
	}
	f, _ := strconv.ParseFloat("0x"+mant+exp, 64)
	return f, i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'z' }
func isHex(c byte) bool   { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }

// strtoul is C's strtoul as Lua 5.1's tonumber(s, base) uses it: spaces,
// a sign, "0x" when base is 16, digits of base; a minus negates modulo
// 2^64 and overflow gives the maximum. n is 0 when no digit was read.
func strtoul(s string, base int) (v uint64, n int) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if base == 16 && i+2 < len(s) && s[i] == '0' && s[i+1]|0x20 == 'x' && digitValue(s[i+2]) < 16 {
		i += 2
	}
	start := i
	overflow := false
	for i < len(s) {
		d := digitValue(s[i])
		if d >= base {
			break
		}
		hi, lo := mul64(v, uint64(base))
		if hi != 0 || lo+uint64(d) < lo {
			overflow = true
		}
		v = lo + uint64(d)
		i++
	}
	if i == start {
		return 0, 0
	}
	if overflow {
		return math.MaxUint64, i
	}
	if neg {
		v = -v
	}
	return v, i
}

func mul64(a, b uint64) (hi, lo uint64) {
	const mask32 = 1<<32 - 1
	a0, a1 := a&mask32, a>>32
	b0, b1 := b&mask32, b>>32
	w0 := a0 * b0
	t := a1*b0 + w0>>32
	w1 := t&mask32 + a0*b1
	return a1*b1 + t>>32 + w1>>32, a * b
}

func digitValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case 'a' <= c|0x20 && c|0x20 <= 'z':
		return int(c|0x20-'a') + 10
	}
	return 99
}

// toInt64 converts f as C's (long) cast compiles on x86-64 (cvttsd2si):
// towards zero, and the minimum for NaN and out-of-range values. Spelled
// out, because Go's own conversion of those values differs between
// platforms.
func toInt64(f float64) int64 {
	if f != f || f >= 1<<63 || f < -(1<<63) {
		return math.MinInt64
	}
	return int64(f)
}

// toUint64 converts f as C's (unsigned long) cast compiles on x86-64 with
// gcc: values from 2^63 up go through toInt64(f - 2^63) with the top bit
// flipped, the others through toInt64.
func toUint64(f float64) uint64 {
	if f >= 1<<63 {
		return uint64(toInt64(f-(1<<63))) ^ 1<<63
	}
	return uint64(toInt64(f))
}
