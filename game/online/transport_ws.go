//go:build !js

package online

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/websocket"

	"github.com/communs-arcade/arcade/server/protocol"
)

// Timeouts of the desktop connection. The server pings every 30 s, so a
// connection silent for readIdle is dead even if TCP has not noticed.
const (
	readIdle     = 75 * time.Second
	writeTimeout = 10 * time.Second
)

// DefaultTransport is gorilla/websocket on the desktop.
func DefaultTransport() Transport { return gorillaTransport{} }

type gorillaTransport struct{}

func (gorillaTransport) Dial(ctx context.Context, url string) (Conn, error) {
	d := websocket.Dialer{HandshakeTimeout: 15 * time.Second, Proxy: http.ProxyFromEnvironment}
	ws, resp, err := d.DialContext(ctx, url, nil)
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("online: dial %s: %w (HTTP %s)", url, err, resp.Status)
		}
		return nil, fmt.Errorf("online: dial %s: %w", url, err)
	}
	ws.SetReadLimit(protocol.MaxMessage)
	c := &gorillaConn{ws: ws}
	_ = ws.SetReadDeadline(time.Now().Add(readIdle))
	ws.SetPingHandler(func(data string) error {
		// Any sign of life from the server keeps the connection. The pong
		// goes through WriteControl, which may run beside Write.
		_ = ws.SetReadDeadline(time.Now().Add(readIdle))
		err := ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(writeTimeout))
		if err == websocket.ErrCloseSent {
			return nil
		}
		return err
	})
	return c, nil
}

type gorillaConn struct{ ws *websocket.Conn }

func (c *gorillaConn) Read() ([]byte, error) {
	for {
		kind, data, err := c.ws.ReadMessage()
		if err != nil {
			return nil, fmt.Errorf("online: read: %w", err)
		}
		_ = c.ws.SetReadDeadline(time.Now().Add(readIdle))
		if kind == websocket.BinaryMessage {
			return data, nil
		}
		// The protocol has only binary frames: a text frame is skipped.
	}
}

func (c *gorillaConn) Write(frame []byte) error {
	_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	if err := c.ws.WriteMessage(websocket.BinaryMessage, frame); err != nil {
		return fmt.Errorf("online: write: %w", err)
	}
	return nil
}

func (c *gorillaConn) Close() error { return c.ws.Close() }
