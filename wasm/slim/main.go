// Command slim writes copies of two dependencies with code the browser
// game never runs taken out, and a go.mod that builds with them, so that
// the first visit downloads less. wasm/build.sh runs it before each
// js/wasm build:
//
//	go run ./wasm/slim DIR   # writes DIR/<module>/, DIR/go.mod, DIR/go.sum
//	GOOS=js GOARCH=wasm go build -modfile=DIR/go.mod ./wasm
//
// Nothing of those modules is kept in this repository: slim reads the
// pinned versions' files from the module cache and rewrites a few of them.
// Each rewrite names what it looks for and fails, saying so, when the file
// differs; a version other than the one written for fails too.
//
// Ebiten (together about 560 KB of the .wasm, brotli):
//
//   - internal/builtinshader and internal/colormshader build their shaders
//     with text/template. text/template calls reflect's MethodByName with
//     names the linker cannot see, so Go's linker then keeps every exported
//     method of every type stored in an interface, in the whole program.
//     slim executes the template here, at build time, for every filter and
//     address, and ShaderSource returns those texts from a table: the very
//     texts Ebiten would have made.
//   - internal/debug/caller.go finds Ebiten's folder, for its debug log,
//     with go/build (which links go/doc, go/parser's users, os/exec). slim
//     takes it from the path runtime.Caller gives for caller.go itself.
//   - internal/legacyshader converts texel-unit Kage shaders with
//     go/printer. Every shader of Ebiten's is in pixels and the game has
//     none of its own, so that path returns an error instead.
//   - internal/vmprotocol's codec (encoding/gob) serves a VM guest's
//     connection, which only desktop builds make.
//   - imagedumper.go takes screenshots on a key named by an environment
//     variable, which a page never has (a PNG encoder, a zip writer).
//   - internal/thread and internal/atlas log through log/slog: a
//     debug-level line (dropped at slog's default level) and error lines,
//     now written through the log package as slog's default handler would.
//   - internal/shader, internal/graphics and internal/shaderir/glsl each
//     use one regular expression; inject.go's functions do the same
//     (fuzzed against the expressions), so that regexp can go once the
//     game has none of its own.
//
// gopher-lua: OpenLibs lists every library, io and os (and so os/exec)
// too; the sandbox (engine/script) opens its libraries one by one and never
// calls it, so it raises an error instead and the others are left out.
//
// TestRewritesMatchEbiten compares every shader text and the GLSL made of
// it, from plain and rewritten Ebiten; TestLeftOut checks what is gone.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/template"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./wasm/slim DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("slim: %w", err)
	}
	var replaces []replace
	for _, m := range modules {
		src, err := moduleDir(m)
		if err != nil {
			return err
		}
		files := map[string][]byte{}
		for rel, rewrite := range m.rewrite {
			path := filepath.Join(src, filepath.FromSlash(rel))
			b, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("slim: %w", err)
			}
			if files[path], err = rewrite(path, b); err != nil {
				return err
			}
		}
		copyDir := filepath.Join(dir, copyName(m))
		if err := copyModule(copyDir, src, files); err != nil {
			return err
		}
		replaces = append(replaces, replace{m.path, copyDir})
	}
	return writeGoMod(dir, replaces)
}

// copyName is the folder of m's copy in slim's output folder.
func copyName(m module) string { return strings.ReplaceAll(m.path, "/", "_") }

// module is a dependency slim rewrites: for each file (a path in the
// module) the function that rewrites it.
type module struct {
	path, version string
	rewrite       map[string]func(path string, src []byte) ([]byte, error)
}

