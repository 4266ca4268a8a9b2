//go:build !js

// Package onlinetest is a small score server in memory for the game's
// tests: it speaks protocol version 1 (docs/protocol.md) over a real
// WebSocket on httptest, trusts the score a run claims instead of
// replaying it, and lets a test take it down, cut connections, refuse runs
// and push pots. It is not the real server (the game imports nothing of
// server/ but server/protocol).
package onlinetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"

	"github.com/gorilla/websocket"

	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/pseudonym"
)

// Server is the fake score server. Its fields set before the first
// connection change its behaviour; its methods are safe for concurrent use.
type Server struct {
	// URL is the WebSocket endpoint, ws://127.0.0.1:PORT/ws.
	URL string
	// Engine is what welcome names as the engine version.
	Engine string

	http *httptest.Server

	mu      sync.Mutex
	down    bool
	players []*player
	entries []*entry
	runs    []string // "player/client id" of every stored run
	got     []string // client ids of every submit received, resends included
	conns   []*conn
	pots    []protocol.Pot
	// refuse, when set, answers a submit with this error instead.
	refuse *protocol.Error
	// cutAfterStore closes the connection after storing the next run,
	// before answering: the client never sees the reply.
	cutAfterStore bool
	taken         []string
	classes       []*class
	// changed is signalled when a pupil joins, leaves or opens a level.
	changed chan struct{}
}

// class is a classroom workshop's class on the fake server.
type class struct {
	state  protocol.ClassState
	name   string
	levels []string
	pupils []*pupil
}

// pupil is a pupil of a class.
type pupil struct {
	name          string
	animal, color uint8
	started       []string // levels opened (start), in order
	runs, public  int      // runs counted for the class; of them, public
}

type player struct {
	hash      [32]byte
	pseudonym string
}

type entry struct {
	level string
	who   *player
	score int64
	ticks uint32
	seq   int
}

type conn struct {
	srv     *Server
	ws      *websocket.Conn
	wmu     sync.Mutex
	who     *player
	watches []string
	class   *class
	pupil   *pupil
}

// New starts a fake server; Close stops it.
func New() *Server {
	s := &Server{Engine: "0.1.0", changed: make(chan struct{}, 1)}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", s.serveWS)
	mux.HandleFunc("GET /api/classes/{code}/pupils", s.servePupils)
	s.http = httptest.NewServer(mux)
	s.URL = "ws" + strings.TrimPrefix(s.http.URL, "http") + "/ws"
	return s
}

// Close stops the server and closes every connection.
func (s *Server) Close() {
	s.Cut()
	s.http.Close()
}

// SetDown takes the server down (connections cut, new ones refused with
// HTTP 503) or brings it back.
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	s.down = down
	s.mu.Unlock()
	if down {
		s.Cut()
	}
}

// Cut closes every open connection, as a network failure would.
func (s *Server) Cut() {
	s.mu.Lock()
	conns := s.conns
	s.conns = nil
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
}

// Refuse makes the next submits fail with code (and message m); an empty
// code accepts them again.
func (s *Server) Refuse(code protocol.Code, m string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = nil
	if code != "" {
		s.refuse = &protocol.Error{Code: code, Message: m}
	}
}

// CutAfterStore makes the server store the next run and then cut the
// connection without answering.
func (s *Server) CutAfterStore() {
	s.mu.Lock()
	s.cutAfterStore = true
	s.mu.Unlock()
}

// Take reserves a pseudonym for someone else.
func (s *Server) Take(p string) {
	s.mu.Lock()
	s.taken = append(s.taken, pseudonym.Key(p))
	s.mu.Unlock()
}

// Received lists the client ids of every submit received, resends included.
func (s *Server) Received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.got)
}

// Stored counts the runs stored (each client id once).
func (s *Server) Stored() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.runs)
}

// Connections counts the open connections that said hello.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.conns {
		if c.who != nil {
			n++
		}
	}
	return n
}

// Pseudonym is the pseudonym of the player with this token, or "".
func (s *Server) Pseudonym(token []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.playerLocked(token); p != nil {
		return p.pseudonym
	}
	return ""
}

