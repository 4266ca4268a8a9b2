package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
)

const demo = "../../levels/demo"

func arcade(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// newLevel scaffolds a level in a temporary folder and replaces its
// main.lua with src.
func newLevel(t *testing.T, src string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "lvl")
	if code, _, errs := arcade("new", dir); code != 0 {
		t.Fatalf("arcade new: %d %s", code, errs)
	}
	if src != "" {
		if err := os.WriteFile(filepath.Join(dir, "main.lua"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCLI(t *testing.T) {
	hash := `[0-9a-f]{16}`
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // regexp
		stderr string // regexp
	}{
		{"check demo", []string{"check", demo}, 0, `^ok demo ticks=600 hash=` + hash + "\n$", `^$`},
		{"check ticks", []string{"check", demo, "--ticks", "10"}, 0, `^ok demo ticks=10 hash=`, `^$`},
		{"check flags first", []string{"check", "--ticks=5", demo}, 0, `^ok demo ticks=5 `, `^$`},
		{"check missing", []string{"check", "nowhere"}, 1, `^$`, `nowhere`},
		// sim plays on the level's board seed, as ranked runs are: the
		// same state hash as the golden replay's below; --seed overrides it.
		{"sim win", []string{"sim", demo, "--inputs", demo + "/testdata/win.txt"}, 0,
			`^outcome=won score=3678 ticks=223 hash=b8e79e2ab5428b8e\n$`, `^$`},
		{"sim seed", []string{"sim", demo, "--inputs", demo + "/testdata/win.txt", "--seed", "1"}, 0,
			`^outcome=won score=3678 ticks=223 hash=cb3ac248ca6d3095\n$`, `^$`},
		{"sim lose", []string{"sim", demo, "--inputs", demo + "/testdata/lose.txt"}, 0, `^outcome=lost score=0 ticks=248 `, `^$`},
		{"sim needs inputs", []string{"sim", demo}, 2, `^$`, `--inputs FILE is required`},
		{"verify win", []string{"verify", demo, demo + "/testdata/win.replay"}, 0,
			`^verified demo outcome=won score=3678 ticks=223 hash=b8e79e2ab5428b8e\n$`, `^$`},
		{"verify lose", []string{"verify", demo, demo + "/testdata/lose.replay"}, 0, `^verified demo outcome=lost score=0 ticks=248 `, `^$`},
		{"verify not a replay", []string{"verify", demo, demo + "/level.toml"}, 1, `^$`, `level.toml: replay: `},
		{"unknown command", []string{"fly"}, 2, `^$`, `unknown command "fly"`},
		{"too many args", []string{"check", demo, demo}, 2, `^$`, `want PATH, got 2`},
		// --help lists the command's flags on stdout and is no failure.
		{"serve help", []string{"serve", "--help"}, 0,
			`(?s)^usage: arcade serve .*-addr string.*-max-conns int.*-origins string.*-per-address int.*-web string.*-workers int`, `^$`},
		{"serve -h", []string{"serve", "-h"}, 0, `(?s)^usage: arcade serve .*-max-conns`, `^$`},
		{"check help", []string{"check", "--help"}, 0, `(?s)^usage: arcade check .*-ticks int`, `^$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := arcade(tt.args...)
			if code != tt.code || !regexp.MustCompile(tt.stdout).MatchString(out) || !regexp.MustCompile(tt.stderr).MatchString(errs) {
				t.Errorf("arcade %s = %d\nstdout: %q (want /%s/)\nstderr: %q (want /%s/)",
					strings.Join(tt.args, " "), code, out, tt.stdout, errs, tt.stderr)
			}
		})
	}
}

// TestCheckHostile is the foundation's acceptance test: a level whose
// main.lua never ends fails with a line-numbered message, and so do the
// other ways a script can fail.
func TestCheckHostile(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"endless loop", "while true do end\n", `lvl/main.lua:1: instruction budget exceeded \(5000000\)`},
		{"endless _update", "local n = 0\nfunction _update()\n  while true do n = n + 1 end\nend\n", `lvl/main.lua:3: instruction budget exceeded`},
		{"syntax error", "function _update(\n", `lvl/main.lua:1: .*syntax error`},
		{"runtime error", "function _init()\n  spawn()\nend\n", `lvl/main.lua:2: bad argument #1 to spawn`},
		{"file read", "local f = io.open('/etc/passwd')\n", `lvl/main.lua:1: .*'open'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newLevel(t, tt.src)
			code, out, errs := arcade("check", dir)
			if code != 1 || out != "" || !regexp.MustCompile(tt.want).MatchString(errs) || strings.Count(errs, "\n") != 1 {
				t.Errorf("arcade check = %d\nstdout %q\nstderr %q, want one line matching /%s/", code, out, errs, tt.want)
			}
		})
	}
}

func TestNewThenCheck(t *testing.T) {
	dir := newLevel(t, "")
	code, out, errs := arcade("check", dir)
	if code != 0 || !strings.HasPrefix(out, "ok lvl ticks=600 ") {
		t.Fatalf("fresh scaffold does not check: %d %q %q", code, out, errs)
	}
	if code, _, errs := arcade("new", dir); code != 1 || !strings.Contains(errs, dir) {
		t.Errorf("arcade new on a non-empty folder = %d %q, want an error naming it", code, errs)
	}
}

func TestSimRecordVerify(t *testing.T) {
	rec := filepath.Join(t.TempDir(), "run.replay")
	if code, _, errs := arcade("sim", demo, "--inputs", demo+"/testdata/win.txt", "--seed", "3", "--record", rec); code != 0 {
		t.Fatalf("sim: %d %s", code, errs)
	}
	code, out, errs := arcade("verify", demo, rec)
	if code != 0 || !strings.HasPrefix(out, "verified demo outcome=won") {
		t.Fatalf("verify: %d %q %q", code, out, errs)
	}
	// One changed input makes verification fail, naming the tick.
	data, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	// The record's first run holds RIGHT (bit 1 = 0x02) for 53 ticks; make it LEFT.
	i := bytes.Index(data, []byte{0xa1, 'b', 0x02})
	if i < 0 {
		t.Fatal("first run not found in the record")
	}
	data[i+2] = 0x01
	if err := os.WriteFile(rec, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = arcade("verify", demo, rec)
	if code != 1 || out != "" || !regexp.MustCompile(`diverges at tick 60`).MatchString(errs) {
		t.Fatalf("tampered verify = %d %q %q", code, out, errs)
	}
}

func TestDefaultID(t *testing.T) {
	for in, want := range map[string]string{
		"levels/My Level": "my-level", "x/Été_2026": "t-2026", "/": "my-level", "a--b": "a-b",
	} {
		if got := defaultID(in); got != want {
			t.Errorf("defaultID(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCheckArchive checks the demo packed as a .arcade zip: same level,
// same content hash, so the same state hash as the folder.
func TestCheckArchive(t *testing.T) {
	lvl, err := level.Load(demo)
	if err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(t.TempDir(), "demo.arcade")
	f, err := os.Create(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := level.Pack(lvl, f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	_, fromDir, _ := arcade("check", demo)
	code, fromZip, errs := arcade("check", zipPath)
	if code != 0 || fromZip != fromDir {
		t.Fatalf("check %s = %d %q %q, want %q", zipPath, code, fromZip, errs, fromDir)
	}
	code, out, errs := arcade("verify", zipPath, demo+"/testdata/win.replay")
	if code != 0 || !strings.HasPrefix(out, "verified demo outcome=won") {
		t.Fatalf("verify against the archive = %d %q %q", code, out, errs)
	}
}
