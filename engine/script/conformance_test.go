package script

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/communs-arcade/arcade/engine/sim"
)

// The conformance test holds the sandbox to the reference interpreter:
// each script of testdata/conformance prints what Lua 5.1 semantics
// produce (operators, coercions, number formatting, strings, patterns,
// tables, varargs, metatables, closures, errors, coroutines, loops), and
// the sandbox must print the same lines as Debian's lua5.1. The expected
// output is also kept next to each script (NAME.out, written by lua5.1
// with -update), so the js/wasm build, which cannot start lua5.1, checks
// the sandbox against it too.
//
// Then the Lua 5.1 test suite gopher-lua ships (_lua5.1-tests) runs file by
// file, with the globals the sandbox removes removed from lua5.1 too: both
// must stop at the same line (the first use of a removed function, or a
// failed assertion) or both finish.

var update = flag.Bool("update", false, "rewrite testdata/conformance/*.out from lua5.1")

// removedGlobals is what the sandbox removes, as a Lua statement run
// before a script in lua5.1 (print stays: the tests print).
const removedGlobals = `dofile=nil loadfile=nil load=nil loadstring=nil require=nil module=nil ` +
	`getfenv=nil setfenv=nil collectgarbage=nil newproxy=nil gcinfo=nil string.dump=nil ` +
	`io=nil os=nil debug=nil package=nil`

// lua51 returns the path of the reference interpreter. Without it the
// test skips, unless CI or ARCADE_REQUIRE_TOOLS is set (make test installs
// it), where it fails.
func lua51(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "js" {
		t.Skip("js/wasm cannot start lua5.1")
	}
	p, err := exec.LookPath("lua5.1")
	if err != nil {
		if os.Getenv("CI") != "" || os.Getenv("ARCADE_REQUIRE_TOOLS") != "" {
			t.Fatalf("lua5.1 is missing (apt-get install lua5.1, or make deps): %v", err)
		}
		t.Skip("lua5.1 is missing: apt-get install lua5.1 (make deps does)")
	}
	return p
}

// runSandbox runs src as a level's main chunk named chunk, with a print
// that writes as Lua's does, and returns what it printed and its error.
func runSandbox(t *testing.T, chunk string, src []byte) (string, error) {
	t.Helper()
	var out bytes.Buffer
	sb := newSandbox(Limits{Instructions: 200_000_000})
	defer sb.close()
	sb.L.Options.IncludeGoStackTrace = os.Getenv("SCRATCH") != ""
	w := sim.New(1)
	(&api{w: w}).install(sb.L)
	openMath(sb.L, w)
	tostring := sb.L.GetGlobal("tostring")
	sb.L.SetGlobal("print", sb.L.NewFunction(func(L *lua.LState) int {
		for i := 1; i <= L.GetTop(); i++ {
			if i > 1 {
				out.WriteByte('\t')
			}
			L.Push(tostring)
			L.Push(L.Get(i))
			L.Call(1, 1)
			out.WriteString(luaString(L.Get(-1)))
			L.Pop(1)
		}
		out.WriteByte('\n')
		return 0
	}))
	fn, err := sb.compile(chunk, src)
	if err != nil {
		return out.String(), err
	}
	err = sb.call(fn)
	return out.String(), err
}

func TestConformance(t *testing.T) {
	files, err := filepath.Glob("testdata/conformance/*.lua")
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance scripts: %v", err)
	}
	ref := ""
	if runtime.GOOS != "js" {
		ref = lua51(t)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".lua"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			outFile := strings.TrimSuffix(file, ".lua") + ".out"
			var want string
			if ref != "" {
				cmd := exec.Command(ref, name)
				cmd.Dir = filepath.Dir(file)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				b, err := cmd.Output()
				if err != nil {
					t.Fatalf("lua5.1 %s: %v\n%s", name, err, stderr.String())
				}
				want = string(b)
				if *update {
					if err := os.WriteFile(outFile, b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			stored, err := os.ReadFile(outFile)
			if err != nil {
				t.Fatalf("%v (go test -run Conformance -update writes it)", err)
			}
			if want == "" {
				want = string(stored)
			} else if want != string(stored) {
				t.Errorf("%s is stale: lua5.1 prints otherwise (go test -run Conformance -update)", outFile)
			}
			got, err := runSandbox(t, name, src)
			if err != nil {
				t.Errorf("sandbox: %v", err)
			}
			compareLines(t, got, want)
		})
	}
}