// modules are the rewrites, for the versions go.mod pins.
var modules = []module{
	{"github.com/hajimehoshi/ebiten/v2", "v2.10.4", map[string]func(string, []byte) ([]byte, error){
		"internal/builtinshader/shader.go": tableShaders,
		"internal/colormshader/shader.go":  tableShaders,
		"internal/debug/caller.go":         callerWithoutBuild,
		"internal/legacyshader/legacyshader.go": func(path string, src []byte) ([]byte, error) {
			return replaceIfBody(path, src, "convertToCoreSource", "unit == Texels",
				`{
		// wasm/slim: converting a texel-unit shader takes go/printer, and
		// every shader of Ebiten's and of the game is in pixels.
		return nil, 0, fmt.Errorf("legacyshader: this build has no texel-unit shaders (wasm/slim left go/printer out): write //kage:unit pixels")
	}`)
		},
		"internal/vmprotocol/vmprotocol.go": func(path string, src []byte) ([]byte, error) {
			// The browser is never a VM guest (internal/ui's guest loop is
			// desktop only), so the connection's codec is never made; gob
			// and its package initialisation go.
			const unused = `panic("vmprotocol: this build has no VM guest connection (wasm/slim left encoding/gob out)")`
			return replaceDecls(path, src, map[string]string{
				"Encoder":            "type Encoder struct{}",
				"Decoder":            "type Decoder struct{}",
				"NewEncoder":         "func NewEncoder(w io.Writer) *Encoder { " + unused + " }",
				"NewDecoder":         "func NewDecoder(r io.Reader) *Decoder { " + unused + " }",
				"EncodeHostMessage":  "func (e *Encoder) EncodeHostMessage(msg *HostMessage) error { " + unused + " }",
				"DecodeHostMessage":  "func (d *Decoder) DecodeHostMessage(msg *HostMessage) error { " + unused + " }",
				"EncodeGuestMessage": "func (e *Encoder) EncodeGuestMessage(msg *GuestMessage) error { " + unused + " }",
				"DecodeGuestMessage": "func (d *Decoder) DecodeGuestMessage(msg *GuestMessage) error { " + unused + " }",
			})
		},
		"imagedumper.go": func(path string, src []byte) ([]byte, error) {
			// The screenshot and image-dump keys come from environment
			// variables, which a page never sets: the PNG encoder, the zip
			// writer and the key-name table go.
			return replaceDecls(path, src, map[string]string{
				"update": "func (i *imageDumper) update() error {\n\t// wasm/slim: no EBITENGINE_SCREENSHOT_KEY in a browser.\n\treturn i.err\n}",
				"dump":   "func (i *imageDumper) dump(screen *Image, transparent bool) error {\n\treturn nil // wasm/slim: no screenshot key, see update\n}",
			})
		},
		"internal/thread/thread.go": func(path string, src []byte) ([]byte, error) {
			// A debug-level log line; slog's default level is Info and the
			// game never lowers it.
			return replaceFuncBody(path, src, "logDiscardedCall", "{\n\t// wasm/slim: a debug-level log (slog's default level is Info).\n}")
		},
		"internal/atlas/gpuresources.go": func(path string, src []byte) ([]byte, error) {
			// The same lines as slog's default handler writes them, through
			// the log package, which the game links anyway.
			return replaceCalls(path, src, map[string]string{
				"slog.Debug": "slimDebug",
				"slog.Error": "slimError",
			}, `
// slimDebug drops a debug-level line, as slog's default level (Info) does.
func slimDebug(msg string, args ...any) {}

// slimError logs as slog's default handler does ("ERROR msg key=value"),
// without log/slog (wasm/slim).
func slimError(msg string, args ...any) {
	line := "ERROR " + msg
	for i := 0; i+1 < len(args); i += 2 {
		line += fmt.Sprintf(" %v=%v", args[i], args[i+1])
	}
	log.Print(line)
}
`, "log")
		},
		// Ebiten's three regular expressions, for inject.go's functions:
		// the game then links neither regexp nor its Unicode tables.
		"internal/shader/expr.go": func(path string, src []byte) ([]byte, error) {
			return replaceText(path, src, []string{
				"var textureVariableRe = regexp.MustCompile(`\\A__t(\\d+)\\z`)\n", "",
				"textureVariableRe.FindStringSubmatch(", "slimTextureVariable(",
			}, "slimTextureVariable")
		},
		"internal/graphics/shader.go": func(path string, src []byte) ([]byte, error) {
			return replaceText(path, src, []string{
				"var reUnit = regexp.MustCompile(`^[ \\t\\r\\n]*//kage:unit\\s+([^ \\t\\r\\n]+)[ \\t\\r\\n]*$`)\n", "",
				"reUnit.FindSubmatch(", "slimUnitDirective(",
			}, "slimUnitDirective")
		},
		"internal/shaderir/glsl/glsl.go": func(path string, src []byte) ([]byte, error) {
			return replaceText(path, src, []string{
				"nls := regexp.MustCompile(`\\n\\n+`)\n", "",
				"nls.ReplaceAllString(", "slimCollapseNewlines(",
			}, "slimCollapseNewlines")
		},
	}},
	{"github.com/yuin/gopher-lua", "v1.1.2", map[string]func(string, []byte) ([]byte, error){
		"linit.go": func(path string, src []byte) ([]byte, error) {
			return replaceFuncBody(path, src, "OpenLibs", `{
	// wasm/slim: the sandbox opens its libraries one by one
	// (engine/script); without this list io, os (and os/exec), debug,
	// channel and package are left out of the build.
	ls.RaiseError("gopher-lua: OpenLibs is left out of this build (wasm/slim): open the libraries one by one")
}`)
		},
	}},
}

