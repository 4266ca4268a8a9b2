//go:build !js

// Package communitytest is a fake of the server's community-level HTTP API
// (docs/api.md, shapes in server/protocol/api) for the game's tests: levels
// in memory, a substring search, packages by content hash, ratings and
// reports recorded. It is not the real server, whose search, verification
// and moderation it does not try to match.
package communitytest

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// Server is the fake API. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base address, http://127.0.0.1:PORT.
	URL  string
	http *httptest.Server

	mu       sync.Mutex
	levels   []api.Level // newest first
	packages map[string][]byte
	verified map[string]bool // "token level": a verified run
	fail     map[string]int  // path prefix → status of an error to answer
	// Ratings and Reports record what was sent, by level id.
	ratings   map[string]map[string]int
	reports   []Reported
	downloads int
	classes   map[string]api.ClassLevels // by class code
}

// Reported is a report the server received.
type Reported struct {
	Level, Token string
	api.ReportRequest
}

// New starts a server; Close it when done.
func New() *Server {
	s := &Server{packages: map[string][]byte{}, verified: map[string]bool{}, fail: map[string]int{}, ratings: map[string]map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+api.PathLevels, s.search)
	mux.HandleFunc("GET "+api.PathLevel, s.level)
	mux.HandleFunc("GET "+api.PathPackage, s.pkg)
	mux.HandleFunc("POST "+api.PathRating, s.rate)
	mux.HandleFunc("POST "+api.PathReports, s.report)
	mux.HandleFunc("GET "+api.PathClassLevels, s.classLevels)
	s.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		for prefix, status := range s.fail {
			if strings.HasPrefix(r.URL.Path, prefix) {
				s.mu.Unlock()
				code := api.CodeInternal
				if status == http.StatusTooManyRequests {
					code = api.CodeRateLimited
					w.Header().Set("Retry-After", "30")
				}
				writeError(w, status, code, "failing on purpose")
				return
			}
		}
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	s.URL = s.http.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.http.Close() }

// Fail makes every request whose path starts with prefix answer status
// (0 stops it).
func (s *Server) Fail(prefix string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if status == 0 {
		delete(s.fail, prefix)
		return
	}
	s.fail[prefix] = status
}

// Add publishes a level with its package; Hash, Package, Size and URL are
// filled in from data. The newest added comes first in "new" order.
func (s *Server) Add(l api.Level, data []byte) api.Level {
	lvl, err := level.LoadZip(bytes.NewReader(data), int64(len(data)), "fake.arcade")
	if err != nil {
		panic(fmt.Sprintf("communitytest: %v", err))
	}
	h := lvl.ContentHash()
	l.Hash = hex.EncodeToString(h[:])
	l.Package = "/api/packages/" + l.ID + "/" + l.Hash + ".arcade"
	l.Size = int64(len(data))
	l.URL = api.LinkPrefix + l.ID
	if l.Languages == nil {
		l.Languages = lvl.Languages()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.packages[l.Hash] = data
	s.levels = append([]api.Level{l}, s.levels...)
	return l
}

// SetClassLevels sets what GET /api/classes/{code}/levels answers for
// code, to anyone with a token (the fake knows no pupils).
func (s *Server) SetClassLevels(code string, cl api.ClassLevels) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.classes == nil {
		s.classes = map[string]api.ClassLevels{}
	}
	cl.Code = code
	s.classes[code] = cl
}

func (s *Server) classLevels(w http.ResponseWriter, r *http.Request) {
	if _, ok := token(w, r); !ok {
		return
	}
	s.mu.Lock()
	cl, ok := s.classes[r.PathValue("code")]
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, api.CodeNotFound, "no such class")
		return
	}
	writeJSON(w, http.StatusOK, cl)
}

// SetPackage serves data as the package of hash: a damaged or substituted
// download.
func (s *Server) SetPackage(hash string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.packages[hash] = data
}

// Verify marks that the holder of token (as the Authorization header
// carries it, base64url) has a verified run of level id.
func (s *Server) Verify(token, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.verified[token+" "+id] = true
}

// Reports returns the reports received.
func (s *Server) Reports() []Reported {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reports)
}

