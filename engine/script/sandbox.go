package script

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
	"github.com/yuin/gopher-lua/parse"
)

// Defaults for Limits. The instruction budget is per call into the script
// (the chunk, _init, each _update): about 0.2 s of native CPU at worst.
const (
	DefaultInstructions = 5_000_000
	DefaultMaxString    = 1 << 20   // bytes in one string a script builds
	DefaultMaxHeap      = 384 << 20 // heap bytes before a script is stopped
	maxLogLines         = 200
	maxLogLine          = 200
	maxModules          = 64
	maxResults          = 8000 // values unpack and string.byte may return (Lua 5.1's LUAI_MAXCSTACK)
)

// Limits bound what one script may use.
type Limits struct {
	Instructions int64  // per call; 0 means DefaultInstructions
	MaxString    int    // 0 means DefaultMaxString
	MaxHeap      uint64 // 0 means DefaultMaxHeap
}

func (l Limits) withDefaults() Limits {
	if l.Instructions <= 0 {
		l.Instructions = DefaultInstructions
	}
	if l.MaxString <= 0 {
		l.MaxString = DefaultMaxString
	}
	if l.MaxHeap == 0 {
		l.MaxHeap = DefaultMaxHeap
	}
	return l
}

func init() {
	// Unpatched, t[60000000] = 1 allocates gigabytes in one instruction that
	// nothing can interrupt. The variable is global to gopher-lua; every
	// state in this process is a sandbox, so that is what we want.
	lua.MaxArrayIndex = 1 << 18
}

// Error is a script failure: a syntax error, a runtime error, a broken
// limit. Its message starts with "file:line:" where the script is to blame,
// for example "levels/demo/main.lua:12: instruction budget exceeded (5000000)".
type Error struct {
	Msg   string
	Trace string // Lua stack traceback, when there is one
}

func (e *Error) Error() string { return e.Msg }

// sandbox is one isolated Lua state with our limits.
type sandbox struct {
	L       *lua.LState
	budget  *budget
	limits  Limits
	log     []string
	broken  error // set after an interpreter panic: the state is unusable
	modules map[string]lua.LValue
	loading map[string]bool
	passErr *lua.LFunction // error handler that returns the error unchanged
	bases   []protected    // the calls protect is running, innermost last
	topErr  *lua.LFunction // error handler of call: notes where a non-string error was raised
	errAt   string
	find    func(name string) (chunk string, src []byte, ok bool)
}

// removed are base functions a level must not reach: file and code loading,
// environment tricks, collector control.
var removed = []string{
	"dofile", "loadfile", "load", "loadstring", "require", "module",
	"getfenv", "setfenv", "collectgarbage", "_printregs", "newproxy", "print",
}

func newSandbox(limits Limits) *sandbox {
	limits = limits.withDefaults()
	L := lua.NewState(lua.Options{
		SkipOpenLibs:     true,
		CallStackSize:    200,
		RegistrySize:     4096,
		RegistryMaxSize:  65536,
		RegistryGrowStep: 64,
		// A fixed call stack: the growing one panics with a message that
		// names no line before its own overflow check can raise one.
		MinimizeStackMemory: false,
	})
	s := &sandbox{
		L:       L,
		budget:  newBudget(limits.Instructions, limits.MaxHeap),
		limits:  limits,
		modules: map[string]lua.LValue{},
		loading: map[string]bool{},
	}
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
		{lua.StringLibName, lua.OpenString},
		{lua.CoroutineLibName, lua.OpenCoroutine},
	} {
		L.Push(L.NewFunction(lib.open))
		L.Push(lua.LString(lib.name))
		L.Call(1, 0)
	}
	for _, name := range removed {
		L.SetGlobal(name, lua.LNil)
	}
	str := L.GetGlobal("string").(*lua.LTable)
	str.RawSetString("dump", lua.LNil)
	s.capStrings(str)
	installPatternFuncs(L, str, s.budget.spend, limits.MaxString)
	s.sandboxCoroutines()
	// Without an error handler gopher-lua builds a traceback with one line
	// per tail call: a tail-call loop stopped by the budget produced 200 MB
	// of "(tailcall)". Errors name their line already; we skip tracebacks.
	s.passErr = L.NewFunction(func(L *lua.LState) int {
		if n := len(s.bases); n > 0 && s.bases[n-1].L == L {
			closeUpvalues(L, s.bases[n-1].base)
		}
		L.Push(L.Get(1))
		return 1
	})
	L.SetGlobal("pcall", L.NewFunction(s.pcall))
	L.SetGlobal("xpcall", L.NewFunction(s.xpcall))
	L.SetGlobal("error", L.NewFunction(luaError))
	s.topErr = L.NewFunction(s.topHandler)
	unpack := L.GetGlobal("unpack").(*lua.LFunction)
	L.SetGlobal("unpack", L.NewFunction(func(L *lua.LState) int {
		t := L.CheckTable(1)
		i := L.OptInt(2, 1)
		j := L.OptInt(3, t.Len())
		if j-i >= maxResults {
			L.RaiseError("too many results to unpack")
		}
		return s.callGo(L, unpack)
	}))
	strByte := str.RawGetString("byte").(*lua.LFunction)
	str.RawSetString("byte", L.NewFunction(func(L *lua.LState) int {
		src := L.CheckString(1)
		i := L.OptInt(2, 1)
		j := L.OptInt(3, i)
		if i < 0 {
			i += len(src) + 1
		}
		if j < 0 {
			j += len(src) + 1
		}
		if j-i >= maxResults {
			L.RaiseError("string slice too long")
		}
		return s.callGo(L, strByte)
	}))
	L.SetGlobal("tostring", L.NewFunction(s.tostring))
	L.SetGlobal("log", L.NewFunction(s.logFn))
	L.SetGlobal("require", L.NewFunction(s.require))
	L.SetGlobal(concatName, L.NewFunction(s.concat))
	s.installSlots(L)
	s.install51(L)
	// Every instruction from here on counts against the budget.
	L.SetContext(s.budget)
	return s
}