// moduleDir is the module cache folder of m (downloaded if it is not
// there yet: on a fresh machine `make run` may build the browser game
// first), after checking that go.mod pins the version slim's rewrites were
// written for.
func moduleDir(m module) (string, error) {
	out, err := exec.Command(goCommand(), "mod", "download", "-json", m.path).Output()
	var info struct{ Version, Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return "", fmt.Errorf("slim: go mod download %s: %v: %s", m.path, err, exit.Stderr)
		}
		return "", fmt.Errorf("slim: go mod download %s: %v %w", m.path, err, jerr)
	}
	if info.Error != "" {
		return "", fmt.Errorf("slim: go mod download %s: %s", m.path, info.Error)
	}
	if info.Version != m.version {
		return "", fmt.Errorf("slim: go.mod pins %s %s, but wasm/slim rewrites %s's files: check the rewrites against the new version and update its version in wasm/slim", m.path, info.Version, m.version)
	}
	if info.Dir == "" {
		return "", fmt.Errorf("slim: go mod download %s gave no folder", m.path)
	}
	return info.Dir, nil
}

// goCommand is the go command: $GO (as the Makefile and build.sh set
// it), or go.
func goCommand() string {
	if g := os.Getenv("GO"); g != "" {
		return g
	}
	return "go"
}

// copyModule makes dst a copy of the module in src (its files
// hard-linked where the file system allows), with the rewritten files in
// place of the originals. Go refuses build overlays of files in the module
// cache, so a copy, which go.mod's replace names, is how the build sees the
// rewrites.
func copyModule(dst, src string, files map[string][]byte) error {
	if err := os.RemoveAll(dst); err != nil {
		return fmt.Errorf("slim: %w", err)
	}
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		switch {
		case d.IsDir() && rel == "examples":
			return filepath.SkipDir // no package of the game imports them
		case d.IsDir():
			return os.MkdirAll(out, 0o755)
		case files[path] != nil:
			return os.WriteFile(out, files[path], 0o644)
		}
		if os.Link(path, out) == nil {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	if err != nil {
		return fmt.Errorf("slim: copying %s: %w", src, err)
	}
	return nil
}

// replace is a module and the folder that go.mod's replace gives it.
type replace struct{ module, dir string }

// writeGoMod writes dir/go.mod, this module's go.mod with the replaces,
// and go.sum beside it (go build -modfile reads the go.sum next to it).
// The replaces' folders are written relative to the repository's root,
// which is how go build -modfile reads them: the builder's folders stay
// out of the .wasm's build information.
func writeGoMod(dir string, replaces []replace) error {
	wd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("slim: %w", err)
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("slim: run from the repository's root: %w", err)
		}
		if name == "go.mod" {
			b = append(b, "\n// wasm/slim: the rewritten dependencies.\n"...)
			for _, r := range replaces {
				abs, err := filepath.Abs(r.dir)
				if err != nil {
					return fmt.Errorf("slim: %w", err)
				}
				rel, err := filepath.Rel(wd, abs)
				if err != nil {
					return fmt.Errorf("slim: %w", err)
				}
				b = fmt.Appendf(b, "replace %s => ./%s\n", r.module, filepath.ToSlash(rel))
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("slim: %w", err)
		}
	}
	return nil
}

