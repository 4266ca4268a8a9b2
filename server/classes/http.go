package classes

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/communs-arcade/arcade/server/httpjson"
	"github.com/communs-arcade/arcade/server/hub"
	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/server/store"
)

// maxBody bounds a request body of this API.
const maxBody = 16 << 10

// Handler returns the API's handler; mount it on /api/classes and
// /api/classes/.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+api.PathClasses, s.create)
	mux.HandleFunc("GET "+api.PathClass, s.teacher(false, s.class))
	mux.HandleFunc("GET "+api.PathClassProg, s.teacher(false, s.progress))
	mux.HandleFunc("GET "+api.PathClassCSV, s.teacher(false, s.export))
	mux.HandleFunc("POST "+api.PathClassPause, s.teacher(true, s.pause))
	mux.HandleFunc("POST "+api.PathClassResume, s.teacher(true, s.resume))
	mux.HandleFunc("POST "+api.PathClassEnd, s.teacher(true, s.end))
	mux.HandleFunc("POST "+api.PathClassLock, s.teacher(true, s.lock))
	mux.HandleFunc("PATCH "+api.PathClassPupil, s.teacher(true, s.rename))
	mux.HandleFunc("DELETE "+api.PathClassPupil, s.teacher(true, s.remove))
	mux.HandleFunc("GET "+api.PathClassQR, s.qrCode)
	mux.HandleFunc("GET "+api.PathClassLevels, s.member(s.levels))
	mux.HandleFunc("POST "+api.PathClassApprove, s.teacher(false, s.approve))
	mux.HandleFunc("GET "+api.PathClassPupils, s.pupils)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, api.CodeNotFound, "no such API path: see docs/api.md")
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Dashboards change every second and belong to one teacher.
		w.Header().Set("Cache-Control", "no-store")
		mux.ServeHTTP(w, r)
	})
}

// writeJSON answers v with status.
var writeJSON = httpjson.Write

func fail(w http.ResponseWriter, status int, code, format string, args ...any) {
	writeJSON(w, status, api.ErrorBody{Error: api.Error{Code: code, Message: fmt.Sprintf(format, args...)}})
}

// internal answers a failure of the server itself, logged without detail
// sent to the client.
func (s *Service) internal(w http.ResponseWriter, op string, err error) {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		s.log.Warn("classes: "+op+": store too slow", "err", err)
		w.Header().Set("Retry-After", "5")
		fail(w, http.StatusServiceUnavailable, api.CodeBusy, "the server is busy; retry in a few seconds")
		return
	}
	s.log.Error("classes: "+op, "err", err)
	fail(w, http.StatusInternalServerError, api.CodeInternal, "the server failed; retry later")
}

// decode reads a JSON body into v, answering the error itself.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			fail(w, http.StatusRequestEntityTooLarge, api.CodeTooLarge, "the body is over %d bytes", maxBody)
		} else {
			fail(w, http.StatusBadRequest, api.CodeBadRequest, "the body is not the JSON object docs/api.md shows: %v", err)
		}
		return false
	}
	return true
}

