package community

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/server/packages"
	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/server/store"
)

// search answers GET /api/levels.
func (s *Service) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, perPage := 1, api.PageSize
	bad := func(msg string) { fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Message: msg}) }
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			bad("page must be a number from 1")
			return
		}
		page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > api.MaxPageSize {
			bad(fmt.Sprintf("per_page must be from 1 to %d", api.MaxPageSize))
			return
		}
		perPage = n
	}
	text, tag := q.Get("q"), q.Get("tag")
	if len(text) > api.MaxQuery || !utf8.ValidString(text) {
		bad(fmt.Sprintf("q must be UTF-8 text of at most %d bytes", api.MaxQuery))
		return
	}
	if len(tag) > 32 {
		bad("tag is at most 32 characters")
		return
	}
	sort := store.Sort(q.Get("sort"))
	switch sort {
	case "", store.SortNew, store.SortTop, store.SortPlayed:
	default:
		bad("sort must be new, top or played")
		return
	}
	p, known, answered := s.player(w, r)
	if answered {
		return
	}
	tok, _ := bearer(r)
	admin := s.isAdmin(tok) && q.Get("all") == "1"
	var res store.Page
	err := s.call(r.Context(), func(ctx context.Context) (err error) {
		res, err = s.store.SearchLevels(ctx, store.Query{Text: text, Tag: tag, Sort: sort,
			Offset: (page - 1) * perPage, Limit: perPage, All: admin})
		return err
	})
	if err != nil {
		s.internal(w, "search", err)
		return
	}
	out := api.LevelPage{Levels: make([]api.Level, 0, len(res.Levels)), Total: res.Total, Page: page, PerPage: perPage}
	for _, info := range res.Levels {
		l := s.toAPI(info, info.Latest, admin)
		if known {
			if err := s.mine(r.Context(), &l, info.Latest, p.ID); err != nil {
				s.internal(w, "search", err)
				return
			}
		}
		out.Levels = append(out.Levels, l)
	}
	writeJSON(w, http.StatusOK, out)
}

// find returns a level and its versions, answering 404 for a level that is
// not listed (unless admin, or a class-only level asked by a pupil of its
// class); ok is false when it answered.
func (s *Service) find(w http.ResponseWriter, r *http.Request, id string, admin bool) (store.LevelInfo, []store.Version, bool) {
	var info store.LevelInfo
	var vs []store.Version
	err := s.call(r.Context(), func(ctx context.Context) (err error) {
		if info, err = s.store.CommunityLevel(ctx, id); err != nil {
			return err
		}
		vs, err = s.store.LevelVersions(ctx, id)
		return err
	})
	if err == nil && info.State == store.StateClassOnly && !admin && s.classMember(r, info.Class) {
		return info, vs, true
	}
	if errors.Is(err, store.ErrNotFound) || (err == nil && info.State != store.StateListed && !admin) {
		fail(w, http.StatusNotFound, &api.Error{Code: api.CodeNotFound, Message: fmt.Sprintf("no community level %.64q", id)})
		return info, nil, false
	}
	if err != nil {
		s.internal(w, "level", err)
		return info, nil, false
	}
	return info, vs, true
}

// level answers GET /api/levels/{id}[@version].
func (s *Service) level(w http.ResponseWriter, r *http.Request) {
	id, version, ok := levelRef(r.PathValue("id"))
	if !ok {
		fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Message: "want /api/levels/<id> or /api/levels/<id>@<version>"})
		return
	}
	tok, _ := bearer(r)
	admin := s.isAdmin(tok)
	info, vs, ok := s.find(w, r, id, admin)
	if !ok {
		return
	}
	v := vs[len(vs)-1]
	if version != 0 {
		i := indexVersion(vs, version)
		if i < 0 {
			fail(w, http.StatusNotFound, &api.Error{Code: api.CodeNotFound, Message: fmt.Sprintf("level %s has no version %d", id, version)})
			return
		}
		v = vs[i]
	}
	p, known, answered := s.player(w, r)
	if answered {
		return
	}
	out := api.LevelDetail{Level: s.toAPI(info, v, admin)}
	if known {
		if err := s.mine(r.Context(), &out.Level, v, p.ID); err != nil {
			s.internal(w, "level", err)
			return
		}
	}
	for _, v := range vs {
		out.Versions = append(out.Versions, api.VersionInfo{Version: v.Version, Hash: hex.EncodeToString(v.Hash[:]),
			Package: packagePath(v), Size: v.Size, PublishedAt: v.At.UTC()})
	}
	writeJSON(w, http.StatusOK, out)
}

