package script

import (
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/communs-arcade/arcade/engine/luapattern"
)

// gopher-lua's pattern matcher never checks its budget, so a "pattern bomb"
// such as string.find(string.rep("a", 40), ".-.-.-.-.-.-.-.-.-.-b") runs
// for ever. The functions here replace string.find, string.match,
// string.gmatch and string.gsub with versions built on engine/luapattern,
// which counts its steps, and keep Lua 5.1's semantics.

// patternStepsPerCall is the matcher allowance of one call of find, match
// or gsub, and of one call of a gmatch iterator. The steps actually used are
// then charged to the script through spend (one step, one instruction).
const patternStepsPerCall int64 = 1_000_000

// Work done around the matcher is charged too, in steps (a matcher step
// takes a few nanoseconds natively):
const (
	compileStepsPerByte = 4  // compiling a pattern
	plainBytesPerStep   = 16 // a plain find (a fast substring search)
	replBytesPerStep    = 4  // parsing a gsub replacement string
)

// luaSpecials are the characters that make string.find use the matcher;
// without any of them it searches for the pattern literally (Lua 5.1).
const luaSpecials = "^$*+?.([%-"

type patternLib struct {
	spend     func(steps int64) error
	maxResult int
}

// installPatternFuncs sets str.find, str.match, str.gmatch and str.gsub to
// step-budgeted versions with Lua 5.1 semantics. Each call gets an allowance
// of patternStepsPerCall matcher steps; the steps used are passed to spend
// (nil: not reported), and an error from spend is raised in the script.
// string.gsub refuses to build a result longer than maxResult bytes
// (negative: no limit).
func installPatternFuncs(L *lua.LState, str *lua.LTable, spend func(steps int64) error, maxResult int) {
	pl := &patternLib{spend: spend, maxResult: maxResult}
	str.RawSetString("find", L.NewFunction(pl.find))
	str.RawSetString("match", L.NewFunction(pl.match))
	gmatch := L.NewFunction(pl.gmatch)
	str.RawSetString("gmatch", gmatch)
	str.RawSetString("gfind", gmatch) // Lua 5.0's name, still in gopher-lua
	str.RawSetString("gsub", L.NewFunction(pl.gsub))
}

// meter holds the step allowance of one call and reports what it used.
type meter struct {
	spend  func(int64) error
	left   int64 // allowance left
	billed int64 // steps already passed to spend
}

func (pl *patternLib) newMeter() *meter {
	return &meter{spend: pl.spend, left: patternStepsPerCall}
}

// flush passes the steps used since the last flush to spend.
func (m *meter) flush(L *lua.LState) {
	used := patternStepsPerCall - m.left - m.billed
	if used <= 0 || m.spend == nil {
		return
	}
	m.billed += used
	if err := m.spend(used); err != nil {
		L.RaiseError("%s", err.Error())
	}
}

// done flushes, then raises err if there is one.
func (m *meter) done(L *lua.LState, err error) {
	m.flush(L)
	if err != nil {
		L.RaiseError("%s", err.Error())
	}
}

// charge takes n steps of work done outside the matcher.
func (m *meter) charge(L *lua.LState, n int64) {
	if n > m.left {
		m.left = 0
		m.done(L, luapattern.ErrBudget)
	}
	m.left -= n
}

func (m *meter) compile(L *lua.LState, pat string, caretAnchors bool) *luapattern.Pattern {
	m.charge(L, 1+int64(len(pat))*compileStepsPerByte)
	var p *luapattern.Pattern
	var err error
	if caretAnchors {
		p, err = luapattern.Compile(pat)
	} else {
		p, err = luapattern.CompileUnanchored(pat)
	}
	if err != nil {
		m.done(L, err)
	}
	return p
}

// optInt is luaL_optinteger: absent or nil gives def; numbers and numeric
// strings are truncated towards zero.
func optInt(L *lua.LState, n int, def int64) int64 {
	if L.Get(n) == lua.LNil {
		return def
	}
	f := checkLuaNumber(L, n)
	switch {
	case f != f:
		return 0
	case f >= 1<<62:
		return 1 << 62
	case f <= -(1 << 62):
		return -(1 << 62)
	}
	return int64(f)
}

