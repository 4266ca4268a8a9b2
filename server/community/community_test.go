package community_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/levels/leveltest"
	"github.com/communs-arcade/arcade/scripts"
	"github.com/communs-arcade/arcade/server/community"
	"github.com/communs-arcade/arcade/server/packages"
	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/memstore"
	"github.com/communs-arcade/arcade/server/verify"
)

// env is a community service on an HTTP test server, with its store and
// package folder.
type env struct {
	t       testing.TB
	srv     *httptest.Server
	handler http.Handler
	store   store.Store
	pkgs    *packages.Dir
	admin   []byte
	com     *community.Service
}

func newEnv(t testing.TB, limits community.Limits) *env {
	t.Helper()
	pkgs, err := packages.Open(filepath.Join(t.TempDir(), "packages"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pkgs.Close() })
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	st := memstore.New()
	admin := token()
	s, err := community.New(community.Config{
		Store: st, Packages: pkgs, Ranked: ranks, AdminToken: admin, Limits: limits,
		Verifier: verify.NewLocal(verify.Library{Levels: levels.FS, Scripts: scripts.FS, Packages: pkgs.FS()}),
		Web:      fstest.MapFS{"index.html": {Data: []byte(indexHTML)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, handler: h, store: st, pkgs: pkgs, admin: admin, com: s}
}

func token() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

// authored is a level folder made from the template, with its package and
// a winning clear.
type authored struct {
	dir   string
	lvl   *level.Level
	pkg   []byte
	clear []byte
}

// templateWin wins the template level: dismiss the intro, walk right.
var templateWin = "A\n.*5\nR*150\n"

// author scaffolds level id (version, title in French) and packs it with
// its clear.
func author(t testing.TB, id string, version int, titleFR string, edit func(toml string) string) authored {
	t.Helper()
	dir := filepath.Join(t.TempDir(), id)
	if err := level.Scaffold(dir, id); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, level.ManifestName)
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "version = 1", fmt.Sprintf("version = %d", version), 1)
	s = replaceLine(s, "fr = ", fmt.Sprintf("fr = %q", titleFR))
	if edit != nil {
		s = edit(s)
	}
	if err := os.WriteFile(manifest, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	lvl, err := level.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := level.Pack(lvl, &buf); err != nil {
		t.Fatal(err)
	}
	return authored{dir: dir, lvl: lvl, pkg: buf.Bytes(), clear: record(t, lvl, templateWin)}
}

// replaceLine replaces the first line starting with prefix.
func replaceLine(s, prefix, line string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), prefix) {
			lines[i] = line
			break
		}
	}
	return strings.Join(lines, "\n")
}

// record plays inputs on lvl's board seed and returns the encoded replay.
func record(t testing.TB, lvl *level.Level, inputs string) []byte {
	t.Helper()
	in, err := replay.ParseInputs(strings.NewReader(inputs))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := replay.Play(lvl, in, session.Options{Seed: lvl.BoardSeed(), Library: scripts.FS})
	if err != nil {
		t.Fatal(err)
	}
	data, err := replay.Encode(rec)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// call sends a request and decodes the answer into out; it returns the
// status and the error body, if any.
func (e *env) call(method, path string, tok []byte, body io.Reader, contentType string, out any) (int, api.Error) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if tok != nil {
		req.Header.Set("Authorization", "Bearer "+base64.RawURLEncoding.EncodeToString(tok))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		var eb api.ErrorBody
		if err := json.Unmarshal(data, &eb); err != nil && resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			e.t.Fatalf("%s %s: %d with a body that is no error: %q", method, path, resp.StatusCode, data)
		}
		return resp.StatusCode, eb.Error
	}
	if out != nil {
		if b, ok := out.(*[]byte); ok {
			*b = data
		} else if err := json.Unmarshal(data, out); err != nil {
			e.t.Fatalf("%s %s: %v in %q", method, path, err, data)
		}
	}
	return resp.StatusCode, api.Error{}
}

// publish uploads a package and a clear.
func (e *env) publish(tok, pkg, clear []byte) (int, api.Error, api.Published) {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if pkg != nil {
		w, _ := mw.CreateFormFile("package", "p.arcade")
		w.Write(pkg)
	}
	if clear != nil {
		w, _ := mw.CreateFormFile("clear", "clear.replay")
		w.Write(clear)
	}
	mw.Close()
	var out api.Published
	code, perr := e.call(http.MethodPost, api.PathLevels, tok, &body, mw.FormDataContentType(), &out)
	return code, perr, out
}

func jsonBody(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

// indexHTML stands for the web build's page.
const indexHTML = "<!doctype html>\n<html><head>\n<title>Communs Arcade</title>\n</head><body></body></html>\n"

func sha(b []byte) [32]byte { return sha256.Sum256(b) }

// runOf stores a verified winning run of a's level for player p, with
// inputs of its own (i ticks more waiting), as the hub does.
func runOf(t *testing.T, e *env, p store.PlayerID, a authored, i int) {
	t.Helper()
	data := record(t, a.lvl, fmt.Sprintf("A\n.*%d\nR*150\n", 6+i))
	rec := leveltest.Decode(t, data)
	inputs, err := rec.InputsHash()
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.store.AddRun(context.Background(), store.Run{
		Board: store.Board{Level: a.lvl.Manifest.ID, Hash: a.lvl.ContentHash()}, Player: p,
		Score: rec.Result.Score, Ticks: rec.Result.Ticks, Won: true, Inputs: inputs, Replay: data, At: time.Now(),
	})
	if err != nil {
		t.Fatal(err)
	}
}
