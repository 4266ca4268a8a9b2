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

	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/server/store"
)

// adminOnly guards a moderation handler: only the admin token passes.
func (s *Service) adminOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, e := bearer(r)
		if e != nil {
			fail(w, http.StatusUnauthorized, e)
			return
		}
		if !s.isAdmin(tok) {
			fail(w, http.StatusForbidden, &api.Error{Code: api.CodeForbidden, Message: "this needs the admin token (the file admin-token in the server's data folder)"})
			return
		}
		h(w, r)
	}
}

// page reads ?page= and ?per_page= for the admin lists.
func page(r *http.Request) (offset, limit int) {
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if n < 1 || n > 200 {
		n = 50
	}
	return max(0, p-1) * n, n
}

// adminReports answers GET /api/admin/reports.
func (s *Service) adminReports(w http.ResponseWriter, r *http.Request) {
	offset, limit := page(r)
	var rs []store.Report
	err := s.call(r.Context(), func(ctx context.Context) (err error) {
		rs, err = s.store.Reports(ctx, r.URL.Query().Get("all") == "1", offset, limit)
		return err
	})
	if err != nil {
		s.internal(w, "reports", err)
		return
	}
	out := make([]api.AdminReport, 0, len(rs))
	for _, rep := range rs {
		out = append(out, api.AdminReport{ID: rep.ID, Level: rep.Level, Reporter: playerRef(rep.Player),
			Reason: string(rep.Reason), Note: rep.Note, At: rep.At.UTC(), Open: rep.Open})
	}
	writeJSON(w, http.StatusOK, out)
}

// playerRef names a player to moderators: by number, so that the log
// holds no pseudonym that the player may later change or be renamed from.
func playerRef(p store.PlayerID) string {
	if p == 0 {
		return ""
	}
	return "player-" + strconv.FormatInt(int64(p), 10)
}

// adminAudit answers GET /api/admin/audit.
func (s *Service) adminAudit(w http.ResponseWriter, r *http.Request) {
	offset, limit := page(r)
	var as []store.Action
	err := s.call(r.Context(), func(ctx context.Context) (err error) {
		as, err = s.store.Audit(ctx, offset, limit)
		return err
	})
	if err != nil {
		s.internal(w, "audit", err)
		return
	}
	out := make([]api.AuditEntry, 0, len(as))
	for _, a := range as {
		out = append(out, api.AuditEntry{ID: a.ID, Action: string(a.Kind), Level: a.Level, Player: playerRef(a.Player),
			Note: a.Note, At: a.At.UTC()})
	}
	writeJSON(w, http.StatusOK, out)
}

// optionalJSON decodes a body when there is one.
func optionalJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if r.ContentLength == 0 {
		return true
	}
	return readJSON(w, r, v)
}

// adminModerate answers POST /api/admin/levels/{id}/{action}.
func (s *Service) adminModerate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	kinds := map[string]store.ActionKind{"hide": store.ActionHide, "restore": store.ActionRestore, "delete": store.ActionDelete}
	kind, ok := kinds[r.PathValue("action")]
	if !ok {
		fail(w, http.StatusNotFound, &api.Error{Code: api.CodeNotFound, Message: "the action must be hide, restore or delete"})
		return
	}
	var req api.ModerateRequest
	if !optionalJSON(w, r, &req) {
		return
	}
	err := s.call(r.Context(), func(ctx context.Context) error {
		return s.store.Moderate(ctx, store.Action{Kind: kind, Level: id, Note: req.Note, At: s.now()})
	})
	if errors.Is(err, store.ErrNotFound) {
		fail(w, http.StatusNotFound, &api.Error{Code: api.CodeNotFound, Message: fmt.Sprintf("no community level %.64q", id)})
		return
	}
	if err != nil {
		s.internal(w, "moderate", err)
		return
	}
	s.forget(id)
	s.log.Info("community: moderated", "action", kind, "level", id)
	writeJSON(w, http.StatusOK, struct{}{})
}

// adminBan answers POST (ban) and DELETE (unban) /api/admin/bans.
func (s *Service) adminBan(w http.ResponseWriter, r *http.Request) {
	var req api.BanRequest
	if !readJSON(w, r, &req) {
		return
	}
	var who store.PlayerID
	var err error
	switch {
	case req.Level != "" && req.Token == "":
		err = s.call(r.Context(), func(ctx context.Context) (err error) {
			who, err = s.store.OwnerOf(ctx, req.Level)
			return err
		})
	case req.Token != "" && req.Level == "":
		tok, derr := base64.RawURLEncoding.DecodeString(strings.TrimRight(req.Token, "="))
		if derr != nil || len(tok) != protocol.TokenSize {
			fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Message: "token must be a player's token in base64url"})
			return
		}
		err = s.call(r.Context(), func(ctx context.Context) error {
			p, err := s.store.PlayerByToken(ctx, sha256.Sum256(tok))
			who = p.ID
			return err
		})
	default:
		fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Message: "name either the level whose owner to ban, or the token"})
		return
	}
	if err == nil {
		kind := store.ActionBan
		if r.Method == http.MethodDelete {
			kind = store.ActionUnban
		}
		err = s.call(r.Context(), func(ctx context.Context) error {
			return s.store.Moderate(ctx, store.Action{Kind: kind, Player: who, Level: req.Level, Note: req.Note, At: s.now()})
		})
	}
	if errors.Is(err, store.ErrNotFound) {
		fail(w, http.StatusNotFound, &api.Error{Code: api.CodeNotFound, Message: "no such level or player"})
		return
	}
	if err != nil {
		s.internal(w, "ban", err)
		return
	}
	// The player's levels changed state: the hub's cache of them may lag
	// by versionsTTL, as on another instance.
	s.versions.Purge()
	writeJSON(w, http.StatusOK, struct{}{})
}
