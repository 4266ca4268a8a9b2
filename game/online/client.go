package online

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/communs-arcade/arcade/server/protocol"
)

// Status is the state of the connection, as the game shows it.
type Status int

const (
	// Off: no server configured, or the client is closed.
	Off Status = iota
	// Connecting: dialling, or waiting for the server's welcome.
	Connecting
	// Online: welcomed; requests go through.
	Online
	// Offline: the server cannot be reached; the client tries again later.
	Offline
	// Outdated: the server speaks another protocol version; the client has
	// given up until the game is updated.
	Outdated
)

func (s Status) String() string {
	switch s {
	case Off:
		return "off"
	case Connecting:
		return "connecting"
	case Online:
		return "online"
	case Offline:
		return "offline"
	case Outdated:
		return "outdated"
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// CodeOffline is the client's own error code for a request that could not
// be sent, or whose reply was lost, because the connection is down. The
// server never sends it.
const CodeOffline protocol.Code = "offline"

// Config configures a Client.
type Config struct {
	// URL is the server's WebSocket endpoint, e.g. ws://localhost:8080/ws.
	URL string
	// Token is the player's secret, protocol.TokenSize bytes.
	Token []byte
	// Pseudonym names the player if the server does not know the token yet.
	Pseudonym string
	// Name is the client's name and version for the server's logs.
	Name string
	// Transport opens connections; nil is DefaultTransport().
	Transport Transport
	// MinDelay and MaxDelay bound the wait before reconnecting, which
	// doubles after each failed attempt (default 1 s to 1 min). A run the
	// server asked to resend later (busy, rate_limited) waits as long.
	MinDelay, MaxDelay time.Duration
	// HelloTimeout is how long the server has to answer hello (default 20 s).
	HelloTimeout time.Duration
	// MaxRuns bounds the runs kept for sending (default 50): the oldest
	// not in flight is forgotten first.
	MaxRuns int
}

// Events a Client delivers through Poll.
type (
	// StatusChanged reports that the connection's status changed.
	StatusChanged struct{ Status Status }
	// Welcomed reports that the server accepted hello. The welcome holds the
	// player's pseudonym as the server knows it and every shared pot total.
	Welcomed struct{ Welcome protocol.Welcome }
	// HelloRefused reports that the server refused the pseudonym of a new
	// player (bad_pseudonym or taken). The client waits for SetHelloPseudonym.
	HelloRefused struct {
		Code    protocol.Code
		Message string
	}
	// Submitted reports that the server verified and stored run Run.
	Submitted struct {
		Run   string
		Reply protocol.Submitted
	}
	// SubmitFailed reports that the server did not store run Run. When Final,
	// the run is dropped (refused, invalid…); otherwise it is sent again
	// later.
	SubmitFailed struct {
		Run     string
		Code    protocol.Code
		Message string
		Final   bool
	}
	// Renamed answers SetPseudonym.
	Renamed struct {
		Request   uint32
		Pseudonym string
	}
	// RenameFailed answers SetPseudonym with an error (taken,
	// bad_pseudonym, rate_limited, offline…).
	RenameFailed struct {
		Request uint32
		Code    protocol.Code
		Message string
	}
	// BoardReceived answers GetBoard, and Watch (the top 10).
	BoardReceived struct {
		Request uint32
		Board   protocol.Board
	}
	// BoardFailed answers GetBoard or Watch with an error.
	BoardFailed struct {
		Request uint32
		Level   string
		Kind    protocol.BoardKind
		Code    protocol.Code
		Message string
	}
	// RecordPushed reports that a watched level's top 10 changed.
	RecordPushed struct{ Record protocol.Record }
	// PotPushed reports that a shared pot's world total changed.
	PotPushed struct{ Pot protocol.Pot }
	// Joined reports that the server made the connection a pupil of a class:
	// the answer to Join (Request is its id), or a rejoin the client made on
	// its own after a reconnection (Request is then another id).
	Joined struct {
		Request uint32
		Joined  protocol.Joined
	}
	// JoinFailed reports that the server refused Join, or the rejoin after a
	// reconnection. The client is then in no class.
	JoinFailed struct {
		Request uint32
		Code    protocol.Code
		Message string
	}
	// ClassChanged reports that the teacher changed the class (a class_state
	// push). After Ended the client is in no class.
	ClassChanged struct{ State protocol.ClassState }
	// Left answers Leave: Code is "" when the server did it, else why not
	// (CodeOffline when the connection was down).
	Left struct {
		Request uint32
		Forget  bool
		Code    protocol.Code
		Message string
	}
	// ServerError is an error the server sent outside any request, such as
	// shutdown.
	ServerError struct {
		Code    protocol.Code
		Message string
	}
)

// Event is one of the event types above.
type Event any

// maxEvents bounds the events waiting for Poll, should the game stop
// polling: the oldest are dropped.
const maxEvents = 1024

// Client is a connection to the score server, kept open in the background.
// Its methods never block on the network and are safe to call from the
// game loop.
type Client struct {
	cfg    Config
	cancel context.CancelFunc
	done   chan struct{}
	wake   chan struct{} // capacity 1: work for the connection loop
	retry  chan struct{} // capacity 1: reconnect now
	notify chan struct{} // capacity 1: events to poll

	mu          sync.Mutex
	status      Status
	pseudonym   string // for the next hello
	helloFailed bool   // the last hello's pseudonym was refused
	runs        []*run
	watches     []string
	queue       []request
	nextID      uint32
	// class is the join the client makes on every connection before it
	// sends runs (nil: no class); classGen counts its changes, classReq
	// is the game's request id for the first one (0 once answered).
	class    *protocol.Join
	classGen int
	classReq uint32
	// start is the class level opened last (sent once the class is
	// joined); startGen counts the openings.
	start    string
	startGen int
	events   []Event
}

// run is a finished run waiting for the server's verdict.
type run struct {
	id      string
	replay  []byte
	public  bool   // also on the public board (a pupil's choice)
	sent    uint32 // request id on the current connection; 0 = not sent
	retryAt time.Time
	tries   int
}

// request is a request queued for the connection loop.
type request struct {
	id  uint32
	msg protocol.Message
}

// New starts a client connecting to cfg.URL; Close stops it.
func New(cfg Config) (*Client, error) {
	if len(cfg.Token) != protocol.TokenSize {
		return nil, fmt.Errorf("online: token of %d bytes, want %d", len(cfg.Token), protocol.TokenSize)
	}
	if cfg.URL == "" {
		return nil, errors.New("online: no server URL")
	}
	if cfg.Transport == nil {
		cfg.Transport = DefaultTransport()
	}
	if cfg.MinDelay <= 0 {
		cfg.MinDelay = time.Second
	}
	if cfg.MaxDelay < cfg.MinDelay {
		cfg.MaxDelay = max(cfg.MinDelay, time.Minute)
	}
	if cfg.HelloTimeout <= 0 {
		cfg.HelloTimeout = 20 * time.Second
	}
	if cfg.MaxRuns <= 0 {
		cfg.MaxRuns = 50
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{
		cfg: cfg, cancel: cancel, done: make(chan struct{}),
		wake: make(chan struct{}, 1), retry: make(chan struct{}, 1), notify: make(chan struct{}, 1),
		status: Connecting, pseudonym: cfg.Pseudonym,
	}
	go c.loop(ctx)
	return c, nil
}

// Close stops the client and waits for its goroutines to end.
func (c *Client) Close() {
	c.cancel()
	<-c.done
}

// Status is the connection's status now.
func (c *Client) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// Pending is the number of runs not yet stored by the server.
func (c *Client) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.runs)
}

// Poll returns the events since the last call, oldest first.
func (c *Client) Poll() []Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	ev := c.events
	c.events = nil
	return ev
}