// origin is the server's origin for the links it gives.
func (s *Service) originOf(r *http.Request) string {
	if s.origin != "" {
		return strings.TrimRight(s.origin, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// create answers POST /api/classes.
func (s *Service) create(w http.ResponseWriter, r *http.Request) {
	var in api.NewClass
	if !decode(w, r, &in) {
		return
	}
	now := s.now()
	c := store.Class{Name: strings.TrimSpace(in.Name), Levels: in.Levels, CreatedAt: now, EndsAt: endOfDay(now, s.loc)}
	if in.EndsAt != nil {
		c.EndsAt = *in.EndsAt
	}
	switch {
	case c.Name == "" || len(c.Name) > store.MaxClassName:
		fail(w, http.StatusBadRequest, api.CodeBadRequest, "name must be 1 to %d bytes", store.MaxClassName)
		return
	case len(c.Levels) == 0 || len(c.Levels) > store.MaxClassLevels:
		fail(w, http.StatusBadRequest, api.CodeBadRequest, "levels must list 1 to %d level ids", store.MaxClassLevels)
		return
	case !c.EndsAt.After(now):
		fail(w, http.StatusBadRequest, api.CodeBadRequest, "ends_at must be in the future")
		return
	case c.EndsAt.Sub(now) > s.limits.MaxDuration:
		fail(w, http.StatusBadRequest, api.CodeBadRequest, "a class lasts at most %s", s.limits.MaxDuration)
		return
	}
	for i, id := range c.Levels {
		if _, ok := s.ranked.Lookup(id); !ok {
			listed, err := s.listed(r.Context(), id)
			if err != nil {
				s.internal(w, "create class", err)
				return
			}
			if !listed {
				fail(w, http.StatusBadRequest, api.CodeBadRequest, "level %.64q is neither a built-in level nor a listed community level of this server", id)
				return
			}
		}
		for _, other := range c.Levels[:i] {
			if other == id {
				fail(w, http.StatusBadRequest, api.CodeBadRequest, "level %q is listed twice", id)
				return
			}
		}
	}
	if ok, retry := s.creates.Take(hub.AddrKey(r.RemoteAddr), s.limits.ClassesPerAddress, 24*time.Hour); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(retry/time.Second))))
		fail(w, http.StatusTooManyRequests, api.CodeRateLimited, "too many classes created from this address today")
		return
	}
	key, hash := newKey()
	c.TeacherHash = hash
	var err error
	for range 8 { // a code taken by a stored class: draw another
		c.Code = newCode()
		var created store.Class
		err = s.call(r.Context(), func(ctx context.Context) (err error) {
			created, err = s.store.CreateClass(ctx, c)
			return err
		})
		if err == nil {
			c = created
			break
		}
		if !errors.Is(err, store.ErrCodeTaken) {
			break
		}
	}
	if err != nil {
		s.internal(w, "create class", err)
		return
	}
	origin := s.originOf(r)
	s.log.Info("classes: class created", "levels", len(c.Levels), "ends_at", c.EndsAt)
	writeJSON(w, http.StatusCreated, api.CreatedClass{
		Code: c.Code, TeacherKey: key,
		TeacherURL: origin + api.ClassPagePrefix + c.Code + "." + key,
		JoinURL:    origin + api.ClassJoinPrefix + c.Code,
		EndsAt:     c.EndsAt,
	})
}

// teacher wraps a handler that needs the class's teacher key: 401 without
// a usable key, 404 for an unknown class, 403 for another key, and 410
// for a control (write) on an ended class.
func (s *Service) teacher(write bool, h func(w http.ResponseWriter, r *http.Request, c store.Class)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		if auth == "" {
			fail(w, http.StatusUnauthorized, api.CodeUnauthorized, "the teacher key is needed: Authorization: Bearer <teacher_key>")
			return
		}
		t, ok := strings.CutPrefix(auth, "Bearer ")
		key, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(strings.TrimSpace(t), "="))
		if !ok || err != nil || len(key) != KeySize {
			fail(w, http.StatusUnauthorized, api.CodeUnauthorized, "Authorization must be \"Bearer <teacher_key>\" (%d bytes in base64url)", KeySize)
			return
		}
		code := strings.ToUpper(r.PathValue("code"))
		var c store.Class
		err = s.call(r.Context(), func(ctx context.Context) (err error) {
			c, err = s.store.ClassByCode(ctx, code)
			return err
		})
		switch {
		case errors.Is(err, store.ErrNotFound):
			fail(w, http.StatusNotFound, api.CodeNotFound, "no class has this code (or it was deleted after it ended)")
			return
		case err != nil:
			s.internal(w, "class", err)
			return
		case !keyMatches(c, key):
			fail(w, http.StatusForbidden, api.CodeForbidden, "this is not the class's teacher key")
			return
		case write && !c.Live(s.now()):
			fail(w, http.StatusGone, api.CodeClassEnded, "the class has ended: its dashboard can still be read")
			return
		}
		h(w, r, c)
	}
}

// apiClass is a class as the API shows it.
func (s *Service) apiClass(c store.Class, pupils int) api.Class {
	locked := c.Locked
	if locked == nil {
		locked = []string{}
	}
	return api.Class{
		Code: c.Code, Name: c.Name, Levels: c.Levels, CreatedAt: c.CreatedAt, EndsAt: c.EndsAt,
		Ended: !c.Live(s.now()), Paused: c.Paused, Message: c.Message, Locked: locked, Pupils: pupils,
	}
}