// tableShaders rewrites a shader.go of Ebiten's that builds ShaderSource's
// result with `var tmpl = template.Must(template.New(…).Parse(…))`: the
// template is executed here for every Filter and Address constant, and
// ShaderSource returns the texts from a table.
func tableShaders(path string, src []byte) ([]byte, error) {
	fset, f, err := parse(path, src)
	if err != nil {
		return nil, err
	}
	filters, addresses := constsOfType(f, "Filter"), constsOfType(f, "Address")
	if len(filters) == 0 || len(addresses) == 0 {
		return nil, fmt.Errorf("slim: %s: no Filter or Address constants", path)
	}
	text, decl, err := templateText(f)
	if err != nil {
		return nil, fmt.Errorf("slim: %s: %w", path, err)
	}
	tmpl, err := template.New("tmpl").Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("slim: %s: %w", path, err)
	}
	// The template reads the chosen filter and address and every constant
	// by name, as ShaderSource's data struct gives them.
	consts := map[string]any{}
	for i, name := range filters {
		consts[name] = i
	}
	for i, name := range addresses {
		consts[name] = i
	}
	var table strings.Builder
	table.WriteString("// shaderSources[filter][address] is the template's text for them,\n")
	table.WriteString("// made at build time by wasm/slim.\n")
	table.WriteString("var shaderSources = [FilterCount][AddressCount][]byte{\n")
	for fi := range filters {
		table.WriteString("\t{\n")
		for ai := range addresses {
			data := map[string]any{"Filter": fi, "Address": ai}
			for k, v := range consts {
				data[k] = v
			}
			var buf bytes.Buffer
			if err := tmpl.Execute(&buf, data); err != nil {
				return nil, fmt.Errorf("slim: %s: executing the template: %w", path, err)
			}
			fmt.Fprintf(&table, "\t\t[]byte(%s),\n", strconv.Quote(buf.String()))
		}
		table.WriteString("\t},\n")
	}
	table.WriteString("}\n")

	fn := funcDecl(f, "ShaderSource")
	if fn == nil {
		return nil, fmt.Errorf("slim: %s: no func ShaderSource", path)
	}
	if len(fn.Type.Params.List) != 2 || len(fn.Type.Params.List[0].Names) != 1 || len(fn.Type.Params.List[1].Names) != 1 {
		return nil, fmt.Errorf("slim: %s: ShaderSource's parameters are not (filter, address)", path)
	}
	body := fmt.Sprintf("{\n\treturn shaderSources[%s][%s]\n}", fn.Type.Params.List[0].Names[0].Name, fn.Type.Params.List[1].Names[0].Name)
	return splice(path, fset, src, []edit{
		{decl.Pos(), decl.End(), table.String()},
		{fn.Body.Pos(), fn.Body.End(), body},
	})
}

// callerWithoutBuild rewrites internal/debug/caller.go: the function that
// finds Ebiten's folder with go/build's Import finds it from the path
// runtime.Caller gives for caller.go itself (with -trimpath too, the same
// form as the paths FirstCaller compares it to).
func callerWithoutBuild(path string, src []byte) ([]byte, error) {
	fset, f, err := parse(path, src)
	if err != nil {
		return nil, err
	}
	var once *ast.FuncLit
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || once != nil {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Do" || len(call.Args) != 1 {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "ebitengineFileDirOnce" {
			return true
		}
		once, _ = call.Args[0].(*ast.FuncLit)
		return false
	})
	if once == nil || !strings.Contains(string(src[fset.Position(once.Pos()).Offset:fset.Position(once.End()).Offset]), "build.Default.Import") {
		return nil, fmt.Errorf("slim: %s: no ebitengineFileDirOnce.Do(func() { … build.Default.Import … })", path)
	}
	body := `{
		// wasm/slim: this file is <Ebiten>/internal/debug/caller.go.
		_, file, _, ok := runtime.Caller(0)
		if !ok {
			return
		}
		ebitengineFileDir = path.Dir(path.Dir(path.Dir(filepath.ToSlash(file))))
	}`
	return splice(path, fset, src, []edit{{once.Body.Pos(), once.Body.End(), body}})
}

// edit replaces the source between two positions.
type edit struct {
	from, to token.Pos
	text     string
}

// splice applies edits (in source order) to src, the source of path that
// fset positions, and tidies the result.
func splice(path string, fset *token.FileSet, src []byte, edits []edit) ([]byte, error) {
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		from, to := fset.Position(e.from).Offset, fset.Position(e.to).Offset
		if from < last {
			return nil, fmt.Errorf("slim: %s: edits out of order", path)
		}
		out.Write(src[last:from])
		out.WriteString(e.text)
		last = to
	}
	out.Write(src[last:])
	return tidy(path, out.Bytes())
}

