package main

import (
	"context"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/sim"
)

// TestLoadgenRefuses: the load generator loads loopback only, and says
// what is wrong with its arguments.
func TestLoadgenRefuses(t *testing.T) {
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"--server", "192.0.2.1:80", "--scenarios", "idle"}, 1, "not a loopback address"},
		{[]string{"--server", "example.org:80", "--scenarios", "idle"}, 1, "loopback IP"},
		{[]string{"--server", "127.0.0.1:80", "--serve"}, 2, "either --server ADDR or --serve"},
		{[]string{"--scenarios", "idle"}, 2, "either --server ADDR or --serve"},
		{[]string{"--server", "127.0.0.1:80", "--scenarios", "idle,write"}, 2, `unknown scenario "write"`},
		{[]string{"--server", "127.0.0.1:80", "--levels", "no/such/*"}, 1, "no level folder with a testdata/win.txt matches"},
		// The bots' folder is no level: a glob of nothing else finds none.
		{[]string{"--server", "127.0.0.1:80", "--levels", "../../levels/bot*"}, 1, "no level folder with a testdata/win.txt matches"},
		{[]string{"--server", "127.0.0.1:80", "--levels", "../../levels/demo/level.tom?"}, 1, "no level folder"},
	}
	for _, tt := range tests {
		code, out, errs := arcade(append([]string{"loadgen"}, tt.args...)...)
		if code != tt.code || out != "" || !strings.Contains(errs, tt.err) {
			t.Errorf("loadgen %v = %d, stdout %q, stderr %q; want %d and %q", tt.args, code, out, errs, tt.code, tt.err)
		}
	}
}

// TestBenchRuns: the runs the load generator submits are distinct, of the
// level folders it was given in turn, each a variant of the level's
// winning run that waits a tick more than the last of its level.
func TestBenchRuns(t *testing.T) {
	lvls, err := loadBenchLevels("../../levels/de*")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"decentralise", "demo"}
	if len(lvls) != 2 || lvls[0].lvl.Manifest.ID != want[0] || lvls[1].lvl.Manifest.ID != want[1] {
		t.Fatalf("levels %v, want %v", lvls, want)
	}
	runs, err := benchRuns(context.Background(), lvls, 4)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[32]byte]int{}
	for j, b := range runs {
		rec, err := replay.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		id, err := rec.InputsHash()
		if err != nil {
			t.Fatal(err)
		}
		if k, ok := seen[id]; ok {
			t.Errorf("runs %d and %d are the same run", k, j)
		}
		seen[id] = j
		if rec.LevelID != want[j%2] {
			t.Errorf("run %d is of %s, want %s", j, rec.LevelID, want[j%2])
		}
		// The demo's variant that waits w ticks wins in 223+w ticks.
		if rec.LevelID == "demo" && (rec.Result.Outcome != sim.Won || rec.Result.Ticks != uint32(223+j/2)) {
			t.Errorf("run %d: %v in %d ticks, want won in %d", j, rec.Result.Outcome, rec.Result.Ticks, 223+j/2)
		}
	}
}
