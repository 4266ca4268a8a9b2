package community

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/server/hub"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/server/protocol/pseudonym"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/verify"
)

// publishSlack is what a publish body may hold besides its two files:
// multipart headers and boundaries.
const publishSlack = 16 << 10

// loadPackage loads a package held in memory.
func loadPackage(data []byte, name string) (*level.Level, error) {
	return level.LoadZip(bytes.NewReader(data), int64(len(data)), name)
}

// upload is what a publish request carries.
type upload struct {
	pkg, clear []byte
	name       string // the package's file name as sent
}

// readUpload reads the multipart body of a publish: a "package" part (the
// .arcade file) and a "clear" part (the author's winning replay), each
// within its limit. It answers and returns nil on any problem.
func readUpload(w http.ResponseWriter, r *http.Request) *upload {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest,
			Message: "publish with a multipart/form-data body: a \"package\" file and a \"clear\" file (see docs/api.md)"})
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, level.MaxArchiveSize+api.MaxClearBytes+publishSlack)
	mr, err := r.MultipartReader()
	if err != nil {
		fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Message: "unreadable multipart body: " + err.Error()})
		return nil
	}
	up := &upload{}
	tooLarge := func(rule, what string, limit int) *upload {
		fail(w, http.StatusRequestEntityTooLarge, &api.Error{Code: api.CodeTooLarge, Rule: rule,
			Message: fmt.Sprintf("the %s is larger than %d bytes, the most allowed", what, limit)})
		return nil
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge("package_size", "request", int(mbe.Limit))
		}
		if err != nil {
			fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Message: "unreadable multipart body: " + err.Error()})
			return nil
		}
		var dst *[]byte
		var limit int
		var rule, what string
		switch part.FormName() {
		case "package":
			dst, limit, rule, what = &up.pkg, level.MaxArchiveSize, "package_size", "package"
			up.name = part.FileName()
		case "clear":
			dst, limit, rule, what = &up.clear, api.MaxClearBytes, "clear_size", "clear replay"
		default:
			fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest,
				Message: fmt.Sprintf("unexpected part %.40q: send \"package\" and \"clear\"", part.FormName())})
			return nil
		}
		if *dst != nil {
			fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Message: fmt.Sprintf("%s sent twice", what)})
			return nil
		}
		data, err := io.ReadAll(io.LimitReader(part, int64(limit)+1))
		if errors.As(err, &mbe) || len(data) > limit {
			return tooLarge(rule, what, limit)
		}
		if err != nil {
			fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Message: "unreadable multipart body: " + err.Error()})
			return nil
		}
		*dst = data
	}
	switch {
	case up.pkg == nil:
		fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Message: "no \"package\" part: send the .arcade file"})
		return nil
	case up.clear == nil:
		fail(w, http.StatusBadRequest, &api.Error{Code: api.CodeBadRequest, Rule: "clear_missing",
			Message: "no \"clear\" part: send a replay of your own winning run of this package"})
		return nil
	}
	return up
}

