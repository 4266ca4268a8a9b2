package community

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"strings"

	"github.com/communs-arcade/arcade/server/store"
)

// link answers GET /l/<id>[@<version>]: the browser game's page, which
// opens that level (the game reads the address), with the level's title,
// summary and cover in meta tags for link previews. A level that is not
// listed gets the page too, with 404, so the game says it is not there.
func (s *Service) link(w http.ResponseWriter, r *http.Request) {
	if s.web == nil {
		http.NotFound(w, r)
		return
	}
	page, err := fs.ReadFile(s.web, "index.html")
	if err != nil {
		http.Error(w, "the web game is not built: run `make wasm`", http.StatusNotFound)
		return
	}
	status := http.StatusOK
	var head strings.Builder
	// The page's scripts are named relative to the root.
	head.WriteString(`<base href="/">`)
	id, version, ok := levelRef(r.PathValue("ref"))
	var v store.Version
	if ok {
		v, ok = s.linked(r.Context(), id, version)
	}
	if !ok {
		status = http.StatusNotFound
	} else {
		title, summary := v.Title.EN, v.Summary.EN
		if prefersFrench(r) || title == "" {
			title, summary = v.Title.FR, v.Summary.FR
		}
		if title == "" {
			title = v.Title.EN
		}
		if summary == "" {
			summary = v.Summary.EN
		}
		meta := func(prop, content string) {
			fmt.Fprintf(&head, "\n<meta property=\"%s\" content=\"%s\">", prop, html.EscapeString(content))
		}
		meta("og:type", "website")
		meta("og:site_name", "Communs Arcade")
		meta("og:title", title)
		meta("og:description", summary)
		meta("og:url", absolute(r, r.URL.Path))
		fmt.Fprintf(&head, "\n<meta name=\"description\" content=\"%s\">", html.EscapeString(summary))
		if v.Cover {
			meta("og:image", absolute(r, fmt.Sprintf("/api/covers/%s/%x.png", v.Level, v.Hash[:])))
			fmt.Fprintf(&head, "\n<meta name=\"twitter:card\" content=\"summary_large_image\">")
		}
		page = bytes.Replace(page, []byte("<title>Communs Arcade</title>"),
			[]byte("<title>"+html.EscapeString(title)+" · Communs Arcade</title>"), 1)
	}
	i := bytes.Index(page, []byte("<head>"))
	if i < 0 {
		i = 0
	} else {
		i += len("<head>")
	}
	out := make([]byte, 0, len(page)+head.Len()+1)
	out = append(out, page[:i]...)
	out = append(out, '\n')
	out = append(out, head.String()...)
	out = append(out, page[i:]...)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Vary", "Accept-Language")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(out)
	}
}

// linked returns the listed version a link names (0: the latest).
func (s *Service) linked(ctx context.Context, id string, version int) (store.Version, bool) {
	vs, err := s.listedVersions(ctx, id)
	if err != nil || len(vs) == 0 {
		return store.Version{}, false
	}
	if version == 0 {
		return vs[len(vs)-1], true
	}
	if i := indexVersion(vs, version); i >= 0 {
		return vs[i], true
	}
	return store.Version{}, false
}

// prefersFrench tells whether French comes before English in the
// request's Accept-Language (French by default, as the game).
func prefersFrench(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "fr"):
			return true
		case strings.HasPrefix(tag, "en"):
			return false
		}
	}
	return true
}
