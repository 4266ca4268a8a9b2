// Package community is the game's client of the server's HTTP JSON API for
// community levels (docs/api.md, shapes in server/protocol/api): search,
// one level's metadata, its package, ratings and reports.
//
// Every request runs on its own goroutine and hands back a [Call], which
// the game polls in its Update: the game loop never waits on the network.
// On the desktop requests go through net/http; in the browser through the
// page's fetch (transport_js.go), so the .wasm does not link net/http.
package community

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/communs-arcade/arcade/server/protocol/api"
)

// CodeOffline is the Code of an Error when the server could not be reached
// or answered something that is not the API (no HTTP status to speak of).
const CodeOffline = "offline"

// CodeBadPackage is the Code of an Error when a downloaded package does not
// load or is not the version the server listed.
const CodeBadPackage = "bad_package"

// Error is a request the server refused, or one that did not reach it.
type Error struct {
	Status int    // HTTP status; 0 when offline
	Code   string // api.Code*, CodeOffline or CodeBadPackage
	Rule   string // the server's rule, when it names one
	// Message is English for logs, never shown to players: the game
	// translates Code.
	Message string
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	return fmt.Sprintf("community: %s (%d): %s", e.Code, e.Status, e.Message)
}

// CodeOf returns the Code of err, CodeOffline for an error that is not an
// *Error, "" for nil.
func CodeOf(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeOffline
}

// Request is one HTTP request as the transports see it.
type Request struct {
	Method string
	URL    string
	Header map[string]string
	Body   []byte
	// Limit is the largest body accepted in answer.
	Limit int64
}

// Response is a transport's answer.
type Response struct {
	Status     int
	Body       []byte
	RetryAfter string
}

// Transport sends one request and waits for its whole answer. It returns an
// error only when no HTTP answer arrived (or it was over Limit).
type Transport func(ctx context.Context, r Request) (Response, error)

// Limits of answers.
const (
	maxJSON = 1 << 20
	// maxPackage is a package's size limit plus room: the server refuses
	// larger uploads, so a larger answer is not a package.
	maxPackage = 2<<20 + 64<<10
	timeout    = 30 * time.Second
)

// Client talks to one server's API as one player.
type Client struct {
	base      string // scheme://host, no trailing slash
	auth      string // "Bearer …", "" without a token
	transport Transport
}

// New returns a client of the server at base (see BaseURL), carrying the
// player's token (protocol.TokenSize bytes; nil sends none). A nil
// transport uses DefaultTransport.
func New(base string, token []byte, t Transport) *Client {
	c := &Client{base: strings.TrimRight(base, "/"), transport: t}
	if c.transport == nil {
		c.transport = DefaultTransport()
	}
	if len(token) > 0 {
		c.auth = "Bearer " + base64.RawURLEncoding.EncodeToString(token)
	}
	return c
}

// BaseURL turns a server address as the game keeps it ("host:8080",
// "ws://host/ws", "https://host") into the API's base, scheme://host:
// ws becomes http and wss https. Empty stays empty (offline).
func BaseURL(server string) (string, error) {
	s := strings.TrimSpace(server)
	if s == "" {
		return "", nil
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("community: server address %q: %w", server, err)
	}
	switch u.Scheme {
	case "http", "https":
	case "ws":
		u.Scheme = "http"
	case "wss":
		u.Scheme = "https"
	default:
		return "", fmt.Errorf("community: server address %q: want http://, https://, ws:// or wss://", server)
	}
	if u.Host == "" {
		return "", fmt.Errorf("community: server address %q has no host", server)
	}
	return u.Scheme + "://" + u.Host, nil
}

// Call is a request under way. Result is safe to call from the game loop
// at any time; Done is closed once the result is in.
type Call[T any] struct {
	done chan struct{}
	mu   sync.Mutex
	val  T
	err  error
}

func newCall[T any]() *Call[T] { return &Call[T]{done: make(chan struct{})} }

func (c *Call[T]) finish(v T, err error) {
	c.mu.Lock()
	c.val, c.err = v, err
	c.mu.Unlock()
	close(c.done)
}

// Done is closed when the result is in.
func (c *Call[T]) Done() <-chan struct{} { return c.done }

