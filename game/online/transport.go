package online

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// Transport opens WebSocket connections.
type Transport interface {
	// Dial connects to a ws:// or wss:// URL. It returns when the
	// connection is open, fails, or ctx is done.
	Dial(ctx context.Context, url string) (Conn, error)
}

// Conn is one open WebSocket connection carrying binary frames.
type Conn interface {
	// Read blocks until the next binary frame arrives, or returns an error
	// once the connection is closed or broken.
	Read() ([]byte, error)
	// Write sends one binary frame. Only one goroutine writes at a time.
	Write(frame []byte) error
	// Close closes the connection and makes a blocked Read return.
	Close() error
}

// ServerURL turns what a player or a command line names as the server
// ("localhost:8080", "http://host", "wss://host/ws") into the WebSocket URL
// of its /ws endpoint. An empty string stays empty: no server, offline.
func ServerURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if !strings.Contains(s, "://") {
		s = "ws://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("online: server address %q: %w", s, err)
	}
	switch u.Scheme {
	case "ws", "wss":
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	default:
		return "", fmt.Errorf("online: server address %q: want ws://, wss://, http:// or https://", s)
	}
	if u.Host == "" {
		return "", fmt.Errorf("online: server address %q has no host", s)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/ws"
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	return u.String(), nil
}

// PageURL is the /ws endpoint of the server that served a web page, from
// the page's location.protocol ("https:") and location.host.
func PageURL(protocol, host string) string {
	scheme := "ws"
	if protocol == "https:" {
		scheme = "wss"
	}
	return scheme + "://" + host + "/ws"
}
