package online

import (
	"context"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/communs-arcade/arcade/server/protocol"
)

// loop connects, runs a session until the connection is lost, waits, and
// connects again, until ctx is done.
func (c *Client) loop(ctx context.Context) {
	defer close(c.done)
	delay := c.cfg.MinDelay
	for {
		welcomed, stop := c.session(ctx)
		if ctx.Err() != nil {
			c.setStatus(Off)
			return
		}
		if welcomed {
			delay = c.cfg.MinDelay
		}
		c.mu.Lock()
		waitForRetry := c.helloFailed || stop
		c.mu.Unlock()
		if !stop {
			c.setStatus(Offline)
		}
		var timer <-chan time.Time
		if !waitForRetry {
			// Jitter spreads a classroom's reconnections after a restart.
			d := delay/2 + rand.N(delay/2+1)
			t := time.NewTimer(d)
			timer = t.C
			delay = min(2*delay, c.cfg.MaxDelay)
			select {
			case <-timer:
			case <-c.retry:
			case <-ctx.Done():
			}
			t.Stop()
		} else {
			select {
			case <-c.retry:
			case <-ctx.Done():
			}
		}
	}
}

// inbound is one frame or the error that ended reading.
type inbound struct {
	frame []byte
	err   error
}

// sent is what the session remembers of a request in flight.
type sent struct {
	msg protocol.Message
	run *run
}

