//go:build !js

package community_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/game/community"
	"github.com/communs-arcade/arcade/game/community/communitytest"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// wait returns a call's result; the bound only stops a failing test.
func wait[T any](t *testing.T, c *community.Call[T]) (T, error) {
	t.Helper()
	select {
	case <-c.Done():
	case <-time.After(20 * time.Second):
		t.Fatal("no answer")
	}
	v, err, ok := c.Result()
	if !ok {
		t.Fatal("Done closed without a result")
	}
	return v, err
}

func TestBaseURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"localhost:8080", "http://localhost:8080"},
		{"ws://host:1/ws", "http://host:1"},
		{"wss://example.org/ws", "https://example.org"},
		{"https://example.org/", "https://example.org"},
		{"ftp://x", "error"},
		{"http://", "error"},
	} {
		got, err := community.BaseURL(tt.in)
		if err != nil {
			got = "error"
		}
		if got != tt.want {
			t.Errorf("BaseURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func newServer(t *testing.T, n int) (*communitytest.Server, []api.Level) {
	t.Helper()
	srv := communitytest.New()
	t.Cleanup(srv.Close)
	var out []api.Level
	for i := range n {
		id := fmt.Sprintf("lvl-%d", i)
		data, err := communitytest.Pack(levels.FS, "demo", id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, srv.Add(api.Level{ID: id, Version: 1, Title: api.Text{FR: "Niveau " + id, EN: "Level " + id}, Author: "Ada", Tags: []string{"demo"}, Rating: float64(i % 5), Plays: int64(i)}, data))
	}
	return srv, out
}

func TestSearchAndErrors(t *testing.T) {
	srv, lvls := newServer(t, 5)
	token := make([]byte, 32)
	c := community.New(srv.URL, token, nil)
	tests := []struct {
		name  string
		q     community.Query
		ids   []string
		total int
		code  string
	}{
		{"all, newest first", community.Query{}, []string{"lvl-4", "lvl-3", "lvl-2", "lvl-1", "lvl-0"}, 5, ""},
		{"page 2 of 2", community.Query{Page: 2, PerPage: 3}, []string{"lvl-1", "lvl-0"}, 5, ""},
		{"text", community.Query{Text: "LVL-3"}, []string{"lvl-3"}, 1, ""},
		{"tag none", community.Query{Tag: "nope"}, []string{}, 0, ""},
		{"most played", community.Query{Sort: api.SortPlayed, PerPage: 2}, []string{"lvl-4", "lvl-3"}, 5, ""},
		{"bad sort", community.Query{Sort: "odd"}, nil, 0, api.CodeBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := wait(t, c.Search(tt.q))
			if community.CodeOf(err) != tt.code {
				t.Fatalf("error %v, want code %q", err, tt.code)
			}
			if tt.code != "" {
				return
			}
			ids := []string{}
			for _, l := range page.Levels {
				ids = append(ids, l.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(tt.ids) || page.Total != tt.total {
				t.Errorf("ids %v total %d, want %v %d", ids, page.Total, tt.ids, tt.total)
			}
		})
	}
	if _, err := wait(t, c.Rate(lvls[0].ID, 4)); community.CodeOf(err) != api.CodeNoVerifiedRun {
		t.Errorf("rate before a verified run: %v", err)
	}
	if _, err := wait(t, community.New(srv.URL, nil, nil).Rate(lvls[0].ID, 4)); community.CodeOf(err) != api.CodeUnauthorized {
		t.Errorf("rate without token: %v", err)
	}
	srv.Verify("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", lvls[0].ID)
	if r, err := wait(t, c.Rate(lvls[0].ID, 4)); err != nil || r.Mine != 4 || r.Ratings != 1 {
		t.Errorf("rate: %+v %v", r, err)
	}
	if _, err := wait(t, c.Report(lvls[0].ID, api.ReasonBroken, "it crashes")); err != nil || len(srv.Reports()) != 1 {
		t.Errorf("report: %v %v", err, srv.Reports())
	}
	srv.Fail("/api/levels", http.StatusTooManyRequests)
	_, err := wait(t, c.Search(community.Query{}))
	var e *community.Error
	if !errors.As(err, &e) || e.Code != api.CodeRateLimited || e.RetryAfter != 30*time.Second {
		t.Errorf("rate limited: %#v", err)
	}
	srv.Close()
	if _, err := wait(t, c.Search(community.Query{})); community.CodeOf(err) != community.CodeOffline {
		t.Errorf("server down: %v", err)
	}
}

func TestPackageLoadsAndIsChecked(t *testing.T) {
	srv, lvls := newServer(t, 2)
	c := community.New(srv.URL, nil, nil)
	data, err := wait(t, c.Package(lvls[0].Package))
	if err != nil {
		t.Fatal(err)
	}
	lvl, err := community.Load(data, lvls[0].Hash)
	if err != nil || lvl.Manifest.ID != "lvl-0" {
		t.Fatalf("load: %v", err)
	}
	if _, err := community.Load(data, lvls[1].Hash); community.CodeOf(err) != community.CodeBadPackage {
		t.Errorf("another version's hash: %v", err)
	}
	if _, err := community.Load([]byte("not a zip"), lvls[0].Hash); community.CodeOf(err) != community.CodeBadPackage {
		t.Errorf("not a zip: %v", err)
	}
	if _, err := wait(t, c.Package("/api/packages/lvl-0/00.arcade")); community.CodeOf(err) != api.CodeNotFound {
		t.Errorf("missing package: %v", err)
	}
}

// memStore is a Store in memory that can be made to fail when full.
type memStore struct {
	m   map[string][]byte
	cap int // bytes the store holds at most; 0: no limit
}

func (s *memStore) Load(name string) ([]byte, error) {
	d, ok := s.m[name]
	if !ok {
		return nil, errors.New("nothing saved")
	}
	return d, nil
}

func (s *memStore) Save(name string, data []byte) error {
	used := 0
	for k, v := range s.m {
		if k != name {
			used += len(v)
		}
	}
	if s.cap > 0 && used+len(data) > s.cap {
		return errors.New("full")
	}
	s.m[name] = data
	return nil
}

func (s *memStore) Remove(name string) error { delete(s.m, name); return nil }

func TestCacheKeepsTheLatestWithinItsBudget(t *testing.T) {
	pkg := func(n int) []byte { return make([]byte, n) }
	lvl := func(h string) api.Level { return api.Level{ID: "l" + h, Hash: h} }
	tests := []struct {
		name    string
		limit   int64
		cap     int
		text    bool
		puts    map[string]int // hash → size, put in name order a, b, c
		kept    []string       // most recent first
		evicted int
		fails   string // the hash whose Put fails
	}{
		{"all fit", 1000, 0, false, map[string]int{"a": 100, "b": 100, "c": 100}, []string{"c", "b", "a"}, 0, ""},
		{"budget evicts the oldest", 250, 0, false, map[string]int{"a": 100, "b": 100, "c": 100}, []string{"c", "b"}, 1, ""},
		{"base64 counts", 300, 0, true, map[string]int{"a": 100, "b": 100, "c": 100}, []string{"c", "b"}, 1, ""},
		{"store full evicts", 10000, 3600, false, map[string]int{"a": 1200, "b": 1200, "c": 1200}, []string{"c", "b"}, 1, ""},
		{"too large for the budget", 150, 0, false, map[string]int{"a": 100, "b": 100, "c": 200}, []string{"b"}, 1, "c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &memStore{m: map[string][]byte{}, cap: tt.cap}
			c := community.NewCache(st, tt.limit, tt.text)
			evicted := 0
			for _, h := range []string{"a", "b", "c"} {
				n, err := c.Put(lvl(h), pkg(tt.puts[h]))
				evicted += n
				if (err != nil) != (h == tt.fails) {
					t.Fatalf("put %s: %v", h, err)
				}
			}
			var kept []string
			for _, e := range c.Index().Entries {
				kept = append(kept, e.Hash)
				if got := c.Get(e.Hash); len(got) != tt.puts[e.Hash] {
					t.Errorf("get %s: %d bytes", e.Hash, len(got))
				}
			}
			if fmt.Sprint(kept) != fmt.Sprint(tt.kept) || evicted != tt.evicted {
				t.Errorf("kept %v evicted %d, want %v %d", kept, evicted, tt.kept, tt.evicted)
			}
		})
	}
}