// tidy removes the imports a rewritten source of path no longer uses and
// formats it.
func tidy(path string, src []byte) ([]byte, error) {
	fset, f, err := parse(path, src)
	if err != nil {
		return nil, fmt.Errorf("slim: %s: the rewrite does not parse: %w", path, err)
	}
	dropUnusedImports(f)
	var formatted bytes.Buffer
	if err := format.Node(&formatted, fset, f); err != nil {
		return nil, fmt.Errorf("slim: %s: %w", path, err)
	}
	return formatted.Bytes(), nil
}

// parse parses a Go source, with its comments.
func parse(path string, src []byte) (*token.FileSet, *ast.File, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil, nil, fmt.Errorf("slim: %w", err)
	}
	return fset, f, nil
}

// dropUnusedImports removes the imports (all unnamed in the files slim
// rewrites) that no selector of the file names any more.
func dropUnusedImports(f *ast.File) {
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok {
				used[x.Name] = true
			}
		}
		return true
	})
	keep := func(imp *ast.ImportSpec) bool {
		p, _ := strconv.Unquote(imp.Path.Value)
		return imp.Name != nil || used[p[strings.LastIndex(p, "/")+1:]]
	}
	for _, d := range f.Decls {
		gen, ok := d.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		specs := gen.Specs[:0]
		for _, s := range gen.Specs {
			if keep(s.(*ast.ImportSpec)) {
				specs = append(specs, s)
			}
		}
		gen.Specs = specs
	}
	imports := f.Imports[:0]
	for _, imp := range f.Imports {
		if keep(imp) {
			imports = append(imports, imp)
		}
	}
	f.Imports = imports
}

// constsOfType lists, in order, the constants of a `const ( A T = iota; B; C )`
// block whose first constant has type typ.
func constsOfType(f *ast.File, typ string) []string {
	for _, d := range f.Decls {
		gen, ok := d.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST || len(gen.Specs) == 0 {
			continue
		}
		first := gen.Specs[0].(*ast.ValueSpec)
		id, ok := first.Type.(*ast.Ident)
		if !ok || id.Name != typ || len(first.Values) != 1 {
			continue
		}
		if v, ok := first.Values[0].(*ast.Ident); !ok || v.Name != "iota" {
			continue
		}
		var names []string
		for _, s := range gen.Specs {
			vs := s.(*ast.ValueSpec)
			if len(vs.Names) != 1 || (vs != first && (vs.Type != nil || vs.Values != nil)) {
				return nil
			}
			names = append(names, vs.Names[0].Name)
		}
		return names
	}
	return nil
}

// templateText finds `var tmpl = template.Must(template.New(…).Parse(LIT))`
// and returns LIT's text and the declaration.
func templateText(f *ast.File) (string, *ast.GenDecl, error) {
	for _, d := range f.Decls {
		gen, ok := d.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR || len(gen.Specs) != 1 {
			continue
		}
		vs := gen.Specs[0].(*ast.ValueSpec)
		if len(vs.Names) != 1 || vs.Names[0].Name != "tmpl" || len(vs.Values) != 1 {
			continue
		}
		must, ok := vs.Values[0].(*ast.CallExpr)
		if !ok || len(must.Args) != 1 {
			break
		}
		parse, ok := must.Args[0].(*ast.CallExpr)
		if !ok || len(parse.Args) != 1 {
			break
		}
		if sel, ok := parse.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Parse" {
			break
		}
		lit, ok := parse.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			break
		}
		text, err := strconv.Unquote(lit.Value)
		if err != nil {
			return "", nil, err
		}
		return text, gen, nil
	}
	return "", nil, errors.New("no var tmpl = template.Must(template.New(…).Parse(\"…\"))")
}

func funcDecl(f *ast.File, name string) *ast.FuncDecl {
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == name {
			return fn
		}
	}
	return nil
}

// replaceFuncBody replaces the body of the top-level function or method
// name.
func replaceFuncBody(path string, src []byte, name, body string) ([]byte, error) {
	fset, f, err := parse(path, src)
	if err != nil {
		return nil, err
	}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == name && fn.Body != nil {
			return splice(path, fset, src, []edit{{fn.Body.Pos(), fn.Body.End(), body}})
		}
	}
	return nil, fmt.Errorf("slim: %s: no func %s", path, name)
}