// capStrings replaces the string functions that can build large strings in
// one call with versions that compute the size first.
func (s *sandbox) capStrings(str *lua.LTable) {
	max := s.limits.MaxString
	rep := str.RawGetString("rep").(*lua.LFunction)
	str.RawSetString("rep", s.L.NewFunction(func(L *lua.LState) int {
		src := L.CheckString(1)
		n := L.CheckInt(2)
		if n > 0 && len(src) > 0 && n > max/len(src) {
			L.RaiseError("string.rep result too large (limit %d bytes)", max)
		}
		return s.callGo(L, rep)
	}))
	str.RawSetString("format", s.L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(luaFormat(L, max)))
		return 1
	}))
}

// callGo calls a wrapped gopher-lua Go function with the current arguments.
func (s *sandbox) callGo(L *lua.LState, fn *lua.LFunction) int {
	n := L.GetTop()
	L.Insert(fn, 1)
	L.Call(n, lua.MultRet)
	return L.GetTop()
}

// sandboxCoroutines makes coroutines count against the same budget.
// gopher-lua gives each coroutine a context derived from its creator's,
// whose Done channel never counts; we give it ours instead. wrap is
// rebuilt on top of that for the same reason (the built-in one creates its
// coroutine out of our reach); being Go, it runs no instruction of its own,
// so an error keeps the line of the coroutine that raised it.
func (s *sandbox) sandboxCoroutines() {
	L := s.L
	co := L.GetGlobal("coroutine").(*lua.LTable)
	create := co.RawGetString("create").(*lua.LFunction)
	co.RawSetString("create", L.NewFunction(func(L *lua.LState) int {
		L.CheckFunction(1)
		s.callGo(L, create)
		L.CheckThread(-1).SetContext(s.budget)
		return 1
	}))
	resume := co.RawGetString("resume").(*lua.LFunction).GFunction
	co.RawSetString("resume", L.NewFunction(func(L *lua.LState) int {
		if th := L.CheckThread(1); th.Dead {
			L.Push(lua.LFalse)
			L.Push(lua.LString("cannot resume dead coroutine")) // Lua 5.1's words
			return 2
		}
		return resume(L)
	}))
	co.RawSetString("wrap", L.NewFunction(func(L *lua.LState) int {
		fn := L.CheckFunction(1)
		th, _ := L.NewThread()
		th.SetContext(s.budget)
		L.Push(L.NewFunction(func(L *lua.LState) int {
			args := make([]lua.LValue, L.GetTop())
			for i := range args {
				args[i] = L.Get(i + 1)
			}
			if th.Dead {
				L.RaiseError("cannot resume dead coroutine")
			}
			st, err, values := L.Resume(th, fn, args...)
			if st == lua.ResumeError {
				var ae *lua.ApiError
				if errors.As(err, &ae) {
					// Lua 5.1's wrap also prefixes where it was called,
					// once per level of nesting: messages of nested
					// coroutines would grow with the square of the depth.
					L.Error(ae.Object, 0)
				}
				L.Error(lua.LString(err.Error()), 0)
			}
			for _, v := range values {
				L.Push(v)
			}
			return len(values)
		}))
		return 1
	}))
}

