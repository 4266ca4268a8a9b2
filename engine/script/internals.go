package script

import (
	"reflect"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// Three unexported fields of gopher-lua v1.1.2, reached with unsafe because
// its pcall with an error handler gets upvalues wrong and no exported API
// can put that right (see sandbox.protect). The offsets come from reflect,
// and the package refuses to start if a field is missing or of another
// kind, so a gopher-lua upgrade that moves them fails every test at once
// rather than corrupting memory.
//
//   - LState.hasErrorFunc: set while a protected call has an error handler,
//     and cleared when any protected call returns, even one nested in
//     another. While it is clear an error closes the upvalues of every
//     frame on the stack, those of live frames below the pcall included:
//     a closure then stops sharing its variable with the function that is
//     still running.
//   - LState.uvcache: the open upvalues, sorted by register index, and
//     Upvalue.next, Upvalue.index: while it is set, nothing closes the
//     upvalues of the frames an error unwinds, and the registers they point
//     to are reused.
//   - LState.reg and its top: where the registers in use end.
var internals = func() (o struct{ hasErrorFunc, uvcache, reg, regTop, uvNext, uvIndex uintptr }) {
	field := func(t reflect.Type, name string, kind reflect.Kind) reflect.StructField {
		f, ok := t.FieldByName(name)
		if !ok || f.Type.Kind() != kind {
			panic("script: gopher-lua's " + t.Name() + "." + name + " is not a " + kind.String() + "; review internals.go")
		}
		return f
	}
	st := reflect.TypeOf(lua.LState{})
	uv := reflect.TypeOf(lua.Upvalue{})
	o.hasErrorFunc = field(st, "hasErrorFunc", reflect.Bool).Offset
	if f := field(st, "uvcache", reflect.Pointer); f.Type.Elem() != uv {
		panic("script: gopher-lua's LState.uvcache is not a *Upvalue; review internals.go")
	} else {
		o.uvcache = f.Offset
	}
	reg := field(st, "reg", reflect.Pointer)
	o.reg = reg.Offset
	o.regTop = field(reg.Type.Elem(), "top", reflect.Int).Offset
	if f := field(uv, "next", reflect.Pointer); f.Type.Elem() != uv {
		panic("script: gopher-lua's Upvalue.next is not a *Upvalue; review internals.go")
	} else {
		o.uvNext = f.Offset
	}
	o.uvIndex = field(uv, "index", reflect.Int).Offset
	return o
}()

// errorFuncFlag points to L's hasErrorFunc.
func errorFuncFlag(L *lua.LState) *bool {
	return (*bool)(unsafe.Add(unsafe.Pointer(L), internals.hasErrorFunc))
}

// regTop is the absolute index of L's first unused register.
func regTop(L *lua.LState) int {
	reg := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), internals.reg))
	return *(*int)(unsafe.Add(reg, internals.regTop))
}

// closeUpvalues closes L's open upvalues at register index from and
// above, as gopher-lua's own closeUpvalues does when a function returns.
func closeUpvalues(L *lua.LState, from int) {
	next := func(uv *lua.Upvalue) **lua.Upvalue {
		return (**lua.Upvalue)(unsafe.Add(unsafe.Pointer(uv), internals.uvNext))
	}
	link := (**lua.Upvalue)(unsafe.Add(unsafe.Pointer(L), internals.uvcache))
	for *link != nil {
		uv := *link
		if *(*int)(unsafe.Add(unsafe.Pointer(uv), internals.uvIndex)) >= from {
			*link = nil // the list is sorted: the rest are all at from or above
			for uv != nil {
				n := *next(uv)
				uv.Close()
				uv = n
			}
			return
		}
		link = next(uv)
	}
}
