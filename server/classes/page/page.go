// Package page serves the teacher's page of classroom workshops (/class):
// a server-rendered page and a little JavaScript on the classes API
// (docs/api.md, "Classes"), with nothing loaded from another site.
//
//   - /class creates a class, then, opened from the teacher link
//     (/class#CODE.KEY), is the class's live dashboard, its controls and its
//     projector view. The key stays in the URL fragment, which browsers
//     never send: the script sends it as Authorization: Bearer, so it is
//     never in a URL, a log or a Referer.
//   - /class/cards#CODE is a printable page of join cards (address, code
//     and QR code of the join URL).
//   - /class/<file> are the script and the style sheet.
//
// The page speaks French or English, by the browser's Accept-Language
// (French by default) with a switch; every text is in messages.json, which
// the server renders from and the script switches with.
package page

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/web"
)

//go:embed static templates messages.json
var files embed.FS

// Languages are the page's languages, the default first.
var Languages = []string{"fr", "en"}

// contentSecurityPolicy lets the page load only from its own origin, with
// no inline script (the level list is a JSON data block, never run).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
	"form-action 'none'; frame-ancestors 'none'"

// Config is what a Handler needs.
type Config struct {
	// Levels holds the built-in levels, one folder each (levels.FS).
	Levels fs.FS
	// Ranked is the server's ranked levels: the page offers their campaign
	// levels only (those a class may use).
	Ranked *ranked.Levels
}

// Level is a campaign level as the page shows it.
type Level struct {
	ID       string            `json:"id"`
	Campaign int               `json:"campaign"`
	Title    map[string]string `json:"title"`
	// Pot is true for levels whose verified runs add to a shared pot.
	Pot bool `json:"pot"`
	// Quiz maps a question's message key to its texts, by language.
	Quiz map[string]map[string]Question `json:"quiz"`
}

// Question is a quiz question's text and its choices' texts, in the order
// the level shows them (a QuizResult's wrong_choice indexes them).
type Question struct {
	Text    string   `json:"q"`
	Choices []string `json:"choices"`
}

// data is what the script reads from the page.
type data struct {
	Levels   []Level                      `json:"levels"`
	Messages map[string]map[string]string `json:"messages"`
}

// rendered is one view in one language, ready to serve.
type rendered struct {
	body []byte
	etag string
}

// Handler serves /class, /class/cards and the page's files. Use New.
type Handler struct {
	pages  map[string]map[string]rendered // view → language → page
	static http.Handler
}

// New loads the campaign levels and renders the pages.
func New(cfg Config) (*Handler, error) {
	if cfg.Levels == nil || cfg.Ranked == nil {
		return nil, fmt.Errorf("page: the levels and the ranked levels are required")
	}
	levels, err := campaign(cfg.Levels, cfg.Ranked)
	if err != nil {
		return nil, err
	}
	var messages map[string]map[string]string
	raw, err := files.ReadFile("messages.json")
	if err != nil {
		return nil, fmt.Errorf("page: %w", err)
	}
	if err := json.Unmarshal(raw, &messages); err != nil {
		return nil, fmt.Errorf("page: messages.json: %w", err)
	}
	d := data{Levels: levels, Messages: messages}
	h := &Handler{pages: map[string]map[string]rendered{}}
	for _, view := range []string{"class", "cards"} {
		h.pages[view] = map[string]rendered{}
		for _, lang := range Languages {
			t, err := template.New(view+".html").Funcs(template.FuncMap{
				"t": func(key string) string {
					if s, ok := messages[lang][key]; ok {
						return s
					}
					return key
				},
				"title": func(l Level) string { return l.Title[lang] },
			}).ParseFS(files, "templates/"+view+".html")
			if err != nil {
				return nil, fmt.Errorf("page: %w", err)
			}
			var buf bytes.Buffer
			if err := t.Execute(&buf, struct {
				Lang   string
				Levels []Level
				Data   data
			}{lang, levels, d}); err != nil {
				return nil, fmt.Errorf("page: %s in %s: %w", view, lang, err)
			}
			sum := sha256.Sum256(buf.Bytes())
			h.pages[view][lang] = rendered{body: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		}
	}
	sub, err := fs.Sub(files, "static")
	if err != nil {
		return nil, fmt.Errorf("page: %w", err)
	}
	h.static = http.StripPrefix("/class", web.New(sub))
	return h, nil
}

// ServeHTTP implements http.Handler; mount it on /class and /class/.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var view string
	switch r.URL.Path {
	case "/class", "/class/":
		view = "class"
	case "/class/cards":
		view = "cards"
	default:
		if r.URL.Path == "/class/index.html" {
			http.NotFound(w, r)
			return
		}
		h.static.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := h.pages[view][Negotiate(r.Header.Get("Accept-Language"))]
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("Vary", "Accept-Language")
	hdr.Set("ETag", p.etag)
	hdr.Set("Content-Security-Policy", contentSecurityPolicy)
	// The fragment is never in a Referer, but the page's links need not
	// tell other sites where they come from either.
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("X-Content-Type-Options", "nosniff")
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, p.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if r.Method == http.MethodHead {
		return
	}
	w.Write(p.body)
}

// Negotiate returns the page's language for an Accept-Language header:
// the first of French and English it names, French when it names neither.
func Negotiate(acceptLanguage string) string {
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		for _, l := range Languages {
			if tag == l || strings.HasPrefix(tag, l+"-") {
				return l
			}
		}
	}
	return Languages[0]
}

