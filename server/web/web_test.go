package web

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// The files of a small build, with distinct bodies for each variant so a
// test can tell which one it got.
const (
	wasmName   = "game.0123456789abcdef.wasm"
	loaderName = "loader.fedcba9876543210.js"
	indexHTML  = "<!doctype html><title>arcade</title>"
)

var distFiles = map[string]string{
	"index.html":       indexHTML,
	"index.html.br":    "index-br",
	"index.html.gz":    "index-gz",
	"studio.html":      "studio-page",
	"manifest.json":    `{"wasm":"game.0123456789abcdef.wasm"}`,
	"sw.js":            "service-worker",
	"sw.js.br":         "service-worker-br",
	wasmName:           "wasm-raw-bytes",
	wasmName + ".br":   "wasm-br",
	wasmName + ".gz":   "wasm-gz",
	loaderName:         "loader-raw",
	loaderName + ".gz": "loader-gz",
	"icon.png":         "\x89PNG",
	"notes.xyz":        "unknown type",
	"sub/deep.txt":     "deep",
	".hidden":          "hidden",
}

func mapFS() fstest.MapFS {
	fsys := fstest.MapFS{}
	mod := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for name, body := range distFiles {
		fsys[name] = &fstest.MapFile{Data: []byte(body), Mode: 0o644, ModTime: mod}
	}
	return fsys
}

