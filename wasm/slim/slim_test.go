package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// checkProgram prints what the rewritten Ebiten packages give: every
// shader text both shader tables hold, the GLSL each becomes, and whether
// a pixel-unit shader still compiles through legacyshader. It is put inside the Ebiten copies
// (as internal/slimcheck) because only Ebiten's own packages may import
// its internal ones.
const checkProgram = `package main

import (
	"fmt"

	"github.com/hajimehoshi/ebiten/v2/internal/builtinshader"
	"github.com/hajimehoshi/ebiten/v2/internal/colormshader"
	"github.com/hajimehoshi/ebiten/v2/internal/graphics"
	"github.com/hajimehoshi/ebiten/v2/internal/legacyshader"
	"github.com/hajimehoshi/ebiten/v2/internal/shaderir/glsl"
)

// glslOf prints the GLSL ES 3.00 (WebGL 2's) Ebiten makes of a shader:
// through the Kage compiler (the unit directive, texture variables) and
// the GLSL writer (its blank-line collapsing).
func glslOf(name string, src []byte) {
	ir, err := graphics.CompileShader(src)
	if err != nil {
		fmt.Printf("%s: %v\n", name, err)
		return
	}
	vs, fs := glsl.Compile(ir, glsl.GLSLVersionES300)
	fmt.Printf("%s vertex\n%s\n%s fragment\n%s\n", name, vs, name, fs)
}

func main() {
	for f := range builtinshader.FilterCount {
		for a := range builtinshader.AddressCount {
			fmt.Printf("builtin %d %d\n%s\n", f, a, builtinshader.ShaderSource(builtinshader.Filter(f), builtinshader.Address(a)))
			fmt.Printf("colorm %d %d\n%s\n", f, a, colormshader.ShaderSource(colormshader.Filter(f), colormshader.Address(a)))
			glslOf(fmt.Sprint("builtin ", f, a), builtinshader.ShaderSource(builtinshader.Filter(f), builtinshader.Address(a)))
			glslOf(fmt.Sprint("colorm ", f, a), colormshader.ShaderSource(colormshader.Filter(f), colormshader.Address(a)))
		}
	}
	_, unit, err := legacyshader.CompileShader(builtinshader.ShaderSource(builtinshader.FilterLinear, builtinshader.AddressRepeat))
	fmt.Println("pixel-unit shader:", unit, err)
}
`

