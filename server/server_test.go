package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/communs-arcade/arcade/server/hub"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store/memstore"
	"github.com/communs-arcade/arcade/server/verify"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestServer(t *testing.T) {
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	st := memstore.New()
	web := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "web "+r.URL.Path) })
	// A scheduler in front, as arcade serve has: the metrics export its queue.
	v := verify.NewScheduler(verify.NewLocal(verify.Builtin()), verify.SchedulerOptions{})
	s, err := New(Config{Store: st, Verifier: v, Ranked: ranks, Web: web, Engine: "0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()

	// One session, so the metrics have something to count.
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	frame, _ := protocol.Encode(nil, 1, &protocol.Hello{Version: 1, Token: make([]byte, 32), Pseudonym: "Ada"})
	ws.WriteMessage(websocket.BinaryMessage, frame)
	if _, b, err := ws.ReadMessage(); err != nil {
		t.Fatal(err)
	} else if _, m, _ := protocol.Decode(b); m == nil || m.Type() != protocol.TypeWelcome {
		t.Fatalf("hello answered %#v", m)
	}

	tests := []struct {
		path string
		code int
		has  []string
	}{
		{"/healthz", 200, []string{"ok"}},
		{"/", 200, []string{"web /"}},
		{"/game.wasm", 200, []string{"web /game.wasm"}},
		{"/metrics", 200, []string{
			"arcade_connections 1", `arcade_messages_received_total{type="hello"} 1`,
			`arcade_messages_sent_total{type="welcome"} 1`, "arcade_verify_seconds_bucket",
			`arcade_store_seconds_count{op="player_by_token"} 1`, "go_goroutines", "process_cpu_seconds_total",
			"arcade_verify_waiting 0", "arcade_verify_running 0",
		}},
	}
	for _, tt := range tests {
		code, body := get(t, srv.URL+tt.path)
		if code != tt.code {
			t.Errorf("GET %s = %d, want %d", tt.path, code, tt.code)
		}
		for _, h := range tt.has {
			if !strings.Contains(body, h) {
				t.Errorf("GET %s lacks %q", tt.path, h)
			}
		}
	}
	ws.Close()
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A closed store fails every call, as a lost database would.
	st.Close()
	if code, _ := get(t, srv.URL+"/healthz"); code != http.StatusServiceUnavailable {
		t.Errorf("healthz with a failing store = %d, want 503", code)
	}
}

// TestFull fills a server whose connection cap is 3: a fourth WebSocket is
// refused with 503 and a Retry-After before the upgrade, while /healthz,
// /metrics and the web game still answer, each over a new connection.
func TestFull(t *testing.T) {
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	web := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "web "+r.URL.Path) })
	s, err := New(Config{Store: memstore.New(), Verifier: verify.NewLocal(verify.Builtin()), Ranked: ranks, Web: web,
		Engine: "0.1.0", Limits: hub.Limits{MaxConns: 3}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	// A new connection for every request: an idle keep-alive one would
	// hide whether the server still accepts.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"
	var open []*websocket.Conn
	for range 3 {
		ws, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		open = append(open, ws)
	}
	_, res, err := websocket.DefaultDialer.Dial(url, nil)
	if err == nil || res == nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("connection over the cap: %v, %+v; want 503", err, res)
	}
	if ra := res.Header.Get("Retry-After"); ra == "" {
		t.Error("503 without Retry-After")
	}
	for path, want := range map[string]string{"/healthz": "ok", "/": "web /", "/metrics": `arcade_connections_rejected_total{reason="full"} 1`} {
		res, err := client.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("GET %s with the server full = %d, want 200 with %q", path, res.StatusCode, want)
		}
	}
	for _, ws := range open {
		ws.Close()
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}