// dashboard reads a class's progress as the API shows it.
func (s *Service) dashboard(ctx context.Context, c store.Class) (api.ClassProgress, error) {
	var p store.Progress
	err := s.call(ctx, func(ctx context.Context) (err error) {
		p, err = s.store.ClassProgress(ctx, c.ID)
		return err
	})
	if err != nil {
		return api.ClassProgress{}, err
	}
	now := s.now()
	live := c.Live(now)
	out := api.ClassProgress{Class: s.apiClass(c, len(p.Pupils)), Pupils: []api.PupilProgress{}, Quiz: []api.QuizResult{}}
	for _, pp := range p.Pupils {
		last := pp.Pupil.JoinedAt
		ap := api.PupilProgress{ID: int64(pp.Pupil.ID), Pseudonym: pp.Pupil.Pseudonym, JoinedAt: pp.Pupil.JoinedAt}
		if t := pp.Pupil.LastProgressAt; !t.IsZero() {
			ap.LastProgressAt, last = &t, t
		}
		ap.Idle = live && now.Sub(last) >= api.ClassIdleMinutes*time.Minute
		for _, l := range c.Levels {
			lp := pp.Levels[l]
			ap.Levels = append(ap.Levels, api.LevelProgress{Level: l, Status: string(lp.Status), Best: lp.Best, Attempts: lp.Attempts})
		}
		out.Pupils = append(out.Pupils, ap)
	}
	for _, q := range p.Quiz {
		share := 0.0
		if q.Answers > 0 {
			share = math.Round(float64(q.Right)/float64(q.Answers)*100) / 100
		}
		out.Quiz = append(out.Quiz, api.QuizResult{Level: q.Level, Question: q.Question, Answers: q.Answers,
			Right: q.Right, RightShare: share, WrongChoice: q.WrongChoice, WrongCount: q.WrongCount})
	}
	return out, nil
}

// class answers GET /api/classes/{code}.
func (s *Service) class(w http.ResponseWriter, r *http.Request, c store.Class) {
	d, err := s.dashboard(r.Context(), c)
	if err != nil {
		s.internal(w, "class", err)
		return
	}
	writeJSON(w, http.StatusOK, d.Class)
}

// progress answers GET /api/classes/{code}/progress.
func (s *Service) progress(w http.ResponseWriter, r *http.Request, c store.Class) {
	d, err := s.dashboard(r.Context(), c)
	if err != nil {
		s.internal(w, "progress", err)
		return
	}
	writeTagged(w, r, d)
}

// export answers GET /api/classes/{code}/export.csv.
func (s *Service) export(w http.ResponseWriter, r *http.Request, c store.Class) {
	d, err := s.dashboard(r.Context(), c)
	if err != nil {
		s.internal(w, "export", err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"classe-%s.csv\"", c.Code))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if err := WriteCSV(w, d); err != nil {
		s.log.Warn("classes: export interrupted", "err", err)
	}
}

// done answers a control with the class as it is now.
func (s *Service) done(w http.ResponseWriter, r *http.Request, c store.Class, op string, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		fail(w, http.StatusNotFound, api.CodeNotFound, "no such level or pupil in this class")
		return
	case errors.Is(err, store.ErrPseudonymTaken):
		fail(w, http.StatusConflict, api.CodeNameTaken, "another pupil of the class has this pseudonym")
		return
	case err != nil:
		s.internal(w, op, err)
		return
	}
	s.changed(c.Code)
	err = s.call(r.Context(), func(ctx context.Context) (err error) {
		c, err = s.store.ClassByCode(ctx, c.Code)
		return err
	})
	if err != nil {
		s.internal(w, op, err)
		return
	}
	s.class(w, r, c)
}

// pause answers POST .../pause.
func (s *Service) pause(w http.ResponseWriter, r *http.Request, c store.Class) {
	var in api.PauseClass
	if !decode(w, r, &in) {
		return
	}
	if err := store.CheckPauseMessage(in.Message); err != nil {
		fail(w, http.StatusBadRequest, api.CodeBadRequest, "message must be at most %d bytes", store.MaxClassMessage)
		return
	}
	s.done(w, r, c, "pause", s.call(r.Context(), func(ctx context.Context) error {
		return s.store.PauseClass(ctx, c.ID, true, in.Message)
	}))
}

// resume answers POST .../resume.
func (s *Service) resume(w http.ResponseWriter, r *http.Request, c store.Class) {
	s.done(w, r, c, "resume", s.call(r.Context(), func(ctx context.Context) error {
		return s.store.PauseClass(ctx, c.ID, false, "")
	}))
}