func indexVersion(vs []store.Version, n int) int {
	for i, v := range vs {
		if v.Version == n {
			return i
		}
	}
	return -1
}

// version finds the listed version of {id} named by a file {file} of the
// form <hex hash><ext>; ok false when it answered 404.
func (s *Service) version(w http.ResponseWriter, r *http.Request, ext string) (store.Version, bool) {
	id := r.PathValue("id")
	hexHash, hasExt := strings.CutSuffix(r.PathValue("file"), ext)
	if hash, ok := packages.ParseName(hexHash + level.Ext); ok && hasExt {
		vs, err := s.listedVersions(r.Context(), id)
		if err != nil {
			s.internal(w, "package", err)
			return store.Version{}, false
		}
		for _, v := range vs {
			if v.Hash == hash {
				return v, true
			}
		}
		if len(vs) == 0 {
			// A class-only level, for a pupil of its class: private.
			if v, ok := s.classVersion(r, id, hash); ok {
				w.Header().Set("Cache-Control", "private, no-store")
				return v, true
			}
		}
	}
	fail(w, http.StatusNotFound, &api.Error{Code: api.CodeNotFound, Message: "no such package"})
	return store.Version{}, false
}

// classVersion finds a version of a class-only level for a pupil of its
// class.
func (s *Service) classVersion(r *http.Request, id string, hash [32]byte) (store.Version, bool) {
	var info store.LevelInfo
	var v store.Version
	err := s.call(r.Context(), func(ctx context.Context) (err error) {
		if info, err = s.store.CommunityLevel(ctx, id); err != nil || info.State != store.StateClassOnly {
			return err
		}
		v, err = s.store.VersionByHash(ctx, id, hash)
		return err
	})
	if err != nil || info.State != store.StateClassOnly || !s.classMember(r, info.Class) {
		return store.Version{}, false
	}
	return v, true
}

// pkg answers GET /api/packages/{id}/{hash}.arcade: immutable, as the name
// is the content's hash.
func (s *Service) pkg(w http.ResponseWriter, r *http.Request) {
	v, ok := s.version(w, r, level.Ext)
	if !ok {
		return
	}
	data, err := s.packages.Get(v.Hash)
	if err != nil {
		s.internal(w, "package", err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", fmt.Sprintf("%s-%d%s", v.Level, v.Version, level.Ext)))
	// Immutable while listed; a level hidden later must stop being served
	// by caches within a day.
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "public, max-age=86400")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// cover answers GET /api/covers/{id}/{hash}.png.
func (s *Service) cover(w http.ResponseWriter, r *http.Request) {
	v, ok := s.version(w, r, ".png")
	if !ok {
		return
	}
	data, err := s.packages.Get(v.Hash)
	if err != nil {
		s.internal(w, "cover", err)
		return
	}
	l, err := loadPackage(data, packages.Name(v.Hash))
	var png []byte
	if err == nil {
		png, ok = l.Cover()
	}
	if err != nil || !ok {
		fail(w, http.StatusNotFound, &api.Error{Code: api.CodeNotFound, Message: "this level has no cover"})
		return
	}
	w.Header().Set("Content-Type", "image/png")
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "public, max-age=86400")
	}
	w.Write(png)
}

// readJSON decodes a small JSON body into v, answering 400 when it cannot.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Message: "the body must be a JSON object as docs/api.md shows: " + err.Error()})
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Message: "the body must hold one JSON object"})
		return false
	}
	return true
}

