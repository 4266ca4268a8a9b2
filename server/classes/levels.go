package classes

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/server/store"
)

// Community levels in classes: a teacher's class may list community levels
// (listed ones, by id: pupils play the latest listed version), and the
// levels pupils publish while in the class are class-only (see
// server/community's publish) until the teacher approves them here.

// listed tells whether id is a listed community level.
func (s *Service) listed(ctx context.Context, id string) (bool, error) {
	var info store.LevelInfo
	err := s.call(ctx, func(ctx context.Context) (err error) {
		info, err = s.store.CommunityLevel(ctx, id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil && info.State == store.StateListed, err
}

// member wraps a handler that the class's teacher or one of its pupils may
// call: the bearer is the teacher key, or else a player token whose player
// is a pupil of the class. Both are 32 bytes, so the key is tried first.
func (s *Service) member(h func(w http.ResponseWriter, r *http.Request, c store.Class)) http.HandlerFunc {
	asTeacher := s.teacher(false, h)
	return func(w http.ResponseWriter, r *http.Request) {
		t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		tok, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(strings.TrimSpace(t), "="))
		if !ok || err != nil || len(tok) != KeySize {
			asTeacher(w, r) // answers 401
			return
		}
		code := strings.ToUpper(r.PathValue("code"))
		var c store.Class
		var pupil bool
		err = s.call(r.Context(), func(ctx context.Context) error {
			var err error
			if c, err = s.store.ClassByCode(ctx, code); err != nil || keyMatches(c, tok) {
				return err
			}
			p, err := s.store.PlayerByToken(ctx, sha256.Sum256(tok))
			if errors.Is(err, store.ErrNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			pupils, err := s.store.PupilsOfPlayer(ctx, p.ID)
			pupil = slices.ContainsFunc(pupils, func(pu store.Pupil) bool { return pu.Class == c.ID })
			return err
		})
		switch {
		case errors.Is(err, store.ErrNotFound), err == nil && keyMatches(c, tok):
			asTeacher(w, r) // answers 404, or serves the teacher
		case err != nil:
			s.internal(w, "class levels", err)
		case !pupil:
			fail(w, http.StatusForbidden, api.CodeForbidden, "neither the class's teacher key nor the token of one of its pupils")
		default:
			h(w, r, c)
		}
	}
}

// levels answers GET /api/classes/{code}/levels.
func (s *Service) levels(w http.ResponseWriter, r *http.Request, c store.Class) {
	out := api.ClassLevels{Code: c.Code, Levels: []api.ClassLevel{}, ClassOnly: []api.ClassLevel{}}
	err := s.call(r.Context(), func(ctx context.Context) error {
		for _, id := range c.Levels {
			l := api.ClassLevel{ID: id}
			if _, builtin := s.ranked.Lookup(id); !builtin {
				l.Community = true
				info, err := s.store.CommunityLevel(ctx, id)
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					return err
				}
				if err == nil && info.State == store.StateListed {
					l = classLevel(info)
				}
			}
			out.Levels = append(out.Levels, l)
		}
		own, err := s.store.ClassLevels(ctx, c.Code)
		for _, info := range own {
			out.ClassOnly = append(out.ClassOnly, classLevel(info))
		}
		return err
	})
	if err != nil {
		s.internal(w, "class levels", err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// classLevel is a community level as a class's level list shows it.
func classLevel(info store.LevelInfo) api.ClassLevel {
	v := info.Latest
	return api.ClassLevel{ID: v.Level, Community: true, Title: api.Text{FR: v.Title.FR, EN: v.Title.EN},
		Author: v.Author, Version: v.Version}
}

// approve answers POST .../levels/{level}/approve: a class-only level of
// the class becomes listed for everyone (logged in the moderation audit
// log). It works until the class is deleted, after its end too.
func (s *Service) approve(w http.ResponseWriter, r *http.Request, c store.Class) {
	id := r.PathValue("level")
	err := s.call(r.Context(), func(ctx context.Context) error {
		return s.store.ApproveClassLevel(ctx, c.Code, id, "approved by the teacher of class "+c.Code, s.now())
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		fail(w, http.StatusNotFound, api.CodeNotFound, "no class-only level %.64q in this class", id)
		return
	case err != nil:
		s.internal(w, "approve", err)
		return
	}
	s.log.Info("classes: class level approved")
	s.changed(c.Code)
	s.levels(w, r, c)
}
