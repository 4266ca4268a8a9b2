package script

import (
	"reflect"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua walks a table's array part in Go for #t, next, table.insert
// and table.remove, one instruction for up to lua.MaxArrayIndex slots. The
// versions here charge the slots they walk to the budget.
const slotsPerInstruction = 64

// arrayLen is the length of the array part (an unexported field).
func arrayLen(t *lua.LTable) int {
	return reflect.ValueOf(t).Elem().FieldByName("array").Len()
}

func (s *sandbox) chargeSlots(L *lua.LState, n int) {
	if n > 0 {
		if err := s.budget.spend(int64(n / slotsPerInstruction)); err != nil {
			L.RaiseError("%s", err.Error())
		}
	}
}

func (s *sandbox) installSlots(L *lua.LState) {
	L.SetGlobal(lenName, L.NewFunction(func(L *lua.LState) int {
		switch v := L.Get(1).(type) {
		case lua.LString:
			L.Push(lua.LNumber(len(v)))
		case *lua.LTable:
			n := v.Len()
			s.chargeSlots(L, arrayLen(v)-n)
			L.Push(lua.LNumber(n))
		default:
			L.Push(lua.LNumber(L.ObjLen(v)))
		}
		return 1
	}))
	next := L.NewFunction(func(L *lua.LState) int {
		t := L.CheckTable(1)
		key := L.Get(2)
		from := -1
		if key == lua.LNil {
			from = 0
		} else if k, ok := key.(lua.LNumber); ok && float64(k) == float64(int(k)) && k >= 1 && int(k) < lua.MaxArrayIndex {
			from = int(k)
		}
		nk, nv := t.Next(key)
		if from >= 0 {
			to := arrayLen(t)
			if k, ok := nk.(lua.LNumber); ok && float64(k) == float64(int(k)) && int(k) >= 1 && int(k) <= to {
				to = int(k)
			}
			s.chargeSlots(L, to-from)
		}
		if nk == lua.LNil {
			L.Push(lua.LNil)
			return 1
		}
		L.Push(nk)
		L.Push(nv)
		return 2
	})
	L.SetGlobal("next", next)
	L.SetGlobal("pairs", L.NewFunction(func(L *lua.LState) int {
		t := L.CheckTable(1)
		L.Push(next)
		L.Push(t)
		L.Push(lua.LNil)
		return 3
	}))
	tab := L.GetGlobal("table").(*lua.LTable)
	insert := tab.RawGetString("insert").(*lua.LFunction)
	tab.RawSetString("insert", L.NewFunction(func(L *lua.LState) int {
		t := L.CheckTable(1)
		s.chargeSlots(L, arrayLen(t))
		// Appending past lua.MaxArrayIndex would give a key two values
		// (array part and hash part).
		if (L.GetTop() == 2 && t.Len()+1 >= lua.MaxArrayIndex) || arrayLen(t)+1 >= lua.MaxArrayIndex {
			L.RaiseError("table too large for table.insert (%d elements)", lua.MaxArrayIndex-1)
		}
		return s.callGo(L, insert)
	}))
	for _, name := range []string{"remove", "getn", "maxn"} {
		orig := tab.RawGetString(name).(*lua.LFunction)
		tab.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			t := L.CheckTable(1)
			s.chargeSlots(L, arrayLen(t))
			return s.callGo(L, orig)
		}))
	}
}
