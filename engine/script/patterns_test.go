package script

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// patternHelpers serialise results without using the functions under test.
const patternHelpers = `
local function esc(s)
  local out = {}
  for i = 1, #s do
    local b = s:byte(i)
    if b < 32 or b > 126 or b == 34 or b == 92 then out[#out+1] = "\\" .. b else out[#out+1] = string.char(b) end
  end
  return '"' .. table.concat(out) .. '"'
end
function ser(...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if type(v) == "string" then out[#out+1] = esc(v)
    elseif type(v) == "table" then out[#out+1] = "{" .. ser(unpack(v)) .. "}"
    else out[#out+1] = tostring(v) end
  end
  return table.concat(out, ",")
end
function collect(f, s, c)
  local all = {}
  while true do
    local r = {f(s, c)}
    if r[1] == nil then break end
    all[#all+1] = r
    if #all > 50 then break end
  end
  return unpack(all)
end
function run(fn)
  local r = {pcall(fn)}
  if not r[1] then return "error: " .. tostring(r[2]) end
  return ser(unpack(r, 2, table.maxn(r)))
end
`

// newPatternState returns a plain state whose string library has the
// budgeted pattern functions; gopher-lua's originals stay in the global
// table orig. spent accumulates what spend was given.
func newPatternState(t testing.TB, spend func(int64) error, maxResult int) *lua.LState {
	t.Helper()
	L := lua.NewState()
	t.Cleanup(L.Close)
	str := L.GetGlobal("string").(*lua.LTable)
	orig := L.NewTable()
	for _, name := range []string{"find", "match", "gmatch", "gsub"} {
		orig.RawSetString(name, str.RawGetString(name))
	}
	L.SetGlobal("orig", orig)
	installPatternFuncs(L, str, spend, maxResult)
	if err := L.DoString(patternHelpers); err != nil {
		t.Fatal(err)
	}
	return L
}

var errPosition = regexp.MustCompile(`^error: [^:]*:\d+: `)

// evalWith evaluates expr with S bound to lib and serialises the result;
// errors lose their "chunk:line:" prefix.
func evalWith(t testing.TB, L *lua.LState, lib lua.LValue, expr string) string {
	t.Helper()
	L.SetGlobal("S", lib)
	if err := L.DoString("RESULT = run(function() return " + expr + " end)"); err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return errPosition.ReplaceAllString(lua.LVAsString(L.GetGlobal("RESULT")), "error: ")
}

