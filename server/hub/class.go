package hub

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/pseudonym"
	"github.com/communs-arcade/arcade/server/store"
)

// Classroom workshops on the WebSocket: a connection joins a class (Join),
// and its player's verified runs of the class's levels then feed the
// pupil's progress (see submit). The teacher changes a class over HTTP
// (server/classes), possibly on another instance: the hub learns of it by
// reading each class that has pupils connected here from the store every
// Limits.ClassPoll (one indexed read per class, whatever its pupils), and
// at once when the change was made on this instance (ClassChanged wakes
// the poll). Nothing about a class lives only in this process: a second
// instance polls the same store.

// PictureHash is what the store keeps of a pupil's secret picture: the
// HMAC-SHA256 of the picture's cell (animal, colour) keyed by the class
// code, so the same picture hashes differently in every class. The grid
// has 96 cells, so the hash hides little from whoever holds the database
// and the code; what protects a pupil is the wrong-picture rate limit.
func PictureHash(code string, animal, color uint8) [32]byte {
	m := hmac.New(sha256.New, []byte(code))
	m.Write([]byte("communs-arcade picture v1\n"))
	m.Write([]byte{animal, color})
	var out [32]byte
	m.Sum(out[:0])
	return out
}

// classView is what the hub keeps of a class with pupils connected here,
// as last read from the store.
type classView struct {
	id     store.ClassID
	code   string
	levels []string
	locked []string
	paused bool
	msg    string
	endsAt time.Time
	ended  bool
}

func viewOf(c store.Class, now time.Time) classView {
	return classView{id: c.ID, code: c.Code, levels: c.Levels, locked: c.Locked, paused: c.Paused,
		msg: c.Message, endsAt: c.EndsAt, ended: !c.Live(now)}
}

// same reports whether a pupil would see no change from v to w.
func (v classView) same(w classView) bool {
	return v.paused == w.paused && v.msg == w.msg && v.ended == w.ended && slices.Equal(v.locked, w.locked)
}

// room is a class with pupils connected to this hub, and their
// connections; guarded by Hub.mu.
type room struct {
	view  classView
	conns map[*conn]struct{}
}

// membership is a connection's place in a class; guarded by Hub.mu.
type membership struct {
	room  *room
	pupil store.PupilID
}

// pupilRun is what a submission needs to know of its connection's class,
// read when the submission is accepted.
type pupilRun struct {
	class classView
	pupil store.PupilID
}

// pupilOf returns c's class and pupil, or nil when c joined none.
func (h *Hub) pupilOf(c *conn) *pupilRun {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c.class.room == nil {
		return nil
	}
	return &pupilRun{class: c.class.room.view, pupil: c.class.pupil}
}

