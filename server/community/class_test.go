package community_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/server/classes"
	"github.com/communs-arcade/arcade/server/community"
	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store"
)

// classEnv is a community env with the classes API on the same store, and
// a class with one pupil playing as pupilTok.
type classEnv struct {
	*env
	classes *httptest.Server
	svc     *classes.Service
	clock   *time.Time
	created api.CreatedClass
	key     []byte
}

func newClassEnv(t *testing.T, levels ...string) *classEnv {
	e := newEnv(t, community.Limits{})
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Now()
	svc, err := classes.New(classes.Config{Store: e.store, Ranked: ranks, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(svc.Handler())
	t.Cleanup(srv.Close)
	ce := &classEnv{env: e, classes: srv, svc: svc, clock: &clock}
	if len(levels) == 0 {
		levels = []string{ranks.All()[0].ID}
	}
	code, perr := ce.classCall(http.MethodPost, api.PathClasses, nil, jsonBody(api.NewClass{Name: "5e B", Levels: levels}), &ce.created)
	if code != http.StatusCreated {
		t.Fatalf("create class = %d %+v", code, perr)
	}
	ce.key = decodeKey(t, ce.created.TeacherKey)
	return ce
}

// classCall calls the classes API.
func (ce *classEnv) classCall(method, path string, tok []byte, body io.Reader, out any) (int, api.Error) {
	ce.t.Helper()
	url := ce.srv.URL
	ce.srv.URL = ce.classes.URL
	defer func() { ce.srv.URL = url }()
	if body == nil {
		return ce.call(method, path, tok, nil, "", out)
	}
	return ce.call(method, path, tok, body, "application/json", out)
}

// pupil makes a player (token tok) who is a pupil of the class.
func (ce *classEnv) pupil(tok []byte, pseudonym string) {
	ce.t.Helper()
	ctx := context.Background()
	p, err := ce.store.CreatePlayer(ctx, sha256.Sum256(tok), pseudonym)
	if err != nil {
		ce.t.Fatal(err)
	}
	c, err := ce.store.ClassByCode(ctx, ce.created.Code)
	if err != nil {
		ce.t.Fatal(err)
	}
	pu, err := ce.store.JoinClass(ctx, store.Pupil{Class: c.ID, Pseudonym: pseudonym, JoinedAt: time.Now()}, 60)
	if err != nil {
		ce.t.Fatal(err)
	}
	if err := ce.store.SetPupilPlayer(ctx, c.ID, pu.ID, p.ID); err != nil {
		ce.t.Fatal(err)
	}
}

// TestClassOnlyLevel: a pupil's level is seen only by the class until the
// teacher approves it; the class's expiry deletes the ones not approved.
func TestClassOnlyLevel(t *testing.T) {
	ce := newClassEnv(t)
	zoe, lou, stranger := token(), token(), token()
	ce.pupil(zoe, "Zoé")
	ce.pupil(lou, "Lou")
	a := author(t, "niveau-de-zoe", 1, "Le niveau de Zoé", nil)
	code, perr, pub := ce.publish(zoe, a.pkg, a.clear)
	if code != http.StatusCreated || pub.Class != ce.created.Code || pub.Clear.Rank != 0 {
		t.Fatalf("pupil's publish = %d %+v %+v", code, perr, pub)
	}
	visible := func(tok []byte, want bool) {
		t.Helper()
		var page api.LevelPage
		ce.call(http.MethodGet, api.PathLevels+"?q=zoe", tok, nil, "", &page)
		if found := page.Total == 1; found != want {
			t.Errorf("search by %x: %+v, want found %v", tok[:2], page, want)
		}
		var d api.LevelDetail
		code, _ := ce.call(http.MethodGet, "/api/levels/niveau-de-zoe", tok, nil, "", &d)
		if (code == 200) != want {
			t.Errorf("level for %x = %d, want found %v", tok[:2], code, want)
		}
		if code == 200 {
			var pkg []byte
			if code, perr := ce.call(http.MethodGet, d.Package, tok, nil, "", &pkg); code != 200 || len(pkg) != len(a.pkg) {
				t.Errorf("package for a pupil = %d %+v", code, perr)
			}
		}
	}
	// Search never lists it, even for the class; its page and package
	// are the class's.
	visible(stranger, false)
	if code, _ := ce.call(http.MethodGet, "/l/niveau-de-zoe", stranger, nil, "", nil); code != http.StatusNotFound {
		t.Errorf("link for a stranger = %d, want 404", code)
	}
	var d api.LevelDetail
	if code, perr := ce.call(http.MethodGet, "/api/levels/niveau-de-zoe", lou, nil, "", &d); code != 200 {
		t.Errorf("level for a classmate = %d %+v", code, perr)
	}
	levelsPath := "/api/classes/" + ce.created.Code + "/levels"
	for _, tc := range []struct {
		name string
		tok  []byte
		code int
	}{{"teacher", ce.key, 200}, {"pupil", lou, 200}, {"stranger", stranger, 403}, {"nobody", nil, 401}} {
		var cl api.ClassLevels
		code, perr := ce.classCall(http.MethodGet, levelsPath, tc.tok, nil, &cl)
		if code != tc.code {
			t.Errorf("%s: class levels = %d %+v, want %d", tc.name, code, perr, tc.code)
		}
		if code == 200 && (len(cl.ClassOnly) != 1 || cl.ClassOnly[0].ID != "niveau-de-zoe" || cl.ClassOnly[0].Title.FR != "Le niveau de Zoé") {
			t.Errorf("%s: class levels = %+v", tc.name, cl)
		}
	}
	// The hub finds it for the class's pupils' runs, not as a listed level.
	ctx := context.Background()
	for _, tc := range []struct {
		class string
		want  bool
	}{{ce.created.Code, true}, {"ZZZZZZ", false}} {
		l, ok, err := ce.com.ClassVersion(ctx, tc.class, "niveau-de-zoe", nil)
		if err != nil || ok != tc.want || (ok && l.ID != "niveau-de-zoe") {
			t.Errorf("class version for %s = %+v %v %v, want found %v", tc.class, l, ok, err, tc.want)
		}
	}
	if _, ok, err := ce.com.Version(ctx, "niveau-de-zoe", nil); ok || err != nil {
		t.Errorf("a class-only level is listed: %v %v", ok, err)
	}
	// A class-only level is no level for another class.
	if code, _ := ce.classCall(http.MethodPost, api.PathClasses, nil,
		jsonBody(api.NewClass{Name: "x", Levels: []string{"niveau-de-zoe"}}), nil); code != http.StatusBadRequest {
		t.Errorf("a class of a class-only level = %d, want 400", code)
	}
	// Only the teacher approves.
	approve := levelsPath + "/niveau-de-zoe/approve"
	if code, _ := ce.classCall(http.MethodPost, approve, lou, nil, nil); code != http.StatusForbidden {
		t.Errorf("a pupil's approval = %d, want 403", code)
	}
	var cl api.ClassLevels
	if code, perr := ce.classCall(http.MethodPost, approve, ce.key, nil, &cl); code != 200 || len(cl.ClassOnly) != 0 {
		t.Fatalf("approve = %d %+v %+v", code, perr, cl)
	}
	visible(stranger, true)
	if _, ok, err := ce.com.ClassVersion(ctx, ce.created.Code, "niveau-de-zoe", nil); ok || err != nil {
		t.Errorf("an approved level is still class-only: %v %v", ok, err)
	}
	var audit []api.AuditEntry
	if code, perr := ce.call(http.MethodGet, "/api/admin/audit", ce.admin, nil, "", &audit); code != 200 || len(audit) == 0 || audit[0].Action != "approve" {
		t.Errorf("audit = %d %+v %+v", code, perr, audit)
	}
	// Approved, it may be a class's level.
	if code, perr := ce.classCall(http.MethodPost, api.PathClasses, nil,
		jsonBody(api.NewClass{Name: "x", Levels: []string{"niveau-de-zoe"}}), nil); code != http.StatusCreated {
		t.Errorf("a class of a listed community level = %d %+v", code, perr)
	}
	// A level not approved goes with the class.
	b := author(t, "niveau-de-lou", 1, "Le niveau de Lou", nil)
	if code, perr, pub := ce.publish(lou, b.pkg, b.clear); code != 201 || pub.Class == "" {
		t.Fatalf("second publish = %d %+v %+v", code, perr, pub)
	}
	*ce.clock = ce.created.EndsAt.Add(store.DefaultClassRetention)
	ex, err := ce.svc.Expire(context.Background())
	if err != nil || ex.Levels != 1 {
		t.Fatalf("expire = %+v, %v", ex, err)
	}
	if _, err := ce.store.OwnerOf(context.Background(), "niveau-de-lou"); err == nil {
		t.Error("the class-only level outlived its class")
	}
	if li, err := ce.store.CommunityLevel(context.Background(), "niveau-de-zoe"); err != nil || li.State != store.StateListed {
		t.Errorf("the approved level after the expiry: %+v, %v", li.State, err)
	}
}

func decodeKey(t *testing.T, key string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