// patternCases: want is what the reference Lua 5.1.5 interpreter gives
// (errors without their position), except where a comment says otherwise;
// gopher is set where gopher-lua's own functions agree.
var patternCases = []struct {
	expr, want string
	gopher     bool
}{
	{`S.find("hello world", "o w")`, `5,7`, true},
	{`S.find("hello world", "l+")`, `3,4`, true},
	{`S.find("hello world", "o", 6)`, `8,8`, true},
	{`S.find("hello world", "o", -3)`, ``, true},
	{`S.find("hello world", "o", -100)`, `5,5`, true},
	{`S.find("hello", "^h")`, `1,1`, true},
	{`S.find("hello", "^e")`, ``, true},
	{`S.find("hello", "^e", 2)`, `2,2`, true},
	{`S.find("hello", "o$")`, `5,5`, true},
	{`S.find("key = value", "(%w+)%s*=%s*(%w+)")`, `1,11,"key","value"`, true},
	{`S.find("abc", "()b()")`, `2,2,2,3`, true},
	{`S.find("a.c", ".", 1, true)`, `2,2`, true},
	{`S.find("a.c", "%.")`, `2,2`, true},
	{`S.find("a+b", "+", 1, true)`, `2,2`, true},
	{`S.find("a]b", "]")`, `2,2`, true},
	{`S.find("abc", "b", "2")`, `2,2`, false},
	{`S.find("abc", "b", 1.9)`, `2,2`, true},
	{`S.find(12345, 34)`, `3,4`, true},
	{`S.find("abc", "[", 1, true)`, ``, true},
	{`S.find("f(a(b)c)d", "%b()")`, `2,8`, true},
	{`S.find("THE (quick) fox", "%f[%a]%a+", 2)`, `6,10`, false},
	{`S.find("a,b,,c", ",,")`, `4,5`, true},
	{`S.find("", "")`, `1,0`, true},
	{`S.find("abc", "", 2)`, `2,1`, false},
	{`S.find("abc", "", 4)`, `4,3`, false},
	{`S.find("abc", "", 10)`, `4,3`, false},
	{`S.find("abc", "x*", 10)`, `4,3`, false},
	{`S.find("a\0b", "%z")`, `2,2`, true},
	{`S.find("a\0b", "\0", 1, true)`, `2,2`, true},
	{`S.find("abcabc", "(abc)%1")`, `1,6,"abc"`, true},
	{`S.find("  x", "^%s*")`, `1,2`, true},
	{`S.match("hello world", "%w+")`, `"hello"`, true},
	{`S.match("hello world", "(%w+) (%w+)")`, `"hello","world"`, true},
	{`S.match("hello world", "()o()", 6)`, `8,9`, true},
	{`S.match("  trim me  ", "^%s*(.-)%s*$")`, `"trim me"`, true},
	{`S.match("2024-01-15", "(%d+)-(%d+)-(%d+)")`, `"2024","01","15"`, true},
	{`S.match("x", "y")`, ``, true},
	{`S.match("abc", "()", 10)`, `4`, false},
	{`S.match("abc", "c", -1)`, `"c"`, true},
	{`S.match("[tag]", "%[(.-)%]")`, `"tag"`, true},
	{`S.match("a1b2c3", "%a%d", 3)`, `"b2"`, true},
	{`S.match("hello", ".-l")`, `"hel"`, true},
	{`S.match("hello", ".*l")`, `"hell"`, true},
	{`S.match("hello", "l?lo")`, `"llo"`, true},
	{`S.match("hello", "x?h")`, `"h"`, true},
	{`S.match("x = 10", "^(%a+)%s*=%s*(%d+)$")`, `"x","10"`, true},
	{`S.match("THE END", "%u+$")`, `"END"`, true},
	{`S.match("\t\n x", "%S")`, `"x"`, true},
	{`S.match("a-b-c", "[%-]")`, `"-"`, true},
	{`S.match("0x1F", "0[xX](%x+)")`, `"1F"`, true},
	{`S.match("one two", "%f[%w]%w+", 2)`, `"two"`, false},
	{`S.gsub("hello world", "o", "0")`, `"hell0 w0rld",2`, true},
	{`S.gsub("hello world", "o", "0", 1)`, `"hell0 world",1`, true},
	{`S.gsub("hello world", "(%w+)", "<%1>")`, `"<hello> <world>",2`, true},
	{`S.gsub("hello world", "%w+", "%0 %0")`, `"hello hello world world",2`, true},
	{`S.gsub("hello", "", "-")`, `"-h-e-l-l-o-",6`, true},
	{`S.gsub("abc", "b*", "-")`, `"-a--c-",4`, true},
	{`S.gsub("abc", "^", "-")`, `"-abc",1`, true},
	{`S.gsub("abc", "^b*", "-")`, `"-abc",1`, true},
	{`S.gsub("abc", "$", "-")`, `"abc-",1`, true},
	{`S.gsub("hello world", "(%w+) (%w+)", "%2 %1")`, `"world hello",1`, true},
	{`S.gsub("abc", "%w", "%%")`, `"%%%",3`, true},
	{`S.gsub("abc", "b", "%a")`, `"aac",1`, false},
	{`S.gsub("abc", "b", "x%")`, `"ax\0c",1`, false},
	{`S.gsub("abc", "()", "%1")`, `"1a2b3c4",4`, true},
	{`S.gsub("abc", "b", "%1")`, `"abc",1`, true},
	{`S.gsub("abc", ".", {a=1, b=true})`, `error: invalid replacement value (a boolean)`, false},
	{`S.gsub("abc", ".", {a="A", b=false})`, `"Abc",3`, true},
	{`S.gsub("$name is $age", "%$(%w+)", {name="Ann", age=7})`, `"Ann is 7",2`, true},
	{`S.gsub("abc", "()", {[1]="one", [4]="four"})`, `"oneabcfour",4`, true},
	{`S.gsub("abc", "%w", function(c) return c:upper() .. "." end)`, `"A.B.C.",3`, true},
	{`S.gsub("abc", "%w", function(c) if c == "b" then return nil end return 1 end)`, `"1b1",3`, true},
	{`S.gsub("a=1, b=2", "(%w+)=(%w+)", function(k, v) return v .. "=" .. k end)`, `"1=a, 2=b",2`, true},
	{`S.gsub("abc", "()", function(p) return p end)`, `"1a2b3c4",4`, true},
	{`S.gsub("abc", ".", 5)`, `"555",3`, false},
	{`S.gsub("abc", ".", "x", -1)`, `"abc",0`, false},
	{`S.gsub("abc", ".", "x", 0)`, `"abc",0`, false},
	{`S.gsub("abc", ".", "x", 2.7)`, `"xxc",2`, true},
	{`S.gsub("abc", ".", "x", "2")`, `"xxc",2`, false},
	{`S.gsub("", "x*", "-")`, `"-",1`, true},
	{`S.gsub("hello world", "l+", string.upper)`, `"heLLo worLd",2`, true},
	{`S.gsub("one two three", "(%w+)", "%1", 2)`, `"one two three",2`, true},
	{`S.gsub("abc", "(b", "x")`, `"axc",1`, false},
	{`S.gsub("abc", "(b", "%0")`, `"abc",1`, false},
	{`S.gsub("x^y", "%^", "!")`, `"x!y",1`, true},
	{`S.gsub("f(a(b)c)d", "%b()", "[]")`, `"f[]d",1`, true},
	{`S.gsub("THE (quick) fox", "%f[%a]%a+", "W")`, `"W (W) W",3`, false},
	{`S.gsub("  x  ", "^%s+", "")`, `"x  ",1`, true},
	{`S.gsub("a,b;c", "[,;]", " ")`, `"a b c",2`, true},
	{`collect(S.gmatch("one two  three", "%a+"))`, `{"one"},{"two"},{"three"}`, true},
	{`collect(S.gmatch("k=v, x=y", "(%w+)=(%w+)"))`, `{"k","v"},{"x","y"}`, true},
	{`collect(S.gmatch("abc", "a*"))`, `{"a"},{""},{""},{""}`, true},
	{`collect(S.gmatch("^a^a", "^a"))`, `{"^a"},{"^a"}`, false},
	{`collect(S.gmatch("abc", "()"))`, `{1},{2},{3},{4}`, true},
	{`collect(S.gmatch("abc", ""))`, `{""},{""},{""},{""}`, true},
	{`collect(S.gmatch("", "x*"))`, `{""}`, true},
	{`collect(S.gmatch("a1b22c333", "%d+"))`, `{"1"},{"22"},{"333"}`, true},
	{`collect(S.gmatch("THE (quick) fox", "%f[%a]%a+"))`, `{"THE"},{"quick"},{"fox"}`, false},
	{`S.find("abc", "%")`, `error: malformed pattern (ends with '%')`, false},
	{`S.find("abc", "[a")`, `error: malformed pattern (missing ']')`, false},
	{`S.find("abc", "a)")`, ``, false},
	{`S.find("abc", "(a")`, `error: unfinished capture`, false},
	{`S.find("abc", "(x")`, ``, false},
	{`S.find("abc", "%1")`, `error: invalid capture index`, true},
	{`S.find("abc", "%fa")`, `error: missing '[' after '%f' in pattern`, false},
	{`S.find("abc", "%b")`, `error: unbalanced pattern`, false},
	{`S.match("abc", "(a")`, `error: unfinished capture`, false},
	{`S.match("abc", "(()")`, `error: unfinished capture`, false},
	{`S.gsub("abc", "(b", {})`, `error: unfinished capture`, false},
	{`S.gsub("abc", "(b", function() end)`, `error: unfinished capture`, false},
	{`S.gsub("abc", "(b)", "%2")`, `error: invalid capture index`, true},
	{`S.gsub("abc", ".", {a=1, c={}})`, `error: invalid replacement value (a table)`, false},
	{`S.gsub("abc", ".", function() return true end)`, `error: invalid replacement value (a boolean)`, false},
	{`S.gsub("abc", ".", function() return {} end)`, `error: invalid replacement value (a table)`, false},
	{`collect(S.gmatch("abc", "(a"))`, `error: unfinished capture`, false},
	// Lua 5.1 only reports a malformed pattern when the matcher reaches it;
	// we reject it at once.
	{`S.gmatch("abc", "[") and "iter"`, `error: malformed pattern (missing ']')`, false},
	{`S.find("abc", string.rep("(", 33))`, `error: too many captures`, false},
	{`S.find("abc", string.rep("()", 32) .. "b")`, `2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2`, true},
}