// Result returns the answer and ok true once it is in; ok false while the
// request is under way.
func (c *Call[T]) Result() (v T, err error, ok bool) {
	select {
	case <-c.done:
	default:
		return v, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.val, c.err, true
}

// Query is a search.
type Query struct {
	Text    string // the search box, "" for all
	Tag     string // "" for all
	Sort    string // api.Sort*, "" for the server's default
	Page    int    // from 1
	PerPage int    // 0 for the server's default
}

func (q Query) values() url.Values {
	v := url.Values{}
	if t := strings.TrimSpace(q.Text); t != "" {
		if len(t) > api.MaxQuery {
			t = t[:api.MaxQuery]
		}
		v.Set("q", t)
	}
	if q.Tag != "" {
		v.Set("tag", q.Tag)
	}
	if q.Sort != "" {
		v.Set("sort", q.Sort)
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.PerPage > 0 {
		v.Set("per_page", strconv.Itoa(q.PerPage))
	}
	return v
}

// Search lists levels.
func (c *Client) Search(q Query) *Call[api.LevelPage] {
	u := c.base + api.PathLevels
	if v := q.values().Encode(); v != "" {
		u += "?" + v
	}
	return getJSON[api.LevelPage](c, "GET", u, nil)
}

// Level fetches one level; ref is "id" (latest version) or "id@version".
func (c *Client) Level(ref string) *Call[api.LevelDetail] {
	return getJSON[api.LevelDetail](c, "GET", c.levelURL(ref, ""), nil)
}

// Rate sends the player's rating of a level (1 to 5 stars).
func (c *Client) Rate(id string, stars int) *Call[api.Rated] {
	body, _ := json.Marshal(api.RateRequest{Stars: stars})
	return getJSON[api.Rated](c, "POST", c.levelURL(id, "/rating"), body)
}

// Report sends a report of a level; the note is cut to api.MaxNote bytes.
func (c *Client) Report(id, reason, note string) *Call[struct{}] {
	note = cutUTF8(strings.TrimSpace(note), api.MaxNote)
	body, _ := json.Marshal(api.ReportRequest{Reason: reason, Note: note})
	return getJSON[struct{}](c, "POST", c.levelURL(id, "/reports"), body)
}

// ClassPupils lists the pseudonyms of a class's pupils, for a pupil
// rejoining it (docs/api.md, "Rejoining").
func (c *Client) ClassPupils(code string) *Call[api.ClassPupils] {
	return getJSON[api.ClassPupils](c, "GET", c.base+strings.Replace(api.PathClassPupils, "{code}", url.PathEscape(code), 1), nil)
}

// ClassLevels lists a class's levels and the class-only levels its pupils
// published; the server answers the class's pupils (by the player token
// this client sends) and its teacher.
func (c *Client) ClassLevels(code string) *Call[api.ClassLevels] {
	return getJSON[api.ClassLevels](c, "GET", c.base+strings.Replace(api.PathClassLevels, "{code}", url.PathEscape(code), 1), nil)
}

// Package downloads a level's package by the path api.Level.Package gives.
func (c *Client) Package(path string) *Call[[]byte] {
	u := path
	call := newCall[[]byte]()
	go func() {
		resp, err := c.do("GET", c.base+u, nil, maxPackage)
		if err != nil {
			call.finish(nil, err)
			return
		}
		call.finish(resp.Body, nil)
	}()
	return call
}

func (c *Client) levelURL(ref, tail string) string {
	return c.base + strings.Replace(api.PathLevel, "{id}", url.PathEscape(ref), 1) + tail
}

// getJSON runs a request whose answer is JSON into T.
func getJSON[T any](c *Client, method, u string, body []byte) *Call[T] {
	call := newCall[T]()
	go func() {
		var v T
		resp, err := c.do(method, u, body, maxJSON)
		if err == nil && len(resp.Body) > 0 {
			if jerr := json.Unmarshal(resp.Body, &v); jerr != nil {
				err = &Error{Status: resp.Status, Code: CodeOffline, Message: "answer is not the API's JSON: " + jerr.Error()}
			}
		}
		call.finish(v, err)
	}()
	return call
}

// do sends a request; an answer outside 2xx becomes an *Error with the
// server's code.
func (c *Client) do(method, u string, body []byte, limit int64) (Response, error) {
	h := map[string]string{"Accept": "application/json"}
	if c.auth != "" {
		h["Authorization"] = c.auth
	}
	if body != nil {
		h["Content-Type"] = "application/json"
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	resp, err := c.transport(ctx, Request{Method: method, URL: u, Header: h, Body: body, Limit: limit})
	if err != nil {
		return resp, &Error{Code: CodeOffline, Message: err.Error()}
	}
	if resp.Status >= 200 && resp.Status < 300 {
		return resp, nil
	}
	e := &Error{Status: resp.Status, Code: CodeOffline, Message: fmt.Sprintf("HTTP %d without an API error body", resp.Status)}
	var eb api.ErrorBody
	if json.Unmarshal(resp.Body, &eb) == nil && eb.Error.Code != "" {
		e.Code, e.Rule, e.Message = eb.Error.Code, eb.Error.Rule, eb.Error.Message
	}
	if s, err := strconv.Atoi(resp.RetryAfter); err == nil && s > 0 {
		e.RetryAfter = time.Duration(s) * time.Second
	}
	return resp, e
}

// cutUTF8 cuts s to at most n bytes without splitting a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