// campaign returns the ranked campaign levels in campaign order.
func campaign(fsys fs.FS, ranks *ranked.Levels) ([]Level, error) {
	all, err := level.LoadAll(fsys)
	if err != nil {
		return nil, fmt.Errorf("page: %w", err)
	}
	var out []Level
	for _, l := range all {
		m := l.Manifest
		if _, ok := ranks.Lookup(m.ID); !ok || m.Campaign == 0 {
			continue
		}
		out = append(out, Level{
			ID: m.ID, Campaign: m.Campaign, Pot: m.Pot,
			Title: map[string]string{"fr": m.Title.FR, "en": m.Title.EN},
			Quiz:  quizTexts(l),
		})
	}
	slices.SortFunc(out, func(a, b Level) int { return cmp.Compare(a.Campaign, b.Campaign) })
	return out, nil
}

// quizAsk matches a quiz question in a level's Lua, as the built-in
// levels write them: question = "key", choices = {"k1", "k2", …}.
var (
	quizAsk    = regexp.MustCompile(`question\s*=\s*"([^"]+)"\s*,\s*choices\s*=\s*\{([^}]*)\}`)
	quotedWord = regexp.MustCompile(`"([^"]+)"`)
)

// quizTexts returns the texts of a level's quiz questions, by question key
// and language. The dashboard's quiz results name a question by its key
// and a wrong answer by its place among the choices. Questions asked with
// scripts/flow.lua follow its key convention ("quiz1.q", then "quiz1.a1",
// "quiz1.a2", … in the order shown), found in the catalogues; others are
// read from the Lua source, and a question written otherwise is shown by
// its text without its choices (or by its key).
func quizTexts(l *level.Level) map[string]map[string]Question {
	out := map[string]map[string]Question{}
	for key := range l.Text[Languages[0]] {
		name, ok := strings.CutSuffix(key, ".q")
		if !ok {
			continue
		}
		var choices []string
		for i := 1; ; i++ {
			c := name + ".a" + strconv.Itoa(i)
			if _, ok := l.Text[Languages[0]][c]; !ok {
				break
			}
			choices = append(choices, c)
		}
		if len(choices) < 2 {
			continue
		}
		out[key] = questionTexts(l, key, choices)
	}
	for _, f := range l.Files() {
		if !strings.HasSuffix(f.Name, ".lua") {
			continue
		}
		for _, m := range quizAsk.FindAllSubmatch(f.Data, -1) {
			key := string(m[1])
			var choices []string
			for _, c := range quotedWord.FindAllSubmatch(m[2], -1) {
				choices = append(choices, string(c[1]))
			}
			out[key] = questionTexts(l, key, choices)
		}
	}
	return out
}

// questionTexts returns question key's text and its choices' in each
// language.
func questionTexts(l *level.Level, key string, choices []string) map[string]Question {
	byLang := map[string]Question{}
	for _, lang := range Languages {
		q := Question{Text: l.Text[lang][key], Choices: []string{}}
		for _, c := range choices {
			q.Choices = append(q.Choices, l.Text[lang][c])
		}
		byLang[lang] = q
	}
	return byLang
}