// compareLines reports the first lines where got and want differ.
func compareLines(t *testing.T, got, want string) {
	t.Helper()
	g := strings.Split(got, "\n")
	w := strings.Split(want, "\n")
	bad := 0
	for i := 0; i < max(len(g), len(w)) && bad < 10; i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Errorf("line %d:\n sandbox %q\n lua5.1  %q", i+1, gl, wl)
			bad++
		}
	}
}

// suiteFiles are the files of _lua5.1-tests that need no I/O. Left out:
// all.lua (dofile of the others), attrib.lua (require and package),
// db.lua (debug), files.lua, main.lua and verybig.lua (io and os).
var suiteFiles = []string{
	"api.lua", "big.lua", "calls.lua", "checktable.lua", "closure.lua", "code.lua",
	"constructs.lua", "errors.lua", "events.lua", "gc.lua", "literals.lua", "locals.lua",
	"math.lua", "nextvar.lua", "pm.lua", "sort.lua", "strings.lua", "vararg.lua",
}

// suiteKnown are the files where the sandbox stops elsewhere than lua5.1
// on purpose (docs/lua-api.md, differences from Lua 5.1), with the line
// the sandbox stops at and why.
var suiteKnown = map[string]struct{ line, why string }{
	"big.lua": {"3", "strings are limited to 1 MB"},
}

// suitePatches replace lines of a suite file, in both runs, where a test
// checks a difference kept on purpose, so that the rest of the file is
// still compared.
var suitePatches = map[string]map[int]string{
	// tostring of a table or function shows no address.
	"strings.lua": {92: "", 93: "", 94: ""},
	// An empty statement (";" after "do") is Lua 5.2 syntax that
	// gopher-lua's parser accepts and Lua 5.1 refuses.
	"pm.lua": {89: "  for k=i, j do table.insert(ret, k); end"},
}

// stopLine is the line a run stopped at, from its error message: the
// last "file:line:" naming the test file (the innermost, where the error
// was raised: Lua 5.1's coroutine.wrap prefixes its own); "" when it
// finished.
func stopLine(file, msg string) string {
	if m := regexp.MustCompile(regexp.QuoteMeta(file)+`:(\d+):`).FindAllStringSubmatch(msg, -1); m != nil {
		return m[len(m)-1][1]
	}
	if msg != "" {
		return "?"
	}
	return ""
}

func TestLua51Suite(t *testing.T) {
	ref := lua51(t)
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/gopher-lua").Output()
	if err != nil {
		t.Fatalf("finding gopher-lua's module: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "_lua5.1-tests")
	for _, file := range suiteFiles {
		t.Run(strings.TrimSuffix(file, ".lua"), func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			if p := suitePatches[file]; p != nil {
				lines := strings.Split(string(src), "\n")
				for n, text := range p {
					lines[n-1] = text
				}
				src = []byte(strings.Join(lines, "\n"))
			}
			// lua5.1 reads the file from its standard input, under the
			// file's name, with the removed globals removed.
			cmd := exec.Command(ref, "-e", "local src, compile = io.read('*a'), loadstring "+
				removedGlobals+" assert(compile(src, '@"+file+"'))()")
			cmd.Dir = dir
			cmd.Stdin = bytes.NewReader(src)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			var exit *exec.ExitError
			if err := cmd.Run(); err != nil && !errors.As(err, &exit) {
				t.Fatal(err)
			}
			refMsg := strings.TrimSpace(strings.SplitN(stderr.String(), "\nstack traceback:", 2)[0])
			want := stopLine(file, refMsg)
			_, serr := runSandbox(t, file, src)
			msg := ""
			if serr != nil {
				msg = serr.Error()
			}
			got := stopLine(file, msg)
			if k, ok := suiteKnown[file]; ok {
				if got != k.line {
					t.Errorf("known difference moved: sandbox stops at %q, expected %q (%s)\nsandbox: %s\nlua5.1: %s", got, k.line, k.why, msg, refMsg)
				}
				return
			}
			if got != want {
				t.Errorf("sandbox stops at line %q, lua5.1 at %q\nsandbox: %s\nlua5.1:  %s", got, want, msg, refMsg)
			}
		})
	}
}