// end answers POST .../end: the class ends now and becomes read-only.
func (s *Service) end(w http.ResponseWriter, r *http.Request, c store.Class) {
	s.done(w, r, c, "end", s.call(r.Context(), func(ctx context.Context) error {
		return s.store.EndClass(ctx, c.ID, s.now())
	}))
}

// lock answers POST .../levels/{level}/lock and .../unlock.
func (s *Service) lock(w http.ResponseWriter, r *http.Request, c store.Class) {
	var locked bool
	switch r.PathValue("action") {
	case "lock":
		locked = true
	case "unlock":
	default:
		fail(w, http.StatusNotFound, api.CodeNotFound, "the action is lock or unlock")
		return
	}
	s.done(w, r, c, "lock", s.call(r.Context(), func(ctx context.Context) error {
		return s.store.LockLevel(ctx, c.ID, r.PathValue("level"), locked)
	}))
}

// pupilID reads the {pupil} path value.
func pupilID(w http.ResponseWriter, r *http.Request) (store.PupilID, bool) {
	id, err := strconv.ParseInt(r.PathValue("pupil"), 10, 64)
	if err != nil || id <= 0 {
		fail(w, http.StatusNotFound, api.CodeNotFound, "a pupil is named by their id in the progress")
		return 0, false
	}
	return store.PupilID(id), true
}

// rename answers PATCH .../pupils/{pupil}.
func (s *Service) rename(w http.ResponseWriter, r *http.Request, c store.Class) {
	id, ok := pupilID(w, r)
	if !ok {
		return
	}
	var in api.RenamePupil
	if !decode(w, r, &in) {
		return
	}
	if err := store.CheckPseudonym(in.Pseudonym); err != nil {
		fail(w, http.StatusBadRequest, api.CodeBadRequest, "%v", err)
		return
	}
	s.done(w, r, c, "rename", s.call(r.Context(), func(ctx context.Context) error {
		return s.store.RenamePupil(ctx, c.ID, id, in.Pseudonym)
	}))
}

// remove answers DELETE .../pupils/{pupil}: the pupil and all their data.
func (s *Service) remove(w http.ResponseWriter, r *http.Request, c store.Class) {
	id, ok := pupilID(w, r)
	if !ok {
		return
	}
	s.done(w, r, c, "remove", s.call(r.Context(), func(ctx context.Context) error {
		return s.store.RemovePupil(ctx, c.ID, id)
	}))
}

// pupils answers GET .../pupils: the pseudonyms of a live class, for a
// pupil rejoining (no key: the code is enough). Limited per address, so
// that nobody walks the codes to collect names.
func (s *Service) pupils(w http.ResponseWriter, r *http.Request) {
	if ok, retry := s.joins.Take("list "+hub.AddrKey(r.RemoteAddr), s.limits.PupilListsPerMinute, time.Minute); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int((retry+time.Second-1)/time.Second))))
		fail(w, http.StatusTooManyRequests, api.CodeRateLimited, "too many pupil lists asked from this address; retry later")
		return
	}
	code := strings.ToUpper(r.PathValue("code"))
	var c store.Class
	err := store.CheckClassCode(code)
	if err == nil {
		err = s.call(r.Context(), func(ctx context.Context) (err error) {
			c, err = s.store.ClassByCode(ctx, code)
			return err
		})
	}
	switch {
	case err == nil:
	case errors.Is(err, store.ErrNotFound), store.CheckClassCode(code) != nil:
		fail(w, http.StatusNotFound, api.CodeNotFound, "no class has this code (or it was deleted after it ended)")
		return
	default:
		s.internal(w, "pupils", err)
		return
	}
	if !c.Live(s.now()) {
		fail(w, http.StatusGone, api.CodeClassEnded, "the class has ended")
		return
	}
	var p store.Progress
	err = s.call(r.Context(), func(ctx context.Context) (err error) {
		p, err = s.store.ClassProgress(ctx, c.ID)
		return err
	})
	if err != nil {
		s.internal(w, "pupils", err)
		return
	}
	out := api.ClassPupils{Code: c.Code, Pupils: make([]string, 0, len(p.Pupils))}
	for _, pp := range p.Pupils {
		out.Pupils = append(out.Pupils, pp.Pupil.Pseudonym)
	}
	writeJSON(w, http.StatusOK, out)
}
