package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/server/classes"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store/memstore"
	"github.com/communs-arcade/arcade/server/verify"
)

// TestClassesMounted: /api/classes reaches the classes API and /class the
// teacher's page, beside the web handler (and the community API's /api/
// when there is one).
func TestClassesMounted(t *testing.T) {
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	st := memstore.New()
	cls, err := classes.New(classes.Config{Store: st, Ranked: ranks})
	if err != nil {
		t.Fatal(err)
	}
	web := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "web "+r.URL.Path) })
	s, err := New(Config{Store: st, Verifier: verify.NewLocal(verify.Builtin()), Ranked: ranks, Web: web, Engine: "0.1.0", Classes: cls})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	id := ranks.All()[0].ID
	res, err := http.Post(srv.URL+"/api/classes", "application/json", strings.NewReader(`{"name": "Test", "levels": ["`+id+`"]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || !strings.Contains(string(b), `"teacher_url":"`+srv.URL+`/class#`) {
		t.Fatalf("create = %d %s", res.StatusCode, b)
	}
	if code, body := get(t, srv.URL+"/api/classes/ACDEFG/progress"); code != http.StatusUnauthorized {
		t.Errorf("progress without a key = %d %s", code, body)
	}
	// The teacher's page, not the game's.
	for _, path := range []string{"/class", "/class/", "/class/cards", "/class/class.js"} {
		if code, body := get(t, srv.URL+path); code != 200 || strings.HasPrefix(body, "web ") {
			t.Errorf("%s = %d %.40q, want the teacher's page", path, code, body)
		}
	}
	if code, body := get(t, srv.URL+"/classes"); code != 200 || body != "web /classes" {
		t.Errorf("/classes = %d %q, want the web handler's", code, body)
	}
	if err := s.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
}