func TestPatternFuncs(t *testing.T) {
	L := newPatternState(t, nil, 1<<20)
	str, orig := L.GetGlobal("string"), L.GetGlobal("orig")
	for _, c := range patternCases {
		if got := evalWith(t, L, str, c.expr); got != c.want {
			t.Errorf("%s = %s, want %s", c.expr, got, c.want)
		}
		if c.gopher {
			if got := evalWith(t, L, orig, c.expr); got != c.want {
				t.Errorf("gopher-lua: %s = %s, want %s", c.expr, got, c.want)
			}
		}
	}
}

// Argument errors use gopher-lua's wording, like the rest of its library.
func TestPatternArgErrors(t *testing.T) {
	L := newPatternState(t, nil, 1<<20)
	str, orig := L.GetGlobal("string"), L.GetGlobal("orig")
	cases := []struct {
		expr, want string
		gopher     bool
	}{
		{`S.find()`, `error: bad argument #1 to find (string expected, got nil)`, true},
		{`S.find("a")`, `error: bad argument #2 to find (string expected, got nil)`, true},
		{`S.match("a", "a", {})`, `error: bad argument #3 to match (number expected, got table)`, true},
		{`S.find("a", "a", "x")`, `error: bad argument #3 to find (number expected, got string)`, false},
		{`S.gsub("a", "a")`, `error: bad argument #3 to gsub (string/function/table expected)`, false},
		{`S.gsub("a", "a", true)`, `error: bad argument #3 to gsub (string/function/table expected)`, false},
		{`S.gsub("a", "a", "b", {})`, `error: bad argument #4 to gsub (number expected, got table)`, true},
		{`S.gmatch(nil, "a")`, `error: bad argument #1 to gmatch (string expected, got nil)`, true},
	}
	for _, c := range cases {
		if got := evalWith(t, L, str, c.expr); got != c.want {
			t.Errorf("%s = %s, want %s", c.expr, got, c.want)
		}
		if c.gopher {
			if got := evalWith(t, L, orig, c.expr); got != c.want {
				t.Errorf("gopher-lua: %s = %s, want %s", c.expr, got, c.want)
			}
		}
	}
}

