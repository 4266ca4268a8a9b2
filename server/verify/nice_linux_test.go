package verify

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// niceOf reads the nice value of a task from its /proc stat file.
func niceOf(t *testing.T, stat string) int {
	t.Helper()
	// The command name, in parentheses, may hold spaces: count fields
	// after it. nice is field 19, the 17th after the name.
	_, rest, ok := strings.Cut(stat, ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 17 {
		t.Fatalf("stat %q", stat)
	}
	n, err := strconv.Atoi(f[16])
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// threadNices are the nice values of this process's threads.
func threadNices(t *testing.T) map[string]int {
	t.Helper()
	paths, err := filepath.Glob("/proc/self/task/*/stat")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // the thread ended
		}
		out[p] = niceOf(t, string(b))
	}
	return out
}

// TestStartNiced: the child runs with the nice value raised, capped at
// 19, and none of this process's threads that go on is lowered.
func TestStartNiced(t *testing.T) {
	self, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		t.Skip("no /proc:", err)
	}
	base := niceOf(t, string(self))
	tests := []struct {
		name string
		nice int
		want int
	}{
		{"default", DefaultNice, min(19, base+DefaultNice)},
		{"capped", 40, 19},
		{"none", -1, base},
	}
	// The thread that forks ends with its goroutine, but may still be
	// listed for a moment: it is not one of those that go on.
	var forker string
	nicedThread = func(tid int) { forker = "/proc/self/task/" + strconv.Itoa(tid) + "/stat" }
	defer func() { nicedThread = nil }()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := threadNices(t)
			cmd := exec.Command("cat", "/proc/self/stat")
			var out strings.Builder
			cmd.Stdout = &out
			if err := startNiced(cmd, tt.nice); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Wait(); err != nil {
				t.Fatal(err)
			}
			if got := niceOf(t, out.String()); got != tt.want {
				t.Errorf("child nice %d, want %d", got, tt.want)
			}
			for p, n := range threadNices(t) {
				if was, ok := before[p]; ok && n != was && p != forker {
					t.Errorf("thread %s went from nice %d to %d", p, was, n)
				}
			}
		})
	}
}