// publish answers POST /api/levels.
func (s *Service) publish(w http.ResponseWriter, r *http.Request) {
	tok, e := bearer(r)
	if e == nil && tok == nil {
		e = &api.Error{Code: api.CodeUnauthorized, Message: "publishing needs your token (Authorization: Bearer <token>)"}
	}
	if e != nil {
		fail(w, http.StatusUnauthorized, e)
		return
	}
	tokenHash := sha256.Sum256(tok)
	addr := hub.AddrKey(r.RemoteAddr)
	for _, l := range []struct {
		key     string
		perHour int
	}{{"t" + string(tokenHash[:]), s.limits.PublishesPerHour}, {"a" + addr, s.limits.PublishesPerAddress}} {
		if ok, retry := s.publishes.Take(l.key, l.perHour, time.Hour); !ok {
			retryAfter(w, retry)
			fail(w, http.StatusTooManyRequests, &api.Error{Code: api.CodeRateLimited, Rule: "publish_rate",
				Message: fmt.Sprintf("too many uploads in the last hour (at most %d); retry in %d minutes", l.perHour, int(retry.Minutes())+1)})
			return
		}
	}
	up := readUpload(w, r)
	if up == nil {
		return
	}
	name := up.name
	if name == "" || len(name) > 128 {
		name = "package" + level.Ext
	}
	lvl, err := loadPackage(up.pkg, name)
	if err != nil {
		ps := level.Problems(err)
		apiErr := &api.Error{Code: api.CodeInvalid, Rule: level.RuleRead,
			Message: "the package breaks the rules below; fix them and pack it again with `arcade pack`"}
		for _, p := range ps {
			apiErr.Problems = append(apiErr.Problems, api.Problem{File: p.File, Line: p.Line, Message: p.Msg})
		}
		if len(ps) > 0 {
			apiErr.Rule = ps[0].Rule
		}
		if apiErr.Rule == level.RulePackageSize {
			fail(w, http.StatusRequestEntityTooLarge, apiErr)
			return
		}
		fail(w, http.StatusUnprocessableEntity, apiErr)
		return
	}
	if !lvl.Sealed() {
		fail(w, http.StatusUnprocessableEntity, &api.Error{Code: api.CodeInvalid, Rule: "not_packed",
			Message: "this package was not written by `arcade pack` (or the studio): pack the level folder with `arcade pack`"})
		return
	}
	m := &lvl.Manifest
	if _, builtin := s.ranked.Lookup(m.ID); builtin {
		fail(w, http.StatusForbidden, &api.Error{Code: api.CodeReserved, Rule: "reserved_id",
			Message: fmt.Sprintf("%q is the id of a built-in level: choose another id in level.toml (e.g. %q)", m.ID, m.ID+"-remix")})
		return
	}
	p, ok := s.publisher(w, r, tokenHash, m.Author)
	if !ok {
		return
	}
	if !s.mayPublish(w, r, p, m) {
		return
	}
	class, ok := s.publishClass(w, r, p, m.ID)
	if !ok {
		return
	}
	// The package is stored before its clear is verified: the workers read
	// it from the folder. A refused package stays there unlisted (its name
	// is its content, so storing it again writes nothing).
	if _, err := s.packages.Put(lvl); err != nil {
		s.internal(w, "store package", err)
		return
	}
	res, canonical, inputs, ok := s.verifyClear(w, p, addr, lvl, up.clear)
	if !ok {
		return
	}
	v := store.Version{
		Level: m.ID, Version: m.Version, Hash: lvl.ContentHash(), Size: int64(len(up.pkg)),
		Owner: p.ID, Author: m.Author,
		Title:   store.Text{FR: m.Title.FR, EN: m.Title.EN},
		Summary: store.Text{FR: m.Summary.FR, EN: m.Summary.EN},
		Tags:    slices.Clone(m.Tags), Languages: lvl.Languages(),
		RemixOf: m.RemixOf, MaxTicks: lvl.MaxTicks(), Pot: m.Pot,
		ClearScore: res.Score, ClearTicks: res.Ticks, At: s.now(), Class: class,
	}
	if stored, err := s.packages.Get(v.Hash); err == nil {
		v.Size = int64(len(stored))
	}
	_, v.Cover = lvl.Cover()
	if m.RemixOf != "" {
		v.RemixAuthor = s.remixAuthor(r.Context(), m.RemixOf)
	}
	err = s.call(r.Context(), func(ctx context.Context) error { return s.store.PublishVersion(ctx, v) })
	if err != nil {
		s.answerPublishErr(w, m, err)
		return
	}
	s.forget(m.ID)
	out := api.Published{
		ID: m.ID, Version: m.Version, URL: absolute(r, api.LinkPrefix+m.ID), Class: class,
		Clear: api.Best{Score: res.Score, Ticks: res.Ticks},
	}
	if class != "" {
		// A pupil's clear stays off the boards, as their class runs do
		// (docs/privacy.md): the level's board starts empty once approved.
		s.log.Info("community: published in a class", "level", m.ID, "version", m.Version)
		writeJSON(w, http.StatusCreated, out)
		return
	}
	// The clear is the board's first run.
	var added store.Added
	err = s.call(r.Context(), func(ctx context.Context) (err error) {
		added, err = s.store.AddRun(ctx, store.Run{
			Board: v.Board(), Player: p.ID, Score: res.Score, Ticks: res.Ticks, Won: res.Won,
			StateHash: res.StateHash, Replay: canonical, Inputs: inputs, Pot: res.Pot, At: s.now(),
		})
		return err
	})
	if err != nil {
		// Listed already: a clear not on the board is no reason to fail.
		s.log.Warn("community: storing the clear as a run", "level", m.ID, "err", err)
	}
	s.log.Info("community: published", "level", m.ID, "version", m.Version)
	out.Clear.Rank = added.Best.Rank
	writeJSON(w, http.StatusCreated, out)
}

