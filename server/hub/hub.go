// Package hub is the server's WebSocket endpoint: it upgrades /ws,
// speaks protocol version 1 (server/protocol, docs/protocol.md) with each
// client, verifies and stores submitted runs, answers leaderboard requests
// and pushes new records and shared pot totals to the clients that follow
// them.
//
// Each connection has one reader goroutine at a time (a fresh one waits
// for each next frame, on a small stack), which decodes frames and
// answers everything but submissions itself, in order. Submissions are
// verified and stored off the reader, a bounded number at a time, so a
// slow verification never stops a client's other requests. What the
// server sends goes through a bounded queue per connection, written by a
// goroutine that exists only while there is something to write (an idle
// connection costs one goroutine): a client that lets its queue fill up
// is dropped, never waited for.
//
// Limits against abuse live in memory only: a cap of connections in all
// (below the open files limit) and per address, a deadline for hello, a
// message rate per connection and a submission rate per player.
// Nothing identifies a player but the SHA-256 of their token, and nothing
// about a client is logged beyond what went wrong.
//
// # Use
//
// [New] makes a [Hub] from a [Config]: a store.Store, a verify.Verifier
// (in production a verify.Scheduler over a verify.Pool) and the ranked
// levels are required; [Limits] (default [DefaultLimits]) bound what one
// connection, address or player may cost. The Hub is an http.Handler to
// mount at /ws ([Hub.ServeHTTP]); [Hub.ClassChanged] has a class's state read
// again for the pupils connected here, and [Hub.Shutdown] tells every
// client the server is going and waits for the runs already accepted.
package hub

import (
	lru "github.com/hashicorp/golang-lru/v2"

	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/communs-arcade/arcade/server/metrics"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/ratelimit"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/verify"
)

// Limits tune the hub. Zero fields take the values of docs/protocol.md
// (see DefaultLimits).
type Limits struct {
	// MaxConns is how many connections the hub holds at once, in all;
	// more are refused with HTTP 503 before the upgrade, so that the
	// process keeps files for its database, its workers' pipes and plain
	// HTTP requests (/healthz). Zero takes MaxConnsFor the process's open
	// files limit.
	MaxConns int
	// MaxPerAddress is how many connections one address may hold (an
	// IPv6 address counts by its /64: see addrKey).
	MaxPerAddress int
	// HelloTimeout is how long a connection may stay open without a
	// session: one not welcomed by then is closed (CloseHelloTimeout).
	HelloTimeout time.Duration
	// MessageRate and MessageBurst limit the messages of one connection.
	MessageRate  rate.Limit
	MessageBurst int
	// SubmitRate and SubmitBurst limit the submissions of one player,
	// across all their connections.
	SubmitRate  rate.Limit
	SubmitBurst int
	// MaxVerifying is how many submissions may be verified or stored at
	// once, server-wide; more are answered busy.
	MaxVerifying int
	// Queue is how many messages may wait to be sent to one client before
	// it is dropped as too slow.
	Queue int
	// WriteTimeout is how long one write may block before the client is
	// dropped as too slow.
	WriteTimeout time.Duration
	// PingEvery is the time between pings; IdleTimeout how long a client
	// may stay silent (no message, no pong) before it is disconnected.
	PingEvery, IdleTimeout time.Duration
	// RecordEvery and PotEvery are the shortest times between two record
	// pushes for one level and two pot pushes for one level.
	RecordEvery, PotEvery time.Duration
	// MaxWatch is how many levels one connection may watch.
	MaxWatch int
	// StoreTimeout bounds each storage call.
	StoreTimeout time.Duration
	// NewPlayersPerHour is how many players one address may create an
	// hour, all at once if it likes.
	NewPlayersPerHour int
	// JoinsPerMinute is how many join attempts one address may make a
	// minute (a school's pupils share one address).
	JoinsPerMinute int
	// WrongPictures is how many wrong pictures a class's pseudonym may
	// be tried with every WrongPicturesEvery; once used up, every
	// rejoin as that pupil is refused until the bucket refills.
	WrongPictures      int
	WrongPicturesEvery time.Duration
	// MaxPupils caps the pupils of a class.
	MaxPupils int
	// ClassPoll is how often the classes with pupils connected are read
	// again, for the changes their teachers made (on any instance).
	ClassPoll time.Duration
}

