// Package docs holds the project's documentation; its test keeps the
// documents that describe the code in step with it.
package docs_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestPackageTable: the package table of architecture.md lists every Go
// package of the module (every folder holding .go files, tests included,
// whatever their build tags), and nothing else, each once.
func TestPackageTable(t *testing.T) {
	doc, err := os.ReadFile("architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9/._-]+)` \\|").FindAllStringSubmatch(string(doc), -1) {
		listed = append(listed, m[1])
	}
	seen := map[string]bool{}
	for _, p := range listed {
		if seen[p] {
			t.Errorf("architecture.md lists %s twice", p)
		}
		seen[p] = true
	}
	var pkgs []string
	root := ".."
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata" || name == "dist" || name == "bin") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(name, ".go") {
			return nil
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		dir = filepath.ToSlash(dir)
		if dir != "docs" && !slices.Contains(pkgs, dir) {
			pkgs = append(pkgs, dir)
		}
		return nil
	})
	for _, p := range pkgs {
		if !seen[p] {
			t.Errorf("package %s is missing from architecture.md's package table", p)
		}
	}
	for _, p := range listed {
		if !slices.Contains(pkgs, p) {
			t.Errorf("architecture.md lists %s, which is no package of the module", p)
		}
	}
}

// TestQuotedNumbers: the numbers the docs quote from the code are the
// code's.
func TestQuotedNumbers(t *testing.T) {
	tests := []struct {
		doc, docRE   string // where the doc quotes it, the number in group 1
		code, codeRE string
	}{
		{"architecture.md", `Every ([0-9,]+) instructions \(` + "`heapCheckEvery`", "../engine/script/budget.go", `const heapCheckEvery = (\d+)`},
	}
	for _, tt := range tests {
		doc, err := os.ReadFile(tt.doc)
		if err != nil {
			t.Fatal(err)
		}
		code, err := os.ReadFile(tt.code)
		if err != nil {
			t.Fatal(err)
		}
		d := regexp.MustCompile(tt.docRE).FindSubmatch(doc)
		c := regexp.MustCompile(tt.codeRE).FindSubmatch(code)
		if d == nil || c == nil {
			t.Errorf("%s /%s/ or %s /%s/ not found", tt.doc, tt.docRE, tt.code, tt.codeRE)
			continue
		}
		if strings.ReplaceAll(string(d[1]), ",", "") != string(c[1]) {
			t.Errorf("%s says %s, %s has %s", tt.doc, d[1], tt.code, c[1])
		}
	}
}