// diskFS writes the build into dist/ of a temporary folder, beside a
// secret.txt that must never be served, with a symbolic link pointing at
// it from inside dist/, and returns the os.Root FS of dist/.
func diskFS(t *testing.T) (root string, fsys http.Handler) {
	t.Helper()
	root = t.TempDir()
	dist := filepath.Join(root, "dist")
	if err := os.CopyFS(dist, mapFS()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../secret.txt", filepath.Join(dist, "link.txt")); err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenRoot(dist)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return root, New(r.FS())
}

type want struct {
	code     int
	body     string // exact body, unless empty
	ctype    string
	encoding string
	cache    string
}

func TestServe(t *testing.T) {
	const immutable = "public, max-age=31536000, immutable"
	html := "text/html; charset=utf-8"
	tests := []struct {
		name, method, target, acceptEncoding string
		want                                 want
	}{
		{"root is index.html", "GET", "/", "", want{200, indexHTML, html, "", "no-cache"}},
		{"index.html by name", "GET", "/index.html", "", want{200, indexHTML, html, "", "no-cache"}},
		{"studio page", "GET", "/studio", "", want{200, "studio-page", html, "", "no-cache"}},
		{"studio/ is no page", "GET", "/studio/", "", want{code: 404}},
		{"index.html brotli", "GET", "/", "gzip, deflate, br, zstd", want{200, "index-br", html, "br", "no-cache"}},
		{"manifest", "GET", "/manifest.json", "br", want{200, distFiles["manifest.json"], "application/json", "", "no-cache"}},
		// The service worker is revalidated on each visit, so a new build's
		// reaches the browser at once.
		{"service worker", "GET", "/sw.js", "br", want{200, "service-worker-br", "text/javascript; charset=utf-8", "br", "no-cache"}},
		{"wasm identity", "GET", "/" + wasmName, "", want{200, "wasm-raw-bytes", "application/wasm", "", immutable}},
		{"wasm br preferred", "GET", "/" + wasmName, "gzip, br", want{200, "wasm-br", "application/wasm", "br", immutable}},
		{"wasm gzip", "GET", "/" + wasmName, "gzip", want{200, "wasm-gz", "application/wasm", "gzip", immutable}},
		{"wasm x-gzip", "GET", "/" + wasmName, "x-gzip", want{200, "wasm-gz", "application/wasm", "gzip", immutable}},
		{"wasm br refused", "GET", "/" + wasmName, "br;q=0, gzip;q=0.5", want{200, "wasm-gz", "application/wasm", "gzip", immutable}},
		{"wasm all refused", "GET", "/" + wasmName, "br;q=0, gzip;q=0", want{200, "wasm-raw-bytes", "application/wasm", "", immutable}},
		{"wasm star", "GET", "/" + wasmName, "*", want{200, "wasm-br", "application/wasm", "br", immutable}},
		{"wasm star but br", "GET", "/" + wasmName, "*, br;q=0", want{200, "wasm-gz", "application/wasm", "gzip", immutable}},
		{"wasm case and spaces", "GET", "/" + wasmName, " BR ; Q=1 ", want{200, "wasm-br", "application/wasm", "br", immutable}},
		{"wasm bad q", "GET", "/" + wasmName, "br;q=x, gzip", want{200, "wasm-gz", "application/wasm", "gzip", immutable}},
		{"wasm identity only", "GET", "/" + wasmName, "identity", want{200, "wasm-raw-bytes", "application/wasm", "", immutable}},
		{"js without br falls to gzip", "GET", "/" + loaderName, "br, gzip", want{200, "loader-gz", "text/javascript; charset=utf-8", "gzip", immutable}},
		{"js br only: identity", "GET", "/" + loaderName, "br", want{200, "loader-raw", "text/javascript; charset=utf-8", "", immutable}},
		{"png", "GET", "/icon.png", "br", want{200, "\x89PNG", "image/png", "", "no-cache"}},
		{"unknown type", "GET", "/notes.xyz", "", want{200, "unknown type", "application/octet-stream", "", "no-cache"}},
		{"file in a folder", "GET", "/sub/deep.txt", "", want{200, "deep", "text/plain; charset=utf-8", "", "no-cache"}},
		{"HEAD", "HEAD", "/" + wasmName, "br", want{200, "", "application/wasm", "br", immutable}},
		{"healthz", "GET", "/healthz", "", want{200, "ok", "text/plain; charset=utf-8", "", "no-store"}},
		{"POST", "POST", "/", "", want{code: 405}},
		{"DELETE", "DELETE", "/" + wasmName, "", want{code: 405}},
		{"missing", "GET", "/nothing.js", "", want{code: 404}},
		{"variant by name br", "GET", "/" + wasmName + ".br", "", want{code: 404}},
		{"variant by name gz", "GET", "/index.html.gz", "", want{code: 404}},
		{"hidden file", "GET", "/.hidden", "", want{code: 404}},
		{"directory", "GET", "/sub", "", want{code: 404}},
		{"directory slash", "GET", "/sub/", "", want{code: 404}},
		{"dot", "GET", "/.", "", want{code: 404}},
		{"dot slash", "GET", "/./index.html", "", want{code: 404}},
		{"parent", "GET", "/../secret.txt", "", want{code: 404}},
		{"parent inside", "GET", "/sub/../index.html", "", want{code: 404}},
		{"encoded dots", "GET", "/%2e%2e/secret.txt", "", want{code: 404}},
		{"encoded slash", "GET", "/..%2fsecret.txt", "", want{code: 404}},
		{"encoded all", "GET", "/%2e%2e%2fsecret.txt", "", want{code: 404}},
		{"double slash", "GET", "//index.html", "", want{code: 404}},
		{"backslash", "GET", "/..%5csecret.txt", "", want{code: 404}},
		{"NUL", "GET", "/index.html%00.png", "", want{code: 404}},
		{"absolute", "GET", "/etc/passwd", "", want{code: 404}},
		{"symlink out", "GET", "/link.txt", "", want{code: 404}},
	}
	_, disk := diskFS(t)
	for _, srv := range []struct {
		name string
		h    http.Handler
	}{{"MapFS", New(mapFS())}, {"os.Root", disk}} {
		for _, tt := range tests {
			if srv.name == "MapFS" && tt.name == "symlink out" {
				continue
			}
			t.Run(srv.name+"/"+tt.name, func(t *testing.T) {
				req := httptest.NewRequest(tt.method, tt.target, nil)
				if tt.acceptEncoding != "" {
					req.Header.Set("Accept-Encoding", tt.acceptEncoding)
				}
				rec := httptest.NewRecorder()
				srv.h.ServeHTTP(rec, req)
				check(t, rec.Result(), tt.method, tt.want)
			})
		}
	}
}

func check(t *testing.T, res *http.Response, method string, w want) {
	t.Helper()
	body, _ := io.ReadAll(res.Body)
	h := res.Header
	if res.StatusCode != w.code {
		t.Fatalf("status %d, want %d (body %q)", res.StatusCode, w.code, body)
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", got)
	}
	switch w.code {
	case 405:
		if got := h.Get("Allow"); got != "GET, HEAD" {
			t.Errorf("Allow = %q", got)
		}
		return
	case 404:
		if strings.Contains(string(body), "secret") || strings.Contains(string(body), "<a href") {
			t.Errorf("404 body leaks: %q", body)
		}
		return
	}
	if method == "HEAD" {
		if len(body) != 0 {
			t.Errorf("HEAD returned a body: %q", body)
		}
		if got, want := h.Get("Content-Length"), fmt.Sprint(len(distFiles[wasmName+".br"])); got != want {
			t.Errorf("HEAD: Content-Length = %q, want %s", got, want)
		}
	} else {
		if w.body != "" && string(body) != w.body {
			t.Errorf("body %q, want %q", body, w.body)
		}
		if got := h.Get("Content-Length"); got != fmt.Sprint(len(body)) {
			t.Errorf("Content-Length = %q for a body of %d bytes", got, len(body))
		}
	}
	if got := h.Get("Content-Type"); got != w.ctype {
		t.Errorf("Content-Type = %q, want %q", got, w.ctype)
	}
	if got := h.Get("Content-Encoding"); got != w.encoding {
		t.Errorf("Content-Encoding = %q, want %q", got, w.encoding)
	}
	if got := h.Get("Cache-Control"); got != w.cache {
		t.Errorf("Cache-Control = %q, want %q", got, w.cache)
	}
	if w.body == "ok" {
		return // /healthz
	}
	if got := h.Get("Vary"); got != "Accept-Encoding" {
		t.Errorf("Vary = %q, want Accept-Encoding", got)
	}
	isHTML := strings.HasPrefix(w.ctype, "text/html")
	if csp := h.Get("Content-Security-Policy"); isHTML != (csp != "") {
		t.Errorf("Content-Security-Policy = %q on %s", csp, w.ctype)
	}
	if isHTML && h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("Referrer-Policy = %q", h.Get("Referrer-Policy"))
	}
}

