package page

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/server/ranked"
)

func newHandler(t *testing.T) *Handler {
	t.Helper()
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{Levels: levels.FS, Ranked: ranks})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func get(t *testing.T, h http.Handler, path string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// TestServe: the pages and their files, with their types and cache
// headers; the pages have a CSP and leak no Referer.
func TestServe(t *testing.T) {
	h := newHandler(t)
	tests := []struct {
		path, ctype, cache string
		status             int
		html               bool
	}{
		{"/class", "text/html; charset=utf-8", "no-cache", 200, true},
		{"/class/", "text/html; charset=utf-8", "no-cache", 200, true},
		{"/class/cards", "text/html; charset=utf-8", "no-cache", 200, true},
		{"/class/class.js", "text/javascript; charset=utf-8", "no-cache", 200, false},
		{"/class/class.css", "text/css; charset=utf-8", "no-cache", 200, false},
		{"/class/nothing.js", "", "", 404, false},
		{"/class/../go.mod", "", "", 404, false},
	}
	for _, tt := range tests {
		res, body := get(t, h, tt.path, nil)
		if res.StatusCode != tt.status {
			t.Errorf("%s: %d, want %d", tt.path, res.StatusCode, tt.status)
			continue
		}
		if tt.status != 200 {
			continue
		}
		if got := res.Header.Get("Content-Type"); got != tt.ctype {
			t.Errorf("%s: Content-Type %q, want %q", tt.path, got, tt.ctype)
		}
		if got := res.Header.Get("Cache-Control"); got != tt.cache {
			t.Errorf("%s: Cache-Control %q, want %q", tt.path, got, tt.cache)
		}
		etag := res.Header.Get("ETag")
		if etag == "" || len(body) == 0 {
			t.Errorf("%s: ETag %q, %d bytes", tt.path, etag, len(body))
		}
		if res, _ := get(t, h, tt.path, map[string]string{"If-None-Match": etag}); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d, want 304", tt.path, res.StatusCode)
		}
		if !tt.html {
			continue
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", tt.path, csp)
		}
		if res.Header.Get("Referrer-Policy") != "no-referrer" || res.Header.Get("Vary") != "Accept-Language" {
			t.Errorf("%s: headers %v", tt.path, res.Header)
		}
		// Nothing from another site.
		if m := regexp.MustCompile(`(src|href)="(https?:)?//`).FindString(body); m != "" {
			t.Errorf("%s loads from another site: %s", tt.path, m)
		}
	}
}

// TestLanguage: French by default and for French browsers, English for
// English ones.
func TestLanguage(t *testing.T) {
	h := newHandler(t)
	tests := []struct{ accept, lang, heading string }{
		{"", "fr", "Créer une classe"},
		{"fr-FR,fr;q=0.9,en;q=0.8", "fr", "Créer une classe"},
		{"en-GB,en;q=0.9", "en", "Create a class"},
		{"de-DE,en;q=0.5", "en", "Create a class"},
		{"de-DE", "fr", "Créer une classe"},
	}
	for _, tt := range tests {
		_, body := get(t, h, "/class", map[string]string{"Accept-Language": tt.accept})
		if !strings.Contains(body, `<html lang="`+tt.lang+`">`) || !strings.Contains(body, ">"+tt.heading+"</h1>") {
			t.Errorf("Accept-Language %q: not the %s page", tt.accept, tt.lang)
		}
	}
}

// TestLevels: the form offers the campaign levels in campaign order, and
// the page's data knows their quiz questions in both languages.
func TestLevels(t *testing.T) {
	h := newHandler(t)
	_, body := get(t, h, "/class", nil)
	var offered []string
	for _, m := range regexp.MustCompile(`name="levels" value="([a-z0-9-]+)"`).FindAllStringSubmatch(body, -1) {
		offered = append(offered, m[1])
	}
	ranks, _ := ranked.Builtin()
	ls, err := campaign(levels.FS, ranks)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i, l := range ls {
		want = append(want, l.ID)
		if l.Campaign != i+1 {
			t.Errorf("level %s is campaign %d at place %d", l.ID, l.Campaign, i+1)
		}
		if l.Title["fr"] == "" || l.Title["en"] == "" {
			t.Errorf("level %s has no title: %v", l.ID, l.Title)
		}
		if len(l.Quiz) == 0 {
			t.Errorf("level %s: no quiz question found in its Lua", l.ID)
		}
		for key, byLang := range l.Quiz {
			for _, lang := range Languages {
				q := byLang[lang]
				if q.Text == "" || len(q.Choices) < 2 || slices.Contains(q.Choices, "") {
					t.Errorf("level %s, question %s in %s: %+v", l.ID, key, lang, q)
				}
			}
		}
	}
	if len(want) < 10 || !slices.Equal(offered, want) {
		t.Errorf("offered %v, want the campaign %v", offered, want)
	}
	if ls[0].ID != "tax-pot" || !ls[0].Pot {
		t.Errorf("first level %+v, want tax-pot with its pot", ls[0])
	}
}

