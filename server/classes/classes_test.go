package classes_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/server/classes"
	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/memstore"
)

// clock is a fake clock tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type env struct {
	t      *testing.T
	srv    *httptest.Server
	store  *memstore.Store
	svc    *classes.Service
	clock  *clock
	levels []string // two built-in level ids
}

func newEnv(t *testing.T, limits classes.Limits) *env {
	t.Helper()
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range ranks.All()[:2] {
		ids = append(ids, l.ID)
	}
	c := &clock{t: time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)}
	st := memstore.New()
	svc, err := classes.New(classes.Config{Store: st, Ranked: ranks, Now: c.now, Location: time.UTC, Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(svc.Handler())
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, store: st, svc: svc, clock: c, levels: ids}
}

// do sends a request; key "" sends no Authorization.
func (e *env) do(method, path, key string, body any) (int, []byte) {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, r)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

func (e *env) create(name string) api.CreatedClass {
	e.t.Helper()
	code, body := e.do("POST", "/api/classes", "", api.NewClass{Name: name, Levels: e.levels})
	if code != http.StatusCreated {
		e.t.Fatalf("create = %d %s", code, body)
	}
	var c api.CreatedClass
	if err := json.Unmarshal(body, &c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) class(code string) store.Class {
	e.t.Helper()
	c, err := e.store.ClassByCode(context.Background(), code)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// pupil joins a pupil straight in the store and records a run.
func (e *env) pupil(code, name string, level string, won bool, score int64) store.Pupil {
	e.t.Helper()
	ctx := context.Background()
	c := e.class(code)
	p, err := e.store.JoinClass(ctx, store.Pupil{Class: c.ID, Pseudonym: name, PictureHash: sha256.Sum256([]byte(name)), JoinedAt: e.clock.now()}, 60)
	if err != nil {
		e.t.Fatal(err)
	}
	if level != "" {
		err = e.store.RecordClassRun(ctx, store.ClassRun{Class: c.ID, Pupil: p.ID, Level: level, Won: won, Score: score,
			Answers: []store.QuizAnswer{{Question: "q1", Choice: 1, Right: won}}, At: e.clock.now()})
		if err != nil {
			e.t.Fatal(err)
		}
	}
	return p
}

var codeForm = regexp.MustCompile("^[" + store.ClassCodeAlphabet + "]{6}$")

func TestCreate(t *testing.T) {
	e := newEnv(t, classes.Limits{ClassesPerAddress: 3})
	c := e.create("5e A — Économie")
	if !codeForm.MatchString(c.Code) {
		t.Errorf("code %q", c.Code)
	}
	if want := e.srv.URL + "/class#" + c.Code + "." + c.TeacherKey; c.TeacherURL != want {
		t.Errorf("teacher_url %q, want %q", c.TeacherURL, want)
	}
	if want := time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC); !c.EndsAt.Equal(want) {
		t.Errorf("default ends_at %s, want the end of the day %s", c.EndsAt, want)
	}
	stored := e.class(c.Code)
	if stored.TeacherHash == ([32]byte{}) || bytes.Contains([]byte(stored.Name), []byte(c.TeacherKey)) {
		t.Error("the teacher key's hash is not stored")
	}
	past, far := e.clock.now().Add(-time.Minute), e.clock.now().Add(40*24*time.Hour)
	bad := map[string]any{
		"not json":       "[",
		"unknown field":  map[string]any{"name": "x", "levels": e.levels, "teacher": "me"},
		"no name":        api.NewClass{Levels: e.levels},
		"no level":       api.NewClass{Name: "x"},
		"unknown level":  api.NewClass{Name: "x", Levels: []string{"no-such-level"}},
		"repeated level": api.NewClass{Name: "x", Levels: []string{e.levels[0], e.levels[0]}},
		"past end":       api.NewClass{Name: "x", Levels: e.levels, EndsAt: &past},
		"far end":        api.NewClass{Name: "x", Levels: e.levels, EndsAt: &far},
	}
	for name, body := range bad {
		if code, out := e.do("POST", "/api/classes", "", body); code != http.StatusBadRequest {
			t.Errorf("%s: %d %s", name, code, out)
		}
	}
	e.create("two")
	e.create("three")
	if code, _ := e.do("POST", "/api/classes", "", api.NewClass{Name: "four", Levels: e.levels}); code != http.StatusTooManyRequests {
		t.Errorf("a fourth class from one address today = %d, want 429", code)
	}
	e.clock.add(9 * time.Hour) // a day refills 3 classes: one per 8 hours
	e.create("four")
}

func TestTeacherKey(t *testing.T) {
	e := newEnv(t, classes.Limits{})
	a, b := e.create("A"), e.create("B")
	e.pupil(a.Code, "Zoé", e.levels[0], true, 40)
	e.pupil(b.Code, "Max", e.levels[0], true, 99)
	progress := "/api/classes/" + a.Code + "/progress"
	cases := []struct {
		name, path, key string
		want            int
	}{
		{"no key", progress, "", 401},
		{"not base64", progress, "not a key!", 401},
		{"short key", progress, "AAAA", 401},
		{"wrong key", progress, strings.Repeat("A", 43), 403},
		{"another class's key", progress, b.TeacherKey, 403},
		{"csv, no key", "/api/classes/" + a.Code + "/export.csv", "", 401},
		{"csv, wrong key", "/api/classes/" + a.Code + "/export.csv", b.TeacherKey, 403},
		{"unknown class", "/api/classes/ACDEFG/progress", a.TeacherKey, 404},
		{"the key", progress, a.TeacherKey, 200},
		{"lower-case code", "/api/classes/" + strings.ToLower(a.Code) + "/progress", a.TeacherKey, 200},
	}
	for _, tc := range cases {
		if code, out := e.do("GET", tc.path, tc.key, nil); code != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.name, code, out, tc.want)
		}
	}
	// A's dashboard holds A's pupils only.
	_, out := e.do("GET", progress, a.TeacherKey, nil)
	var p api.ClassProgress
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Pupils) != 1 || p.Pupils[0].Pseudonym != "Zoé" || len(p.Pupils[0].Levels) != 2 {
		t.Fatalf("progress %s", out)
	}
	want := []api.LevelProgress{
		{Level: e.levels[0], Status: "won", Best: 40, Attempts: 1},
		{Level: e.levels[1], Status: "not_started"},
	}
	if got := p.Pupils[0].Levels; got[0] != want[0] || got[1] != want[1] {
		t.Errorf("levels %+v, want %+v", got, want)
	}
	if len(p.Quiz) != 1 || p.Quiz[0].RightShare != 1 || p.Quiz[0].WrongChoice != -1 {
		t.Errorf("quiz %+v", p.Quiz)
	}
	if p.Pupils[0].Idle {
		t.Error("a pupil who just played is idle")
	}
	e.clock.add(api.ClassIdleMinutes * time.Minute)
	_, out = e.do("GET", progress, a.TeacherKey, nil)
	json.Unmarshal(out, &p)
	if !p.Pupils[0].Idle {
		t.Error("a pupil without progress for 5 minutes is not idle")
	}
}