// DefaultLimits are the limits docs/protocol.md promises.
// MaxConns depends on the machine: see MaxConnsFor.
var DefaultLimits = Limits{
	MaxPerAddress: 256,
	HelloTimeout:  10 * time.Second,
	MessageRate:   20,
	MessageBurst:  40,
	SubmitRate:    rate.Every(6 * time.Second), // 10 a minute
	SubmitBurst:   5,
	MaxVerifying:  32,
	Queue:         64,
	WriteTimeout:  10 * time.Second,
	PingEvery:     30 * time.Second,
	IdleTimeout:   60 * time.Second,
	RecordEvery:   250 * time.Millisecond,
	PotEvery:      time.Second,
	MaxWatch:      16,
	StoreTimeout:  5 * time.Second,
	// A class of 60 behind one school address, and some more.
	NewPlayersPerHour: 100,
	// Two classes of 60 joining at once behind one address.
	JoinsPerMinute: 120,
	// 96 pictures: about 3 hours to try them all for one pupil.
	WrongPictures:      5,
	WrongPicturesEvery: 10 * time.Minute,
	MaxPupils:          60,
	ClassPoll:          time.Second,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	setD := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	if l.MaxConns <= 0 {
		l.MaxConns = MaxConnsFor(openFilesLimit())
	}
	set(&l.MaxPerAddress, d.MaxPerAddress)
	set(&l.MessageBurst, d.MessageBurst)
	set(&l.SubmitBurst, d.SubmitBurst)
	set(&l.MaxVerifying, d.MaxVerifying)
	set(&l.Queue, d.Queue)
	set(&l.MaxWatch, d.MaxWatch)
	setD(&l.HelloTimeout, d.HelloTimeout)
	set(&l.NewPlayersPerHour, d.NewPlayersPerHour)
	set(&l.JoinsPerMinute, d.JoinsPerMinute)
	set(&l.WrongPictures, d.WrongPictures)
	set(&l.MaxPupils, d.MaxPupils)
	setD(&l.WrongPicturesEvery, d.WrongPicturesEvery)
	setD(&l.ClassPoll, d.ClassPoll)
	setD(&l.WriteTimeout, d.WriteTimeout)
	setD(&l.PingEvery, d.PingEvery)
	setD(&l.IdleTimeout, d.IdleTimeout)
	setD(&l.RecordEvery, d.RecordEvery)
	setD(&l.PotEvery, d.PotEvery)
	setD(&l.StoreTimeout, d.StoreTimeout)
	if l.MessageRate <= 0 {
		l.MessageRate = d.MessageRate
	}
	if l.SubmitRate <= 0 {
		l.SubmitRate = d.SubmitRate
	}
	return l
}

// FileReserve is how many open files MaxConnsFor leaves to the rest of
// the process: the SQLite database and its journal, three pipes per
// verification worker, the listener, plain HTTP requests (the web game,
// /healthz, /metrics) and connections still in their upgrade.
const FileReserve = 512

// MaxConnsFor is the default cap of connections for a process allowed
// openFiles open files: openFiles minus FileReserve, or half of openFiles
// when that is less than FileReserve (a limit under 1,024). A limit of 0
// (unknown, or a system without one) gives 10,000; a limit over 2^20 (or
// unlimited) counts as 2^20, the most Linux allows by default.
func MaxConnsFor(openFiles uint64) int {
	if openFiles == 0 {
		return 10_000
	}
	n := int(min(openFiles, 1<<20))
	return n - min(FileReserve, n/2)
}