// spendRecorder sums what the functions charge and can refuse past a limit.
type spendRecorder struct {
	total, calls, limit int64
}

func (s *spendRecorder) spend(n int64) error {
	if n <= 0 {
		return errors.New("spend called with a non-positive amount")
	}
	s.calls++
	s.total += n
	if s.limit > 0 && s.total > s.limit {
		return errors.New("instruction budget exceeded (test)")
	}
	return nil
}

func TestPatternBombs(t *testing.T) {
	bombs := []string{
		`string.find(string.rep("a", 40), ".-.-.-.-.-.-.-.-.-.-b")`,
		`string.match(string.rep("a", 40), ".*.*.*.*.*.*.*.*.*.*b")`,
		`string.gsub(string.rep("a", 40), "(.-)(.-)(.-)(.-)(.-)(.-)(.-)(.-)b", "x")`,
		`collect(string.gmatch(string.rep("a", 40), ".-.-.-.-.-.-.-.-.-.-b"))`,
		`string.find(string.rep("(", 100000), "%b()")`,
		`string.find(string.rep("a", 5000), "(.-)%1%1%1b")`,
		// The replacement string is worked through once per match.
		`string.gsub(string.rep("a", 100000), "", string.rep("%0", 100000))`,
	}
	for _, expr := range bombs {
		rec := &spendRecorder{}
		L := newPatternState(t, rec.spend, 1<<20)
		got := evalWith(t, L, L.GetGlobal("string"), expr)
		if got != "error: pattern too complex (step budget exceeded)" {
			t.Errorf("%s = %.80s, want the budget error", expr, got)
		}
		// The whole allowance, plus what compiling the pattern cost gmatch.
		if rec.total < patternStepsPerCall || rec.total > patternStepsPerCall+100 {
			t.Errorf("%s: charged %d steps, want the allowance %d", expr, rec.total, patternStepsPerCall)
		}
	}
}