func TestCSV(t *testing.T) {
	e := newEnv(t, classes.Limits{})
	c := e.create("CM2 — Thérèse")
	e.pupil(c.Code, "Zoé", e.levels[0], false, -3)
	e.pupil(c.Code, "Anaïs", e.levels[1], true, 120)
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/classes/"+c.Code+"/export.csv", nil)
	req.Header.Set("Authorization", "Bearer "+c.TeacherKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if !bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		t.Fatalf("no UTF-8 byte order mark: %q", body[:min(len(body), 10)])
	}
	r := csv.NewReader(bytes.NewReader(body[3:]))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	l0, l1 := e.levels[0], e.levels[1]
	want := [][]string{
		{"pseudonym", l0 + " status", l0 + " best", l0 + " attempts", l1 + " status", l1 + " best", l1 + " attempts", "last_progress"},
		{"Zoé", "lost", "-3", "1", "not_started", "0", "0", "2025-03-14T09:30:00Z"},
		{"Anaïs", "not_started", "0", "0", "won", "120", "1", "2025-03-14T09:30:00Z"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
	if !bytes.Contains(body, []byte("\r\n")) {
		t.Error("lines do not end with CRLF")
	}
}

func TestCSVCell(t *testing.T) {
	var b bytes.Buffer
	err := classes.WriteCSV(&b, api.ClassProgress{Pupils: []api.PupilProgress{{Pseudonym: "=cmd()"}, {Pseudonym: "-1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "'=cmd()") || !strings.Contains(b.String(), "'-1") {
		t.Errorf("formula cells not defused: %q", b.String())
	}
}

func TestControls(t *testing.T) {
	e := newEnv(t, classes.Limits{})
	c := e.create("Contrôles")
	zoe := e.pupil(c.Code, "Zoé", "", false, 0)
	e.pupil(c.Code, "Lou", "", false, 0)
	base := "/api/classes/" + c.Code
	id := func(p store.Pupil) string { return base + "/pupils/" + strings.TrimSpace(jsonInt(int64(p.ID))) }
	steps := []struct {
		name, method, path string
		body               any
		want               int
	}{
		{"pause", "POST", base + "/pause", api.PauseClass{Message: "Regardez le tableau"}, 200},
		{"pause too long", "POST", base + "/pause", api.PauseClass{Message: strings.Repeat("é", 200)}, 400},
		{"lock", "POST", base + "/levels/" + e.levels[1] + "/lock", nil, 200},
		{"lock a foreign level", "POST", base + "/levels/nowhere/lock", nil, 404},
		{"bad action", "POST", base + "/levels/" + e.levels[1] + "/open", nil, 404},
		{"rename to a classmate", "PATCH", id(zoe), api.RenamePupil{Pseudonym: "lou"}, 409},
		{"rename", "PATCH", id(zoe), api.RenamePupil{Pseudonym: "Renard"}, 200},
		{"remove an unknown pupil", "DELETE", base + "/pupils/999", nil, 404},
		{"remove", "DELETE", id(zoe), nil, 200},
	}
	for _, s := range steps {
		if code, out := e.do(s.method, s.path, c.TeacherKey, s.body); code != s.want {
			t.Errorf("%s: %d %s, want %d", s.name, code, out, s.want)
		}
	}
	got := e.class(c.Code)
	if !got.Paused || got.Message != "Regardez le tableau" || len(got.Locked) != 1 || got.Locked[0] != e.levels[1] {
		t.Errorf("after the controls: %+v", got)
	}
	if _, err := e.store.PupilByPseudonym(context.Background(), got.ID, "Renard"); err == nil {
		t.Error("the removed pupil is still there")
	}
	if code, out := e.do("POST", base+"/resume", c.TeacherKey, nil); code != 200 || !bytes.Contains(out, []byte(`"paused":false`)) {
		t.Errorf("resume: %d %s", code, out)
	}
	// End now: the class is read-only, then deleted after the retention.
	if code, out := e.do("POST", base+"/end", c.TeacherKey, nil); code != 200 || !bytes.Contains(out, []byte(`"ended":true`)) {
		t.Errorf("end: %d %s", code, out)
	}
	if code, _ := e.do("POST", base+"/pause", c.TeacherKey, api.PauseClass{}); code != http.StatusGone {
		t.Errorf("pause an ended class = %d, want 410", code)
	}
	if code, _ := e.do("GET", base+"/progress", c.TeacherKey, nil); code != 200 {
		t.Errorf("read an ended class = %d, want 200", code)
	}
	e.clock.add(store.DefaultClassRetention)
	ex, err := e.svc.Expire(context.Background())
	if err != nil || ex.Classes != 1 || ex.Pupils != 1 {
		t.Errorf("expire = %+v, %v", ex, err)
	}
	if code, _ := e.do("GET", base+"/progress", c.TeacherKey, nil); code != http.StatusNotFound {
		t.Errorf("read an expired class = %d, want 404", code)
	}
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestPupils: anyone with the code reads the pseudonyms of a live class,
// nothing else of it; unknown codes are 404, ended classes 410, and the
// reads are limited per address.
func TestPupils(t *testing.T) {
	e := newEnv(t, classes.Limits{PupilListsPerMinute: 5})
	c := e.create("5e B")
	other := e.create("5e C")
	e.pupil(c.Code, "Zoé", e.levels[0], true, 10)
	e.pupil(c.Code, "Léa", "", false, 0)
	e.pupil(other.Code, "Ana", "", false, 0)
	tests := []struct {
		name, path string
		status     int
		body       string
	}{
		{"class", "/api/classes/" + c.Code + "/pupils", 200, `{"code":"` + c.Code + `","pupils":["Zoé","Léa"]}`},
		{"lower case", "/api/classes/" + strings.ToLower(other.Code) + "/pupils", 200, `{"code":"` + other.Code + `","pupils":["Ana"]}`},
		{"unknown", "/api/classes/ACDEFG/pupils", 404, ""},
		{"not a code", "/api/classes/ABC/pupils", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := e.do("GET", tt.path, "", nil)
			if status != tt.status || tt.body != "" && strings.TrimSpace(string(body)) != tt.body {
				t.Errorf("GET %s = %d %s, want %d %s", tt.path, status, body, tt.status, tt.body)
			}
		})
	}
	if err := e.store.EndClass(context.Background(), e.class(other.Code).ID, e.clock.now()); err != nil {
		t.Fatal(err)
	}
	if status, body := e.do("GET", "/api/classes/"+other.Code+"/pupils", "", nil); status != http.StatusGone {
		t.Errorf("an ended class's pupils = %d %s, want 410", status, body)
	}
	// Five a minute: this sixth read is refused.
	if status, _ := e.do("GET", "/api/classes/"+c.Code+"/pupils", "", nil); status != http.StatusTooManyRequests {
		t.Errorf("sixth read in a minute = %d, want 429", status)
	}
	e.clock.add(time.Minute)
	if status, _ := e.do("GET", "/api/classes/"+c.Code+"/pupils", "", nil); status != http.StatusOK {
		t.Errorf("a minute later = %d, want 200", status)
	}
}