// Close codes the hub ends connections with, besides 1001 (going away:
// the server is stopping), 1002 (protocol error: another protocol version)
// and 1009 (message too big); docs/protocol.md lists them all.
const (
	// CloseHelloTimeout closes a connection that was not welcomed within
	// Limits.HelloTimeout of its opening (4000 is the first of the codes
	// RFC 6455 leaves to applications).
	CloseHelloTimeout = 4000
)

// retryAfter is the Retry-After, in seconds, of a connection refused
// because the server is full.
const retryAfter = "30"

// Config is what a Hub needs. Store, Verifier and Ranked are required.
type Config struct {
	Store    store.Store
	Verifier verify.Verifier
	Ranked   *ranked.Levels
	// Metrics receives the hub's metrics; nil makes a registry of its own.
	Metrics *metrics.Metrics
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Limits tune the hub; zero fields take DefaultLimits.
	Limits Limits
	// Origins are extra page origins (scheme://host[:port]) allowed to
	// open a WebSocket, besides the server's own host and loopback hosts.
	Origins []string
	// Engine is the engine version sent in Welcome.
	Engine string
	// Community finds community levels' versions, which have boards too;
	// nil: only the built-in ranked levels have boards.
	Community CommunityLevels
}

// CommunityLevels finds the versions of community levels, which the
// set of ranked built-in levels does not hold.
type CommunityLevels interface {
	// Version returns the listed community level id at the version with
	// this content hash, or at its latest version when hash is nil or
	// names no version of it; ok is false when no listed level has this id.
	Version(ctx context.Context, id string, hash []byte) (l ranked.Level, ok bool, err error)
	// ClassVersion is Version for the class-only levels of the class with
	// this code (published by its pupils, not yet approved by its
	// teacher): ok is false when the class has no such level.
	ClassVersion(ctx context.Context, class, id string, hash []byte) (l ranked.Level, ok bool, err error)
}

// Hub serves the /ws endpoint. Use New; stop it with Shutdown.
type Hub struct {
	store    store.Store
	verifier verify.Verifier
	ranked   *ranked.Levels
	// community is nil when the server ranks built-in levels only.
	community CommunityLevels
	metrics   *metrics.Metrics
	log       *slog.Logger
	limits    Limits
	origins   []string
	engine    string
	upgrader  websocket.Upgrader

	// verifying holds one token per submission being verified or stored.
	verifying chan struct{}
	// verified caches verdicts by the SHA-256 of a run's canonical bytes:
	// a cache only, so a second instance without it is merely slower.
	verified *lru.Cache[[32]byte, verdict]
	// classRuns remembers the class-only runs counted (classRunKey), so
	// that a resent one counts once (see submitClass).
	classRuns *lru.Cache[[32]byte, struct{}]
	players   *playerLimits
	counts    *connCount
	// signups caps the players each address creates.
	signups *signupLimits
	// joins limits join attempts per address; pictures wrong pictures per
	// class and pseudonym.
	joins, pictures *ratelimit.Keyed
	// classWake asks the class poll to run now; quit ends it.
	classWake chan struct{}
	quit      chan struct{}

	mu       sync.Mutex
	stopping bool
	conns    map[*conn]struct{}            // every open connection
	greeted  map[*conn]struct{}            // those that said hello: pot pushes go to them
	watchers map[string]map[*conn]struct{} // level id → connections watching it
	records  map[string]*throttle          // level id (id@hash for community levels) → its record pushes
	pots     map[string]*throttle          // level id → its pot pushes
	rooms    map[store.ClassID]*room       // classes with pupils connected here
	polling  bool                          // pollClasses is running
	readers  sync.WaitGroup                // one per connection being read
	work     sync.WaitGroup                // submissions accepted and pushes running
}

// verdictCacheSize is how many verdicts the hub keeps (see Hub.verified).
const verdictCacheSize = 4096

// classRunsSize is how many class-only runs the hub remembers (see
// Hub.classRuns).
const classRunsSize = 65536

