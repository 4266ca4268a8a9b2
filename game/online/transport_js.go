//go:build js && wasm

package online

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall/js"

	"github.com/communs-arcade/arcade/server/protocol"
)

// errClosed is what a browserConn returns once it has been closed.
var errClosed = errors.New("online: connection closed")

// DefaultTransport is the browser's WebSocket.
func DefaultTransport() Transport { return browserTransport{} }

type browserTransport struct{}

// browserConn is a browser WebSocket. Its event handlers run as JavaScript
// callbacks, which must never block: they only append to the queue under a
// mutex that nothing holds across a call into JavaScript or a channel
// operation, and signal wake without waiting.
//
// The handlers are js.Funcs, and a js.Func released while the browser can
// still call it makes Go log "call to released function" (seen once in the
// browser tests under load, on a page watching a leaderboard). Close used to
// release them at once: an event the browser had already queued, or one
// dispatched while the page was busy, could then land on a released
// function. Now Close only marks the connection closed (the handlers turn
// into no-ops) and asks the browser to close; the handlers are released by
// the close event itself, the last event a WebSocket ever fires, after they
// have been detached from the socket. A socket whose close event never
// comes (the page goes away) keeps its three small functions: a leak of a
// few bytes is better than an error.
type browserConn struct {
	ws    js.Value
	funcs []js.Func // nil once released

	mu     sync.Mutex
	queue  [][]byte
	open   bool
	closed bool
	shut   bool // Close has run: events are ignored
	err    error
	wake   chan struct{} // capacity 1: "something changed"
}

func (browserTransport) Dial(ctx context.Context, url string) (_ Conn, err error) {
	ctor := js.Global().Get("WebSocket")
	if ctor.Type() != js.TypeFunction {
		return nil, errors.New("online: this browser has no WebSocket")
	}
	c := &browserConn{wake: make(chan struct{}, 1)}
	func() {
		defer func() {
			if r := recover(); r != nil { // SyntaxError, SecurityError
				err = fmt.Errorf("online: dial %s: %v", url, r)
			}
		}()
		c.ws = ctor.New(url)
	}()
	if err != nil {
		return nil, err
	}
	c.ws.Set("binaryType", "arraybuffer")
	c.handle("onopen", func(js.Value) {
		c.open = true
	})
	c.handle("onmessage", func(ev js.Value) {
		data := ev.Get("data")
		if data.Type() == js.TypeString {
			return // the protocol has only binary frames: skip text
		}
		n := data.Get("byteLength").Int()
		if n > protocol.MaxMessage {
			c.err = fmt.Errorf("online: a frame of %d bytes from the server, at most %d", n, protocol.MaxMessage)
			c.closed = true
			return
		}
		b := make([]byte, n)
		js.CopyBytesToGo(b, js.Global().Get("Uint8Array").New(data))
		c.queue = append(c.queue, b)
	})
	c.handle("onclose", func(ev js.Value) {
		if c.err == nil {
			c.err = fmt.Errorf("online: connection closed (code %d)", ev.Get("code").Int())
		}
		c.closed = true
	})
	// onerror carries no detail (browsers hide it on purpose); onclose
	// always follows it.
	for {
		c.mu.Lock()
		open, closed, cerr := c.open, c.closed, c.err
		c.mu.Unlock()
		if closed {
			c.Close()
			return nil, fmt.Errorf("online: dial %s: %w", url, cerr)
		}
		if open {
			return c, nil
		}
		select {
		case <-c.wake:
		case <-ctx.Done():
			c.Close()
			return nil, fmt.Errorf("online: dial %s: %w", url, ctx.Err())
		}
	}
}

// handle sets the WebSocket's event handler name to f, run under c.mu,
// then wakes whoever waits. After Close, events are ignored; the close
// event, the socket's last, releases every handler (see browserConn).
func (c *browserConn) handle(name string, f func(ev js.Value)) {
	fn := js.FuncOf(func(this js.Value, args []js.Value) any {
		ev := js.Undefined()
		if len(args) > 0 {
			ev = args[0]
		}
		c.mu.Lock()
		if !c.shut {
			f(ev)
		}
		c.mu.Unlock()
		if name == "onclose" {
			// Releasing the function that is running is safe: Go
			// looked it up before calling it.
			c.release()
		}
		select {
		case c.wake <- struct{}{}:
		default:
		}
		return nil
	})
	c.funcs = append(c.funcs, fn)
	c.ws.Set(name, fn)
}

// release detaches the handlers from the socket, so that no later dispatch
// can reach them, then releases them. Only the close event calls it, on the
// browser's event loop turn, so it never races with itself.
func (c *browserConn) release() {
	if c.funcs == nil {
		return
	}
	func() {
		defer func() { _ = recover() }()
		for _, name := range []string{"onopen", "onmessage", "onclose", "onerror"} {
			c.ws.Set(name, js.Null())
		}
	}()
	for _, f := range c.funcs {
		f.Release()
	}
	c.funcs = nil
}

func (c *browserConn) Read() ([]byte, error) {
	for {
		c.mu.Lock()
		if len(c.queue) > 0 {
			b := c.queue[0]
			c.queue[0] = nil
			c.queue = c.queue[1:]
			c.mu.Unlock()
			return b, nil
		}
		closed, err := c.closed, c.err
		c.mu.Unlock()
		if closed {
			if err == nil {
				err = errClosed
			}
			return nil, err
		}
		<-c.wake
	}
}

func (c *browserConn) Write(frame []byte) (err error) {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return errClosed
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("online: write: %v", r)
		}
	}()
	u8 := js.Global().Get("Uint8Array").New(len(frame))
	js.CopyBytesToJS(u8, frame)
	c.ws.Call("send", u8)
	return nil
}

// Close asks the browser to close the socket and makes every later event a
// no-op. It does not release the handlers: the close event does, once the
// browser can no longer call them (see browserConn).
func (c *browserConn) Close() error {
	c.mu.Lock()
	if c.shut {
		c.mu.Unlock()
		return nil
	}
	c.shut, c.closed = true, true
	if c.err == nil {
		c.err = errClosed
	}
	c.mu.Unlock()
	func() {
		defer func() { _ = recover() }()
		c.ws.Call("close")
	}()
	select {
	case c.wake <- struct{}{}:
	default:
	}
	return nil
}
