package script

import (
	"fmt"
	"math"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/communs-arcade/arcade/engine/dmath"
)

// What gopher-lua does differently from Lua 5.1 and a level could notice,
// put right: numbers written and read as Lua does (number.go, format.go),
// strings coerced to numbers in arithmetic and library calls with Lua's
// rules, tonumber, error, table.concat, and upvalues closed when pcall
// catches an error. docs/lua-api.md lists what stays different.

// luaString is what Lua 5.1's lua_tostring gives for a string or number,
// "" for other values.
func luaString(v lua.LValue) string {
	switch v := v.(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return fmtNumber(float64(v))
	}
	return ""
}

// luaNumber is Lua 5.1's tonumber of a value: numbers, and strings that
// read as numbers.
func luaNumber(v lua.LValue) (float64, bool) {
	switch v := v.(type) {
	case lua.LNumber:
		return float64(v), true
	case lua.LString:
		return str2number(string(v))
	}
	return 0, false
}

// checkInt is luaL_checkint: a number or numeric string, truncated as C's
// (int) cast does on x86-64.
func checkInt(L *lua.LState, n int) int {
	return int(toInt64(checkLuaNumber(L, n)))
}

func optInt51(L *lua.LState, n int, def int) int {
	if L.Get(n) == lua.LNil {
		return def
	}
	return checkInt(L, n)
}

// install51 replaces what the sandbox's base, string and table libraries
// do unlike Lua 5.1. It runs after the libraries are opened and wrapped.
func (s *sandbox) install51(L *lua.LState) {
	L.SetGlobal("tonumber", L.NewFunction(luaToNumber))
	L.SetGlobal("assert", L.NewFunction(luaAssert))
	str := L.GetGlobal("string").(*lua.LTable)
	// Arguments that Lua converts (a number where a string is expected and
	// the reverse) are converted here with Lua's rules before gopher-lua's
	// functions see them; their positions, per function.
	for _, c := range []struct {
		name       string
		strs, nums []int
	}{
		{"byte", []int{1}, []int{2, 3}},
		{"len", []int{1}, nil},
		{"lower", []int{1}, nil},
		{"upper", []int{1}, nil},
		{"reverse", []int{1}, nil},
		{"rep", []int{1}, []int{2}},
		{"sub", []int{1}, []int{2, 3}},
		{"gsub", []int{1, 2}, []int{4}},
		{"find", []int{1, 2}, []int{3}},
		{"match", []int{1, 2}, []int{3}},
		{"gmatch", []int{1, 2}, nil},
	} {
		fn := str.RawGetString(c.name).(*lua.LFunction).GFunction
		strs, nums := c.strs, c.nums
		str.RawSetString(c.name, L.NewFunction(func(L *lua.LState) int {
			coerce(L, strs, nums)
			return fn(L)
		}))
	}
	str.RawSetString("gfind", str.RawGetString("gmatch"))
	char := str.RawGetString("char").(*lua.LFunction).GFunction
	str.RawSetString("char", L.NewFunction(func(L *lua.LState) int {
		for i := 1; i <= L.GetTop(); i++ {
			if c := checkLuaNumber(L, i); !(c >= 0 && c < 256) {
				L.ArgError(i, "invalid value")
			} else {
				L.Replace(i, lua.LNumber(c))
			}
		}
		return char(L)
	}))
	// Arithmetic on a string: gopher-lua looks for a metamethod before it
	// converts strings (with Go's parser, which reads "010" as 8), so
	// metamethods on the string metatable take over exactly those cases.
	// Numbers never reach them.
	mt := L.GetMetatable(lua.LString("")).(*lua.LTable)
	for _, a := range []struct {
		event string
		op    func(a, b float64) float64
	}{
		{"__add", func(a, b float64) float64 { return a + b }},
		{"__sub", func(a, b float64) float64 { return a - b }},
		{"__mul", func(a, b float64) float64 { return a * b }},
		{"__div", func(a, b float64) float64 { return a / b }},
		{"__mod", luaMod},
		{"__pow", dmath.Pow},
		{"__unm", func(a, _ float64) float64 { return -a }},
	} { // in a fixed order: pairs(getmetatable("")) must not vary
		mt.RawSetString(a.event, L.NewFunction(stringArith(a.event, a.op)))
	}
	tab := L.GetGlobal("table").(*lua.LTable)
	tab.RawSetString("concat", L.NewFunction(s.tableConcat))
	// Lua 5.1 keeps these from 5.0 (deprecated, but in the manual's
	// reference interpreter); gopher-lua has none of them.
	tab.RawSetString("foreach", L.NewFunction(s.tableForeach))
	tab.RawSetString("foreachi", L.NewFunction(s.tableForeachi))
	tab.RawSetString("setn", L.NewFunction(func(L *lua.LState) int {
		L.RaiseError("'setn' is obsolete")
		return 0
	}))
}

// tableForeach is Lua 5.1's table.foreach(t, f): f(k, v) for each pair
// until f returns a value other than nil, which it returns.
func (s *sandbox) tableForeach(L *lua.LState) int {
	t := L.CheckTable(1)
	f := L.CheckFunction(2)
	for k, v := t.Next(lua.LNil); k != lua.LNil; k, v = t.Next(k) {
		if err := s.budget.spend(1); err != nil {
			L.RaiseError("%s", err.Error())
		}
		L.Push(f)
		L.Push(k)
		L.Push(v)
		L.Call(2, 1)
		if r := L.Get(-1); r != lua.LNil {
			return 1
		}
		L.Pop(1)
	}
	return 0
}