// New returns a hub.
func New(cfg Config) (*Hub, error) {
	if cfg.Store == nil || cfg.Verifier == nil || cfg.Ranked == nil {
		return nil, errors.New("hub: a store, a verifier and the ranked levels are required")
	}
	h := &Hub{
		store:     cfg.Store,
		verifier:  cfg.Verifier,
		ranked:    cfg.Ranked,
		community: cfg.Community,
		metrics:   cfg.Metrics,
		log:       cfg.Logger,
		limits:    cfg.Limits.withDefaults(),
		origins:   cfg.Origins,
		engine:    cfg.Engine,
		conns:     map[*conn]struct{}{},
		greeted:   map[*conn]struct{}{},
		watchers:  map[string]map[*conn]struct{}{},
		records:   map[string]*throttle{},
		pots:      map[string]*throttle{},
		rooms:     map[store.ClassID]*room{},
		joins:     ratelimit.New(nil),
		pictures:  ratelimit.New(nil),
		classWake: make(chan struct{}, 1),
		quit:      make(chan struct{}),
	}
	if h.metrics == nil {
		h.metrics = metrics.New()
	}
	if h.log == nil {
		h.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h.verifying = make(chan struct{}, h.limits.MaxVerifying)
	// Sized to hold every verdict of a busy hour or two; a verdict is a
	// few hundred bytes.
	h.verified, _ = lru.New[[32]byte, verdict](verdictCacheSize)
	// 64 bytes a run: a day of a few hundred pupils' runs.
	h.classRuns, _ = lru.New[[32]byte, struct{}](classRunsSize)
	h.players = newPlayerLimits(h.limits.SubmitRate, h.limits.SubmitBurst)
	h.counts = newConnCount(h.limits.MaxConns, h.limits.MaxPerAddress)
	h.signups = newSignupLimits(h.limits.NewPlayersPerHour, time.Now)
	h.upgrader = websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		// Small read buffers and pooled write buffers: an idle connection
		// then holds little more than its reader's stack (docs/server.md).
		// 256 bytes hold a control frame (125 bytes and its header) and
		// most requests; larger frames are read past the buffer, straight
		// into the frame's own (see handleFrame). A 1 KB buffer cost 0.8 KB
		// more per idle connection. Frames are read through our own limit.
		ReadBufferSize:  256,
		WriteBufferSize: 4096,
		WriteBufferPool: &sync.Pool{},
		CheckOrigin:     h.checkOrigin,
		Error: func(w http.ResponseWriter, r *http.Request, status int, reason error) {
			if status == http.StatusForbidden {
				h.metrics.Rejected.WithLabelValues("origin").Inc()
			}
			http.Error(w, http.StatusText(status), status)
		},
	}
	for _, l := range h.ranked.All() {
		h.records[l.ID] = newThrottle(h.limits.RecordEvery, &h.work, func() { h.pushRecord(l) })
		if l.Pot {
			h.pots[l.ID] = newThrottle(h.limits.PotEvery, &h.work, func() { h.pushPot(l.ID) })
		}
	}
	return h, nil
}

// ServeHTTP upgrades a request to a WebSocket and starts its reader. The
// reader is a new goroutine rather than the request's own, which returns:
// net/http keeps about 10 KB of buffers per request while its handler
// runs, more than the rest of an idle connection (docs/server.md).
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.isStopping() {
		h.metrics.Rejected.WithLabelValues("shutdown").Inc()
		http.Error(w, "server stopping", http.StatusServiceUnavailable)
		return
	}
	key := AddrKey(r.RemoteAddr)
	switch h.counts.acquire(key) {
	case rejectFull:
		// Refused before the upgrade, and the socket closed after the
		// answer (no keep-alive), so that the files stay for HTTP
		// requests such as /healthz.
		h.metrics.Rejected.WithLabelValues(rejectFull).Inc()
		w.Header().Set("Connection", "close")
		w.Header().Set("Retry-After", retryAfter)
		http.Error(w, "the server is full; retry later", http.StatusServiceUnavailable)
		return
	case rejectPerAddr:
		h.metrics.Rejected.WithLabelValues(rejectPerAddr).Inc()
		w.Header().Set("Connection", "close")
		http.Error(w, "too many connections from this address", http.StatusTooManyRequests)
		return
	}
	ws, err := h.upgrader.Upgrade(w, r, nil)
	if err != nil {
		// The upgrader has answered with an HTTP error.
		h.counts.release(key)
		return
	}
	c := newConn(h, ws, key)
	if !h.register(c) {
		ws.Close()
		h.counts.release(key)
		return
	}
	c.start()
	go c.read()
}

