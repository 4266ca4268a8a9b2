package hub

import (
	"bytes"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/store"
)

// closeGrace is how long a connection waits for the client's answer to a
// close frame before it cuts the connection.
const closeGrace = 2 * time.Second

// item is one thing to write: a data frame, a ping, or a close frame.
type item struct {
	kind int // websocket.BinaryMessage, PingMessage or CloseMessage
	out
}

// out is an encoded message, with its type for the metrics.
type out struct {
	typ   protocol.Type
	frame []byte
}

// conn is one client connection. Its session fields (player, pseudonym,
// watching) belong to the reader, the one goroutine at a time that reads
// the connection (see read); the send queue is shared.
type conn struct {
	hub  *Hub
	ws   *websocket.Conn
	addr string // the per-address key (addrKey), never logged
	lim  *rate.Limiter

	// Session, set by the reader. player is set once, at hello, before the
	// connection is published to other goroutines (greet, watch, submit).
	hello     bool
	player    store.PlayerID
	pseudonym string
	watching  []string
	// class is the class the connection joined; guarded by hub.mu (the
	// class poll takes connections out of an ended class).
	class membership

	mu      sync.Mutex
	queue   []item
	writing bool // a writer goroutine is running
	closing bool // a close frame is queued: nothing more is sent
	closed  bool
	ping    *time.Timer
	// helloTimer closes the connection unless welcome stops it first.
	helloTimer *time.Timer
	space      chan struct{} // signalled when the writer takes from the queue
}

func newConn(h *Hub, ws *websocket.Conn, addr string) *conn {
	return &conn{
		hub:   h,
		ws:    ws,
		addr:  addr,
		lim:   rate.NewLimiter(h.limits.MessageRate, h.limits.MessageBurst),
		space: make(chan struct{}, 1),
	}
}

// frames pools the buffers frames are read into; Decode copies what it
// keeps, so a buffer is reused as soon as its frame is handled.
var frames = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// start arms the connection's deadlines and timers, before its first
// read.
func (c *conn) start() {
	h := c.hub
	c.ws.SetReadDeadline(time.Now().Add(h.limits.IdleTimeout))
	c.ws.SetPongHandler(func(string) error {
		c.extend()
		return nil
	})
	c.mu.Lock()
	c.ping = time.AfterFunc(h.limits.PingEvery, c.sendPing)
	c.helloTimer = time.AfterFunc(h.limits.HelloTimeout, c.helloExpired)
	c.mu.Unlock()
}

// read waits for the next frame and handles it; then a new goroutine
// reads the frame after, and this one ends. Handling a frame may take a
// deep stack (SQLite's calls run on it: hello creates a player), and
// the runtime never shrinks a grown stack below what the wait for the next
// frame uses plus a margin, which left every idle connection holding 8 KB
// of stack. A fresh goroutine waits on the smallest stack instead (2 KB);
// one goroutine at a time reads the connection, so the session fields
// still belong to "the reader". read's own frame is kept small (the work
// is in handleFrame) for the same reason.
func (c *conn) read() {
	kind, r, err := c.ws.NextReader()
	if err != nil {
		c.readEnded(err)
		return
	}
	if !c.handleFrame(kind, r) {
		c.end()
		return
	}
	go c.read()
}

// readEnded ends the connection after a failed read.
func (c *conn) readEnded(err error) {
	if !isClosing(err) {
		c.hub.log.Debug("connection ended", "err", err)
	}
	c.end()
}

// end forgets the connection once nothing more is read from it.
func (c *conn) end() {
	c.mu.Lock()
	c.closed = true
	c.queue = nil
	if c.ping != nil {
		c.ping.Stop()
	}
	if c.helloTimer != nil {
		c.helloTimer.Stop()
	}
	c.mu.Unlock()
	c.ws.Close()
	c.hub.unregister(c)
}

