// Package web serves the browser game: the folder `make wasm` writes
// (wasm/dist), with the headers a fast, private and cache-friendly first
// visit needs.
//
//   - Content-Type from a fixed table of the extensions the build writes
//     (application/wasm for .wasm, so browsers compile while downloading),
//     never sniffed.
//   - Content-Encoding negotiated from Accept-Encoding (br, then gzip, then
//     none) among the files precompressed beside the original (NAME.br,
//     NAME.gz); compression never happens per request. Every file answer
//     says Vary: Accept-Encoding.
//   - Cache-Control: names that carry a content hash (game.0123456789abcdef.wasm)
//     never change, so they are cached for a year as immutable; every other
//     name (index.html, manifest.json, the service worker sw.js) is
//     revalidated on each visit (no-cache, with an ETag).
//   - Only GET and HEAD; no directory listings, no hidden files, no way out
//     of the folder; anything else is 404.
//   - /healthz answers 200 "ok".
//
// Nothing is logged about requests: players are not tracked.
package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// contentTypes maps the extensions served to their media types; other
// extensions are served as application/octet-stream.
var contentTypes = map[string]string{
	".wasm":        "application/wasm",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".png":         "image/png",
	".svg":         "image/svg+xml",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".txt":         "text/plain; charset=utf-8",
}

// encodings are the precompressed variants, in the order the server
// prefers them, with the suffix of their files.
var encodings = []struct{ name, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// hashedName matches names that carry a content hash before their
// extension, as the build writes them: game.0123456789abcdef.wasm.
var hashedName = regexp.MustCompile(`\.[0-9a-f]{8,64}\.[a-z0-9]+$`)

// Cache-Control values.
const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheRevalid   = "no-cache"
)

// contentSecurityPolicy lets the page load only from its own origin and
// compile WebAssembly; styles may be inline (index.html keeps its CSS inline
// so the loader paints at once). Scripts may also come from blob: URLs:
// Ebiten's audio (oto) loads its AudioWorklet from one the game creates.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' blob:; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'none'"

// maxETagSize bounds the files whose ETag is computed from their content on
// each request; larger unhashed files rely on Last-Modified alone.
const maxETagSize = 1 << 20

// Handler serves a build of the web game. The zero value is not usable: use
// New.
type Handler struct {
	fsys fs.FS
}

// New returns a handler serving the files of fsys, which holds index.html
// at its root. Pass an os.Root's FS (os.OpenRoot(dir).FS()) rather than
// os.DirFS, so symbolic links cannot lead out of the folder either.
func New(fsys fs.FS) *Handler {
	return &Handler{fsys: fsys}
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == "/healthz" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Length", "2")
		if r.Method == http.MethodGet {
			io.WriteString(w, "ok")
		}
		return
	}
	name, ok := fileName(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	h.serveFile(w, r, name)
}

// pages are the paths served by a page of another name.
var pages = map[string]string{
	"/":       "index.html",
	"/studio": "studio.html", // the level studio (wasm/studio)
}

// fileName turns a request path into the name of a file in the folder, or
// reports false for paths that name no servable file: anything that is not
// a clean path (.., ., //, backslashes, NUL), hidden files, and the
// precompressed variants themselves. The path is already percent-decoded,
// so %2e%2e arrives here as "..".
func fileName(urlPath string) (string, bool) {
	if page, ok := pages[urlPath]; ok {
		return page, true
	}
	name, ok := strings.CutPrefix(urlPath, "/")
	if !ok || !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, "\\\x00") {
		return "", false
	}
	for _, elem := range strings.Split(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return "", false
		}
	}
	for _, e := range encodings {
		if strings.HasSuffix(name, e.suffix) {
			return "", false
		}
	}
	return name, true
}

// serveFile answers with name, or its best precompressed variant.
func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	f, st, err := h.open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()

	hdr := w.Header()
	hdr.Set("Vary", "Accept-Encoding")
	ctype, ok := contentTypes[path.Ext(name)]
	if !ok {
		ctype = "application/octet-stream"
	}
	hdr.Set("Content-Type", ctype)
	hashed := hashedName.MatchString(path.Base(name))
	if hashed {
		hdr.Set("Cache-Control", cacheImmutable)
	} else {
		hdr.Set("Cache-Control", cacheRevalid)
	}
	if path.Ext(name) == ".html" {
		hdr.Set("Content-Security-Policy", contentSecurityPolicy)
		hdr.Set("Referrer-Policy", "no-referrer")
	}

	body, size, modTime, suffix := f, st.Size(), st.ModTime(), ""
	accepted := acceptedEncodings(r.Header.Get("Accept-Encoding"))
	for _, e := range encodings {
		if !accepted[e.name] {
			continue
		}
		cf, cst, err := h.open(name + e.suffix)
		if err != nil {
			continue
		}
		defer cf.Close()
		hdr.Set("Content-Encoding", e.name)
		body, size, suffix = cf, cst.Size(), "-"+e.name
		if cst.ModTime().After(modTime) {
			modTime = cst.ModTime()
		}
		break
	}

	if !hashed && size <= maxETagSize {
		sum := sha256.New()
		if _, err := io.Copy(sum, body); err != nil {
			http.Error(w, "500 internal server error", http.StatusInternalServerError)
			return
		}
		if _, err := body.Seek(0, io.SeekStart); err != nil {
			http.Error(w, "500 internal server error", http.StatusInternalServerError)
			return
		}
		hdr.Set("ETag", `"`+hex.EncodeToString(sum.Sum(nil)[:12])+suffix+`"`)
	}
	if hdr.Get("Content-Encoding") != "" {
		// ServeContent leaves Content-Length out when Content-Encoding is
		// set (for handlers that compress as they write); this body is
		// already compressed, so its length is known. ServeContent
		// replaces it for a range and drops it for 304 and errors.
		hdr.Set("Content-Length", strconv.FormatInt(size, 10))
	}
	// ServeContent handles HEAD, Range, If-None-Match and If-Modified-Since.
	// It sets no Content-Type itself since one is set above.
	http.ServeContent(w, r, name, modTime, body)
}

// file is what the handler reads: an fs.File that can seek, as the files of
// os.DirFS, os.Root.FS, embed.FS and fstest.MapFS can.
type file interface {
	fs.File
	io.ReadSeeker
}

// errNotServable is returned by open for anything but a regular, seekable
// file.
var errNotServable = errors.New("web: not a regular file")

// open opens name if it is a regular file that can seek.
func (h *Handler) open(name string) (file, fs.FileInfo, error) {
	f, err := h.fsys.Open(name)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	rs, ok := f.(file)
	if !ok || !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, errNotServable
	}
	return rs, st, nil
}

// acceptedEncodings parses an Accept-Encoding header and returns the
// content codings the client accepts (a q-value above 0), "*" standing for
// every coding it does not name. Unparseable q-values count as refusals.
func acceptedEncodings(header string) map[string]bool {
	q := map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding == "" {
			continue
		}
		weight := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if !ok || strings.ToLower(strings.TrimSpace(k)) != "q" {
				continue
			}
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				f = 0
			}
			weight = f
		}
		q[coding] = weight
	}
	accepted := map[string]bool{}
	for _, e := range encodings {
		w, named := q[e.name]
		if !named && e.name == "gzip" {
			w, named = q["x-gzip"]
		}
		if !named {
			w, named = q["*"]
		}
		accepted[e.name] = named && w > 0
	}
	return accepted
}