// replaceIfBody replaces the body of the first if statement of function fn
// whose condition is cond (as gofmt prints it).
func replaceIfBody(path string, src []byte, fn, cond, body string) ([]byte, error) {
	fset, f, err := parse(path, src)
	if err != nil {
		return nil, err
	}
	decl := funcDecl(f, fn)
	if decl == nil {
		return nil, fmt.Errorf("slim: %s: no func %s", path, fn)
	}
	var found *ast.IfStmt
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if s, ok := n.(*ast.IfStmt); ok && found == nil {
			var b bytes.Buffer
			if format.Node(&b, fset, s.Cond) == nil && b.String() == cond {
				found = s
			}
		}
		return found == nil
	})
	if found == nil {
		return nil, fmt.Errorf("slim: %s: no `if %s` in %s", path, cond, fn)
	}
	return splice(path, fset, src, []edit{{found.Body.Pos(), found.Body.End(), body}})
}

// replaceDecls replaces whole top-level declarations, by name: a type (a
// declaration of that one type), a function or a method. Each name must
// be found exactly once.
func replaceDecls(path string, src []byte, decls map[string]string) ([]byte, error) {
	fset, f, err := parse(path, src)
	if err != nil {
		return nil, err
	}
	var edits []edit
	found := map[string]int{}
	for _, d := range f.Decls {
		var name string
		switch d := d.(type) {
		case *ast.FuncDecl:
			name = d.Name.Name
		case *ast.GenDecl:
			if d.Tok == token.TYPE && len(d.Specs) == 1 {
				name = d.Specs[0].(*ast.TypeSpec).Name.Name
			}
		}
		if text, ok := decls[name]; ok {
			found[name]++
			edits = append(edits, edit{d.Pos(), d.End(), text})
		}
	}
	for name := range decls {
		if found[name] != 1 {
			return nil, fmt.Errorf("slim: %s: %d declarations of %s, want 1", path, found[name], name)
		}
	}
	return splice(path, fset, src, edits)
}

// replaceCalls renames the functions called (calls of the selector or
// identifier names in calls, each at least once), adds decls at the end of
// the file and the imports add (which the new declarations use).
func replaceCalls(path string, src []byte, calls map[string]string, decls string, add ...string) ([]byte, error) {
	fset, f, err := parse(path, src)
	if err != nil {
		return nil, err
	}
	var edits []edit
	found := map[string]int{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		var b bytes.Buffer
		if format.Node(&b, fset, call.Fun) != nil {
			return true
		}
		if to, ok := calls[b.String()]; ok {
			found[b.String()]++
			edits = append(edits, edit{call.Fun.Pos(), call.Fun.End(), to})
		}
		return true
	})
	for name := range calls {
		if found[name] == 0 {
			return nil, fmt.Errorf("slim: %s: no call of %s", path, name)
		}
	}
	if len(f.Imports) == 0 {
		return nil, fmt.Errorf("slim: %s: no imports", path)
	}
	// The new imports go after the first one, the declarations at the end.
	first := f.Imports[0]
	var imports strings.Builder
	imports.WriteString(first.Path.Value)
	for _, a := range add {
		fmt.Fprintf(&imports, "\n\t%q", a)
	}
	edits = append(edits, edit{first.Path.Pos(), first.Path.End(), imports.String()})
	slices.SortFunc(edits, func(a, b edit) int { return int(a.from - b.from) })
	edits = append(edits, edit{f.End(), f.End(), decls})
	return splice(path, fset, src, edits)
}

// replaceText replaces, in order, each old text of pairs (old, new, old,
// new, …), which must be there, everywhere it is, and appends the
// functions of inject.go named by inject.
func replaceText(path string, src []byte, pairs []string, inject ...string) ([]byte, error) {
	out := string(src)
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(out, pairs[i]) {
			return nil, fmt.Errorf("slim: %s: no %q", path, pairs[i])
		}
		out = strings.ReplaceAll(out, pairs[i], pairs[i+1])
	}
	fset, injected, err := parse("inject.go", injectSource)
	if err != nil {
		return nil, err
	}
	for _, name := range inject {
		fn := funcDecl(injected, name)
		if fn == nil {
			return nil, fmt.Errorf("slim: inject.go has no func %s", name)
		}
		from := fset.Position(fn.Pos()).Offset
		if fn.Doc != nil {
			from = fset.Position(fn.Doc.Pos()).Offset
		}
		out += "\n// From wasm/slim/inject.go.\n" + string(injectSource[from:fset.Position(fn.End()).Offset]) + "\n"
	}
	return tidy(path, []byte(out))
}