// handleFrame reads and handles the frame r of type kind. It reports
// false when the connection must end.
func (c *conn) handleFrame(kind int, r io.Reader) bool {
	h := c.hub
	c.extend()
	buf := frames.Get().(*bytes.Buffer)
	buf.Reset()
	_, err := buf.ReadFrom(io.LimitReader(r, protocol.MaxMessage+1))
	switch {
	case err != nil:
		frames.Put(buf)
		return false
	case buf.Len() > protocol.MaxMessage:
		frames.Put(buf)
		h.metrics.Received.WithLabelValues("invalid").Inc()
		c.replyErr(0, noID(protocol.Errorf(protocol.CodeTooLarge, "frame over %d bytes", protocol.MaxMessage)))
		c.closeGracefully(websocket.CloseMessageTooBig, "frame too large")
		// Read on, discarding, until the client answers the close or
		// the grace period ends: leaving its data unread would reset
		// the connection before the answer reaches it.
		c.ws.SetReadDeadline(time.Now().Add(closeGrace))
		for {
			if _, _, err := c.ws.NextReader(); err != nil {
				return false
			}
		}
	case kind != websocket.BinaryMessage:
		h.metrics.Received.WithLabelValues("invalid").Inc()
		c.replyErr(0, noID(protocol.Errorf(protocol.CodeMalformed, "text frame: every message is one binary frame")))
	default:
		c.handle(buf.Bytes())
	}
	if buf.Cap() <= 64<<10 {
		frames.Put(buf)
	}
	return true
}

// noID marks e as answering a frame whose request id was not read, so
// that the client does not take it for a push (docs/protocol.md).
func noID(e *protocol.Error) *protocol.Error {
	e.NoID = true
	return e
}

// isClosing reports errors that are the ordinary end of a connection.
func isClosing(err error) bool {
	var ce *websocket.CloseError
	return errors.As(err, &ce) || errors.Is(err, net.ErrClosed) || errors.Is(err, io.EOF)
}

// extend pushes the read deadline back after a sign of life, unless the
// connection is closing.
func (c *conn) extend() {
	c.mu.Lock()
	closing := c.closing
	c.mu.Unlock()
	if !closing {
		c.ws.SetReadDeadline(time.Now().Add(c.hub.limits.IdleTimeout))
	}
}

// helloExpired closes a connection whose hello deadline passed before
// welcome stopped the timer. Answering pings keeps a connection open, but
// not one without a session: otherwise sockets that never say hello could
// hold every file the process may open.
func (c *conn) helloExpired() {
	c.hub.metrics.Dropped.WithLabelValues("hello").Inc()
	c.closeGracefully(CloseHelloTimeout, "no hello in time")
}

// welcome lifts the hello deadline once the session starts. It reports
// false when the deadline passed first: the connection is then closing,
// and the session must not start.
func (c *conn) welcome() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.helloTimer == nil {
		return true // welcomed already
	}
	if !c.helloTimer.Stop() {
		return false
	}
	// The timer is done with: an idle session need not hold it.
	c.helloTimer = nil
	return true
}

// sendPing queues a ping and arms the next one.
func (c *conn) sendPing() {
	c.mu.Lock()
	if c.closed || c.closing {
		c.mu.Unlock()
		return
	}
	c.ping.Reset(c.hub.limits.PingEvery)
	c.mu.Unlock()
	c.enqueue(item{kind: websocket.PingMessage}, false)
}

// send queues a message without waiting: pushes and the replies of
// submissions, sent from other goroutines than the reader. It reports false
// when the message will not be sent (the connection is closing, or it was
// just dropped because its queue is full).
func (c *conn) send(o out) bool {
	return c.enqueue(item{kind: websocket.BinaryMessage, out: o}, false)
}

// sendWait queues a reply of the reader goroutine, waiting for room in a
// half-full queue up to the write timeout: a client that sends requests faster
// than it reads the answers is slowed down (its requests are not read
// meanwhile) rather than dropped, unless it stops reading altogether.
func (c *conn) sendWait(o out) bool {
	return c.enqueue(item{kind: websocket.BinaryMessage, out: o}, true)
}

