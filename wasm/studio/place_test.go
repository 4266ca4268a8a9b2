package studio

import (
	"regexp"
	"testing"
)

// FuzzCutScriptPlace checks that cutScriptPlace splits exactly what the
// expression it replaces matches (the browser game links no regexp:
// game/size_test.go).
func FuzzCutScriptPlace(f *testing.F) {
	re := regexp.MustCompile(`^([^\s:]+\.lua):(\d+): `)
	for _, s := range []string{"", "a", ":", "\xff", "\n",
		"main.lua:3: attempt to call a nil value",
		"draft/main.lua:12: x", "lib/a.b.lua:1: ", ".lua:1: x", "a.lua:1:x", "a.lua:: x",
		"a.lua:x: y", "a.lua:1", "a.lua:12 : x", "a.luac:1: x", "a.lua.lua:1: x",
		"a b.lua:1: x", "a\tb.lua:1: x", "a\vb.lua:1: x", "a\u00a0b.lua:1: x", "a\fb.lua:1: x",
		"é.lua:1: x", "\xff.lua:1: x", "a.lua:1: b.lua:2: c", "x:a.lua:1: y", "a.LUA:1: x",
		"a.lua:١: x", "a.lua:99999999999999999999: x", "a.lua:1: \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		chunk, line, rest, ok := cutScriptPlace(s)
		m := re.FindStringSubmatch(s)
		switch {
		case ok != (m != nil):
			t.Fatalf("%q: got ok %v; the expression captures %q", s, ok, m)
		case ok && (chunk != m[1] || line != m[2] || rest != s[len(m[0]):]):
			t.Fatalf("%q: got %q, %q, %q; the expression captures %q", s, chunk, line, rest, m)
		case !ok && (chunk != "" || line != "" || rest != ""):
			t.Fatalf("%q: got %q, %q, %q with ok false", s, chunk, line, rest)
		}
	})
}