// needPlayer answers 401 for a request without a token, and
// no_verified_run for a token that never played here.
func (s *Service) needPlayer(w http.ResponseWriter, r *http.Request) (store.Player, bool) {
	p, known, answered := s.player(w, r)
	if answered {
		return p, false
	}
	if !known {
		if tok, _ := bearer(r); tok == nil {
			fail(w, http.StatusUnauthorized, &api.Error{Code: api.CodeUnauthorized, Message: "this needs your token (Authorization: Bearer <token>)"})
		} else {
			fail(w, http.StatusForbidden, &api.Error{Code: api.CodeNoVerifiedRun, Message: "play the level to the end first: only players with a verified run of it may do this"})
		}
		return p, false
	}
	return p, true
}

// answerStoreErr answers the store errors of rate and report.
func (s *Service) answerStoreErr(w http.ResponseWriter, op, id string, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		fail(w, http.StatusNotFound, &api.Error{Code: api.CodeNotFound, Message: fmt.Sprintf("no community level %.64q", id)})
	case errors.Is(err, store.ErrNoVerifiedRun):
		fail(w, http.StatusForbidden, &api.Error{Code: api.CodeNoVerifiedRun, Message: "play the level to the end first: only players with a verified run of it may do this"})
	default:
		s.internal(w, op, err)
	}
}

// rate answers POST /api/levels/{id}/rating.
func (s *Service) rate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p, ok := s.needPlayer(w, r)
	if !ok {
		return
	}
	var req api.RateRequest
	if !readJSON(w, r, &req) {
		return
	}
	if req.Stars < 1 || req.Stars > 5 {
		fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Rule: "stars", Message: "stars must be from 1 to 5"})
		return
	}
	var info store.LevelInfo
	err := s.call(r.Context(), func(ctx context.Context) error {
		if err := s.store.Rate(ctx, id, p.ID, req.Stars); err != nil {
			return err
		}
		var err error
		info, err = s.store.CommunityLevel(ctx, id)
		return err
	})
	if err != nil {
		s.answerStoreErr(w, "rate", id, err)
		return
	}
	out := api.Rated{Ratings: info.Ratings, Mine: req.Stars}
	if info.Ratings > 0 {
		out.Rating = float64(int(float64(info.RatingSum)/float64(info.Ratings)*10+0.5)) / 10
	}
	writeJSON(w, http.StatusOK, out)
}

// reasons are the report reasons a player may give.
var reasons = map[string]store.ReportReason{
	api.ReasonHate: store.ReasonHate, api.ReasonHarassment: store.ReasonHarassment,
	api.ReasonPersonalData: store.ReasonPersonalData, api.ReasonIllegal: store.ReasonIllegal,
	api.ReasonBroken: store.ReasonBroken, api.ReasonOther: store.ReasonOther,
}

// report answers POST /api/levels/{id}/reports.
func (s *Service) report(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p, ok := s.needPlayer(w, r)
	if !ok {
		return
	}
	var req api.ReportRequest
	if !readJSON(w, r, &req) {
		return
	}
	reason, known := reasons[req.Reason]
	if !known {
		fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Rule: "reason",
			Message: "reason must be one of hate, harassment, personal_data, illegal, broken, other"})
		return
	}
	if len(req.Note) > api.MaxNote || !utf8.ValidString(req.Note) {
		fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Rule: "note",
			Message: fmt.Sprintf("the note must be UTF-8 text of at most %d bytes", api.MaxNote)})
		return
	}
	var hidden bool
	err := s.call(r.Context(), func(ctx context.Context) (err error) {
		hidden, err = s.store.Report(ctx, store.Report{Level: id, Player: p.ID, Reason: reason, Note: req.Note, At: s.now()},
			s.limits.ReportThreshold)
		return err
	})
	if err != nil {
		s.answerStoreErr(w, "report", id, err)
		return
	}
	if hidden {
		s.forget(id)
		s.log.Warn("community: level hidden by reports until a moderator decides", "level", id)
	}
	writeJSON(w, http.StatusAccepted, struct{}{})
}