func (c *conn) enqueue(it item, wait bool) bool {
	// The reader's replies wait while the queue is half full, so that the
	// other half stays free for pushes and submission replies, which never
	// wait: they drop the client when the queue is full.
	limit := c.hub.limits.Queue
	if wait {
		limit = max(1, limit/2)
	}
	c.mu.Lock()
	var timeout <-chan time.Time
	for !c.closed && !c.closing && len(c.queue) >= limit {
		c.mu.Unlock()
		if !wait {
			c.drop("slow")
			return false
		}
		if timeout == nil {
			t := time.NewTimer(c.hub.limits.WriteTimeout)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-c.space:
		case <-timeout:
			c.drop("slow")
			return false
		}
		c.mu.Lock()
	}
	if c.closed || c.closing {
		c.mu.Unlock()
		return false
	}
	if it.kind == websocket.CloseMessage {
		c.closing = true
	}
	c.queue = append(c.queue, it)
	start := !c.writing
	c.writing = true
	c.mu.Unlock()
	if start {
		go c.write()
	}
	return true
}

// write sends the queue, then ends: a writer runs only while there is
// something to send.
func (c *conn) write() {
	for {
		c.mu.Lock()
		if len(c.queue) == 0 || c.closed {
			c.writing = false
			c.queue = nil
			c.mu.Unlock()
			return
		}
		it := c.queue[0]
		c.queue[0] = item{}
		c.queue = c.queue[1:]
		c.mu.Unlock()
		select {
		case c.space <- struct{}{}:
		default:
		}

		if it.typ != "" {
			c.hub.metrics.Sent.WithLabelValues(string(it.typ)).Inc()
		}
		deadline := time.Now().Add(c.hub.limits.WriteTimeout)
		var err error
		switch it.kind {
		case websocket.BinaryMessage:
			c.ws.SetWriteDeadline(deadline)
			err = c.ws.WriteMessage(websocket.BinaryMessage, it.frame)
		default:
			err = c.ws.WriteControl(it.kind, it.frame, deadline)
		}
		if err != nil {
			c.drop("write")
			return
		}
		if it.kind == websocket.CloseMessage {
			// Give the client a moment to answer the close, then the
			// reader's deadline ends the connection.
			c.ws.SetReadDeadline(time.Now().Add(closeGrace))
		}
	}
}

// closeGracefully queues a close frame after what is already queued.
func (c *conn) closeGracefully(code int, reason string) {
	c.enqueue(item{kind: websocket.CloseMessage, out: out{frame: websocket.FormatCloseMessage(code, reason)}}, false)
}

// drop cuts the connection at once; the reader then cleans up.
func (c *conn) drop(reason string) {
	c.mu.Lock()
	already := c.closed
	c.closed = true
	c.queue = nil
	c.mu.Unlock()
	select {
	case c.space <- struct{}{}:
	default:
	}
	if !already {
		c.hub.metrics.Dropped.WithLabelValues(reason).Inc()
		c.hub.log.Info("client dropped", "reason", reason)
	}
	c.ws.Close()
}

// reply sends the reply m to request id, from the reader goroutine.
func (c *conn) reply(id uint32, m protocol.Message) {
	c.sendWait(encode(c.hub, id, m))
}

// replyErr answers request id with an error, from the reader goroutine.
func (c *conn) replyErr(id uint32, err error) {
	c.sendWait(errorOut(c.hub, id, err))
}

// errorOut encodes err answering id; its code is CodeInternal unless err
// is a *protocol.Error.
func errorOut(h *Hub, id uint32, err error) out {
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		pe = protocol.Errorf(protocol.CodeInternal, "the server failed; retry later")
	}
	h.metrics.Errors.WithLabelValues(string(pe.Code)).Inc()
	return encode(h, id, pe)
}

// encode returns m answering id, encoded. Encoding our own messages
// cannot fail short of a bug, which is logged and answered internal.
func encode(h *Hub, id uint32, m protocol.Message) out {
	frame, err := protocol.Encode(nil, id, m)
	if err != nil {
		h.log.Error("encode failed", "type", m.Type(), "err", err)
		frame, _ = protocol.Encode(nil, id, protocol.Errorf(protocol.CodeInternal, "encode failed"))
		return out{typ: protocol.TypeError, frame: frame}
	}
	return out{typ: m.Type(), frame: frame}
}