// session dials, says hello and serves one connection until it is lost.
// welcomed reports whether the server said welcome; stop, that the client
// must not reconnect on its own (another protocol version).
func (c *Client) session(ctx context.Context) (welcomed, stop bool) {
	c.setStatus(Connecting)
	dctx, cancel := context.WithTimeout(ctx, c.cfg.HelloTimeout)
	conn, err := c.cfg.Transport.Dial(dctx, c.cfg.URL)
	cancel()
	if err != nil {
		return false, false
	}
	quit := make(chan struct{})
	frames := make(chan inbound, 16)
	go func() {
		for {
			b, err := conn.Read()
			select {
			case frames <- inbound{b, err}:
			case <-quit:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	s := &link{c: c, conn: conn, inflight: map[uint32]sent{}}
	defer func() {
		close(quit)
		conn.Close()
		s.lost()
	}()

	c.mu.Lock()
	s.helloID = c.newIDLocked()
	hello := &protocol.Hello{Version: protocol.Version, Token: c.cfg.Token, Pseudonym: c.pseudonym, Client: c.cfg.Name}
	c.mu.Unlock()
	if err := s.write(s.helloID, hello); err != nil {
		return false, false
	}
	helloTimer := time.NewTimer(c.cfg.HelloTimeout)
	defer helloTimer.Stop()
	retryTimer := time.NewTimer(time.Hour)
	retryTimer.Stop()
	defer retryTimer.Stop()
	for {
		if s.welcomed {
			if err := s.flush(retryTimer); err != nil {
				return true, false
			}
		}
		select {
		case <-ctx.Done():
			return s.welcomed, false
		case in := <-frames:
			if in.err != nil {
				return s.welcomed, false
			}
			if end, stop := s.handle(in.frame); end {
				return s.welcomed, stop
			}
			if s.welcomed {
				helloTimer.Stop()
			}
		case <-helloTimer.C:
			if !s.welcomed {
				return false, false
			}
		case <-retryTimer.C:
		case <-c.wake:
		}
	}
}

// link is one session's state, owned by the session's goroutine.
type link struct {
	c        *Client
	conn     Conn
	helloID  uint32
	welcomed bool
	inflight map[uint32]sent
	watched  []string // watches sent on this connection
	// classGen is the client's class sent on this connection;
	// classWait holds runs back until the join is answered.
	classGen  int
	classWait bool
	startGen  int
	buf       []byte
}

func (s *link) write(id uint32, m protocol.Message) error {
	var err error
	s.buf, err = protocol.Encode(s.buf[:0], id, m)
	if err != nil {
		return err
	}
	return s.conn.Write(s.buf)
}

// flush sends what the game queued: requests, runs not sent yet (or due
// again), watches not sent on this connection and unwatches of those that
// were. It arms retryTimer for the next run waiting to be resent.
func (s *link) flush(retryTimer *time.Timer) error {
	c := s.c
	var outs []request
	now := time.Now()
	var next time.Time
	c.mu.Lock()
	for _, r := range c.queue {
		outs = append(outs, r)
		s.inflight[r.id] = sent{msg: r.msg}
	}
	c.queue = nil
	if s.classGen != c.classGen {
		s.classGen = c.classGen
		if j := c.class; j != nil {
			id := c.classReq
			if id == 0 {
				id = c.newIDLocked()
			}
			m := *j
			outs = append(outs, request{id, &m})
			s.inflight[id] = sent{msg: &m}
			s.classWait = true
		}
	}
	if c.class != nil && !s.classWait && s.startGen != c.startGen && c.start != "" {
		s.startGen = c.startGen
		id := c.newIDLocked()
		m := &protocol.Start{Level: c.start}
		outs = append(outs, request{id, m})
		s.inflight[id] = sent{msg: m}
	}
	for _, r := range c.runs {
		if s.classWait {
			break // they count for the class once it is joined
		}
		if r.sent != 0 {
			continue
		}
		if r.retryAt.After(now) {
			if next.IsZero() || r.retryAt.Before(next) {
				next = r.retryAt
			}
			continue
		}
		r.sent = c.newIDLocked()
		m := &protocol.Submit{Replay: r.replay, Client: r.id, Public: r.public}
		outs = append(outs, request{r.sent, m})
		s.inflight[r.sent] = sent{msg: m, run: r}
	}
	for _, l := range c.watches {
		if !slices.Contains(s.watched, l) {
			s.watched = append(s.watched, l)
			id := c.newIDLocked()
			m := &protocol.Watch{Level: l}
			outs = append(outs, request{id, m})
			s.inflight[id] = sent{msg: m}
		}
	}
	for i := 0; i < len(s.watched); i++ {
		if l := s.watched[i]; !slices.Contains(c.watches, l) {
			s.watched = append(s.watched[:i], s.watched[i+1:]...)
			i--
			id := c.newIDLocked()
			m := &protocol.Unwatch{Level: l}
			outs = append(outs, request{id, m})
			s.inflight[id] = sent{msg: m}
		}
	}
	c.mu.Unlock()
	if !next.IsZero() {
		retryTimer.Reset(next.Sub(now))
	}
	for _, o := range outs {
		if err := s.write(o.id, o.msg); err != nil {
			return err
		}
	}
	return nil
}

// handle processes one frame from the server. end asks to close the
// connection; stop, not to reconnect on its own.
func (s *link) handle(frame []byte) (end, stop bool) {
	c := s.c
	env, m, err := protocol.Decode(frame)
	if env.ID == s.helloID && !s.welcomed {
		return s.handleHello(m, err)
	}
	if env.ID == 0 {
		switch m := m.(type) {
		case *protocol.Record:
			c.push(RecordPushed{Record: *m})
		case *protocol.Pot:
			c.push(PotPushed{Pot: *m})
		case *protocol.ClassState:
			if m.Ended {
				c.mu.Lock()
				c.class, c.classReq = nil, 0
				c.classGen++
				s.classGen = c.classGen // the server left the class itself
				c.mu.Unlock()
			}
			c.push(ClassChanged{State: *m})
		case *protocol.Error:
			c.push(ServerError{Code: m.Code, Message: m.Message})
			if m.Code == protocol.CodeShutdown {
				return true, false
			}
		}
		// Anything else unasked for, or unreadable, is skipped.
		return false, false
	}
	req, ok := s.inflight[env.ID]
	if !ok {
		return false, false
	}
	delete(s.inflight, env.ID)
	code, msg := protocol.Code(""), ""
	if err != nil {
		code, msg = protocol.CodeOf(err), err.Error()
	}
	if e, ok := m.(*protocol.Error); ok {
		code, msg = e.Code, e.Message
	}
	switch q := req.msg.(type) {
	case *protocol.Submit:
		s.answerSubmit(req.run, m, code, msg)
	case *protocol.SetPseudonym:
		if r, ok := m.(*protocol.Renamed); ok && code == "" {
			c.mu.Lock()
			c.pseudonym = r.Pseudonym
			c.mu.Unlock()
			c.push(Renamed{Request: env.ID, Pseudonym: r.Pseudonym})
			return false, false
		}
		c.push(RenameFailed{Request: env.ID, Code: orMalformed(code), Message: msg})
	case *protocol.GetBoard:
		s.answerBoard(env.ID, q.Level, q.Kind, m, code, msg)
	case *protocol.Join:
		s.answerJoin(env.ID, q, m, code, msg)
	case *protocol.Leave:
		c.push(Left{Request: env.ID, Forget: q.Forget, Code: code, Message: msg})
	case *protocol.Watch:
		s.answerBoard(env.ID, q.Level, protocol.BoardTop, m, code, msg)
		if code != "" {
			// A refused watch is not renewed.
			c.mu.Lock()
			if i := slices.Index(c.watches, q.Level); i >= 0 {
				c.watches = append(c.watches[:i], c.watches[i+1:]...)
			}
			c.mu.Unlock()
		}
	}
	return false, false
}

func orMalformed(code protocol.Code) protocol.Code {
	if code == "" {
		return protocol.CodeMalformed
	}
	return code
}

func (s *link) handleHello(m protocol.Message, err error) (end, stop bool) {
	c := s.c
	switch m := m.(type) {
	case *protocol.Welcome:
		if err != nil {
			return true, false
		}
		s.welcomed = true
		c.setStatus(Online)
		c.push(Welcomed{Welcome: *m})
		return false, false
	case *protocol.Error:
		switch m.Code {
		case protocol.CodeVersion:
			c.setStatus(Outdated)
			return true, true
		case protocol.CodeBadPseudonym, protocol.CodeTaken:
			c.mu.Lock()
			c.helloFailed = true
			c.mu.Unlock()
			c.push(HelloRefused{Code: m.Code, Message: m.Message})
		}
	}
	return true, false
}

// answerJoin applies the answer to a join sent on this connection. A
// join the game has replaced since (another Join, or Leave) is ignored.
func (s *link) answerJoin(id uint32, q *protocol.Join, m protocol.Message, code protocol.Code, msg string) {
	c := s.c
	c.mu.Lock()
	current := s.classGen == c.classGen && c.class != nil
	if current {
		s.classWait = false
		c.classReq = 0
	}
	j, ok := m.(*protocol.Joined)
	ok = ok && code == ""
	if current && ok {
		// Reconnections rejoin as the pupil the server knows.
		c.class.New, c.class.Pseudonym = false, j.Pseudonym
	} else if current {
		c.class = nil
		c.classGen++
		s.classGen = c.classGen
	}
	c.mu.Unlock()
	if !current {
		return
	}
	if ok {
		c.push(Joined{Request: id, Joined: *j})
		return
	}
	c.push(JoinFailed{Request: id, Code: orMalformed(code), Message: msg})
}

func (s *link) answerBoard(id uint32, level string, kind protocol.BoardKind, m protocol.Message, code protocol.Code, msg string) {
	if b, ok := m.(*protocol.Board); ok && code == "" {
		s.c.push(BoardReceived{Request: id, Board: *b})
		return
	}
	s.c.push(BoardFailed{Request: id, Level: level, Kind: kind, Code: orMalformed(code), Message: msg})
}

// finalCodes are the refusals after which sending the same run again is
// pointless.
var finalCodes = []protocol.Code{
	protocol.CodeRefused, protocol.CodeInvalid, protocol.CodeMalformed,
	protocol.CodeTooLarge, protocol.CodeUnknownLevel, protocol.CodeUnknownType,
}

// Final reports whether a submission refused with code will never be
// accepted (so the run can be forgotten).
func Final(code protocol.Code) bool { return slices.Contains(finalCodes, code) }

func (s *link) answerSubmit(r *run, m protocol.Message, code protocol.Code, msg string) {
	c := s.c
	reply, ok := m.(*protocol.Submitted)
	c.mu.Lock()
	if ok && code == "" || Final(code) {
		if i := slices.Index(c.runs, r); i >= 0 {
			c.runs = append(c.runs[:i], c.runs[i+1:]...)
		}
	} else {
		// busy, rate_limited, internal…: again after a growing delay.
		r.sent = 0
		r.tries++
		d := c.cfg.MinDelay << min(r.tries, 16)
		r.retryAt = time.Now().Add(min(d, c.cfg.MaxDelay))
	}
	c.mu.Unlock()
	if ok && code == "" {
		c.push(Submitted{Run: r.id, Reply: *reply})
		return
	}
	c.push(SubmitFailed{Run: r.id, Code: orMalformed(code), Message: msg, Final: Final(code)})
}

// lost ends a session: runs in flight go back to the queue, other requests
// in flight or queued fail with CodeOffline.
func (s *link) lost() {
	c := s.c
	ids := make([]uint32, 0, len(s.inflight))
	for id := range s.inflight {
		ids = append(ids, id)
	}
	slices.Sort(ids) // answer in the order they were asked
	c.mu.Lock()
	queued := c.queue
	c.queue = nil
	for _, r := range c.runs {
		r.sent = 0
	}
	c.mu.Unlock()
	fail := func(id uint32, m protocol.Message) {
		switch q := m.(type) {
		case *protocol.SetPseudonym:
			c.push(RenameFailed{Request: id, Code: CodeOffline, Message: "connection lost"})
		case *protocol.GetBoard:
			c.push(BoardFailed{Request: id, Level: q.Level, Kind: q.Kind, Code: CodeOffline, Message: "connection lost"})
		case *protocol.Leave:
			c.push(Left{Request: id, Forget: q.Forget, Code: CodeOffline, Message: "connection lost"})
		}
		// A join in flight is sent again on the next connection.
	}
	for _, id := range ids {
		fail(id, s.inflight[id].msg)
	}
	for _, r := range queued {
		fail(r.id, r.msg)
	}
}