// Notify is signalled when events are waiting for Poll (tests wait on it).
func (c *Client) Notify() <-chan struct{} { return c.notify }

// Retry reconnects now if the client is waiting to reconnect.
func (c *Client) Retry() { signal(c.retry) }

// SetHelloPseudonym changes the pseudonym the next hello offers for a new
// player, and reconnects if the last one was refused.
func (c *Client) SetHelloPseudonym(p string) {
	c.mu.Lock()
	c.pseudonym = p
	failed := c.helloFailed
	c.helloFailed = false
	c.mu.Unlock()
	if failed {
		signal(c.retry)
	}
}

// Submit queues a finished run (its engine/replay record) for the server.
// id is the client's own id for the run: a run already queued under that id
// is not queued twice, and the server counts a resent run once. The run is
// sent at once when online, else after the next hello, until the server
// answers Submitted or SubmitFailed with Final.
func (c *Client) Submit(id string, replay []byte) { c.SubmitRun(id, replay, false) }

// SubmitRun is Submit with the submit's pub flag: a pupil's run goes to
// their class, and also to the public board when public. Outside a class
// the server puts every run on the public board.
func (c *Client) SubmitRun(id string, replay []byte, public bool) {
	c.mu.Lock()
	for _, r := range c.runs {
		if r.id == id {
			c.mu.Unlock()
			return
		}
	}
	c.runs = append(c.runs, &run{id: id, replay: replay, public: public})
	for len(c.runs) > c.cfg.MaxRuns {
		i := 0
		for i < len(c.runs)-1 && c.runs[i].sent != 0 {
			i++
		}
		c.runs = append(c.runs[:i], c.runs[i+1:]...)
	}
	c.mu.Unlock()
	signal(c.wake)
}