// messages reads messages.json.
func messages(t *testing.T) map[string]map[string]string {
	t.Helper()
	raw, err := files.ReadFile("messages.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestMessages: both languages have every key, and every key the
// templates and the script use exists.
func TestMessages(t *testing.T) {
	m := messages(t)
	for _, lang := range Languages {
		for k := range m["fr"] {
			if _, ok := m[lang][k]; !ok {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		for k := range m[lang] {
			if _, ok := m["fr"][k]; !ok {
				t.Errorf("fr lacks %q", k)
			}
		}
	}
	used := map[string]bool{}
	keyRE := regexp.MustCompile(`(?:data-i18n(?:-placeholder|-aria)?="|\{\{t "|\bt\(')([a-zA-Z_.]+)`)
	pluralRE := regexp.MustCompile(`plural\('([a-zA-Z_.]+)'`)
	fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if d.IsDir() || !(strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".js")) {
			return nil
		}
		b, _ := files.ReadFile(path)
		for _, k := range keyRE.FindAllStringSubmatch(string(b), -1) {
			used[k[1]] = true
		}
		for _, k := range pluralRE.FindAllStringSubmatch(string(b), -1) {
			used[k[1]+".one"], used[k[1]+".many"] = true, true
		}
		return nil
	})
	if len(used) < 50 {
		t.Errorf("found %d message keys in the templates and the script", len(used))
	}
	for k := range used {
		if strings.HasSuffix(k, ".") {
			continue // a prefix: t('done.' + action)
		}
		if _, ok := m["fr"][k]; !ok {
			t.Errorf("the page uses %q, which messages.json lacks", k)
		}
	}
}

// TestFrenchTypography: a non-breaking space (U+00A0 or the narrow
// U+202F) before : ; ! ? and inside « », never a plain space nor none.
func TestFrenchTypography(t *testing.T) {
	checks := []struct {
		s  string
		ok bool
	}{
		{"Code\u00a0: {code}", true},
		{"Code : {code}", false},
		{"Code: {code}", false},
		{"Prêt\u202f?", true},
		{"Prêt ?", false},
		{"«\u00a0oui\u00a0»", true},
		{"« oui »", false},
		{"http://127.0.0.1/?class=X", true},
	}
	for _, c := range checks {
		if got := typography(c.s) == ""; got != c.ok {
			t.Errorf("typography(%q) ok = %v, want %v", c.s, got, c.ok)
		}
	}
	for key, s := range messages(t)["fr"] {
		if msg := typography(s); msg != "" {
			t.Errorf("%s: %q: %s", key, s, msg)
		}
	}
}

// typography says what is wrong with s in French typography, or "".
func typography(s string) string {
	nbsp := func(r rune) bool { return r == '\u00a0' || r == '\u202f' }
	r := []rune(s)
	for i, c := range r {
		var before, after rune = ' ', ' '
		if i > 0 {
			before = r[i-1]
		}
		if i+1 < len(r) {
			after = r[i+1]
		}
		switch c {
		case ':', ';', '!', '?':
			// URLs aside ("http://", "/?class="), a mark that ends a word
			// follows a non-breaking space.
			if !nbsp(before) && (before == ' ' || unicode.IsLetter(before) || before == '}' || before == ')') && (after == ' ' || i+1 == len(r)) {
				return fmt.Sprintf("no non-breaking space before %q", c)
			}
		case '«':
			if !nbsp(after) {
				return "no non-breaking space after «"
			}
		case '»':
			if !nbsp(before) {
				return "no non-breaking space before »"
			}
		}
	}
	return ""
}

// TestNoSecretInURLs: the script sends the teacher key in the
// Authorization header only: no query parameter holds it, and the only
// URLs that name it are fragments (#CODE.KEY).
func TestNoSecretInURLs(t *testing.T) {
	js, err := files.ReadFile("static/class.js")
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`[?&](key|token|secret|teacher|auth)[a-z_]*=`).Find(js); m != nil {
		t.Errorf("class.js builds a URL with %q", m)
	}
	for i, line := range strings.Split(string(js), "\n") {
		if !regexp.MustCompile(`\.key\b|teacher_key`).MatchString(line) || strings.HasPrefix(strings.TrimSpace(line), "//") {
			continue
		}
		switch {
		case strings.Contains(line, "'Bearer ' + session.key"):
		case strings.Contains(line, "'#' + c.code + '.' + c.teacher_key"),
			strings.Contains(line, "'/class#' + c.code + '.' + c.teacher_key"):
		case strings.Contains(line, "if (!f || !f.key)"):
		case strings.Contains(line, "ev.key !== 'Enter'"): // a keyboard event's key
		default:
			t.Errorf("class.js:%d uses the key in a way this test does not know: %s", i+1, strings.TrimSpace(line))
		}
	}
}

// TestCommunityLevels: the create form searches the community levels and
// the dashboard shows the class-only levels with their approval, on the
// API endpoints docs/api.md names (the browser test covers the rest).
func TestCommunityLevels(t *testing.T) {
	h := newHandler(t)
	_, page := get(t, h, "/class", nil)
	_, js := get(t, h, "/class/class.js", nil)
	for _, tt := range []struct{ in, name, want string }{
		{page, "the search box", `id="community-q"`},
		{page, "the search results", `id="community-list"`},
		{page, "the class-only levels", `id="class-only"`},
		{js, "the level search", "fetch('/api/levels?q=' + encodeURIComponent("},
		{js, "the class's levels", "api('GET', '/levels')"},
		{js, "the approval", "'/levels/' + encodeURIComponent(id) + '/approve'"},
		{js, "the approval's confirmation", "confirm(t('confirm.approve'"},
		{js, "the community levels in the new class", "[...boxes(), ...communityBoxes()]"},
	} {
		if !strings.Contains(tt.in, tt.want) {
			t.Errorf("%s: no %q", tt.name, tt.want)
		}
	}
}
