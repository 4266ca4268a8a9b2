package main

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestListenPprof serves profiles on loopback only.
func TestListenPprof(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tests := []struct {
		addr string
		err  string // "" when it serves
	}{
		{"127.0.0.1:0", ""},
		{"localhost:0", ""},
		{"0.0.0.0:0", "loopback"},
		{":0", "loopback"},
		{"192.0.2.1:0", "loopback"},
		{"example.org:0", "loopback"},
		{"127.0.0.1", "missing port"},
	}
	for _, tt := range tests {
		at, stop, err := listenPprof(tt.addr, log)
		if tt.err != "" {
			if err == nil {
				stop()
				t.Errorf("%s: served on %s, want an error %q", tt.addr, at, tt.err)
			} else if !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err %v, want %q", tt.addr, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.addr, err)
			continue
		}
		resp, err := http.Get("http://" + at.String() + "/debug/pprof/goroutine?debug=1")
		if err != nil {
			t.Errorf("%s: %v", tt.addr, err)
		} else {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine profile") {
				t.Errorf("%s: %s: %.80q", tt.addr, resp.Status, body)
			}
		}
		stop()
	}
}