// startIndex turns a Lua init argument into a 0-based offset in a string of
// length n: negative values count from the end, and the result is clamped
// to [0, n] (Lua 5.1 clamps rather than failing when init is past the end).
func startIndex(init int64, n int) int {
	if init < 0 {
		init += int64(n) + 1
	}
	init--
	if init < 0 {
		return 0
	}
	if init > int64(n) {
		return n
	}
	return int(init)
}

func (pl *patternLib) find(L *lua.LState) int  { return pl.findAux(L, true) }
func (pl *patternLib) match(L *lua.LState) int { return pl.findAux(L, false) }

func (pl *patternLib) findAux(L *lua.LState, find bool) int {
	s := checkLuaString(L, 1)
	p := checkLuaString(L, 2)
	init := startIndex(optInt(L, 3, 1), len(s))
	m := pl.newMeter()
	if find && (lua.LVAsBool(L.Get(4)) || !strings.ContainsAny(p, luaSpecials)) {
		m.charge(L, 1+int64(len(s)-init+len(p))/plainBytesPerStep)
		m.flush(L)
		if i := strings.Index(s[init:], p); i >= 0 {
			L.Push(lua.LNumber(init + i + 1))
			L.Push(lua.LNumber(init + i + len(p)))
			return 2
		}
		L.Push(lua.LNil)
		return 1
	}
	pat := m.compile(L, p, true)
	res, ok, err := pat.Find(s, init, &m.left)
	m.done(L, err)
	if !ok {
		L.Push(lua.LNil)
		return 1
	}
	if find {
		L.Push(lua.LNumber(res.Start + 1))
		L.Push(lua.LNumber(res.End))
		return 2 + pushCaptures(L, s, res, false)
	}
	return pushCaptures(L, s, res, true)
}

// captureValue is the value of capture i of res, as Lua 5.1 gives it: a
// capture index past the last capture means the whole match if it is the
// first, and is an error otherwise.
func captureValue(L *lua.LState, s string, res luapattern.Match, i int) lua.LValue {
	if i >= len(res.Captures) {
		if i != 0 {
			L.RaiseError("invalid capture index")
		}
		return lua.LString(s[res.Start:res.End])
	}
	c := res.Captures[i]
	switch {
	case c.Unfinished:
		L.RaiseError("unfinished capture")
	case c.Position:
		return lua.LNumber(c.Start + 1)
	}
	return lua.LString(s[c.Start:c.End])
}

// pushCaptures pushes the captures of res, or the whole match if there are
// none and whole is set, and returns how many values it pushed.
func pushCaptures(L *lua.LState, s string, res luapattern.Match, whole bool) int {
	n := len(res.Captures)
	if n == 0 && whole {
		n = 1
	}
	for i := 0; i < n; i++ {
		L.Push(captureValue(L, s, res, i))
	}
	return n
}

func (pl *patternLib) gmatch(L *lua.LState) int {
	s := checkLuaString(L, 1)
	p := checkLuaString(L, 2)
	m := pl.newMeter()
	// Lua 5.1's gmatch takes a leading '^' literally.
	pat := m.compile(L, p, false)
	m.flush(L)
	mt := pat.Matcher(s)
	pos := 0
	L.Push(L.NewFunction(func(L *lua.LState) int {
		if pos > len(s) {
			return 0
		}
		m := pl.newMeter()
		res, ok, err := mt.Find(pos, &m.left)
		m.done(L, err)
		if !ok {
			pos = len(s) + 1
			return 0
		}
		pos = res.End
		if res.End == res.Start {
			pos++ // an empty match: go on from the next position
		}
		return pushCaptures(L, s, res, true)
	}))
	return 1
}

// replPart is a piece of a gsub replacement string: literal text, or a
// reference %0-%9 (ref >= 0).
type replPart struct {
	lit string
	ref int
}

