package loadgen

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"maps"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/communs-arcade/arcade/server/protocol"
)

// Config says where the server is and how to reach it.
type Config struct {
	// Server is the server's address, on loopback (see CheckTarget).
	Server netip.AddrPort
	// FirstSource is the first source address client sockets bind; the
	// following ones are used in turn, PerSource connections each.
	// Zero: DefaultFirstSource (::1 for an IPv6 server).
	FirstSource netip.Addr
	// PerSource is how many connections share one source address; keep
	// it under the server's per-address cap (256 by default). Zero: 250.
	PerSource int
	// Dials is how many connections are opened at once. Zero: 64.
	Dials int
	// Timeout bounds each dial and each request. Zero: 30 s.
	Timeout time.Duration
	// Players gives each connection its own identity. Nil: a fresh set.
	Players *Players
	// Client is the client name sent in hello (logs only).
	Client string

	next atomic.Int64 // connections opened so far: picks the source address
}

func (c *Config) defaults() error {
	if !c.Server.IsValid() || !c.Server.Addr().IsLoopback() {
		return fmt.Errorf("loadgen: server %v is not a loopback address: refused", c.Server)
	}
	if !c.FirstSource.IsValid() {
		c.FirstSource = DefaultFirstSource
		if c.Server.Addr().Is6() {
			c.FirstSource = netip.IPv6Loopback()
		}
	}
	if !c.FirstSource.IsLoopback() {
		return fmt.Errorf("loadgen: source address %s is not a loopback address", c.FirstSource)
	}
	if c.FirstSource.Is6() != c.Server.Addr().Is6() {
		return fmt.Errorf("loadgen: source %s and server %s are not of the same IP version", c.FirstSource, c.Server.Addr())
	}
	if c.PerSource <= 0 {
		c.PerSource = 250
	}
	if c.Dials <= 0 {
		c.Dials = 64
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Players == nil {
		c.Players = NewPlayers()
	}
	if c.Client == "" {
		c.Client = "loadgen/1"
	}
	return nil
}

// Players are the identities the load generator plays: player i has its
// own random token and the pseudonym "lg<run>-<i>", where run is drawn
// once per Players so that two runs against one server do not collide.
// The first hello with a token creates the player; later ones (in another
// scenario) log in as it, which costs the server a read instead of a write.
type Players struct {
	run string

	mu     sync.Mutex
	tokens [][]byte
}

// NewPlayers returns a fresh set of identities.
func NewPlayers() *Players {
	return &Players{run: fmt.Sprintf("lg%06d", mrand.IntN(1_000_000))}
}

// Get returns player i's token and pseudonym.
func (p *Players) Get(i int) (token []byte, pseudonym string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.tokens) <= i {
		t := make([]byte, protocol.TokenSize)
		rand.Read(t) // never fails (crypto/rand)
		p.tokens = append(p.tokens, t)
	}
	return p.tokens[i], fmt.Sprintf("%s-%d", p.run, i)
}

// Conn is one client connection that has said hello.
type Conn struct {
	ws      *websocket.Conn
	timeout time.Duration
	id      uint32
	buf     []byte
}

// ServerError is an error reply of the server.
type ServerError struct {
	Code    protocol.Code
	Message string
}

func (e *ServerError) Error() string {
	return fmt.Sprintf("loadgen: server: %s: %s", e.Code, e.Message)
}

// Code returns the protocol error code of err, or "" when it is not a
// reply of the server.
func Code(err error) protocol.Code {
	var se *ServerError
	if errors.As(err, &se) {
		return se.Code
	}
	return ""
}

// Reason returns the reason of a refused reply ("copied", "diverged", …:
// the part of its message before the first colon), or "" when err is not
// a refusal.
func Reason(err error) string {
	var se *ServerError
	if !errors.As(err, &se) || se.Code != protocol.CodeRefused {
		return ""
	}
	reason, _, _ := strings.Cut(se.Message, ":")
	return reason
}

// Reasons counts refusals by reason.
type Reasons map[string]int

// String lists the counts by reason, in the reasons' order: "copied 2,
// diverged 1"; "none" when there are none.
func (r Reasons) String() string {
	if len(r) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(r)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, r[k]))
	}
	return strings.Join(parts, ", ")
}