func (h *Hub) isStopping() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.stopping
}

// register adds a new connection, unless the hub is stopping.
func (h *Hub) register(c *conn) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopping {
		return false
	}
	h.conns[c] = struct{}{}
	h.readers.Add(1)
	h.metrics.Connections.Inc()
	return true
}

// unregister forgets a closed connection everywhere.
func (h *Hub) unregister(c *conn) {
	h.mu.Lock()
	delete(h.conns, c)
	delete(h.greeted, c)
	for _, id := range c.watching {
		delete(h.watchers[id], c)
	}
	h.leaveLocked(c)
	h.mu.Unlock()
	h.counts.release(c.addr)
	h.metrics.Connections.Dec()
	h.readers.Done()
}

// greet records that c said hello, so that it receives pot pushes.
func (h *Hub) greet(c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, open := h.conns[c]; open {
		h.greeted[c] = struct{}{}
	}
}

// accept reserves the right to run one more submission: it fails once the
// hub is stopping, so Shutdown knows every submission it must wait for.
func (h *Hub) accept() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopping {
		return false
	}
	h.work.Add(1)
	return true
}

// Shutdown stops the hub: it refuses new connections and requests, tells
// every client with an error "shutdown", waits for the submissions already
// accepted (their replies go out to clients still connected), then closes
// every connection. When ctx ends first, the remaining connections are cut
// at once and ctx's error is returned; accepted submissions still finish
// storing in the background, since verification and storage are not
// cancelled half-way. The store and verifier are the caller's to close
// afterwards.
func (h *Hub) Shutdown(ctx context.Context) error {
	h.mu.Lock()
	if !h.stopping {
		close(h.quit) // ends the class poll
	}
	h.stopping = true
	conns := h.connList()
	h.mu.Unlock()
	for _, t := range h.records {
		t.stop()
	}
	for _, t := range h.pots {
		t.stop()
	}
	frame := errorOut(h, 0, protocol.Errorf(protocol.CodeShutdown, "the server is stopping"))
	for _, c := range conns {
		c.send(frame)
	}
	if err := wait(ctx, &h.work); err != nil {
		h.closeAll(conns)
		return fmt.Errorf("hub: shutdown: %w", err)
	}
	for _, c := range conns {
		c.closeGracefully(websocket.CloseGoingAway, "server stopping")
	}
	if err := wait(ctx, &h.readers); err != nil {
		h.closeAll(conns)
		return fmt.Errorf("hub: shutdown: %w", err)
	}
	return nil
}

func (h *Hub) closeAll(conns []*conn) {
	for _, c := range conns {
		c.ws.Close()
	}
}

// connList returns the open connections; h.mu must be held.
func (h *Hub) connList() []*conn {
	out := make([]*conn, 0, len(h.conns))
	for c := range h.conns {
		out = append(out, c)
	}
	return out
}

// wait waits for wg or for ctx to end.
func wait(ctx context.Context, wg *sync.WaitGroup) error {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// storeCall bounds one storage call and times it for the metrics.
func (h *Hub) storeCall(op string, f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), h.limits.StoreTimeout)
	defer cancel()
	start := time.Now()
	err := f(ctx)
	h.metrics.Store.WithLabelValues(op).Observe(time.Since(start).Seconds())
	return err
}
