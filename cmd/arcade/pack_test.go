package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
)

// packedRE is the line `arcade pack` prints.
var packedRE = regexp.MustCompile(`^packed (\S+) (\d+) bytes sha256=([0-9a-f]{64})\n$`)

// pack runs `arcade pack args...`, checks its output line against the file
// it names, and returns the file's contents.
func pack(t *testing.T, args ...string) (name string, data []byte) {
	t.Helper()
	code, out, errs := arcade(append([]string{"pack"}, args...)...)
	m := packedRE.FindStringSubmatch(out)
	if code != 0 || m == nil || errs != "" {
		t.Fatalf("arcade pack %s = %d\nstdout %q (want /%s/)\nstderr %q", strings.Join(args, " "), code, out, packedRE, errs)
	}
	data, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if n, _ := strconv.Atoi(m[2]); n != len(data) || m[3] != hex.EncodeToString(sum[:]) {
		t.Fatalf("printed %s bytes sha256=%s; the file has %d bytes sha256=%x", m[2], m[3], len(data), sum)
	}
	return m[1], data
}

func TestPack(t *testing.T) {
	dir := newLevel(t, "")
	work := t.TempDir()
	t.Chdir(work)

	name, first := pack(t, dir)
	if name != "lvl-1.arcade" {
		t.Fatalf("packed to %q, want lvl-1.arcade in the current folder", name)
	}
	_, again := pack(t, dir)
	other := filepath.Join(t.TempDir(), "copy.arcade")
	if got, third := pack(t, dir, "-o", other); got != other || !bytes.Equal(third, first) || !bytes.Equal(again, first) {
		t.Fatal("packing the same folder twice gave different bytes")
	}

	// The package is what check and the loader accept, sealed.
	code, fromZip, errs := arcade("check", name)
	_, fromDir, _ := arcade("check", dir)
	if code != 0 || fromZip != fromDir {
		t.Fatalf("check %s = %d %q %q, want %q", name, code, fromZip, errs, fromDir)
	}
	lvl, err := level.Load(name)
	if err != nil || !lvl.Sealed() {
		t.Fatalf("packed level: %v, sealed %v", err, lvl != nil && lvl.Sealed())
	}

	// Packed inside its own folder, twice: the first package is not
	// content of the second.
	t.Chdir(dir)
	_, inside := pack(t, ".")
	_, inside2 := pack(t, ".")
	if !bytes.Equal(inside, first) || !bytes.Equal(inside2, first) {
		t.Fatal("packing from inside the level's folder changed the bytes")
	}
}

// TestPackRefuses: pack refuses what check refuses, with the same words,
// and writes nothing.
func TestPackRefuses(t *testing.T) {
	tests := []struct {
		name, src string
		args      []string
		code      int
		want      string // regexp on stderr
	}{
		{"syntax error", "function _update(\n", nil, 1, `^\S*lvl/main\.lua:1: .*syntax error.*\n$`},
		{"runtime error in _init", "function _init()\n  spawn()\nend\n", nil, 1, `^\S*lvl/main\.lua:2: bad argument #1 to spawn`},
		{"endless loop", "local n = 0\nfunction _update()\n  while true do n = n + 1 end\nend\n", nil, 1, `^\S*lvl/main\.lua:3: instruction budget exceeded`},
		{"not an .arcade name", "", []string{"-o", "out.zip"}, 2, `-o out\.zip: a package's name ends with \.arcade`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newLevel(t, tt.src)
			work := t.TempDir()
			t.Chdir(work)
			code, out, errs := arcade(append([]string{"pack", dir}, tt.args...)...)
			if code != tt.code || out != "" || !regexp.MustCompile(tt.want).MatchString(errs) {
				t.Fatalf("arcade pack = %d\nstdout %q\nstderr %q, want /%s/", code, out, errs, tt.want)
			}
			if tt.code == 1 {
				if _, _, checkErr := arcade("check", dir); checkErr != errs {
					t.Errorf("pack says %q, check says %q", errs, checkErr)
				}
			}
			if left, _ := os.ReadDir(work); len(left) != 0 {
				t.Fatalf("a refused pack left %v", left)
			}
		})
	}
	t.Run("manifest error", func(t *testing.T) {
		dir := newLevel(t, "")
		toml, err := os.ReadFile(filepath.Join(dir, "level.toml"))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "level.toml"), append([]byte("remix_of = \"x\"\n"), toml...), 0o644)
		t.Chdir(t.TempDir())
		code, _, errs := arcade("pack", dir)
		if code != 1 || !strings.Contains(errs, `lvl/level.toml: remix_of "x" must be`) {
			t.Fatalf("arcade pack = %d %q", code, errs)
		}
	})
}

// TestUsageListsPack: pack is in the usage list and the package comment.
func TestUsageListsPack(t *testing.T) {
	code, _, errs := arcade()
	if code != 2 || !strings.Contains(errs, "pack DIR [-o FILE]") {
		t.Fatalf("usage = %d %q", code, errs)
	}
	code, out, _ := arcade("pack", "--help")
	if code != 0 || !strings.Contains(out, "usage: arcade pack DIR [-o FILE]") || !strings.Contains(out, "-o string") {
		t.Fatalf("pack --help = %d %q", code, out)
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands() {
		if !strings.Contains(string(src), "//\tarcade "+c.name+" ") {
			t.Errorf("main.go's package comment does not list arcade %s", c.name)
		}
	}
}