// publishClass is the class a player publishes a new level into: a player
// who is a pupil of a live class publishes into it (the latest joined when
// several), "" otherwise. A new version of a level keeps the level's state
// whoever publishes it, so only a new id is placed in a class.
func (s *Service) publishClass(w http.ResponseWriter, r *http.Request, p store.Player, id string) (string, bool) {
	var pupils []store.Pupil
	var class string
	err := s.call(r.Context(), func(ctx context.Context) error {
		if _, err := s.store.OwnerOf(ctx, id); err == nil || !errors.Is(err, store.ErrNotFound) {
			return err // published already (or failed)
		}
		var err error
		if pupils, err = s.store.PupilsOfPlayer(ctx, p.ID); err != nil {
			return err
		}
		now, latest := s.now(), time.Time{}
		for _, pu := range pupils {
			c, err := s.store.ClassByID(ctx, pu.Class)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if c.Live(now) && !pu.JoinedAt.Before(latest) {
				class, latest = c.Code, pu.JoinedAt
			}
		}
		return nil
	})
	if err != nil {
		s.internal(w, "publish", err)
		return "", false
	}
	return class, true
}

// classMember tells whether the request's token is a pupil's of the class
// with this code (ended or not, until it is deleted).
func (s *Service) classMember(r *http.Request, code string) bool {
	tok, e := bearer(r)
	if e != nil || tok == nil || code == "" {
		return false
	}
	member := false
	err := s.call(r.Context(), func(ctx context.Context) error {
		p, err := s.store.PlayerByToken(ctx, sha256.Sum256(tok))
		if err != nil {
			return err
		}
		c, err := s.store.ClassByCode(ctx, code)
		if err != nil {
			return err
		}
		pupils, err := s.store.PupilsOfPlayer(ctx, p.ID)
		member = slices.ContainsFunc(pupils, func(pu store.Pupil) bool { return pu.Class == c.ID })
		return err
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Warn("community: class membership", "err", err)
	}
	return member
}

// absolute makes a path absolute on the request's own host.
func absolute(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// publisher returns the player of a publishing token, creating one named
// after the package's author for a token that never played here. It
// refuses banned players.
func (s *Service) publisher(w http.ResponseWriter, r *http.Request, tokenHash [32]byte, author string) (store.Player, bool) {
	var p store.Player
	err := s.call(r.Context(), func(ctx context.Context) (err error) {
		p, err = s.store.PlayerByToken(ctx, tokenHash)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		p, err = s.newPlayer(r.Context(), tokenHash, author)
		if err != nil {
			var pe *protocol.Error
			if errors.As(err, &pe) {
				fail(w, http.StatusUnprocessableEntity, &api.Error{Code: api.CodeInvalid, Rule: "author",
					Message: "this token has no pseudonym yet and the level's author cannot be one: " + pe.Message +
						"; change author in level.toml, or play once online to choose a pseudonym"})
				return p, false
			}
		}
	}
	if err != nil {
		s.internal(w, "player", err)
		return p, false
	}
	var banned bool
	err = s.call(r.Context(), func(ctx context.Context) (err error) {
		banned, err = s.store.Banned(ctx, p.ID)
		return err
	})
	if err != nil {
		s.internal(w, "player", err)
		return p, false
	}
	if banned {
		fail(w, http.StatusForbidden, &api.Error{Code: api.CodeBanned, Rule: "banned",
			Message: "a moderator stopped uploads from this token (see docs/moderation.md)"})
		return p, false
	}
	return p, true
}

// newPlayer creates the player of a token that publishes before it ever
// played online, named after the author: as is when the name is free, else
// with a number.
func (s *Service) newPlayer(ctx context.Context, tokenHash [32]byte, author string) (store.Player, error) {
	if err := pseudonym.CheckProtocol(author); err != nil {
		return store.Player{}, err
	}
	var p store.Player
	for i := 1; i <= 20; i++ {
		name := author
		if i > 1 {
			name = author + " " + strconv.Itoa(i)
			if pseudonym.CheckFormProtocol(name) != nil {
				break
			}
		}
		err := s.call(ctx, func(ctx context.Context) (err error) {
			p, err = s.store.CreatePlayer(ctx, tokenHash, name)
			return err
		})
		if !errors.Is(err, store.ErrPseudonymTaken) {
			return p, err
		}
	}
	return p, protocol.Errorf(protocol.CodeTaken, "the pseudonym %q is taken", author)
}

// mayPublish refuses early, before any verification, what the store would
// refuse: an id owned by another player, a version not above the last.
func (s *Service) mayPublish(w http.ResponseWriter, r *http.Request, p store.Player, m *level.Manifest) bool {
	var owner store.PlayerID
	var vs []store.Version
	err := s.call(r.Context(), func(ctx context.Context) (err error) {
		owner, err = s.store.OwnerOf(ctx, m.ID)
		if err != nil {
			return err
		}
		vs, err = s.store.LevelVersions(ctx, m.ID)
		if errors.Is(err, store.ErrNotFound) { // a deleted level: its versions are gone
			err = nil
		}
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return true
	case err != nil:
		s.internal(w, "publish", err)
		return false
	case owner != p.ID:
		s.answerPublishErr(w, m, store.ErrNotOwner)
		return false
	case len(vs) > 0 && vs[len(vs)-1].Version >= m.Version:
		s.answerPublishErr(w, m, fmt.Errorf("%w: %d", store.ErrNotNewer, vs[len(vs)-1].Version))
		return false
	}
	return true
}

// answerPublishErr answers the store's refusals of a version.
func (s *Service) answerPublishErr(w http.ResponseWriter, m *level.Manifest, err error) {
	switch {
	case errors.Is(err, store.ErrNotOwner):
		fail(w, http.StatusForbidden, &api.Error{Code: api.CodeNotOwner, Rule: "owner",
			Message: fmt.Sprintf("the id %q belongs to another author: choose another id in level.toml", m.ID)})
	case errors.Is(err, store.ErrNotNewer):
		fail(w, http.StatusConflict, &api.Error{Code: api.CodeNotNewer, Rule: "version",
			Message: fmt.Sprintf("version %d of %q is not newer than the published one: raise version in level.toml", m.Version, m.ID)})
	case errors.Is(err, store.ErrSameContent):
		fail(w, http.StatusConflict, &api.Error{Code: api.CodeSameContent, Rule: "same_content",
			Message: fmt.Sprintf("this content of %q is already published: change the level before publishing it again", m.ID)})
	case errors.Is(err, store.ErrBanned):
		fail(w, http.StatusForbidden, &api.Error{Code: api.CodeBanned, Rule: "banned",
			Message: "a moderator stopped uploads from this token (see docs/moderation.md)"})
	default:
		s.internal(w, "publish", err)
	}
}

// verifyClear checks that the clear is a winning, ranked run of exactly
// this package, played by the verifier. It answers and returns ok false
// when it is not.
func (s *Service) verifyClear(w http.ResponseWriter, p store.Player, addr string, lvl *level.Level, data []byte) (verify.Result, []byte, [32]byte, bool) {
	var res verify.Result
	var inputs [32]byte
	refuse := func(rule, msg string) (verify.Result, []byte, [32]byte, bool) {
		fail(w, http.StatusUnprocessableEntity, &api.Error{Code: api.CodeClearRefused, Rule: rule, Message: msg})
		return res, nil, inputs, false
	}
	hash := lvl.ContentHash()
	rec, err := verify.Admit(data, func(id string, _ []byte) (verify.Board, error) {
		if id != lvl.Manifest.ID {
			return verify.Board{}, verify.ErrNoLevel
		}
		return verify.Board{Hash: hash, MaxTicks: lvl.MaxTicks()}, nil
	})
	var ref *verify.Refusal
	if errors.As(err, &ref) {
		switch ref.Reason {
		case verify.ReasonUnknownLevel, verify.ReasonLevelChanged:
			return refuse("clear_other_package", "the clear replay was recorded on another level or another version of it: "+
				"record a winning run of this exact package (`arcade sim DIR --inputs FILE --record CLEAR.replay`, after your last change)")
		}
		return refuse(string(ref.Reason), "the clear replay is refused: "+ref.Detail)
	}
	if err != nil {
		return refuse("clear_malformed", "the clear replay cannot be read: "+err.Error())
	}
	c, err := replay.Canonical(rec)
	var canonical []byte
	if err == nil {
		canonical, err = replay.Encode(c)
	}
	if err == nil {
		inputs, err = c.InputsHash()
	}
	if err != nil {
		return refuse("clear_malformed", "the clear replay cannot be read: "+err.Error())
	}
	res, err = s.verifier.Verify(context.Background(), verify.Job{
		Replay: canonical, Player: strconv.FormatInt(int64(p.ID), 10), Addr: addr,
	})
	var busy *verify.Busy
	switch {
	case errors.As(err, &ref):
		return refuse(string(ref.Reason), "the clear replay is refused: "+ref.Detail)
	case errors.As(err, &busy):
		w.Header().Set("Retry-After", "30")
		fail(w, http.StatusServiceUnavailable, &api.Error{Code: api.CodeBusy, Message: busy.Message()})
		return res, nil, inputs, false
	case errors.Is(err, verify.ErrQueueFull):
		w.Header().Set("Retry-After", "30")
		fail(w, http.StatusServiceUnavailable, &api.Error{Code: api.CodeBusy, Message: "verification queue full; retry in a minute"})
		return res, nil, inputs, false
	case err != nil:
		s.internal(w, "verify clear", err)
		return res, nil, inputs, false
	case res.LevelHash != hash:
		s.internal(w, "verify clear", fmt.Errorf("verified %s %x, not the package", res.Level, res.LevelHash[:8]))
		return res, nil, inputs, false
	case !res.Won:
		return refuse("clear_not_won", fmt.Sprintf("the clear replay does not win the level (it ends after %d ticks with %d points): "+
			"send a run that wins, so that players know it can be won", res.Ticks, res.Score))
	}
	return res, canonical, inputs, true
}

// remixAuthor is the author of the level a remix names, "" when unknown.
func (s *Service) remixAuthor(ctx context.Context, ref string) string {
	id, n, ok := levelRef(ref)
	if !ok {
		return ""
	}
	if l, builtin := s.ranked.Lookup(id); builtin {
		return l.Author
	}
	var vs []store.Version
	err := s.call(ctx, func(ctx context.Context) (err error) {
		vs, err = s.store.LevelVersions(ctx, id)
		return err
	})
	if err != nil {
		return ""
	}
	if i := indexVersion(vs, n); i >= 0 {
		return vs[i].Author
	}
	return ""
}