// pcall is Lua's pcall with our traceback-free error handler.
func (s *sandbox) pcall(L *lua.LState) int {
	L.CheckAny(1)
	if err := s.protect(L, L.GetTop()-1); err != nil {
		L.Push(lua.LFalse)
		L.Push(s.caught(L, err))
		return 2
	}
	L.Insert(lua.LTrue, 1)
	return L.GetTop()
}

// protect calls the function below the nargs arguments on top of the
// stack as pcall does, with the traceback-free handler passErr. gopher-lua
// leaves the upvalues of the frames an error unwinds open when there is a
// handler, and then reuses their registers: a closure made there would read
// whatever comes next. So passErr, which runs before the stack unwinds,
// closes the upvalues from the called function's registers up (the base
// noted here). protect also restores gopher-lua's flag that a handler is
// active, which returning from any protected call clears (see internals).
func (s *sandbox) protect(L *lua.LState, nargs int) error {
	flag := errorFuncFlag(L)
	outer := *flag
	s.bases = append(s.bases, protected{L, regTop(L) - nargs})
	err := L.PCall(nargs, lua.MultRet, s.passErr)
	s.bases = s.bases[:len(s.bases)-1]
	*flag = outer
	return err
}

// protected is a call in progress under protect: its state and the
// register its function's frame starts at.
type protected struct {
	L    *lua.LState
	base int
}

// caught returns the value of an error a pcall caught, after charging its
// cost and refusing to catch a stack overflow.
func (s *sandbox) caught(L *lua.LState, err error) lua.LValue {
	var obj lua.LValue = lua.LString(err.Error())
	var ae *lua.ApiError
	if errors.As(err, &ae) {
		obj = ae.Object
		// When the handler could not run (the stack was full), gopher-lua
		// built a traceback: quadratic work in the depth.
		s.budget.spend(16 + 4*int64(len(ae.StackTrace)))
	} else {
		s.budget.spend(16)
	}
	// gopher-lua resumes the wrong frame after catching a stack overflow.
	if str, ok := obj.(lua.LString); ok && strings.HasSuffix(string(str), "stack overflow") {
		L.Error(obj, 0)
	}
	return obj
}

// xpcall calls the handler after the stack has unwound.
func (s *sandbox) xpcall(L *lua.LState) int {
	fn := L.CheckFunction(1)
	h := L.CheckFunction(2)
	L.SetTop(0)
	L.Push(fn)
	if err := s.protect(L, 0); err != nil {
		obj := s.caught(L, err)
		L.SetTop(0)
		L.Push(h)
		L.Push(obj)
		L.Call(1, 1)
		L.Insert(lua.LFalse, 1)
		return 2
	}
	L.Insert(lua.LTrue, 1)
	return L.GetTop()
}

// topHandler notes where an error that is not a string was raised, since
// such errors carry no position.
func (s *sandbox) topHandler(L *lua.LState) int {
	obj := L.Get(1)
	s.errAt = ""
	if _, ok := obj.(lua.LString); !ok {
		for lvl := 1; ; lvl++ {
			dbg, ok := L.GetStack(lvl)
			if !ok {
				break
			}
			if _, err := L.GetInfo("Sl", dbg, lua.LNil); err == nil && dbg.CurrentLine > 0 {
				s.errAt = fmt.Sprintf("%s:%d: ", dbg.Source, dbg.CurrentLine)
				break
			}
		}
	}
	L.Push(obj)
	return 1
}

// tostring never shows an address: tables and functions print as their
// type name, so nothing machine-dependent can reach state or a hash.
func (s *sandbox) tostring(L *lua.LState) int {
	L.Push(lua.LString(s.toString(L, L.CheckAny(1))))
	return 1
}

func (s *sandbox) toString(L *lua.LState, v lua.LValue) string {
	if mt := L.GetMetaField(v, "__tostring"); mt != lua.LNil {
		L.Push(mt)
		L.Push(v)
		L.Call(1, 1)
		r := L.Get(-1)
		L.Pop(1)
		if rs, ok := r.(lua.LString); ok {
			return string(rs)
		}
		L.RaiseError("'__tostring' must return a string")
	}
	switch v.Type() {
	case lua.LTNumber:
		return fmtNumber(float64(v.(lua.LNumber)))
	case lua.LTNil, lua.LTBool, lua.LTString:
		return v.String()
	}
	return v.Type().String()
}