// Downloads counts the packages served.
func (s *Server) Downloads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.downloads
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) //nolint:errcheck
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, api.ErrorBody{Error: api.Error{Code: code, Message: msg}})
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	text := strings.ToLower(q.Get("q"))
	page, _ := strconv.Atoi(q.Get("page"))
	per, _ := strconv.Atoi(q.Get("per_page"))
	page, per = max(page, 1), min(max(per, 0), api.MaxPageSize)
	if per == 0 {
		per = api.PageSize
	}
	s.mu.Lock()
	var found []api.Level
	for _, l := range s.levels {
		hay := strings.ToLower(l.ID + " " + l.Title.FR + " " + l.Title.EN + " " + l.Summary.FR + " " + l.Summary.EN + " " + l.Author)
		if (text == "" || strings.Contains(hay, text)) && (q.Get("tag") == "" || slices.Contains(l.Tags, q.Get("tag"))) {
			found = append(found, l)
		}
	}
	s.mu.Unlock()
	switch q.Get("sort") {
	case api.SortTop:
		slices.SortStableFunc(found, func(a, b api.Level) int { return cmpDesc(a.Rating, b.Rating) })
	case api.SortPlayed:
		slices.SortStableFunc(found, func(a, b api.Level) int { return cmpDesc(float64(a.Plays), float64(b.Plays)) })
	case "", api.SortNew:
	default:
		writeError(w, http.StatusBadRequest, api.CodeBadRequest, "sort: new, top or played")
		return
	}
	out := api.LevelPage{Total: len(found), Page: page, PerPage: per, Levels: []api.Level{}}
	if lo := (page - 1) * per; lo < len(found) {
		out.Levels = found[lo:min(len(found), lo+per)]
	}
	writeJSON(w, http.StatusOK, out)
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

func (s *Server) find(ref string) (api.Level, bool) {
	id, _, _ := strings.Cut(ref, "@")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.levels {
		if l.ID == id {
			return l, true
		}
	}
	return api.Level{}, false
}

func (s *Server) level(w http.ResponseWriter, r *http.Request) {
	l, ok := s.find(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, api.CodeNotFound, "no such level")
		return
	}
	writeJSON(w, http.StatusOK, api.LevelDetail{Level: l, Versions: []api.VersionInfo{{Version: l.Version, Hash: l.Hash, Package: l.Package, Size: l.Size}}})
}

func (s *Server) pkg(w http.ResponseWriter, r *http.Request) {
	hash := strings.TrimSuffix(r.PathValue("file"), ".arcade")
	s.mu.Lock()
	data, ok := s.packages[hash]
	if ok {
		s.downloads++
	}
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, api.CodeNotFound, "no such package")
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Write(data) //nolint:errcheck
}

// token returns the caller's token, or answers 401.
func token(w http.ResponseWriter, r *http.Request) (string, bool) {
	t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || t == "" {
		writeError(w, http.StatusUnauthorized, api.CodeUnauthorized, "no token")
		return "", false
	}
	return t, true
}

func (s *Server) rate(w http.ResponseWriter, r *http.Request) {
	tok, ok := token(w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	var req api.RateRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<10)).Decode(&req); err != nil || req.Stars < 1 || req.Stars > 5 {
		writeError(w, http.StatusBadRequest, api.CodeBadRequest, "stars: 1 to 5")
		return
	}
	if _, ok := s.find(id); !ok {
		writeError(w, http.StatusNotFound, api.CodeNotFound, "no such level")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.verified[tok+" "+id] {
		writeError(w, http.StatusForbidden, api.CodeNoVerifiedRun, "rate a level after a verified run of it")
		return
	}
	if s.ratings[id] == nil {
		s.ratings[id] = map[string]int{}
	}
	s.ratings[id][tok] = req.Stars
	sum := 0
	for _, v := range s.ratings[id] {
		sum += v
	}
	n := len(s.ratings[id])
	writeJSON(w, http.StatusOK, api.Rated{Rating: float64(sum) / float64(n), Ratings: n, Mine: req.Stars})
}

func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	tok, ok := token(w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	var req api.ReportRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 4<<10)).Decode(&req); err != nil || len(req.Note) > api.MaxNote {
		writeError(w, http.StatusBadRequest, api.CodeBadRequest, "bad report")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.verified[tok+" "+id] {
		writeError(w, http.StatusForbidden, api.CodeNoVerifiedRun, "report a level after a verified run of it")
		return
	}
	s.reports = append(s.reports, Reported{Level: id, Token: tok, ReportRequest: req})
	w.WriteHeader(http.StatusAccepted)
}

// Pack zips the level folder dir of fsys as a package, its manifest's id
// replaced by id: a community level made from a built-in one.
func Pack(fsys fs.FS, dir, id string) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, dir+"/")
		if strings.HasPrefix(rel, "testdata/") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if path.Base(rel) == "level.toml" && rel == "level.toml" {
			lines := strings.Split(string(data), "\n")
			for i, l := range lines {
				if strings.HasPrefix(l, "id = ") {
					lines[i] = "id = " + strconv.Quote(id)
				}
			}
			data = []byte(strings.Join(lines, "\n"))
		}
		f, err := zw.Create(rel)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("communitytest: %w", err)
	}
	return buf.Bytes(), nil
}
