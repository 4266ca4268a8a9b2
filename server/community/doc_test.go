package community_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/server/classes"
	"github.com/communs-arcade/arcade/server/community"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store"
)

// docExample is a command of docs/api.md and the answer shown after it.
type docExample struct {
	cmd, answer string
}

var docBlock = regexp.MustCompile("(?s)```sh\n(.*?)```\n(?:\n```json\n(.*?)```\n)?")

// TestAPIDoc runs every curl example of docs/api.md against a real server
// and checks that each answer has the shape the doc shows: every key the
// doc shows is there, with a value of the same JSON type.
func TestAPIDoc(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		if os.Getenv("CI") != "" || os.Getenv("ARCADE_REQUIRE_TOOLS") != "" {
			t.Fatal("curl is missing: `make test` installs it (apt)")
		}
		t.Skip("curl is missing")
	}
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	var examples []docExample
	for _, m := range docBlock.FindAllStringSubmatch(string(doc), -1) {
		examples = append(examples, docExample{strings.TrimSpace(m[1]), m[2]})
	}
	if len(examples) < 8 {
		t.Fatalf("found %d examples in docs/api.md", len(examples))
	}
	e := newEnv(t, community.Limits{})
	alice := token()
	v1 := author(t, "mes-donnees", 1, "Mes données", nil)
	if code, perr, _ := e.publish(alice, v1.pkg, v1.clear); code != 201 {
		t.Fatalf("publish = %d %+v", code, perr)
	}
	dir := t.TempDir()
	v2 := author(t, "mes-donnees", 2, "Mes données", nil)
	demo := author(t, "demo", 1, "Démo", nil)
	for name, data := range map[string][]byte{"mes-donnees-2.arcade": v2.pkg, "clear.replay": v2.clear, "demo-1.arcade": demo.pkg} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hash := v1.lvl.ContentHash()
	// The classes API shares the server (as server.New mounts it) and the
	// store: a class with a pupil who played is there for its examples.
	srv := classesServer(t, e)
	class, teacher, pupil := classExample(t, e.store)
	env := append(os.Environ(), "SERVER="+srv.URL,
		"CLASS="+class, "TEACHER="+teacher, fmt.Sprintf("PUPIL=%d", pupil),
		"TOKEN="+base64.RawURLEncoding.EncodeToString(alice),
		"ADMIN="+base64.RawURLEncoding.EncodeToString(e.admin),
		fmt.Sprintf("HASH=%x", hash[:]))
	for _, ex := range examples {
		cmd := exec.Command("sh", "-c", ex.cmd)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("%s\nfailed: %v %s", ex.cmd, err, out)
			continue
		}
		if ex.answer == "" {
			continue
		}
		var want, got any
		if err := json.Unmarshal([]byte(ex.answer), &want); err != nil {
			t.Errorf("the answer shown after %s is not JSON: %v", ex.cmd, err)
			continue
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Errorf("%s\nanswered %q: %v", ex.cmd, out, err)
			continue
		}
		if diff := sameShape("", want, got); diff != "" {
			t.Errorf("%s\nanswered %s\nnot the shape docs/api.md shows: %s", ex.cmd, out, diff)
		}
	}
}

// sameShape reports where got lacks a key of want or has another type.
func sameShape(path string, want, got any) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return path + ": not an object"
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				return path + "." + k + ": missing"
			}
			if d := sameShape(path+"."+k, w[k], gv); d != "" {
				return d
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return path + ": not an array"
		}
		if len(w) > 0 {
			if len(g) == 0 {
				return path + ": empty"
			}
			return sameShape(path+"[0]", w[0], g[0])
		}
	default:
		if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
			return fmt.Sprintf("%s: %T, want %T", path, got, want)
		}
	}
	return ""
}

// classesServer serves the community API and the classes API on one
// address, as server.New mounts them.
func classesServer(t *testing.T, e *env) *httptest.Server {
	t.Helper()
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	svc, err := classes.New(classes.Config{Store: e.store, Ranked: ranks})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/classes", svc.Handler())
	mux.Handle("/api/classes/", svc.Handler())
	mux.Handle("/", e.handler)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// classExample stores a class on the levels rgpd and tax-pot, with a
// pupil who won rgpd and answered its quiz: its code, its teacher key and
// the pupil's id.
func classExample(t *testing.T, st store.Store) (code, teacher string, pupil store.PupilID) {
	t.Helper()
	ctx := context.Background()
	key := token()
	now := time.Now()
	c, err := st.CreateClass(ctx, store.Class{Code: "KMN347", Name: "4e B — Économie", Levels: []string{"rgpd", "tax-pot"},
		TeacherHash: sha256.Sum256(key), CreatedAt: now, EndsAt: now.Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.JoinClass(ctx, store.Pupil{Class: c.ID, Pseudonym: "Renard-Bleu", PictureHash: sha256.Sum256([]byte("fox")), JoinedAt: now}, 60)
	if err != nil {
		t.Fatal(err)
	}
	err = st.RecordClassRun(ctx, store.ClassRun{Class: c.ID, Pupil: p.ID, Level: "rgpd", Won: true, Score: 250,
		Answers: []store.QuizAnswer{{Question: "q1", Choice: 2, Right: false}}, At: now})
	if err != nil {
		t.Fatal(err)
	}
	// A level Renard-Bleu published in the class.
	player, err := st.CreatePlayer(ctx, sha256.Sum256(token()), "Renard-Bleu")
	if err != nil {
		t.Fatal(err)
	}
	err = st.PublishVersion(ctx, store.Version{Level: "niveau-de-zoe", Version: 1, Hash: sha256.Sum256([]byte("niveau-de-zoe")),
		Owner: player.ID, Author: "Renard-Bleu", Title: store.Text{FR: "Le niveau de Zoé"}, At: now, Class: c.Code})
	if err != nil {
		t.Fatal(err)
	}
	return c.Code, base64.RawURLEncoding.EncodeToString(key), p.ID
}
