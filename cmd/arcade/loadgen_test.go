package main

import (
	"strings"
	"testing"
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
		{[]string{"--server", "127.0.0.1:80", "--replays", "no/such/*.replay"}, 1, "no replay matches"},
	}
	for _, tt := range tests {
		code, out, errs := arcade(append([]string{"loadgen"}, tt.args...)...)
		if code != tt.code || out != "" || !strings.Contains(errs, tt.err) {
			t.Errorf("loadgen %v = %d, stdout %q, stderr %q; want %d and %q", tt.args, code, out, errs, tt.code, tt.err)
		}
	}
}
