package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/communs-arcade/arcade/server/protocol"
)

func TestServeArguments(t *testing.T) {
	if code, _, errs := arcade("serve", "extra"); code != 2 || !strings.Contains(errs, "want no argument") {
		t.Errorf("serve extra = %d, %q", code, errs)
	}
	if code, _, errs := arcade("serve", "--max-conns", "-1"); code != 1 || !strings.Contains(errs, "--max-conns") {
		t.Errorf("serve --max-conns -1 = %d, %q", code, errs)
	}
}

// startServe runs serve with args until the test ends, and returns the
// URL it prints.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	// The verification pool runs this test binary as `arcade verify-worker`.
	t.Setenv(mainEnv, "1")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v after shutdown", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("no address printed: %v (serve: %v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	m := regexp.MustCompile(`^serving (http://127\.0\.0\.1:\d+)\n$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("printed %q", line)
	}
	return m[1]
}

// TestServeWithoutBuild: without a web build the score server still
// serves /ws, /healthz and /metrics, and / says how to build the game.
func TestServeWithoutBuild(t *testing.T) {
	dir := t.TempDir()
	url := startServe(t, "--web", filepath.Join(dir, "dist"), "--data", filepath.Join(dir, "data"))
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(url, "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	hello, _ := protocol.Encode(nil, 1, &protocol.Hello{Version: protocol.Version, Token: make([]byte, protocol.TokenSize), Pseudonym: "Ada"})
	ws.WriteMessage(websocket.BinaryMessage, hello)
	ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, frame, err := ws.ReadMessage(); err != nil {
		t.Fatal(err)
	} else if _, msg, _ := protocol.Decode(frame); msg == nil || msg.Type() != protocol.TypeWelcome {
		t.Fatalf("hello answered %#v", msg)
	}
	tests := []struct {
		path string
		code int
		has  []string
	}{
		{"/healthz", 200, []string{"ok"}},
		{"/metrics", 200, []string{"arcade_connections 1"}},
		{"/", http.StatusServiceUnavailable, []string{"not built", "make build", "make run"}},
		{"/game.wasm", http.StatusNotFound, nil},
	}
	for _, tt := range tests {
		res, err := http.Get(url + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tt.code {
			t.Errorf("GET %s = %d, want %d", tt.path, res.StatusCode, tt.code)
		}
		for _, h := range tt.has {
			if !strings.Contains(string(body), h) {
				t.Errorf("GET %s lacks %q:\n%s", tt.path, h, body)
			}
		}
	}
}

// TestServe starts the server on a free port, reads the address it prints,
// fetches from it, then stops it as SIGINT would.
func TestServe(t *testing.T) {
	// The verification pool runs this test binary as `arcade verify-worker`.
	t.Setenv(mainEnv, "1")
	dir := t.TempDir()
	dist, data := filepath.Join(dir, "dist"), filepath.Join(dir, "data", "new")
	if err := os.MkdirAll(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dist, "index.html"), []byte("<!doctype html>hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, []string{"--addr", "127.0.0.1:0", "--web", dist, "--data", data}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v (serve: %v)", err, <-done)
	}
	m := regexp.MustCompile(`^serving (http://127\.0\.0\.1:(\d+))\n$`).FindStringSubmatch(line)
	if m == nil || m[2] == "0" {
		t.Fatalf("printed %q, want serving http://127.0.0.1:PORT with the real port", line)
	}
	// The score server answers on /ws, and counts it on /metrics.
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(m[1], "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	hello, _ := protocol.Encode(nil, 1, &protocol.Hello{Version: protocol.Version, Token: make([]byte, protocol.TokenSize), Pseudonym: "Ada"})
	ws.WriteMessage(websocket.BinaryMessage, hello)
	ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, frame, err := ws.ReadMessage(); err != nil {
		t.Fatal(err)
	} else if _, msg, _ := protocol.Decode(frame); msg == nil || msg.Type() != protocol.TypeWelcome {
		t.Fatalf("hello answered %#v", msg)
	}
	ws.Close()
	res, err := http.Get(m[1] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(metrics), `arcade_messages_received_total{type="hello"} 1`) {
		t.Errorf("/metrics lacks the hello:\n%s", metrics)
	}
	for path, want := range map[string]string{"/healthz": "ok", "/": "<!doctype html>hello"} {
		res, err := http.Get(m[1] + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || string(body) != want {
			t.Errorf("GET %s = %d %q, want 200 %q", path, res.StatusCode, body, want)
		}
	}
	if st, err := os.Stat(data); err != nil || !st.IsDir() {
		t.Errorf("data folder not created: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if _, err := net.Dial("tcp", strings.TrimPrefix(m[1], "http://")); err == nil {
		t.Error("still listening after shutdown")
	}
}

func TestDisplayURL(t *testing.T) {
	tests := []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "http://localhost:8080"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://localhost:8080"},
		{&net.TCPAddr{Port: 1234}, "http://localhost:1234"},
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 41234}, "http://127.0.0.1:41234"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 80}, "http://[::1]:80"},
	}
	for _, tt := range tests {
		if got := displayURL(tt.addr); got != tt.want {
			t.Errorf("displayURL(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

// TestServeStopsOnSIGTERM runs the command as main does and sends this
// process SIGTERM once the server listens: serve must catch it, shut down
// and return without error.
func TestServeStopsOnSIGTERM(t *testing.T) {
	// The verification pool runs this test binary as `arcade verify-worker`.
	t.Setenv(mainEnv, "1")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- cmdServe([]string{"--addr", "127.0.0.1:0", "--web", dir, "--data", filepath.Join(dir, "data")}, pw, io.Discard)
		pw.Close()
	}()
	// The address is printed after the signal handler is installed.
	if _, err := bufio.NewReader(pr).ReadString('\n'); err != nil {
		t.Fatalf("no address printed: %v (serve: %v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after SIGTERM", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
}