// parseRepl splits a replacement string as Lua 5.1 reads it: "%d" is a
// capture, '%' before any other character stands for that character, and
// a '%' at the very end stands for a NUL byte (Lua 5.1 reads the string's
// terminator there).
func parseRepl(r string) []replPart {
	var parts []replPart
	var lit []byte
	for i := 0; i < len(r); i++ {
		c := r[i]
		if c != '%' {
			lit = append(lit, c)
			continue
		}
		i++
		var d byte
		if i < len(r) {
			d = r[i]
		}
		if d < '0' || d > '9' {
			lit = append(lit, d)
			continue
		}
		if len(lit) > 0 {
			parts = append(parts, replPart{lit: string(lit), ref: -1})
			lit = lit[:0]
		}
		parts = append(parts, replPart{ref: int(d - '0')})
	}
	if len(lit) > 0 {
		parts = append(parts, replPart{lit: string(lit), ref: -1})
	}
	return parts
}

// gsubBuffer accumulates a gsub result up to maxResult bytes.
type gsubBuffer struct {
	b   []byte
	max int
	m   *meter
}

func (g *gsubBuffer) add(L *lua.LState, s string) {
	if g.max >= 0 && len(s) > g.max-len(g.b) {
		g.m.flush(L)
		L.RaiseError("string.gsub result too large")
	}
	g.b = append(g.b, s...)
}

func (pl *patternLib) gsub(L *lua.LState) int {
	src := checkLuaString(L, 1)
	p := checkLuaString(L, 2)
	repl := L.Get(3)
	switch repl.Type() {
	case lua.LTNumber, lua.LTString, lua.LTFunction, lua.LTTable:
	default:
		L.ArgError(3, "string/function/table expected")
	}
	maxN := optInt(L, 4, int64(len(src))+1)
	m := pl.newMeter()
	pat := m.compile(L, p, true)
	var parts []replPart
	if repl.Type() == lua.LTNumber || repl.Type() == lua.LTString {
		r := luaString(repl)
		m.charge(L, 1+int64(len(r))/replBytesPerStep)
		parts = parseRepl(r)
	}
	out := &gsubBuffer{max: pl.maxResult, m: m}
	mt := pat.Matcher(src)
	n := int64(0)
	s := 0
	for n < maxN {
		res, ok, err := mt.MatchAt(s, &m.left)
		if err != nil {
			m.done(L, err)
		}
		if ok {
			n++
			pl.addValue(L, m, out, src, res, repl, parts)
		}
		if ok && res.End > s {
			s = res.End
		} else if s < len(src) {
			out.add(L, src[s:s+1])
			s++
		} else {
			break
		}
		if pat.Anchored() {
			break
		}
	}
	out.add(L, src[s:])
	m.flush(L)
	L.Push(lua.LString(out.b))
	L.Push(lua.LNumber(n))
	return 2
}

// addValue appends the replacement of one match.
func (pl *patternLib) addValue(L *lua.LState, m *meter, out *gsubBuffer, src string, res luapattern.Match, repl lua.LValue, parts []replPart) {
	var v lua.LValue
	switch r := repl.(type) {
	case *lua.LTable:
		m.flush(L) // metamethods may run script code
		v = L.GetTable(r, captureValue(L, src, res, 0))
	case *lua.LFunction:
		m.flush(L)
		L.Push(r)
		nargs := pushCaptures(L, src, res, true)
		L.Call(nargs, 1)
		v = L.Get(-1)
		L.Pop(1)
	default:
		m.charge(L, int64(len(parts)))
		m.flush(L)
		for _, part := range parts {
			switch {
			case part.ref < 0:
				out.add(L, part.lit)
			case part.ref == 0:
				out.add(L, src[res.Start:res.End])
			default:
				out.add(L, luaString(captureValue(L, src, res, part.ref-1)))
			}
		}
		return
	}
	if lua.LVIsFalse(v) {
		out.add(L, src[res.Start:res.End]) // keep the original text
		return
	}
	switch v.(type) {
	case lua.LString, lua.LNumber:
		out.add(L, luaString(v))
	default:
		L.RaiseError("invalid replacement value (a %s)", v.Type().String())
	}
}
