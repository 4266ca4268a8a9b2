package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/server/verify"
)

// mainEnv makes the test binary act as the arcade command, so the pool
// test below runs the real `arcade verify-worker` without a build.
const mainEnv = "ARCADE_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) != "" {
		main()
	}
	os.Exit(m.Run())
}

// TestVerifyWorker runs a pool of `arcade verify-worker` processes (with
// their memory limits) on a golden replay of every built-in level and a
// tampered one.
func TestVerifyWorker(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p, err := verify.NewPool(context.Background(), verify.PoolOptions{
		Command: []string{exe, "verify-worker", "--memory", "256"},
		Env:     append(os.Environ(), mainEnv+"=1"),
		Workers: 2,
		Stderr:  io.Discard,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	files, err := filepath.Glob("../../levels/*/testdata/win.replay")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden replays: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := p.Verify(context.Background(), verify.Job{Replay: data})
		if err != nil || !res.Won || res.Level != filepath.Base(filepath.Dir(filepath.Dir(f))) {
			t.Errorf("%s: %+v, %v", f, res, err)
		}
	}
	data, err := os.ReadFile(filepath.Join(demo, "testdata", "win.replay"))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := replay.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	rec.Checkpoints[0].Hash ^= 1
	if data, err = replay.Encode(rec); err != nil {
		t.Fatal(err)
	}
	_, err = p.Verify(context.Background(), verify.Job{Replay: data})
	var ref *verify.Refusal
	if !errors.As(err, &ref) || ref.Reason != verify.ReasonDiverged {
		t.Errorf("tampered replay: %v, want %s", err, verify.ReasonDiverged)
	}
}

func TestVerifyWorkerUsage(t *testing.T) {
	for _, args := range [][]string{
		{"verify-worker", "extra"},
		{"verify-worker", "--memory", "0"},
	} {
		if code, _, errs := arcade(args...); code != 2 || !strings.Contains(errs, "usage: arcade verify-worker") {
			t.Errorf("%v = %d, %q", args, code, errs)
		}
	}
}
