package community

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/communs-arcade/arcade/server/httpjson"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/server/store"
)

// Handler returns the API's and the level pages' handler; mount it on
// /api/ and /l/.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+api.PathLevels, s.search)
	mux.HandleFunc("POST "+api.PathLevels, s.publish)
	mux.HandleFunc("GET "+api.PathLevel, s.level)
	mux.HandleFunc("POST "+api.PathRating, s.rate)
	mux.HandleFunc("POST "+api.PathReports, s.report)
	mux.HandleFunc("GET "+api.PathPackage, s.pkg)
	mux.HandleFunc("GET "+api.PathCover, s.cover)
	mux.HandleFunc("GET "+api.PathReportsA, s.adminOnly(s.adminReports))
	mux.HandleFunc("GET "+api.PathAuditA, s.adminOnly(s.adminAudit))
	mux.HandleFunc("POST "+api.PathModerate, s.adminOnly(s.adminModerate))
	mux.HandleFunc("POST "+api.PathBans, s.adminOnly(s.adminBan))
	mux.HandleFunc("DELETE "+api.PathBans, s.adminOnly(s.adminBan))
	mux.HandleFunc("GET "+api.LinkPrefix+"{ref}", s.link)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, &api.Error{Code: api.CodeNotFound, Message: "no such API path: see docs/api.md"})
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Answers are about one player (their best, their rating) or
		// change often: never cached by shared caches.
		if strings.HasPrefix(r.URL.Path, "/api/") && w.Header().Get("Cache-Control") == "" {
			w.Header().Set("Cache-Control", "no-store")
		}
		mux.ServeHTTP(w, r)
	})
}

// writeJSON answers v with status.
var writeJSON = httpjson.Write

// fail answers an error.
func fail(w http.ResponseWriter, status int, e *api.Error) {
	writeJSON(w, status, api.ErrorBody{Error: *e})
}

// internal answers a failure of the server itself, logged without detail
// sent to the client.
func (s *Service) internal(w http.ResponseWriter, op string, err error) {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		s.log.Warn("community: "+op+": store too slow", "err", err)
		w.Header().Set("Retry-After", "5")
		fail(w, http.StatusServiceUnavailable, &api.Error{Code: api.CodeBusy, Message: "the server is busy; retry in a few seconds"})
		return
	}
	s.log.Error("community: "+op, "err", err)
	fail(w, http.StatusInternalServerError, &api.Error{Code: api.CodeInternal, Message: "the server failed; retry later"})
}

// bearer returns the request's token (Authorization: Bearer <base64url>),
// nil when there is none; an error when one is there but unusable.
func bearer(r *http.Request) ([]byte, *api.Error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, nil
	}
	t, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return nil, &api.Error{Code: api.CodeUnauthorized, Message: "Authorization must be \"Bearer <token>\""}
	}
	t = strings.TrimRight(strings.TrimSpace(t), "=")
	b, err := base64.RawURLEncoding.DecodeString(t)
	if err != nil || len(b) != protocol.TokenSize {
		return nil, &api.Error{Code: api.CodeUnauthorized,
			Message: fmt.Sprintf("the token must be %d bytes in base64url", protocol.TokenSize)}
	}
	return b, nil
}

// player returns the request's player: ok false when the request has no
// token or the token has no player yet (errors are already answered when
// answered is true).
func (s *Service) player(w http.ResponseWriter, r *http.Request) (p store.Player, ok, answered bool) {
	tok, e := bearer(r)
	if e != nil {
		fail(w, http.StatusUnauthorized, e)
		return p, false, true
	}
	if tok == nil {
		return p, false, false
	}
	err := s.call(r.Context(), func(ctx context.Context) (err error) {
		p, err = s.store.PlayerByToken(ctx, sha256.Sum256(tok))
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return p, false, false
	case err != nil:
		s.internal(w, "player", err)
		return p, false, true
	}
	return p, true, false
}

// levelRef splits "id" or "id@version" (version 0 when absent).
func levelRef(ref string) (id string, version int, ok bool) {
	id, v, has := strings.Cut(ref, "@")
	if !has {
		return id, 0, id != ""
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return "", 0, false
	}
	return id, n, id != ""
}

// toAPI turns a store level into the API's, at version v.
func (s *Service) toAPI(info store.LevelInfo, v store.Version, admin bool) api.Level {
	hexHash := fmt.Sprintf("%x", v.Hash[:])
	l := api.Level{
		ID: v.Level, Version: v.Version,
		Title:   api.Text{FR: v.Title.FR, EN: v.Title.EN},
		Summary: api.Text{FR: v.Summary.FR, EN: v.Summary.EN},
		Author:  v.Author, Tags: nonNil(v.Tags), Languages: nonNil(v.Languages),
		Hash: hexHash, Package: packagePath(v), Size: v.Size,
		URL:   api.LinkPrefix + v.Level,
		Plays: info.Plays, Ratings: info.Ratings,
		Clear:       api.Best{Score: v.ClearScore, Ticks: v.ClearTicks, Rank: 0},
		PublishedAt: v.At.UTC(),
	}
	if info.Ratings > 0 {
		l.Rating = float64(info.RatingSum) / float64(info.Ratings)
		l.Rating = float64(int(l.Rating*10+0.5)) / 10
	}
	if v.Cover {
		l.Cover = "/api/covers/" + v.Level + "/" + hexHash + ".png"
	}
	if v.RemixOf != "" {
		if id, n, ok := levelRef(v.RemixOf); ok {
			l.RemixOf = &api.Remix{ID: id, Version: n, Author: v.RemixAuthor}
		}
	}
	if admin {
		l.State, l.Reports = string(info.State), info.Reports
	}
	return l
}

func packagePath(v store.Version) string {
	return fmt.Sprintf("/api/packages/%s/%x.arcade", v.Level, v.Hash[:])
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// mine fills the caller's best and rating into l.
func (s *Service) mine(ctx context.Context, l *api.Level, v store.Version, p store.PlayerID) error {
	return s.call(ctx, func(ctx context.Context) error {
		e, err := s.store.Best(ctx, v.Board(), p)
		switch {
		case err == nil:
			l.MyBest = &api.Best{Score: e.Score, Ticks: e.Ticks, Rank: e.Rank}
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		l.MyRating, err = s.store.Rating(ctx, v.Level, p)
		return err
	})
}

// retryAfter sets Retry-After in whole seconds, at least 1.
func retryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int((d+time.Second-1)/time.Second))))
}