// tableForeachi is Lua 5.1's table.foreachi(t, f): f(i, t[i]) for i from
// 1 to #t until f returns a value other than nil, which it returns.
func (s *sandbox) tableForeachi(L *lua.LState) int {
	t := L.CheckTable(1)
	f := L.CheckFunction(2)
	s.chargeSlots(L, arrayLen(t))
	n := t.Len()
	for i := 1; i <= n; i++ {
		if err := s.budget.spend(1); err != nil {
			L.RaiseError("%s", err.Error())
		}
		L.Push(f)
		L.Push(lua.LNumber(i))
		L.Push(t.RawGetInt(i))
		L.Call(2, 1)
		if r := L.Get(-1); r != lua.LNil {
			return 1
		}
		L.Pop(1)
	}
	return 0
}

// coerce converts, in place, numbers at the positions strs to strings and
// numeric strings at the positions nums to numbers.
func coerce(L *lua.LState, strs, nums []int) {
	for _, i := range strs {
		if v, ok := L.Get(i).(lua.LNumber); ok {
			L.Replace(i, lua.LString(fmtNumber(float64(v))))
		}
	}
	for _, i := range nums {
		if v, ok := L.Get(i).(lua.LString); ok {
			if f, ok := str2number(string(v)); ok {
				L.Replace(i, lua.LNumber(f))
			}
		}
	}
}

// luaMod is Lua 5.1's a % b: a - floor(a/b)*b.
func luaMod(a, b float64) float64 { return a - dmath.Floor(a/b)*b }

// stringArith is a string metatable's arithmetic event: both operands
// convertible to numbers compute, as in Lua; otherwise the other operand's
// metamethod runs (strings have none in Lua), or Lua's error is raised.
func stringArith(event string, op func(a, b float64) float64) lua.LGFunction {
	return func(L *lua.LState) int {
		a, b := L.Get(1), L.Get(2)
		if event == "__unm" {
			b = a
		}
		x, xok := luaNumber(a)
		y, yok := luaNumber(b)
		if xok && yok {
			L.Push(lua.LNumber(op(x, y)))
			return 1
		}
		for _, v := range []lua.LValue{a, b} {
			if v.Type() == lua.LTString {
				continue
			}
			if mm := L.GetMetaField(v, event); mm != lua.LNil {
				L.Push(mm)
				L.Push(a)
				L.Push(b)
				L.Call(2, 1)
				return 1
			}
		}
		bad := a
		if xok {
			bad = b
		}
		L.RaiseError("attempt to perform arithmetic on a %s value", bad.Type().String())
		return 0
	}
}

// luaToNumber is Lua 5.1's tonumber (lbaselib.c).
func luaToNumber(L *lua.LState) int {
	base := optInt51(L, 2, 10)
	if base == 10 {
		if f, ok := luaNumber(L.CheckAny(1)); ok {
			L.Push(lua.LNumber(f))
			return 1
		}
		L.Push(lua.LNil)
		return 1
	}
	s := cString(checkLuaString(L, 1))
	if base < 2 || base > 36 {
		L.ArgError(2, "base out of range")
	}
	if u, n := strtoul(s, base); n > 0 {
		for n < len(s) && isSpace(s[n]) {
			n++
		}
		if n == len(s) {
			L.Push(lua.LNumber(float64(u)))
			return 1
		}
	}
	L.Push(lua.LNil)
	return 1
}

// luaError is Lua's error(message [, level]): any value, nil included; a
// string or number message gets the position of the given level.
func luaError(L *lua.LState) int {
	obj := L.Get(1)
	level := optInt51(L, 2, 1)
	if lua.LVCanConvToString(obj) && level > 0 {
		obj = lua.LString(where(L, level) + luaString(obj))
	}
	L.Error(obj, 0)
	return 0
}

// luaAssert is Lua 5.1's assert: the message is a string, with the
// position of assert's caller.
func luaAssert(L *lua.LState) int {
	if lua.LVIsFalse(L.CheckAny(1)) {
		msg := optLuaString(L, 2, "assertion failed!")
		L.Error(lua.LString(where(L, 1)+msg), 0)
	}
	return L.GetTop()
}

// where is luaL_where: "chunk:line: " of the function level calls up from
// the running Go function (1: its caller), or "" when that is not a Lua
// function (pcall calling error directly, say).
func where(L *lua.LState, level int) string {
	dbg, ok := L.GetStack(level)
	if !ok {
		return ""
	}
	if _, err := L.GetInfo("Sl", dbg, lua.LNil); err != nil || dbg.CurrentLine <= 0 {
		return ""
	}
	return fmt.Sprintf("%s:%d: ", dbg.Source, dbg.CurrentLine)
}

// tableConcat is Lua 5.1's table.concat (ltablib.c) with the sandbox's size
// limit and a budget charge per element.
func (s *sandbox) tableConcat(L *lua.LState) int {
	sep := ""
	if L.Get(2) != lua.LNil {
		sep = checkLuaString(L, 2)
	}
	t := L.CheckTable(1)
	i := optInt51(L, 3, 1)
	var last int
	if L.Get(4) == lua.LNil {
		s.chargeSlots(L, arrayLen(t))
		last = t.Len()
	} else {
		last = checkInt(L, 4)
	}
	var b strings.Builder
	for ; i <= last; i++ {
		v := t.RawGetInt(i)
		if v.Type() != lua.LTString && v.Type() != lua.LTNumber {
			L.RaiseError("invalid value (%s) at index %d in table for 'concat'", v.Type().String(), i)
		}
		b.WriteString(luaString(v))
		if i < last {
			b.WriteString(sep)
		}
		if b.Len() > s.limits.MaxString {
			L.RaiseError("table.concat result too large (limit %d bytes)", s.limits.MaxString)
		}
		if err := s.budget.spend(1); err != nil {
			L.RaiseError("%s", err.Error())
		}
		if i == math.MaxInt {
			break
		}
	}
	L.Push(lua.LString(b.String()))
	return 1
}