// AddEntry puts another player's run on a level's board, and pushes the
// new top to the clients watching it.
func (s *Server) AddEntry(level, pseudonym string, score int64, ticks uint32) {
	s.mu.Lock()
	p := &player{pseudonym: pseudonym}
	s.players = append(s.players, p)
	s.entries = append(s.entries, &entry{level: level, who: p, score: score, ticks: ticks, seq: len(s.entries)})
	s.mu.Unlock()
	s.pushRecord(level)
}

// SetPot sets a shared pot's total and pushes it to every client.
func (s *Server) SetPot(level string, total int64) {
	s.mu.Lock()
	s.setPotLocked(level, total)
	conns := slices.Clone(s.conns)
	s.mu.Unlock()
	for _, c := range conns {
		if c.who != nil {
			c.write(0, &protocol.Pot{Level: level, Total: total})
		}
	}
}

func (s *Server) setPotLocked(level string, total int64) {
	for i := range s.pots {
		if s.pots[i].Level == level {
			s.pots[i].Total = total
			return
		}
	}
	s.pots = append(s.pots, protocol.Pot{Level: level, Total: total})
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	down := s.down
	s.mu.Unlock()
	if down {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(protocol.MaxMessage)
	c := &conn{srv: s, ws: ws}
	s.mu.Lock()
	s.conns = append(s.conns, c)
	s.mu.Unlock()
	defer func() {
		ws.Close()
		s.mu.Lock()
		if i := slices.Index(s.conns, c); i >= 0 {
			s.conns = append(s.conns[:i], s.conns[i+1:]...)
		}
		s.mu.Unlock()
	}()
	for {
		kind, frame, err := ws.ReadMessage()
		if err != nil {
			return
		}
		if kind != websocket.BinaryMessage {
			c.write(0, protocol.Errorf(protocol.CodeMalformed, "text frame"))
			continue
		}
		env, m, err := protocol.Decode(frame)
		if err != nil {
			c.write(env.ID, protocol.Errorf(protocol.CodeOf(err), "%v", err))
			continue
		}
		if !c.serve(env.ID, m) {
			return
		}
	}
}

func (c *conn) write(id uint32, m protocol.Message) {
	b, err := protocol.Encode(nil, id, m)
	if err != nil {
		panic(err)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.WriteMessage(websocket.BinaryMessage, b)
}

// serve answers one request; false closes the connection.
func (c *conn) serve(id uint32, m protocol.Message) bool {
	s := c.srv
	if h, ok := m.(*protocol.Hello); ok {
		if c.who != nil {
			c.write(id, protocol.Errorf(protocol.CodeNoHello, "second hello"))
			return true
		}
		if h.Version != protocol.Version {
			c.write(id, protocol.Errorf(protocol.CodeVersion, "this server speaks version %d", protocol.Version))
			return false
		}
		s.mu.Lock()
		p := s.playerLocked(h.Token)
		if p == nil {
			if err := pseudonym.CheckProtocol(h.Pseudonym); err != nil {
				s.mu.Unlock()
				c.write(id, protocol.Errorf(protocol.CodeBadPseudonym, "%v", err))
				return true
			}
			if s.takenLocked(h.Pseudonym, nil) {
				s.mu.Unlock()
				c.write(id, protocol.Errorf(protocol.CodeTaken, "taken"))
				return true
			}
			p = &player{hash: sha256.Sum256(h.Token), pseudonym: h.Pseudonym}
			s.players = append(s.players, p)
		}
		c.who = p
		w := &protocol.Welcome{Version: protocol.Version, Pseudonym: p.pseudonym, Engine: s.Engine, MaxMessage: protocol.MaxMessage, Pots: slices.Clone(s.pots)}
		s.mu.Unlock()
		c.write(id, w)
		return true
	}
	if c.who == nil {
		c.write(id, protocol.Errorf(protocol.CodeNoHello, "hello first"))
		return true
	}
	switch m := m.(type) {
	case *protocol.SetPseudonym:
		if err := pseudonym.CheckProtocol(m.Pseudonym); err != nil {
			c.write(id, err.(*protocol.Error)) // as the real server: the blocklist is checked here
			return true
		}
		s.mu.Lock()
		if s.takenLocked(m.Pseudonym, c.who) {
			s.mu.Unlock()
			c.write(id, protocol.Errorf(protocol.CodeTaken, "taken"))
			return true
		}
		c.who.pseudonym = m.Pseudonym
		s.mu.Unlock()
		c.write(id, &protocol.Renamed{Pseudonym: m.Pseudonym})
	case *protocol.Submit:
		return c.submit(id, m)
	case *protocol.Join:
		c.join(id, m)
	case *protocol.Leave:
		s.mu.Lock()
		if m.Forget && c.class != nil {
			c.class.pupils = slices.DeleteFunc(c.class.pupils, func(p *pupil) bool { return p == c.pupil })
		}
		c.class, c.pupil = nil, nil
		s.mu.Unlock()
		s.signal()
		c.write(id, &protocol.OK{})
	case *protocol.Start:
		s.mu.Lock()
		if c.pupil == nil {
			s.mu.Unlock()
			c.write(id, protocol.Errorf(protocol.CodeInvalid, "join a class first"))
			return true
		}
		c.pupil.started = append(c.pupil.started, m.Level)
		s.mu.Unlock()
		s.signal()
		c.write(id, &protocol.OK{})
	case *protocol.GetBoard:
		s.mu.Lock()
		b, err := s.boardLocked(c.who, m.Level, m.Kind, m.Offset, m.Limit)
		s.mu.Unlock()
		if err != nil {
			c.write(id, err)
		} else {
			c.write(id, b)
		}
	case *protocol.Watch:
		s.mu.Lock()
		if !slices.Contains(c.watches, m.Level) {
			c.watches = append(c.watches, m.Level)
		}
		b, _ := s.boardLocked(c.who, m.Level, protocol.BoardTop, 0, 10)
		s.mu.Unlock()
		c.write(id, b)
	case *protocol.Unwatch:
		s.mu.Lock()
		if i := slices.Index(c.watches, m.Level); i >= 0 {
			c.watches = append(c.watches[:i], c.watches[i+1:]...)
		}
		s.mu.Unlock()
		c.write(id, &protocol.OK{})
	default:
		c.write(id, protocol.Errorf(protocol.CodeUnknownType, "not from a client"))
	}
	return true
}

func (c *conn) submit(id uint32, m *protocol.Submit) bool {
	s := c.srv
	s.mu.Lock()
	s.got = append(s.got, m.Client)
	if s.refuse != nil {
		e := *s.refuse
		s.mu.Unlock()
		c.write(id, &e)
		return true
	}
	rec, err := replay.Decode(m.Replay)
	if err != nil {
		s.mu.Unlock()
		c.write(id, protocol.Errorf(protocol.CodeRefused, "malformed: %v", err))
		return true
	}
	key := fmt.Sprintf("%p/%s", c.who, m.Client)
	dup := slices.Contains(s.runs, key)
	newBest := false
	if !dup {
		s.runs = append(s.runs, key)
		var mine *entry
		for _, e := range s.entries {
			if e.level == rec.LevelID && e.who == c.who {
				mine = e
			}
		}
		r := rec.Result
		if mine == nil {
			s.entries = append(s.entries, &entry{level: rec.LevelID, who: c.who, score: r.Score, ticks: r.Ticks, seq: len(s.entries)})
			newBest = true
		} else if r.Score > mine.score || r.Score == mine.score && r.Ticks < mine.ticks {
			mine.score, mine.ticks, mine.seq = r.Score, r.Ticks, len(s.entries)
			newBest = true
		}
		for _, p := range s.pots {
			if p.Level == rec.LevelID {
				s.setPotLocked(p.Level, p.Total+r.Score)
			}
		}
	}
	reply := &protocol.Submitted{
		Level: rec.LevelID, Hash: rec.LevelHash, Score: rec.Result.Score, Ticks: rec.Result.Ticks,
		Won: rec.Result.Outcome == sim.Won, NewBest: newBest, Duplicate: dup, Public: true,
	}
	if c.pupil != nil && slices.Contains(c.class.levels, rec.LevelID) && !slices.Contains(c.class.state.Locked, rec.LevelID) {
		// The fake stores every run; a pupil's is marked as the real
		// server answers it (class, public only when asked).
		reply.Class, reply.Public = true, m.Public
		if !dup {
			c.pupil.runs++
			if m.Public {
				c.pupil.public++
			}
		}
	}
	if reply.Public {
		around, _ := s.boardLocked(c.who, rec.LevelID, protocol.BoardAround, 0, protocol.MaxAround)
		reply.Around, reply.Total = around.Entries, around.Total
		if around.Me != nil {
			reply.Best = *around.Me
		}
	}
	for _, p := range s.pots {
		if p.Level == rec.LevelID {
			reply.Pot = p.Total
		}
	}
	cut := s.cutAfterStore && !dup
	if cut {
		s.cutAfterStore = false
	}
	s.mu.Unlock()
	if cut {
		return false
	}
	c.write(id, reply)
	if !dup {
		s.pushRecord(rec.LevelID)
	}
	return true
}

func (s *Server) pushRecord(level string) {
	s.mu.Lock()
	var to []*conn
	for _, c := range s.conns {
		if slices.Contains(c.watches, level) {
			to = append(to, c)
		}
	}
	s.mu.Unlock()
	for _, c := range to {
		s.mu.Lock()
		b, _ := s.boardLocked(c.who, level, protocol.BoardTop, 0, 10)
		s.mu.Unlock()
		c.write(0, &protocol.Record{Level: level, Hash: b.Hash, Total: b.Total, Top: b.Entries})
	}
}

func (s *Server) playerLocked(token []byte) *player {
	h := sha256.Sum256(token)
	for _, p := range s.players {
		if bytes.Equal(p.hash[:], h[:]) {
			return p
		}
	}
	return nil
}

func (s *Server) takenLocked(name string, me *player) bool {
	key := pseudonym.Key(name)
	if slices.Contains(s.taken, key) {
		return true
	}
	for _, p := range s.players {
		if p != me && pseudonym.Key(p.pseudonym) == key {
			return true
		}
	}
	return false
}

// boardLocked ranks a level's entries: higher score, then fewer ticks,
// then who got there first.
func (s *Server) boardLocked(me *player, level string, kind protocol.BoardKind, offset, limit uint32) (*protocol.Board, *protocol.Error) {
	var es []*entry
	for _, e := range s.entries {
		if e.level == level {
			es = append(es, e)
		}
	}
	slices.SortStableFunc(es, func(a, b *entry) int {
		switch {
		case a.score != b.score:
			if a.score > b.score {
				return -1
			}
			return 1
		case a.ticks != b.ticks:
			return int(a.ticks) - int(b.ticks)
		}
		return a.seq - b.seq
	})
	line := func(i int) protocol.Entry {
		e := es[i]
		return protocol.Entry{Rank: uint32(i + 1), Pseudonym: e.who.pseudonym, Score: e.score, Ticks: e.ticks, Me: e.who == me}
	}
	b := &protocol.Board{Level: level, Kind: kind, Total: uint32(len(es))}
	mine := -1
	for i, e := range es {
		if e.who == me {
			mine = i
			me := line(i)
			b.Me = &me
		}
	}
	switch kind {
	case protocol.BoardTop:
		for i := int(offset); i < len(es) && i < int(offset+limit); i++ {
			b.Entries = append(b.Entries, line(i))
		}
	case protocol.BoardAround:
		if mine < 0 {
			return b, protocol.Errorf(protocol.CodeNotRanked, "no run on this board")
		}
		for i := max(0, mine-int(limit)); i < len(es) && i <= mine+int(limit); i++ {
			b.Entries = append(b.Entries, line(i))
		}
	}
	return b, nil
}

// Changed is signalled when a pupil joins, leaves or opens a level: tests
// wait on it rather than on time.
func (s *Server) Changed() <-chan struct{} { return s.changed }

func (s *Server) signal() {
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// AddClass opens a class with this code, name and levels.
func (s *Server) AddClass(code, name string, levels ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.classes = append(s.classes, &class{state: protocol.ClassState{Code: code}, name: name, levels: levels})
}

// SetClass changes a class as its teacher would (pause with a message,
// locked levels, end) and pushes class_state to its pupils connected.
func (s *Server) SetClass(code string, paused bool, message string, locked []string, ended bool) {
	s.mu.Lock()
	cl := s.classLocked(code)
	cl.state = protocol.ClassState{Code: code, Paused: paused, Message: message, Locked: slices.Clone(locked), Ended: ended}
	st := cl.state
	var to []*conn
	for _, c := range s.conns {
		if c.class == cl {
			to = append(to, c)
			if ended {
				c.class, c.pupil = nil, nil
			}
		}
	}
	s.mu.Unlock()
	for _, c := range to {
		c.write(0, &st)
	}
}

// Pupils lists the pseudonyms of a class's pupils, in the order they
// joined.
func (s *Server) Pupils(code string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, p := range s.classLocked(code).pupils {
		out = append(out, p.name)
	}
	return out
}

// Pupil reports what the server knows of a pupil: the levels they opened,
// their runs counted for the class and, of them, the public ones.
func (s *Server) Pupil(code, name string) (started []string, runs, public int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.classLocked(code).pupils {
		if p.name == name {
			return slices.Clone(p.started), p.runs, p.public, true
		}
	}
	return nil, 0, 0, false
}

func (s *Server) classLocked(code string) *class {
	for _, cl := range s.classes {
		if cl.state.Code == code {
			return cl
		}
	}
	panic("onlinetest: no class " + code)
}

func (c *conn) join(id uint32, m *protocol.Join) {
	s := c.srv
	s.mu.Lock()
	var cl *class
	for _, k := range s.classes {
		if k.state.Code == m.Code {
			cl = k
		}
	}
	var p *pupil
	var err *protocol.Error
	switch {
	case cl == nil:
		err = protocol.Errorf(protocol.CodeUnknownClass, "no class with this code")
	case cl.state.Ended:
		err = protocol.Errorf(protocol.CodeClassEnded, "this class has ended")
	default:
		for _, q := range cl.pupils {
			if pseudonym.Key(q.name) == pseudonym.Key(m.Pseudonym) {
				p = q
			}
		}
		switch {
		case m.New && p != nil:
			err = protocol.Errorf(protocol.CodeTaken, "taken")
		case m.New:
			if e := pseudonym.CheckProtocol(m.Pseudonym); e != nil {
				err = e.(*protocol.Error)
				break
			}
			p = &pupil{name: m.Pseudonym, animal: m.Animal, color: m.Color}
			cl.pupils = append(cl.pupils, p)
		case p == nil:
			err = protocol.Errorf(protocol.CodeUnknownPupil, "no such pupil")
		case p.animal != m.Animal || p.color != m.Color:
			err = protocol.Errorf(protocol.CodeWrongPicture, "this is not the pupil's picture")
		}
	}
	if err != nil {
		s.mu.Unlock()
		c.write(id, err)
		return
	}
	c.class, c.pupil = cl, p
	defer s.signal()
	j := &protocol.Joined{Code: cl.state.Code, Name: cl.name, Levels: slices.Clone(cl.levels), Locked: slices.Clone(cl.state.Locked),
		Paused: cl.state.Paused, Message: cl.state.Message, Pseudonym: p.name, EndsAt: 1 << 40}
	s.mu.Unlock()
	c.write(id, j)
}

// servePupils answers GET /api/classes/{code}/pupils as the real server.
func (s *Server) servePupils(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	s.mu.Lock()
	var names []string
	found := false
	for _, cl := range s.classes {
		if cl.state.Code == code && !cl.state.Ended {
			found = true
			for _, p := range cl.pupils {
				names = append(names, p.name)
			}
		}
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if !found {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error": {"code": "not_found", "message": "no class has this code"}}`)
		return
	}
	b, _ := json.Marshal(map[string]any{"code": code, "pupils": append([]string{}, names...)})
	w.Write(b)
}
