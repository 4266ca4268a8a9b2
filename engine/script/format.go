package script

import (
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Lua 5.1's string.format, written out: gopher-lua's passes formats to Go's
// fmt, whose %g, %x of negatives, %q and infinities differ from C's. This
// one follows lstrlib.c (str_format, scanformat, addquoted) and C's printf
// with glibc's output, in pure Go so every platform gets the same bytes.

// formatFlags are the flags scanformat accepts, FLAGS in lstrlib.c.
const formatFlags = "-+ #0"

// luaFormat implements string.format(f, ...); max bounds the result.
func luaFormat(L *lua.LState, max int) string {
	f := checkLuaString(L, 1)
	top := L.GetTop()
	arg := 1
	var b strings.Builder
	grow := func() {
		if b.Len() > max {
			L.RaiseError("string.format result too large (limit %d bytes)", max)
		}
	}
	for i := 0; i < len(f); {
		c := f[i]
		if c != '%' {
			b.WriteByte(c)
			i++
			continue
		}
		i++
		if i < len(f) && f[i] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		arg++
		if arg > top {
			L.ArgError(arg, "no value")
		}
		spec, n := scanFormat(L, f[i:])
		i += n
		conv := byte(0)
		if i < len(f) {
			conv = f[i]
			i++
		}
		switch conv {
		case 'c':
			spec.conv = 'c'
			// C converts the int to unsigned char; a NUL ends the item,
			// since Lua copies it with strlen.
			item := spec.pad(string([]byte{byte(toInt64(checkLuaNumber(L, arg)))}), false)
			b.WriteString(cString(item))
		case 'd', 'i':
			spec.conv = 'd'
			v := toInt64(checkLuaNumber(L, arg))
			neg := v < 0
			u := uint64(v)
			if neg {
				u = -u
			}
			b.WriteString(spec.integer(u, neg))
		case 'o', 'u', 'x', 'X':
			spec.conv = conv
			b.WriteString(spec.integer(toUint64(checkLuaNumber(L, arg)), false))
		case 'e', 'E', 'f', 'g', 'G':
			spec.conv = conv
			b.WriteString(spec.float(checkLuaNumber(L, arg)))
		case 'q':
			addQuoted(&b, checkLuaString(L, arg))
		case 's':
			s := checkLuaString(L, arg)
			if !spec.hasPrec && len(s) >= 100 {
				// lstrlib.c keeps long strings whole (NULs included).
				b.WriteString(s)
				break
			}
			s = cString(s)
			if spec.hasPrec && spec.prec < len(s) {
				s = s[:spec.prec]
			}
			spec.conv = 's'
			b.WriteString(spec.pad(s, false))
		default:
			L.RaiseError("invalid option '%%%c' to 'format'", conv)
		}
		grow()
	}
	grow()
	return b.String()
}

// fmtSpec is one conversion's flags, width and precision.
type fmtSpec struct {
	minus, plus, space, alt, zero bool
	width, prec                   int
	hasPrec                       bool
	conv                          byte
}

// scanFormat reads flags, width and precision as lstrlib.c's scanformat
// does: at most five flag characters, two digits of width, two of
// precision.
func scanFormat(L *lua.LState, f string) (fmtSpec, int) {
	var sp fmtSpec
	i := 0
	for i < len(f) && strings.IndexByte(formatFlags, f[i]) >= 0 {
		switch f[i] {
		case '-':
			sp.minus = true
		case '+':
			sp.plus = true
		case ' ':
			sp.space = true
		case '#':
			sp.alt = true
		case '0':
			sp.zero = true
		}
		i++
	}
	if i > len(formatFlags) {
		L.RaiseError("invalid format (repeated flags)")
	}
	digits := func() int {
		v, n := 0, 0
		for n < 2 && i < len(f) && isDigit(f[i]) {
			v = v*10 + int(f[i]-'0')
			i++
			n++
		}
		return v
	}
	sp.width = digits()
	if i < len(f) && f[i] == '.' {
		i++
		sp.hasPrec = true
		sp.prec = digits()
	}
	if i < len(f) && isDigit(f[i]) {
		L.RaiseError("invalid format (width or precision too long)")
	}
	return sp, i
}

// pad writes body (sign and prefix included) to the width: spaces on the
// left, or on the right with '-', or zeros after the sign and prefix when
// zeros is true.
func (sp fmtSpec) pad(body string, zeros bool) string {
	n := sp.width - len(body)
	if n <= 0 {
		return body
	}
	switch {
	case sp.minus:
		return body + strings.Repeat(" ", n)
	case zeros:
		k := 0 // after a sign, and after 0x
		if k < len(body) && (body[0] == '-' || body[0] == '+' || body[0] == ' ') {
			k++
		}
		if k+1 < len(body) && body[k] == '0' && (body[k+1] == 'x' || body[k+1] == 'X') {
			k += 2
		}
		return body[:k] + strings.Repeat("0", n) + body[k:]
	}
	return strings.Repeat(" ", n) + body
}

func (sp fmtSpec) sign(neg bool) string {
	switch {
	case neg:
		return "-"
	case sp.plus:
		return "+"
	case sp.space:
		return " "
	}
	return ""
}

// integer formats u (negated when neg) for d, o, u, x and X.
func (sp fmtSpec) integer(u uint64, neg bool) string {
	base := 10
	switch sp.conv {
	case 'o':
		base = 8
	case 'x', 'X':
		base = 16
	}
	digits := strconv.FormatUint(u, base)
	if sp.conv == 'X' {
		digits = strings.ToUpper(digits)
	}
	if sp.hasPrec {
		if sp.prec == 0 && u == 0 {
			digits = ""
		}
		if len(digits) < sp.prec {
			digits = strings.Repeat("0", sp.prec-len(digits)) + digits
		}
	}
	prefix := ""
	switch {
	case sp.conv == 'd':
		prefix = sp.sign(neg)
	case sp.alt && sp.conv == 'o' && !strings.HasPrefix(digits, "0"):
		digits = "0" + digits
	case sp.alt && sp.conv == 'x' && u != 0:
		prefix = "0x"
	case sp.alt && sp.conv == 'X' && u != 0:
		prefix = "0X"
	}
	// C ignores the 0 flag when a precision is given.
	return sp.pad(prefix+digits, sp.zero && !sp.hasPrec)
}

// float formats f for e, E, f, g and G.
func (sp fmtSpec) float(f float64) string {
	upper := sp.conv == 'E' || sp.conv == 'G'
	if math.IsInf(f, 0) || f != f {
		s := "inf"
		if f != f {
			s = "nan" // see fmtNumber: the sign of a NaN is not portable
		}
		if upper {
			s = strings.ToUpper(s)
		}
		return sp.pad(sp.sign(f < 0)+s, false)
	}
	neg := math.Signbit(f)
	a := math.Abs(f)
	prec := 6
	if sp.hasPrec {
		prec = sp.prec
	}
	var body string
	switch sp.conv {
	case 'f':
		body = strconv.FormatFloat(a, 'f', prec, 64)
		if sp.alt && prec == 0 {
			body += "."
		}
	case 'e', 'E':
		body = expForm(a, prec, sp.alt)
	default: // g, G
		if prec == 0 {
			prec = 1
		}
		e := strconv.FormatFloat(a, 'e', prec-1, 64)
		x, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
		if x < -4 || x >= prec {
			body = expForm(a, prec-1, sp.alt)
		} else {
			body = strconv.FormatFloat(a, 'f', prec-1-x, 64)
			if sp.alt && !strings.Contains(body, ".") {
				body += "."
			}
		}
		if !sp.alt {
			body = trimZeros(body)
		}
	}
	if upper {
		body = strings.ToUpper(body)
	}
	return sp.pad(sp.sign(neg)+body, sp.zero)
}

// expForm is C's %.{prec}e of a ≥ 0: strconv writes the exponent with at
// least two digits as C does.
func expForm(a float64, prec int, alt bool) string {
	s := strconv.FormatFloat(a, 'e', prec, 64)
	if alt && prec == 0 {
		i := strings.IndexByte(s, 'e')
		s = s[:i] + "." + s[i:]
	}
	return s
}

// trimZeros drops the trailing zeros of the fraction, and a lone point,
// as %g does without '#'.
func trimZeros(s string) string {
	exp := ""
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		s, exp = s[:i], s[i:]
	}
	if strings.IndexByte(s, '.') >= 0 {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s + exp
}

// addQuoted is %q: lstrlib.c's addquoted.
func addQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\', '\n':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\000`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// checkLuaNumber is luaL_checknumber: a number, or a string Lua 5.1 reads
// as one.
func checkLuaNumber(L *lua.LState, n int) float64 {
	switch v := L.Get(n).(type) {
	case lua.LNumber:
		return float64(v)
	case lua.LString:
		if f, ok := str2number(string(v)); ok {
			return f
		}
	}
	L.TypeError(n, lua.LTNumber)
	return 0
}

// checkLuaString is luaL_checkstring: a string, or a number written as
// Lua 5.1 writes it.
func checkLuaString(L *lua.LState, n int) string {
	switch v := L.Get(n).(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return fmtNumber(float64(v))
	}
	L.TypeError(n, lua.LTString)
	return ""
}

// optLuaString is luaL_optstring: def when absent or nil.
func optLuaString(L *lua.LState, n int, def string) string {
	if L.Get(n) == lua.LNil {
		return def
	}
	return checkLuaString(L, n)
}