func TestPatternDepth(t *testing.T) {
	L := newPatternState(t, nil, 1<<20)
	got := evalWith(t, L, L.GetGlobal("string"), `string.find(string.rep("a", 300), string.rep("a?", 250))`)
	if got != "error: pattern too complex" {
		t.Errorf("deep pattern: %s", got)
	}
}

func TestPatternSpend(t *testing.T) {
	// Steps are charged deterministically.
	var totals []int64
	for i := 0; i < 2; i++ {
		rec := &spendRecorder{}
		L := newPatternState(t, rec.spend, 1<<20)
		got := evalWith(t, L, L.GetGlobal("string"), `string.gsub("hello world from lua", "(%w+)", "<%1>")`)
		if got != `"<hello> <world> <from> <lua>",4` {
			t.Fatalf("gsub = %s", got)
		}
		totals = append(totals, rec.total)
	}
	if totals[0] != totals[1] || totals[0] <= 0 {
		t.Fatalf("charged %v", totals)
	}

	// An error from spend is raised in the script.
	rec := &spendRecorder{limit: 1000}
	L := newPatternState(t, rec.spend, 1<<20)
	got := evalWith(t, L, L.GetGlobal("string"), `string.find(string.rep("a", 2000), "a-b")`)
	if got != "error: instruction budget exceeded (test)" {
		t.Errorf("with spend refusing: %s", got)
	}

	// Every gmatch iteration gets its own allowance and is charged.
	rec = &spendRecorder{}
	L = newPatternState(t, rec.spend, 1<<20)
	got = evalWith(t, L, L.GetGlobal("string"), `collect(string.gmatch("a b c", "%a"))`)
	if got != `{"a"},{"b"},{"c"}` || rec.calls < 4 {
		t.Errorf("gmatch = %s, spend calls %d", got, rec.calls)
	}

	// Plain finds are charged too.
	rec = &spendRecorder{}
	L = newPatternState(t, rec.spend, 1<<20)
	got = evalWith(t, L, L.GetGlobal("string"), `string.find(string.rep("a", 1000), "b", 1, true)`)
	if got != "" || rec.total < 1000/plainBytesPerStep {
		t.Errorf("plain find = %s, charged %d", got, rec.total)
	}
}

func TestGsubResultTooLarge(t *testing.T) {
	L := newPatternState(t, nil, 100)
	str := L.GetGlobal("string")
	cases := []struct{ expr, want string }{
		{`string.gsub(string.rep("a", 50), "a", "bb")`, `"` + strings.Repeat("b", 100) + `",50`},
		{`string.gsub(string.rep("a", 50), "a", "bbb")`, `error: string.gsub result too large`},
		{`string.gsub(string.rep("a", 50), "a", {a = "ccc"})`, `error: string.gsub result too large`},
		{`string.gsub(string.rep("a", 50), "a", function() return "ddd" end)`, `error: string.gsub result too large`},
		{`string.gsub(string.rep("a", 50), "", "-")`, `error: string.gsub result too large`},
		{`string.gsub(string.rep("a", 50), "x", "-")`, `"` + strings.Repeat("a", 50) + `",0`},
	}
	for _, c := range cases {
		if got := evalWith(t, L, str, c.expr); got != c.want {
			t.Errorf("%s = %s, want %s", c.expr, got, c.want)
		}
	}
}

func TestPatternMethodSyntax(t *testing.T) {
	L := newPatternState(t, nil, 1<<20)
	got := evalWith(t, L, L.GetGlobal("string"), `("key=val"):match("(%w+)=(%w+)")`)
	if got != `"key","val"` {
		t.Errorf("method call: %s", got)
	}
}