// SetPseudonym asks the server to rename the player; the answer is Renamed
// or RenameFailed with the returned request id.
func (c *Client) SetPseudonym(p string) uint32 {
	return c.send(&protocol.SetPseudonym{Pseudonym: p}, func(id uint32, code protocol.Code) Event {
		return RenameFailed{Request: id, Code: code, Message: "not connected"}
	})
}

// GetBoard asks for part of a leaderboard; the answer is BoardReceived or
// BoardFailed with the returned request id.
func (c *Client) GetBoard(q protocol.GetBoard) uint32 {
	return c.send(&q, func(id uint32, code protocol.Code) Event {
		return BoardFailed{Request: id, Level: q.Level, Kind: q.Kind, Code: code, Message: "not connected"}
	})
}

// Watch subscribes to a level's top 10: a BoardReceived now (or after the
// next hello when offline), then RecordPushed whenever it changes. The
// watch is renewed after every reconnection until Unwatch.
func (c *Client) Watch(level string) {
	c.mu.Lock()
	for _, l := range c.watches {
		if l == level {
			c.mu.Unlock()
			return
		}
	}
	c.watches = append(c.watches, level)
	c.mu.Unlock()
	signal(c.wake)
}

// Unwatch ends a Watch.
func (c *Client) Unwatch(level string) {
	c.mu.Lock()
	for i, l := range c.watches {
		if l == level {
			c.watches = append(c.watches[:i], c.watches[i+1:]...)
			break
		}
	}
	c.mu.Unlock()
	signal(c.wake)
}

// Join makes the client a pupil of a class: the join is sent now when
// online, else after the next hello, and again after every reconnection
// (as a rejoin, with the pseudonym the server answered) until Leave or a
// refusal. Runs wait for the join's answer, so that they count for the
// class. The answer is Joined or JoinFailed with the returned id.
func (c *Client) Join(j protocol.Join) uint32 {
	c.mu.Lock()
	id := c.newIDLocked()
	c.class, c.classReq = &j, id
	c.classGen++
	c.mu.Unlock()
	signal(c.wake)
	return id
}

// Leave ends the client's class: no rejoin after reconnections. The
// server is told now when online (with forget, it deletes the pupil and
// their progress); the answer is Left with the returned id, CodeOffline
// when the connection is down.
func (c *Client) Leave(forget bool) uint32 {
	c.mu.Lock()
	c.class, c.classReq = nil, 0
	c.classGen++
	c.start = ""
	c.mu.Unlock()
	return c.send(&protocol.Leave{Forget: forget}, func(id uint32, code protocol.Code) Event {
		return Left{Request: id, Forget: forget, Code: code, Message: "not connected"}
	})
}

// Start tells the class's teacher that the pupil opened a level (their
// dashboard shows it being played). It is sent once the class is joined,
// and only the last level opened: nothing is answered to the game.
func (c *Client) Start(level string) {
	c.mu.Lock()
	c.start = level
	c.startGen++
	c.mu.Unlock()
	signal(c.wake)
}

// InClass reports whether the client keeps a class (joined or to join).
func (c *Client) InClass() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.class != nil
}

// send queues a request if online, or delivers the failure offline at once.
func (c *Client) send(m protocol.Message, fail func(uint32, protocol.Code) Event) uint32 {
	c.mu.Lock()
	id := c.newIDLocked()
	if c.status != Online {
		c.pushLocked(fail(id, CodeOffline))
		c.mu.Unlock()
		return id
	}
	c.queue = append(c.queue, request{id: id, msg: m})
	c.mu.Unlock()
	signal(c.wake)
	return id
}

func (c *Client) newIDLocked() uint32 {
	c.nextID++
	if c.nextID == 0 {
		c.nextID = 1
	}
	return c.nextID
}

func (c *Client) push(ev Event) {
	c.mu.Lock()
	c.pushLocked(ev)
	c.mu.Unlock()
}

func (c *Client) pushLocked(ev Event) {
	if len(c.events) >= maxEvents {
		c.events = c.events[1:]
	}
	c.events = append(c.events, ev)
	signal(c.notify)
}

func (c *Client) setStatus(s Status) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.status == s {
		return
	}
	c.status = s
	c.pushLocked(StatusChanged{Status: s})
}

// signal wakes whoever waits on ch without ever blocking.
func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// NewToken returns a new secret token: protocol.TokenSize random bytes from
// the system's secure source.
func NewToken() ([]byte, error) {
	b := make([]byte, protocol.TokenSize)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("online: token: %w", err)
	}
	return b, nil
}

// NewRunID returns a random id for a run (Submit's id): 16 hex digits.
func NewRunID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported systems
	return hex.EncodeToString(b)
}