// TestRewritesMatchEbiten runs checkProgram against a plain copy of the
// pinned Ebiten and against slim's: the shader texts and the GLSL made of
// them must be the same, byte for byte, and pixel-unit shaders must still
// compile.
func TestRewritesMatchEbiten(t *testing.T) {
	if testing.Short() {
		t.Skip("builds Ebiten's shader packages twice")
	}
	t.Chdir("../..")
	dir := t.TempDir()
	if err := run(dir); err != nil {
		t.Fatal(err)
	}
	ebiten := modules[0]
	if ebiten.path != "github.com/hajimehoshi/ebiten/v2" {
		t.Fatalf("modules[0] is %s, want Ebiten", ebiten.path)
	}
	src, err := moduleDir(ebiten)
	if err != nil {
		t.Fatal(err)
	}
	// The plain copy, and a go.mod that builds with it (and slim's
	// gopher-lua, which these packages do not use).
	plain := filepath.Join(dir, "plain")
	if err := copyModule(plain, src, nil); err != nil {
		t.Fatal(err)
	}
	plainDir := filepath.Join(dir, "plainmod")
	if err := os.MkdirAll(plainDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var replaces []replace
	for _, m := range modules {
		replaces = append(replaces, replace{m.path, filepath.Join(dir, copyName(m))})
	}
	replaces[0].dir = plain
	if err := writeGoMod(plainDir, replaces); err != nil {
		t.Fatal(err)
	}
	slimCopy := filepath.Join(dir, copyName(ebiten))
	if mod, err := os.ReadFile(filepath.Join(plainDir, "go.mod")); err != nil || !strings.Contains(string(mod), "/plain\n") {
		t.Fatalf("the plain go.mod does not replace Ebiten with the plain copy (%v):\n%s", err, mod)
	}

	outputs := map[string]string{}
	for _, c := range []struct{ name, mod, copy string }{
		{"plain", filepath.Join(plainDir, "go.mod"), plain},
		{"slim", filepath.Join(dir, "go.mod"), slimCopy},
	} {
		name := c.name
		check := filepath.Join(c.copy, "internal", "slimcheck")
		if err := os.MkdirAll(check, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(check, "main.go"), []byte(checkProgram), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(goCommand(), "run", "-modfile="+c.mod, ebiten.path+"/internal/slimcheck")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: go run: %v\n%s", name, err, out)
		}
		outputs[name] = string(out)
	}
	if outputs["plain"] != outputs["slim"] {
		t.Errorf("slim's Ebiten gives other shaders than Ebiten's:\n--- plain\n%s\n--- slim\n%s", outputs["plain"], outputs["slim"])
	}
	if got := strings.Count(outputs["slim"], "func Fragment("); got != 18 {
		t.Errorf("%d shader texts, want 18 (9 plain, 9 colour matrix)", got)
	}
	if got := strings.Count(outputs["slim"], " fragment\n#version 300 es"); got != 18 {
		t.Errorf("%d GLSL fragment shaders, want 18:\n%s", got, outputs["slim"])
	}
	if !strings.Contains(outputs["slim"], "pixel-unit shader: 1 <nil>") {
		t.Errorf("a pixel-unit shader no longer compiles through legacyshader:\n%s", outputs["slim"])
	}
}

// TestLeftOut builds the browser game with slim's modules, as
// wasm/build.sh does, and checks that no function of the packages the
// rewrites are for is in it: a new use of text/template anywhere would
// bring back what the shader tables took out (about 370 KB brotli).
func TestLeftOut(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the browser game")
	}
	t.Chdir("../..")
	dir := t.TempDir()
	if err := run(dir); err != nil {
		t.Fatal(err)
	}
	wasm := filepath.Join(dir, "game.wasm")
	cmd := exec.Command(goCommand(), "build", "-modfile="+filepath.Join(dir, "go.mod"), "-trimpath", "-o", wasm, "./wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	b, err := os.ReadFile(wasm)
	if err != nil {
		t.Fatal(err)
	}
	names, err := wasmFuncNames(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 1000 {
		t.Fatalf("only %d function names in the .wasm: is the name section read right?", len(names))
	}
	// Go's wasm names write a package path's slashes as underscores.
	for _, pkg := range []string{"text/template", "go/build", "go/printer", "os/exec", "encoding/gob", "log/slog", "regexp"} {
		prefix := strings.ReplaceAll(pkg, "/", "_") + "."
		for _, n := range names {
			if strings.HasPrefix(n, prefix) {
				t.Errorf("the browser game links %s (%s): see wasm/slim/main.go for what that costs", pkg, n)
				break
			}
		}
	}
}

// wasmFuncNames reads the function names of a WebAssembly module's "name"
// custom section.
func wasmFuncNames(b []byte) ([]string, error) {
	if len(b) < 8 || !bytes.Equal(b[:4], []byte("\x00asm")) {
		return nil, errors.New("not a WebAssembly module")
	}
	r := bytes.NewReader(b[8:])
	var names []string
	for r.Len() > 0 {
		id, _ := r.ReadByte()
		s := bytes.NewReader(wasmVec(r))
		if id != 0 || string(wasmVec(s)) != "name" {
			continue
		}
		for s.Len() > 0 {
			kind, _ := s.ReadByte()
			sub := bytes.NewReader(wasmVec(s))
			if kind != 1 { // function names
				continue
			}
			for n := wasmUint(sub); n > 0; n-- {
				wasmUint(sub) // the function's index
				names = append(names, string(wasmVec(sub)))
			}
		}
	}
	return names, nil
}

// wasmUint reads an unsigned LEB128 number; a truncated module fails the
// test that reads it.
func wasmUint(r *bytes.Reader) uint64 {
	v, err := binary.ReadUvarint(r)
	if err != nil {
		panic(fmt.Sprintf("wasmFuncNames: %v", err))
	}
	return v
}

// wasmVec reads a length, then that many bytes (a section, a name).
func wasmVec(r *bytes.Reader) []byte {
	b := make([]byte, wasmUint(r))
	if n, _ := r.Read(b); n != len(b) {
		panic("wasmFuncNames: a section or name runs past the end")
	}
	return b
}