func (c *conn) handleJoin(id uint32, m *protocol.Join) {
	h := c.hub
	if ok, retry := h.joins.Take("addr "+c.addr, h.limits.JoinsPerMinute, time.Minute); !ok {
		c.replyErr(id, protocol.Errorf(protocol.CodeRateLimited, "too many join attempts from this address; retry in %d s", seconds(retry)))
		return
	}
	if store.CheckClassCode(m.Code) != nil {
		c.replyErr(id, protocol.Errorf(protocol.CodeUnknownClass, "no class with this code"))
		return
	}
	var cl store.Class
	err := h.storeCall("class_by_code", func(ctx context.Context) (err error) {
		cl, err = h.store.ClassByCode(ctx, m.Code)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		c.replyErr(id, protocol.Errorf(protocol.CodeUnknownClass, "no class with this code"))
		return
	case err != nil:
		h.log.Error("join: storage failed", "err", err)
		c.replyErr(id, err)
		return
	}
	now := time.Now()
	if !cl.Live(now) {
		c.replyErr(id, protocol.Errorf(protocol.CodeClassEnded, "this class has ended"))
		return
	}
	pic := PictureHash(cl.Code, m.Animal, m.Color)
	var p store.Pupil
	if m.New {
		p, err = h.newPupil(c, cl, m.Pseudonym, pic, now)
	} else {
		p, err = h.rejoin(c, cl, m.Pseudonym, pic)
	}
	if err != nil {
		c.replyErr(id, err)
		return
	}
	h.enterClass(c, viewOf(cl, now), p.ID)
	c.reply(id, &protocol.Joined{
		Code: cl.Code, Name: cl.Name, Levels: cl.Levels, Locked: cl.Locked, Paused: cl.Paused,
		Message: cl.Message, Pseudonym: p.Pseudonym, EndsAt: cl.EndsAt.Unix(),
	})
}

// newPupil adds a pupil to a class, played by c's player.
func (h *Hub) newPupil(c *conn, cl store.Class, name string, pic [32]byte, now time.Time) (store.Pupil, error) {
	if err := pseudonym.CheckProtocol(name); err != nil {
		return store.Pupil{}, err
	}
	var p store.Pupil
	err := h.storeCall("join_class", func(ctx context.Context) (err error) {
		p, err = h.store.JoinClass(ctx, store.Pupil{Class: cl.ID, Pseudonym: name, PictureHash: pic,
			Player: c.player, JoinedAt: now}, h.limits.MaxPupils)
		return err
	})
	switch {
	case errors.Is(err, store.ErrPseudonymTaken):
		return p, protocol.Errorf(protocol.CodeTaken, "another pupil of the class has the pseudonym %q", name)
	case errors.Is(err, store.ErrClassFull):
		return p, protocol.Errorf(protocol.CodeClassFull, "the class has %d pupils, the most it may have", h.limits.MaxPupils)
	case err != nil:
		h.log.Error("join: storage failed", "err", err)
	}
	return p, err
}

// rejoin finds a pupil by pseudonym and picture, and makes c's player
// play as them. Wrong pictures are counted per class and pseudonym; once
// they are used up, every attempt is refused, the right picture too.
func (h *Hub) rejoin(c *conn, cl store.Class, name string, pic [32]byte) (store.Pupil, error) {
	key := fmt.Sprintf("pic %d %s", cl.ID, pseudonym.Key(name))
	per := h.limits.WrongPicturesEvery
	if ok, retry := h.pictures.Peek(key, h.limits.WrongPictures, per); !ok {
		return store.Pupil{}, protocol.Errorf(protocol.CodeRateLimited, "too many wrong pictures for this pupil; retry in %d s", seconds(retry))
	}
	var p store.Pupil
	err := h.storeCall("pupil_by_pseudonym", func(ctx context.Context) (err error) {
		p, err = h.store.PupilByPseudonym(ctx, cl.ID, name)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return p, protocol.Errorf(protocol.CodeUnknownPupil, "no pupil of the class has the pseudonym %q", name)
	case err != nil:
		h.log.Error("join: storage failed", "err", err)
		return p, err
	}
	if !hmac.Equal(pic[:], p.PictureHash[:]) {
		h.pictures.Take(key, h.limits.WrongPictures, per)
		return store.Pupil{}, protocol.Errorf(protocol.CodeWrongPicture, "this is not the pupil's picture")
	}
	if p.Player != c.player {
		err = h.storeCall("set_pupil_player", func(ctx context.Context) error {
			return h.store.SetPupilPlayer(ctx, cl.ID, p.ID, c.player)
		})
		if err != nil {
			h.log.Error("join: storage failed", "err", err)
			return store.Pupil{}, err
		}
	}
	return p, nil
}

// seconds rounds a wait up to whole seconds, at least 1.
func seconds(d time.Duration) int64 { return max(1, int64((d+time.Second-1)/time.Second)) }

// enterClass puts c in a class, leaving the one it was in, and starts the
// poll of classes if it is not running.
func (h *Hub) enterClass(c *conn, v classView, pupil store.PupilID) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, open := h.conns[c]; !open {
		return
	}
	h.leaveLocked(c)
	r := h.rooms[v.id]
	if r == nil {
		r = &room{view: v, conns: map[*conn]struct{}{}}
		h.rooms[v.id] = r
	}
	r.conns[c] = struct{}{}
	c.class = membership{room: r, pupil: pupil}
	if !h.polling && !h.stopping {
		h.polling = true
		go h.pollClasses()
	}
}

// leaveLocked takes c out of its class; h.mu must be held.
func (h *Hub) leaveLocked(c *conn) {
	r := c.class.room
	if r == nil {
		return
	}
	delete(r.conns, c)
	if len(r.conns) == 0 && h.rooms[r.view.id] == r {
		delete(h.rooms, r.view.id)
	}
	c.class = membership{}
}

func (c *conn) handleLeave(id uint32, m *protocol.Leave) {
	h := c.hub
	h.mu.Lock()
	var class store.ClassID
	var pupil store.PupilID
	if r := c.class.room; r != nil {
		class, pupil = r.view.id, c.class.pupil
	}
	h.leaveLocked(c)
	h.mu.Unlock()
	if m.Forget && pupil != 0 {
		// The pupil's own "delete my data": as the teacher's removal.
		err := h.storeCall("remove_pupil", func(ctx context.Context) error {
			return h.store.RemovePupil(ctx, class, pupil)
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			h.log.Error("leave: storage failed", "err", err)
			c.replyErr(id, err)
			return
		}
	}
	c.reply(id, &protocol.OK{})
}

// handleStart notes that the connection's pupil opened a level of their
// class, for the teacher's dashboard ("playing"). Outside a class, for a
// level locked or not the class's, or a class ended, nothing is noted.
func (c *conn) handleStart(id uint32, m *protocol.Start) {
	h := c.hub
	p := h.pupilOf(c)
	if p == nil {
		c.replyErr(id, protocol.Errorf(protocol.CodeInvalid, "join a class first"))
		return
	}
	now := time.Now()
	if !slices.Contains(p.class.levels, m.Level) {
		c.replyErr(id, protocol.Errorf(protocol.CodeUnknownLevel, "level %q is not one of the class's", m.Level))
		return
	}
	if slices.Contains(p.class.locked, m.Level) || !now.Before(p.class.endsAt) {
		c.reply(id, &protocol.OK{})
		return
	}
	err := h.storeCall("start_level", func(ctx context.Context) error {
		return h.store.StartLevel(ctx, p.class.id, p.pupil, m.Level, now)
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) { // removed meanwhile
		h.log.Error("start: storage failed", "err", err)
		c.replyErr(id, err)
		return
	}
	c.reply(id, &protocol.OK{})
}

// ClassChanged tells the hub that a teacher changed the class with this
// code on this instance: the classes with pupils here are read again now,
// rather than at the next poll. Other instances learn of it by their poll.
func (h *Hub) ClassChanged(code string) {
	select {
	case h.classWake <- struct{}{}:
	default: // a poll is due already
	}
}

// pollClasses reads every class with pupils connected here, every
// Limits.ClassPoll or when woken, and pushes what changed to their
// pupils. It ends when no class has pupils here, or the hub stops.
func (h *Hub) pollClasses() {
	t := time.NewTicker(h.limits.ClassPoll)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-h.classWake:
		case <-h.quit:
		}
		h.mu.Lock()
		if len(h.rooms) == 0 || h.stopping {
			h.polling = false
			h.mu.Unlock()
			return
		}
		views := make([]classView, 0, len(h.rooms))
		for _, r := range h.rooms {
			views = append(views, r.view)
		}
		h.mu.Unlock()
		for _, v := range views {
			h.pollClass(v)
		}
	}
}

// pollClass reads one class and pushes a change to its pupils here. A
// class deleted meanwhile (expired, or gone) counts as ended.
func (h *Hub) pollClass(old classView) {
	var cl store.Class
	err := h.storeCall("class_by_code", func(ctx context.Context) (err error) {
		cl, err = h.store.ClassByCode(ctx, old.code)
		return err
	})
	now := time.Now()
	v := old
	switch {
	case errors.Is(err, store.ErrNotFound):
		v.ended = true
	case err != nil:
		h.log.Error("class poll: storage failed", "err", err)
		return
	default:
		v = viewOf(cl, now)
	}
	h.mu.Lock()
	r := h.rooms[old.id]
	if r == nil {
		h.mu.Unlock()
		return
	}
	changed := !r.view.same(v)
	r.view = v
	var conns []*conn
	if changed {
		conns = make([]*conn, 0, len(r.conns))
		for c := range r.conns {
			conns = append(conns, c)
		}
	}
	if v.ended {
		for _, c := range conns {
			h.leaveLocked(c)
		}
	}
	h.mu.Unlock()
	if !changed {
		return
	}
	o := encode(h, 0, &protocol.ClassState{Code: v.code, Locked: v.locked, Paused: v.paused, Message: v.msg, Ended: v.ended})
	for _, c := range conns {
		c.send(o)
	}
}

// recordClassRun counts a verified run for the pupil's class, unless the
// level is not the class's, is locked, or the class ended. It reports
// whether the run counted; an error only for a storage failure.
func (h *Hub) recordClassRun(p *pupilRun, level string, won bool, score int64, answers []store.QuizAnswer) (bool, error) {
	now := time.Now()
	if !slices.Contains(p.class.levels, level) || slices.Contains(p.class.locked, level) || !now.Before(p.class.endsAt) {
		return false, nil
	}
	err := h.storeCall("record_class_run", func(ctx context.Context) error {
		return h.store.RecordClassRun(ctx, store.ClassRun{Class: p.class.id, Pupil: p.pupil, Level: level,
			Won: won, Score: score, Answers: answers, At: now})
	})
	if errors.Is(err, store.ErrNotFound) {
		// The teacher removed the pupil (or the level) meanwhile.
		return false, nil
	}
	if err != nil {
		h.log.Error("class run: storage failed", "err", err)
		return false, err
	}
	return true, nil
}