// TestRevalidate checks that an unhashed file answers a revalidation with
// 304, and that its ETag differs between encodings.
func TestRevalidate(t *testing.T) {
	h := New(mapFS())
	get := func(ae, inm string) *http.Response {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Accept-Encoding", ae)
		if inm != "" {
			req.Header.Set("If-None-Match", inm)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Result()
	}
	br, plain := get("br", ""), get("", "")
	tagBr, tagPlain := br.Header.Get("ETag"), plain.Header.Get("ETag")
	if tagBr == "" || tagPlain == "" || tagBr == tagPlain {
		t.Fatalf("ETags %q (br) and %q (identity): want two different ones", tagBr, tagPlain)
	}
	if res := get("br", tagBr); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the same ETag: status %d, want 304", res.StatusCode)
	}
	if res := get("", tagBr); res.StatusCode != http.StatusOK {
		t.Errorf("If-None-Match with another encoding's ETag: status %d, want 200", res.StatusCode)
	}
}

// TestRange checks that a range applies to the encoded body.
func TestRange(t *testing.T) {
	req := httptest.NewRequest("GET", "/"+wasmName, nil)
	req.Header.Set("Accept-Encoding", "br")
	req.Header.Set("Range", "bytes=0-3")
	rec := httptest.NewRecorder()
	New(mapFS()).ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusPartialContent || string(body) != "wasm" || res.Header.Get("Content-Encoding") != "br" {
		t.Errorf("range: status %d, body %q, encoding %q", res.StatusCode, body, res.Header.Get("Content-Encoding"))
	}
}

// TestRawRequests sends request lines byte for byte to a real server, so
// that no client library cleans the paths first.
func TestRawRequests(t *testing.T) {
	_, h := diskFS(t)
	srv := httptest.NewServer(h)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	tests := []struct {
		target string
		code   int
	}{
		{"/", 200},
		{"/" + wasmName, 200},
		{"/../secret.txt", 404},
		{"/../../../../etc/passwd", 404},
		{"/%2e%2e/secret.txt", 404},
		{"/%2E%2E%2Fsecret.txt", 404},
		{"/.%2e/secret.txt", 404},
		{"/sub/..%2f..%2fsecret.txt", 404},
		{"/..\\secret.txt", 404},
		{"/link.txt", 404},
		{"/sub/", 404},
		{"/healthz", 200},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", tt.target)
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.code {
				t.Errorf("status %d, want %d", res.StatusCode, tt.code)
			}
			if strings.Contains(string(body), "secret") || strings.Contains(string(body), "root:") {
				t.Errorf("body leaks: %q", body)
			}
		})
	}
}

func TestAcceptedEncodings(t *testing.T) {
	tests := []struct {
		header   string
		br, gzip bool
	}{
		{"", false, false},
		{"gzip, deflate, br, zstd", true, true},
		{"br;q=0.1", true, false},
		{"br;q=0, *", false, true},
		{"*;q=0, gzip", false, true},
		{"identity", false, false},
		{"br;q=1.5", false, false},
		{"br;level=1;q=0.5", true, false},
		{",,br,,", true, false},
	}
	for _, tt := range tests {
		got := acceptedEncodings(tt.header)
		if got["br"] != tt.br || got["gzip"] != tt.gzip {
			t.Errorf("acceptedEncodings(%q) = %v, want br=%v gzip=%v", tt.header, got, tt.br, tt.gzip)
		}
	}
}

func TestNotBuilt(t *testing.T) {
	h := NotBuilt()
	tests := []struct {
		method, path string
		code         int
		has          string
	}{
		{"GET", "/", http.StatusServiceUnavailable, "make build"},
		{"GET", "/", http.StatusServiceUnavailable, "make run"},
		{"HEAD", "/", http.StatusServiceUnavailable, ""},
		{"POST", "/", http.StatusMethodNotAllowed, ""},
		{"GET", "/game.wasm", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
		if w.Code != tt.code || !strings.Contains(w.Body.String(), tt.has) {
			t.Errorf("%s %s = %d %q, want %d with %q", tt.method, tt.path, w.Code, w.Body, tt.code, tt.has)
		}
		if tt.code == http.StatusServiceUnavailable && w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s: Cache-Control %q, want no-store", tt.method, tt.path, w.Header().Get("Cache-Control"))
		}
	}
}
