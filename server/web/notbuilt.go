package web

import (
	"io"
	"net/http"
)

// notBuiltPage is the page `/` shows when there is no web build: the
// score server still runs, and whoever opens the address learns how to
// build the game. It is for developers running the server from a source
// checkout, so it is in English, as server messages are.
const notBuiltPage = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Communs Arcade: the game is not built</title>
<h1>The game is not built yet</h1>
<p>This server runs, but it has no web build of the game to serve.
Build it from the source folder with <code>make build</code> (then restart
<code>bin/arcade serve</code>), or build and serve in one go with
<code>make run</code>.</p>
<p>The score server answers meanwhile: <code>/ws</code>, <code>/healthz</code>,
<code>/metrics</code>.</p>
</html>
`

// NotBuilt returns the handler to use in place of New when there is no
// web build: `/` answers 503 with a page that says how to build the game
// (make build or make run), never cached so that the game shows once it is
// built; every other path is 404.
func NotBuilt() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Referrer-Policy", "no-referrer")
		w.WriteHeader(http.StatusServiceUnavailable)
		if r.Method == http.MethodGet {
			io.WriteString(w, notBuiltPage)
		}
	})
}