// Dial opens a connection as player and says hello.
func (c *Config) Dial(ctx context.Context, player int) (*Conn, error) {
	src, err := sourceAddr(c.FirstSource, c.PerSource, int(c.next.Add(1)-1))
	if err != nil {
		return nil, err
	}
	d := websocket.Dialer{
		NetDialContext: (&net.Dialer{LocalAddr: net.TCPAddrFromAddrPort(netip.AddrPortFrom(src, 0))}).DialContext,
		// Small buffers: the load generator holds thousands of
		// connections too, and messages are small.
		ReadBufferSize:   1024,
		WriteBufferSize:  1024,
		HandshakeTimeout: c.Timeout,
	}
	dctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	ws, resp, err := d.DialContext(dctx, "ws://"+c.Server.String()+"/ws", nil)
	if err != nil {
		if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
			return nil, fmt.Errorf("loadgen: dial from %s: refused by the per-address cap (HTTP 429): lower PerSource", src)
		}
		return nil, fmt.Errorf("loadgen: dial from %s: %w", src, err)
	}
	ws.SetReadLimit(protocol.MaxMessage)
	conn := &Conn{ws: ws, timeout: c.Timeout}
	token, pseudonym := c.Players.Get(player)
	if _, err := conn.Call(&protocol.Hello{Version: protocol.Version, Token: token, Pseudonym: pseudonym, Client: c.Client}); err != nil {
		ws.Close()
		return nil, fmt.Errorf("loadgen: hello of player %d: %w", player, err)
	}
	return conn, nil
}

// Call sends a request and returns its reply, skipping the server's pushes
// on the way. An error reply is a *ServerError.
func (c *Conn) Call(m protocol.Message) (protocol.Message, error) {
	c.id++
	id := c.id
	var err error
	c.buf, err = protocol.Encode(c.buf[:0], id, m)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(c.timeout)
	c.ws.SetWriteDeadline(deadline)
	if err := c.ws.WriteMessage(websocket.BinaryMessage, c.buf); err != nil {
		return nil, fmt.Errorf("loadgen: send %s: %w", m.Type(), err)
	}
	c.ws.SetReadDeadline(deadline)
	for {
		kind, frame, err := c.ws.ReadMessage()
		if err != nil {
			return nil, fmt.Errorf("loadgen: waiting for the reply to %s: %w", m.Type(), err)
		}
		if kind != websocket.BinaryMessage {
			return nil, fmt.Errorf("loadgen: a text frame from the server")
		}
		env, reply, err := protocol.Decode(frame)
		if err != nil {
			return nil, fmt.Errorf("loadgen: reply to %s: %w", m.Type(), err)
		}
		if env.ID != id {
			if env.ID == 0 { // a push (pot, record): not ours to wait for
				if e, ok := reply.(*protocol.Error); ok && e.Code == protocol.CodeShutdown {
					return nil, &ServerError{Code: e.Code, Message: e.Message}
				}
				continue
			}
			return nil, fmt.Errorf("loadgen: reply with id %d, waiting for %d", env.ID, id)
		}
		if e, ok := reply.(*protocol.Error); ok {
			return nil, &ServerError{Code: e.Code, Message: e.Message}
		}
		return reply, nil
	}
}

// Close closes the connection at once (no closing handshake: thousands of
// them would only slow the benchmark down).
func (c *Conn) Close() error { return c.ws.Close() }

// dialMany opens conns for players first, first+1, …, Dials at a time,
// and returns them with the number that failed and the first error.
func (c *Config) dialMany(ctx context.Context, first, n int) ([]*Conn, int, error) {
	conns := make([]*Conn, n)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		failed   int
		firstErr error
		next     atomic.Int64
	)
	for range min(c.Dials, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				conn, err := c.Dial(ctx, first+i)
				if err != nil {
					mu.Lock()
					failed++
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					continue
				}
				conns[i] = conn
			}
		})
	}
	wg.Wait()
	out := conns[:0]
	for _, c := range conns {
		if c != nil {
			out = append(out, c)
		}
	}
	if ctx.Err() != nil && firstErr == nil {
		firstErr = ctx.Err()
	}
	return out, failed, firstErr
}

// closeAll closes conns, several at a time.
func closeAll(conns []*Conn) {
	var wg sync.WaitGroup
	const parts = 8
	for p := range parts {
		wg.Go(func() {
			for i := p; i < len(conns); i += parts {
				conns[i].Close()
			}
		})
	}
	wg.Wait()
}
