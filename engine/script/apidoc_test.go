package script

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
)

// sandboxBase is what the sandbox offers besides the level API: Lua's own
// functions and libraries, described in prose in docs/lua-api.md.
var sandboxBase = []string{
	"assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall", "rawequal", "rawget", "rawset",
	"select", "setmetatable", "getmetatable", "tonumber", "tostring", "type", "unpack", "require",
	"_G", "_VERSION", "string", "table", "math", "coroutine",
}

// offered lists, from inside a sandbox as a level sees it, its globals
// (but Lua's own) and the fields of math and of each shared library
// module that entries of APIReference name.
func offered(t *testing.T) []string {
	t.Helper()
	var modules []string
	for _, e := range APIReference {
		if mod, _, ok := strings.Cut(e.Name, "."); ok && mod != "math" && !slices.Contains(modules, mod) {
			modules = append(modules, mod)
		}
	}
	src := `
local base = {}
for _, n in ipairs({"` + strings.Join(sandboxBase, `", "`) + `"}) do base[n] = true end
for k, v in pairs(_G) do
  -- names from "_" on are the engine's (compiled operators, versions)
  if not base[k] and k:sub(1, 1) ~= "_" then log(k) end
end
log("math.random") log("math.randomseed")
for _, mod in ipairs({"` + strings.Join(modules, `", "`) + `"}) do
  for k, v in pairs(require(mod)) do
    if type(v) == "function" or type(v) == "table" then log(mod .. "." .. k) end
  end
end
assert(type(math.random) == "function" and type(math.randomseed) == "function")
`
	_, s, err := play(t, lv{src: src})
	if err != nil {
		t.Fatal(err)
	}
	names := slices.Clone(s.Log())
	slices.Sort(names)
	return slices.Compact(names)
}

// TestAPIReference keeps the API table, the sandbox, docs/lua-api.md and
// the studio's completion list (wasm/studio/src/api.json) in step.
func TestAPIReference(t *testing.T) {
	have := offered(t)
	var named []string
	for _, e := range APIReference {
		if e.Kind == "callback" {
			continue // defined by the level, not offered
		}
		named = append(named, e.Name)
		if !slices.Contains(have, e.Name) {
			t.Errorf("APIReference has %q, which the sandbox does not offer", e.Name)
		}
		if e.Help == "" || strings.Contains(e.Help, "\n") {
			t.Errorf("%s: the help must be one line", e.Name)
		}
		if (e.Kind == "" || e.Kind == "function") && len(e.Forms) == 0 {
			t.Errorf("%s: a function needs its forms", e.Name)
		}
	}
	for _, n := range have {
		if !slices.Contains(named, n) {
			t.Errorf("the sandbox offers %q, which APIReference (engine/script/apidoc.go) does not describe", n)
		}
	}
	for _, s := range APISections {
		if !slices.ContainsFunc(APIReference, func(e APIEntry) bool { return e.Section == s.ID }) {
			t.Errorf("section %s has no entry", s.ID)
		}
	}

	stale := func(path string, want []byte) {
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./engine/script", path)
		}
	}
	doc, err := os.ReadFile("../../docs/lua-api.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := RewriteAPIDoc(doc)
	if err != nil {
		t.Fatal(err)
	}
	stale("../../docs/lua-api.md", want)
	stale("../../wasm/studio/src/api.json", APIReferenceJSON())
}