// concat implements a .. b .. c (see rewrite) with a size limit.
func (s *sandbox) concat(L *lua.LState) int {
	n := L.GetTop()
	// Right to left, as Lua evaluates concatenation.
	acc := L.Get(n)
	for i := n - 1; i >= 1; i-- {
		acc = s.concat2(L, L.Get(i), acc)
	}
	L.Push(acc)
	return 1
}

func (s *sandbox) concat2(L *lua.LState, a, b lua.LValue) lua.LValue {
	as, aok := concatString(a)
	bs, bok := concatString(b)
	if aok && bok {
		if len(as)+len(bs) > s.limits.MaxString {
			L.RaiseError("string too large (limit %d bytes)", s.limits.MaxString)
		}
		return lua.LString(as + bs)
	}
	if r, ok := binaryMeta(L, "__concat", a, b); ok {
		return r
	}
	bad := a
	if aok {
		bad = b
	}
	L.RaiseError("attempt to concatenate a %s value", bad.Type().String())
	return lua.LNil
}

// binaryMeta calls the metamethod event of a, or else of b, with (a, b),
// as Lua does for arithmetic and concatenation operands that are not
// numbers or strings; ok is false when neither has one.
func binaryMeta(L *lua.LState, event string, a, b lua.LValue) (r lua.LValue, ok bool) {
	for _, v := range []lua.LValue{a, b} {
		if mm := L.GetMetaField(v, event); mm != lua.LNil {
			L.Push(mm)
			L.Push(a)
			L.Push(b)
			L.Call(2, 1)
			r = L.Get(-1)
			L.Pop(1)
			return r, true
		}
	}
	return lua.LNil, false
}

func concatString(v lua.LValue) (string, bool) {
	switch v := v.(type) {
	case lua.LString:
		return string(v), true
	case lua.LNumber:
		return fmtNumber(float64(v)), true
	}
	return "", false
}

func (s *sandbox) logFn(L *lua.LState) int {
	parts := make([]string, 0, L.GetTop())
	for i := 1; i <= L.GetTop(); i++ {
		parts = append(parts, s.toString(L, L.Get(i)))
	}
	line := strings.Join(parts, "\t")
	if len(line) > maxLogLine {
		line = line[:maxLogLine] + "…"
	}
	if len(s.log) < maxLogLines {
		s.log = append(s.log, line)
	}
	return 0
}

// validModuleName reports whether name is a module name require accepts,
// words of a-z 0-9 _ joined by single dots: what
// ^[a-z0-9_]+(\.[a-z0-9_]+)*$ matches.
func validModuleName(name string) bool {
	afterWord := false // the byte before is part of a word
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_':
			afterWord = true
		case c == '.' && afterWord:
			afterWord = false
		default:
			return false
		}
	}
	return afterWord
}

// require loads a module by name from the level's own folder first, then
// from the shared library, from memory; never from disk at large.
func (s *sandbox) require(L *lua.LState) int {
	name := L.CheckString(1)
	if v, ok := s.modules[name]; ok {
		L.Push(v)
		return 1
	}
	if !validModuleName(name) {
		L.ArgError(1, fmt.Sprintf("bad module name %q (use letters, digits, _ and .)", name))
	}
	if s.loading[name] {
		L.RaiseError("module %q requires itself", name)
	}
	if len(s.modules) >= maxModules {
		L.RaiseError("too many modules (%d)", maxModules)
	}
	chunk, src, ok := s.find(name)
	if !ok {
		L.RaiseError("module %q not found in the level nor in scripts/", name)
	}
	fn, err := s.compile(chunk, src)
	if err != nil {
		L.RaiseError("%s", err.Error())
	}
	s.loading[name] = true
	L.Push(fn)
	L.Push(lua.LString(name))
	L.Call(1, 1)
	delete(s.loading, name)
	v := L.Get(-1)
	if v == lua.LNil {
		v = lua.LTrue
	}
	s.modules[name] = v
	L.Pop(1)
	L.Push(v)
	return 1
}

// finder returns a module finder over the level's files and the library.
func finder(levelPath string, levelFile func(string) ([]byte, bool), lib fs.FS) func(string) (string, []byte, bool) {
	return func(name string) (string, []byte, bool) {
		file := strings.ReplaceAll(name, ".", "/") + ".lua"
		if levelFile != nil {
			if src, ok := levelFile(file); ok {
				return path.Join(levelPath, file), src, true
			}
		}
		if lib != nil {
			if src, err := fs.ReadFile(lib, file); err == nil {
				return path.Join("scripts", file), src, true
			}
		}
		return "", nil, false
	}
}

// compile parses chunk src named chunk, rewrites its operators and compiles
// it into a function of the sandbox's environment.
func (s *sandbox) compile(chunk string, src []byte) (*lua.LFunction, error) {
	proto, err := compileProto(chunk, src)
	if err != nil {
		return nil, err
	}
	return s.L.NewFunctionFromProto(proto), nil
}

// protoCache keeps compiled chunks by name and source: a verifier replays
// the same level again and again, and parsing and compiling were a quarter
// of each verification. A FunctionProto is read-only once compiled, so
// Lua states share it safely.
var protoCache = struct {
	sync.Mutex
	m map[[sha256.Size]byte]*lua.FunctionProto
}{m: map[[sha256.Size]byte]*lua.FunctionProto{}}

// maxCachedProtos bounds the cache; when full it starts afresh.
const maxCachedProtos = 256

func compileProto(chunk string, src []byte) (*lua.FunctionProto, error) {
	h := sha256.New()
	h.Write([]byte(chunk))
	h.Write([]byte{0})
	h.Write(src)
	var key [sha256.Size]byte
	h.Sum(key[:0])
	protoCache.Lock()
	proto, ok := protoCache.m[key]
	protoCache.Unlock()
	if ok {
		return proto, nil
	}
	proto, err := compileUncached(chunk, src)
	if err != nil {
		return nil, err
	}
	protoCache.Lock()
	if len(protoCache.m) >= maxCachedProtos {
		clear(protoCache.m)
	}
	protoCache.m[key] = proto
	protoCache.Unlock()
	return proto, nil
}

func compileUncached(chunk string, src []byte) (*lua.FunctionProto, error) {
	stmts, err := parse.Parse(bytes.NewReader(src), chunk)
	if err != nil {
		var pe *parse.Error
		if errors.As(err, &pe) {
			line := pe.Pos.Line
			if line < 1 { // the parser ran into the end of the file
				line = bytes.Count(src, []byte("\n")) + 1
				if bytes.HasSuffix(src, []byte("\n")) {
					line--
				}
			}
			return nil, &Error{Msg: fmt.Sprintf("%s:%d: %s near '%s'", chunk, line, pe.Message, pe.Token)}
		}
		return nil, &Error{Msg: fmt.Sprintf("%s: %v", chunk, err)}
	}
	if line, deep := rewriteChecked(stmts); deep {
		return nil, &Error{Msg: fmt.Sprintf("%s:%d: chunk has too many syntax levels (more than %d)", chunk, line, maxNesting)}
	}
	proto, err := lua.Compile(stmts, chunk)
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("%s: %v", chunk, err)}
	}
	return proto, nil
}

// call runs fn with a fresh instruction allowance, turning Lua errors and
// interpreter panics into *Error. After a panic the state is broken for good.
func (s *sandbox) call(fn lua.LValue, args ...lua.LValue) (err error) {
	if s.broken != nil {
		return s.broken
	}
	s.budget.reset()
	defer func() {
		if r := recover(); r != nil {
			if ae, ok := r.(*lua.ApiError); ok {
				s.broken = &Error{Msg: ae.Object.String()}
			} else {
				s.broken = &Error{Msg: fmt.Sprintf("script: interpreter failure: %v", r)}
			}
			err = s.broken
		}
	}()
	perr := s.L.CallByParam(lua.P{Fn: fn, NRet: 0, Protect: true, Handler: s.topErr}, args...)
	if perr == nil {
		return nil
	}
	var ae *lua.ApiError
	if errors.As(perr, &ae) {
		msg := luaString(ae.Object)
		if t := ae.Object.Type(); t != lua.LTString && t != lua.LTNumber {
			msg = s.errAt + "error object is a " + ae.Object.Type().String() + " value"
		}
		return &Error{Msg: msg, Trace: ae.StackTrace}
	}
	return &Error{Msg: perr.Error()}
}

func (s *sandbox) close() { s.L.Close() }

func rewriteChecked(stmts []ast.Stmt) (line int, deep bool) {
	defer func() {
		if r := recover(); r != nil {
			td, ok := r.(tooDeep)
			if !ok {
				panic(r)
			}
			line, deep = td.line, true
		}
	}()
	(&rewriter{}).rewrite(stmts)
	return 0, false
}
