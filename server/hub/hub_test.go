package hub

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"github.com/communs-arcade/arcade/levels/leveltest"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/memstore"
	"github.com/communs-arcade/arcade/server/verify"
)

// guard bounds every wait of a test on the network, so a bug fails the
// test instead of hanging it; it is never a duration the test asserts.
const guard = 30 * time.Second

// failingStore is a store that can be told to fail, to test storage
// failures and the recovery after them.
type failingStore struct {
	store.Store
	mu  sync.Mutex
	err error
}

// fail makes every call but Close fail with err from now on (nil: none).
func (s *failingStore) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
}

func (s *failingStore) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *failingStore) PlayerByToken(ctx context.Context, token [store.TokenHashSize]byte) (store.Player, error) {
	if err := s.failure(); err != nil {
		return store.Player{}, err
	}
	return s.Store.PlayerByToken(ctx, token)
}

func (s *failingStore) CreatePlayer(ctx context.Context, token [store.TokenHashSize]byte, pseudonym string) (store.Player, error) {
	if err := s.failure(); err != nil {
		return store.Player{}, err
	}
	return s.Store.CreatePlayer(ctx, token, pseudonym)
}

func (s *failingStore) SetPseudonym(ctx context.Context, id store.PlayerID, pseudonym string) error {
	if err := s.failure(); err != nil {
		return err
	}
	return s.Store.SetPseudonym(ctx, id, pseudonym)
}

func (s *failingStore) AddRun(ctx context.Context, r store.Run) (store.Added, error) {
	if err := s.failure(); err != nil {
		return store.Added{}, err
	}
	return s.Store.AddRun(ctx, r)
}

func (s *failingStore) Top(ctx context.Context, b store.Board, offset, limit int) ([]store.Entry, int, error) {
	if err := s.failure(); err != nil {
		return nil, 0, err
	}
	return s.Store.Top(ctx, b, offset, limit)
}

func (s *failingStore) Around(ctx context.Context, b store.Board, id store.PlayerID, n int) ([]store.Entry, error) {
	if err := s.failure(); err != nil {
		return nil, err
	}
	return s.Store.Around(ctx, b, id, n)
}

func (s *failingStore) Best(ctx context.Context, b store.Board, id store.PlayerID) (store.Entry, error) {
	if err := s.failure(); err != nil {
		return store.Entry{}, err
	}
	return s.Store.Best(ctx, b, id)
}

func (s *failingStore) View(ctx context.Context, b store.Board, offset, limit int, me store.PlayerID, around int) (store.View, error) {
	if err := s.failure(); err != nil {
		return store.View{}, err
	}
	return s.Store.View(ctx, b, offset, limit, me, around)
}

func (s *failingStore) Count(ctx context.Context, b store.Board) (int, error) {
	if err := s.failure(); err != nil {
		return 0, err
	}
	return s.Store.Count(ctx, b)
}

func (s *failingStore) FindRun(ctx context.Context, b store.Board, inputs [32]byte) (store.RunRef, error) {
	if err := s.failure(); err != nil {
		return store.RunRef{}, err
	}
	return s.Store.FindRun(ctx, b, inputs)
}

func (s *failingStore) Pot(ctx context.Context, level string) (int64, error) {
	if err := s.failure(); err != nil {
		return 0, err
	}
	return s.Store.Pot(ctx, level)
}

// errPass, returned by a hookVerifier's hook, lets the job be verified
// normally.
var errPass = errors.New("pass")

// hookVerifier scripts a verifier's answers: hook, when set, sees each job
// first and, unless it returns errPass, its answer is the verifier's (to
// script refusals, timeouts or a verification that waits for the test).
// calls counts the jobs it was given, to check which submissions reach
// the verifier.
type hookVerifier struct {
	verify.Verifier
	hook  func(ctx context.Context, j verify.Job) (verify.Result, error)
	calls atomic.Int64
}

func (v *hookVerifier) Verify(ctx context.Context, j verify.Job) (verify.Result, error) {
	v.calls.Add(1)
	if v.hook != nil {
		if r, err := v.hook(ctx, j); err != errPass {
			return r, err
		}
	}
	return v.Verifier.Verify(ctx, j)
}

type env struct {
	t     testing.TB
	hub   *Hub
	mem   *memstore.Store
	store *failingStore // around mem
	ver   *hookVerifier // around an in-process verifier of the built-in levels
	cfg   Config        // the hub's, to start another on the same store
	srv   *httptest.Server
	url   string
}

func newEnv(t testing.TB, lim Limits) *env {
	t.Helper()
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, mem: memstore.New(), ver: &hookVerifier{Verifier: verify.NewLocal(verify.Builtin())}, cfg: Config{
		Ranked: ranks, Limits: lim, Engine: session.EngineVersion}}
	e.store = &failingStore{Store: e.mem}
	e.cfg.Store, e.cfg.Verifier = e.store, e.ver
	e.start()
	t.Cleanup(e.stop)
	return e
}

// start starts a hub on e's store and verifier.
func (e *env) start() {
	e.t.Helper()
	var err error
	if e.hub, err = New(e.cfg); err != nil {
		e.t.Fatal(err)
	}
	e.srv = httptest.NewServer(e.hub)
	e.url = "ws" + strings.TrimPrefix(e.srv.URL, "http") + "/ws"
}

// stop shuts the hub down and closes its server.
func (e *env) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	e.hub.Shutdown(ctx)
	e.srv.Close()
}

// restart replaces the hub with a new one on the same store, as a server
// restart does: what the hub kept in memory (its verdict cache) is gone,
// what the store holds is not. Clients must dial again.
func (e *env) restart() {
	e.t.Helper()
	e.stop()
	e.start()
}

// runs returns the number of runs stored (memstore numbers them from 1).
func (e *env) runs() int {
	e.t.Helper()
	for n := 0; ; n++ {
		_, err := e.mem.Run(context.Background(), int64(n+1))
		if errors.Is(err, store.ErrNotFound) {
			return n
		}
		if err != nil {
			e.t.Fatal(err)
		}
	}
}

type client struct {
	t      testing.TB
	ws     *websocket.Conn
	pushes []protocol.Message // pushes read while waiting for a reply
}

func (e *env) dial() *client {
	e.t.Helper()
	ws, res, err := websocket.DefaultDialer.Dial(e.url, nil)
	if err != nil {
		e.t.Fatalf("dial: %v (%v)", err, res)
	}
	c := &client{t: e.t, ws: ws}
	e.t.Cleanup(func() { ws.Close() })
	return c
}

func (c *client) sendRaw(frame []byte) {
	c.t.Helper()
	c.ws.SetWriteDeadline(time.Now().Add(guard))
	if err := c.ws.WriteMessage(websocket.BinaryMessage, frame); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

func (c *client) send(id uint32, m protocol.Message) {
	c.t.Helper()
	frame, err := protocol.Encode(nil, id, m)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(frame)
}

// next reads the next message from the server.
func (c *client) next() (uint32, protocol.Message, error) {
	c.ws.SetReadDeadline(time.Now().Add(guard))
	kind, frame, err := c.ws.ReadMessage()
	if err != nil {
		return 0, nil, err
	}
	if kind != websocket.BinaryMessage {
		return 0, nil, fmt.Errorf("frame of kind %d", kind)
	}
	// The server's own messages decode with the same Decode: only its
	// FromClient check is the hub's.
	env, m, err := protocol.Decode(frame)
	return env.ID, m, err
}

// reply reads until the reply to id, keeping pushes (id 0) aside.
func (c *client) reply(id uint32) protocol.Message {
	c.t.Helper()
	for {
		got, m, err := c.next()
		if err != nil {
			c.t.Fatalf("waiting for reply %d: %v", id, err)
		}
		if got == id {
			return m
		}
		if got != 0 {
			c.t.Fatalf("reply to %d while waiting for %d: %#v", got, id, m)
		}
		c.pushes = append(c.pushes, m)
	}
}

// push returns the next push of type typ, read or kept aside.
func (c *client) push(typ protocol.Type) protocol.Message {
	c.t.Helper()
	for i, m := range c.pushes {
		if m.Type() == typ {
			c.pushes = append(c.pushes[:i], c.pushes[i+1:]...)
			return m
		}
	}
	for {
		id, m, err := c.next()
		if err != nil {
			c.t.Fatalf("waiting for a %s push: %v", typ, err)
		}
		if id != 0 {
			c.t.Fatalf("reply to %d while waiting for a push: %#v", id, m)
		}
		if m.Type() == typ {
			return m
		}
		c.pushes = append(c.pushes, m)
	}
}

func (c *client) call(id uint32, m protocol.Message) protocol.Message {
	c.t.Helper()
	c.send(id, m)
	return c.reply(id)
}

// wantErr calls and checks that the answer is an error with the code.
func (c *client) wantErr(id uint32, m protocol.Message, code protocol.Code) *protocol.Error {
	c.t.Helper()
	got := c.call(id, m)
	e, ok := got.(*protocol.Error)
	if !ok || e.Code != code {
		c.t.Fatalf("%s: got %#v, want error %s", m.Type(), got, code)
	}
	return e
}

// wantClosed reads until the server closes the connection.
func (c *client) wantClosed() {
	c.t.Helper()
	for {
		if _, _, err := c.next(); err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) || strings.Contains(err.Error(), "reset") || strings.Contains(err.Error(), "EOF") {
				return
			}
			c.t.Fatalf("want the connection closed, got %v", err)
		}
	}
}

func newToken(t testing.TB) []byte {
	k := make([]byte, protocol.TokenSize)
	rand.Read(k)
	return k
}

// hello dials and says hello as a new player.
func (e *env) hello(pseudonym string) (*client, []byte) {
	e.t.Helper()
	c := e.dial()
	k := newToken(e.t)
	got := c.call(1, &protocol.Hello{Version: protocol.Version, Token: k, Pseudonym: pseudonym, Client: "test/1"})
	if _, ok := got.(*protocol.Welcome); !ok {
		e.t.Fatalf("hello: got %#v", got)
	}
	return c, k
}

func readReplay(t *testing.T, level string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "levels", level, "testdata", "win.replay"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tamper changes the input of one tick in the middle of a replay.
func tamper(t *testing.T, b []byte) []byte {
	t.Helper()
	rec, err := replay.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rec.Inputs {
		if r.Count >= 3 && i > 0 {
			changed := r
			changed.Buttons ^= 1 // one button more or less for one tick
			changed.Count = 1
			first, rest := r, r
			first.Count, rest.Count = 1, r.Count-2
			rec.Inputs = append(rec.Inputs[:i:i], append([]replay.Run{first, changed, rest}, rec.Inputs[i+1:]...)...)
			out, err := replay.Encode(rec)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
	}
	t.Fatal("no input run long enough to tamper with")
	return nil
}

// relevel rewrites the level id of a replay.
func relevel(t *testing.T, b []byte, id string) []byte {
	t.Helper()
	rec, err := replay.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	rec.LevelID = id
	out, err := replay.Encode(rec)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestHappyPath(t *testing.T) {
	e := newEnv(t, Limits{})
	c := e.dial()
	k := newToken(t)
	w, ok := c.call(1, &protocol.Hello{Version: protocol.Version, Token: k, Pseudonym: "Ada", Client: "test/1"}).(*protocol.Welcome)
	if !ok || w.Version != protocol.Version || w.Pseudonym != "Ada" || w.Engine != session.EngineVersion ||
		w.MaxMessage != protocol.MaxMessage || len(w.Pots) != 1 || w.Pots[0] != (protocol.Pot{Level: "tax-pot"}) {
		t.Fatalf("welcome = %#v", w)
	}
	ranks, _ := ranked.Builtin()
	demo, _ := ranks.Lookup("demo")

	win := readReplay(t, "demo")
	s, ok := c.call(2, &protocol.Submit{Replay: win, Client: "run-1"}).(*protocol.Submitted)
	if !ok || s.Level != "demo" || !bytes.Equal(s.Hash, demo.Hash[:]) || s.Score != 3678 || s.Ticks != 223 ||
		!s.Won || !s.NewBest || s.Duplicate || s.Total != 1 || s.Pot != 0 ||
		s.Best != (protocol.Entry{Rank: 1, Pseudonym: "Ada", Score: 3678, Ticks: 223, Me: true}) ||
		len(s.Around) != 1 || s.Around[0] != s.Best {
		t.Fatalf("submitted = %#v", s)
	}
	s, ok = c.call(3, &protocol.Submit{Replay: win, Client: "run-1"}).(*protocol.Submitted)
	if !ok || !s.Duplicate || s.NewBest || s.Total != 1 {
		t.Fatalf("resubmitted = %#v", s)
	}
	if n := e.runs(); n != 1 {
		t.Errorf("%d runs stored, want 1", n)
	}

	// A second player with a run of her own (one idle tick first: one
	// point less), then boards.
	c2, _ := e.hello("Grace")
	if s, ok := c2.call(2, &protocol.Submit{Replay: variants(t, "demo", 1)[0]}).(*protocol.Submitted); !ok ||
		s.Score != 3677 || s.Ticks != 224 || !s.NewBest || s.Duplicate || s.Total != 2 || s.Best.Rank != 2 {
		t.Fatalf("second player's run: %#v", s)
	}
	b, ok := c.call(4, &protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Limit: 10}).(*protocol.Board)
	want := []protocol.Entry{{Rank: 1, Pseudonym: "Ada", Score: 3678, Ticks: 223, Me: true}, {Rank: 2, Pseudonym: "Grace", Score: 3677, Ticks: 224}}
	if !ok || b.Total != 2 || b.Kind != protocol.BoardTop || fmt.Sprint(b.Entries) != fmt.Sprint(want) || b.Me == nil || *b.Me != want[0] {
		t.Fatalf("board = %#v", b)
	}
	b, ok = c2.call(3, &protocol.GetBoard{Level: "demo", Hash: demo.Hash[:], Kind: protocol.BoardTop, Offset: 1, Limit: 1}).(*protocol.Board)
	if !ok || b.Total != 2 || len(b.Entries) != 1 || b.Entries[0].Pseudonym != "Grace" || !b.Entries[0].Me || b.Me == nil {
		t.Fatalf("board from rank 2 = %#v", b)
	}
	b, ok = c.call(5, &protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Offset: 1, Limit: 1}).(*protocol.Board)
	if !ok || b.Me == nil || b.Me.Rank != 1 || !b.Me.Me {
		t.Fatalf("board without me but Me = %#v", b)
	}
	b, ok = c2.call(4, &protocol.GetBoard{Level: "demo", Kind: protocol.BoardAround, Limit: 10}).(*protocol.Board)
	if !ok || b.Total != 2 || len(b.Entries) != 2 || b.Me == nil || b.Me.Rank != 2 || b.Kind != protocol.BoardAround {
		t.Fatalf("around = %#v", b)
	}
	// A hash no run was stored with is no board: unknown_level, not an
	// empty board. A past version's board, known by its runs, is served.
	old := store.Board{Level: "demo", Hash: [32]byte{1}}
	c.wantErr(6, &protocol.GetBoard{Level: "demo", Hash: old.Hash[:], Kind: protocol.BoardTop, Limit: 10}, protocol.CodeUnknownLevel)
	c.wantErr(6, &protocol.GetBoard{Level: "demo", Hash: old.Hash[:], Kind: protocol.BoardAround, Limit: 1}, protocol.CodeUnknownLevel)
	p, err := e.mem.CreatePlayer(context.Background(), [32]byte{9}, "Old Timer")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.mem.AddRun(context.Background(), store.Run{Board: old, Player: p.ID, Score: 5, Ticks: 60, Replay: []byte{1}, Inputs: [32]byte{1}, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	b, ok = c.call(6, &protocol.GetBoard{Level: "demo", Hash: old.Hash[:], Kind: protocol.BoardTop, Limit: 10}).(*protocol.Board)
	if !ok || b.Total != 1 || len(b.Entries) != 1 || b.Entries[0].Pseudonym != "Old Timer" || b.Me != nil || !bytes.Equal(b.Hash, old.Hash[:]) {
		t.Fatalf("board of a past version = %#v", b)
	}
	c.wantErr(6, &protocol.GetBoard{Level: "demo", Hash: old.Hash[:], Kind: protocol.BoardAround, Limit: 1}, protocol.CodeNotRanked)

	// Rename, then log in again from another connection with the token.
	if r, ok := c.call(7, &protocol.SetPseudonym{Pseudonym: "Ada L"}).(*protocol.Renamed); !ok || r.Pseudonym != "Ada L" {
		t.Fatalf("renamed = %#v", r)
	}
	c3 := e.dial()
	w, ok = c3.call(1, &protocol.Hello{Version: protocol.Version, Token: k, Pseudonym: "ignored"}).(*protocol.Welcome)
	if !ok || w.Pseudonym != "Ada L" {
		t.Fatalf("login = %#v", w)
	}
	wb, ok := c3.call(2, &protocol.Watch{Level: "demo"}).(*protocol.Board)
	if !ok || wb.Kind != protocol.BoardTop || len(wb.Entries) != 2 || wb.Entries[0].Pseudonym != "Ada L" || !wb.Entries[0].Me {
		t.Fatalf("watch = %#v", wb)
	}
	if _, ok := c3.call(3, &protocol.Unwatch{Level: "demo"}).(*protocol.OK); !ok {
		t.Fatal("unwatch not ok")
	}
	if _, ok := c3.call(4, &protocol.Unwatch{Level: "rgpd"}).(*protocol.OK); !ok {
		t.Fatal("unwatch of a level not watched not ok")
	}
}

func TestErrors(t *testing.T) {
	e := newEnv(t, Limits{MessageRate: 1e6, MessageBurst: 1e6, SubmitRate: 1e6, SubmitBurst: 1e6})
	taken, _ := e.hello("Taken")
	_ = taken
	win := readReplay(t, "demo")
	// Admissible runs of their own for the cases the verifier answers: the
	// hook below scripts its answer to each.
	vs := variants(t, "demo", 3)
	hostile, busy, broken := vs[0], vs[1], vs[2]
	frame := func(typ protocol.Type, body []byte) []byte {
		b, err := (&protocol.Envelope{Type: typ, ID: 9, Body: body}).MarshalMsg(nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	helloV2, _ := (&protocol.Hello{Version: 2, Token: []byte{1}}).MarshalMsg(nil)
	tests := []struct {
		name   string
		hello  bool   // say hello first
		raw    []byte // frame to send, or
		msg    protocol.Message
		code   protocol.Code
		prefix string // of the message
		closes bool
		noID   bool // the frame's id cannot be read: the error has noid, id 0
	}{
		{name: "oversize frame", raw: make([]byte, protocol.MaxMessage+1), code: protocol.CodeTooLarge, closes: true, noID: true},
		{name: "not msgpack", raw: []byte{0xc1, 0xff, 0x00}, code: protocol.CodeMalformed, noID: true},
		{name: "not a map", raw: []byte{0x93, 1, 2, 3}, code: protocol.CodeMalformed, noID: true},
		{name: "bytes after", raw: append(frame(protocol.TypeWatch, []byte{0x81, 0xa1, 'l', 0xa4, 'd', 'e', 'm', 'o'}), 0), code: protocol.CodeMalformed},
		{name: "unknown type", raw: frame("frobnicate", []byte{0x80}), code: protocol.CodeUnknownType},
		{name: "server-only type", raw: frame(protocol.TypeWelcome, []byte{0x80}), code: protocol.CodeUnknownType},
		{name: "request before hello", msg: &protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Limit: 1}, code: protocol.CodeNoHello},
		{name: "submit before hello", msg: &protocol.Submit{Replay: win}, code: protocol.CodeNoHello},
		{name: "second hello", hello: true, msg: &protocol.Hello{Version: 1, Token: newToken(t), Pseudonym: "Other"}, code: protocol.CodeNoHello},
		{name: "bad version", msg: &protocol.Hello{Version: 2, Token: newToken(t), Pseudonym: "Someone"}, code: protocol.CodeVersion, prefix: "protocol version 2", closes: true},
		{name: "bad version, other layout", raw: frame(protocol.TypeHello, helloV2), code: protocol.CodeVersion, closes: true},
		{name: "short token", msg: &protocol.Hello{Version: 1, Token: []byte{1, 2}, Pseudonym: "Someone"}, code: protocol.CodeInvalid},
		{name: "long token", msg: &protocol.Hello{Version: 1, Token: make([]byte, 33), Pseudonym: "Someone"}, code: protocol.CodeInvalid},
		{name: "huge token", msg: &protocol.Hello{Version: 1, Token: make([]byte, protocol.MaxReplay), Pseudonym: "Someone"}, code: protocol.CodeInvalid},
		{name: "hello without body", raw: frame(protocol.TypeHello, nil), code: protocol.CodeInvalid, prefix: "token of 0 bytes"},
		{name: "unknown level hash", hello: true, msg: &protocol.GetBoard{Level: "demo", Hash: make([]byte, 32), Kind: protocol.BoardTop, Limit: 1}, code: protocol.CodeUnknownLevel},
		{name: "short pseudonym", msg: &protocol.Hello{Version: 1, Token: newToken(t), Pseudonym: "ab"}, code: protocol.CodeBadPseudonym},
		{name: "blocked pseudonym", msg: &protocol.Hello{Version: 1, Token: newToken(t), Pseudonym: "Adm1n"}, code: protocol.CodeBadPseudonym},
		{name: "no pseudonym", msg: &protocol.Hello{Version: 1, Token: newToken(t)}, code: protocol.CodeBadPseudonym},
		{name: "taken pseudonym", msg: &protocol.Hello{Version: 1, Token: newToken(t), Pseudonym: "TAKEN"}, code: protocol.CodeTaken},
		{name: "rename taken", hello: true, msg: &protocol.SetPseudonym{Pseudonym: "taken"}, code: protocol.CodeTaken},
		{name: "rename bad", hello: true, msg: &protocol.SetPseudonym{Pseudonym: "-x-"}, code: protocol.CodeBadPseudonym},
		{name: "unknown level board", hello: true, msg: &protocol.GetBoard{Level: "nope", Kind: protocol.BoardTop, Limit: 1}, code: protocol.CodeUnknownLevel},
		{name: "unknown level watch", hello: true, msg: &protocol.Watch{Level: "nope"}, code: protocol.CodeUnknownLevel},
		{name: "bad board kind", hello: true, msg: &protocol.GetBoard{Level: "demo", Kind: "all", Limit: 1}, code: protocol.CodeInvalid},
		{name: "board limit", hello: true, msg: &protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Limit: 101}, code: protocol.CodeInvalid},
		{name: "not ranked", hello: true, msg: &protocol.GetBoard{Level: "demo", Kind: protocol.BoardAround, Limit: 3}, code: protocol.CodeNotRanked},
		{name: "empty replay", hello: true, msg: &protocol.Submit{}, code: protocol.CodeInvalid},
		{name: "garbage replay", hello: true, msg: &protocol.Submit{Replay: []byte("not a replay")}, code: protocol.CodeRefused, prefix: "malformed: "},
		{name: "unknown level replay", hello: true, msg: &protocol.Submit{Replay: relevel(t, win, "no-such-level")}, code: protocol.CodeRefused, prefix: "unknown_level: "},
		{name: "tampered replay", hello: true, msg: &protocol.Submit{Replay: tamper(t, win)}, code: protocol.CodeRefused, prefix: "diverged: "},
		{name: "hostile level", hello: true, msg: &protocol.Submit{Replay: hostile}, code: protocol.CodeRefused, prefix: "timeout: "},
		{name: "verifier busy", hello: true, msg: &protocol.Submit{Replay: busy}, code: protocol.CodeBusy},
		{name: "verifier broken", hello: true, msg: &protocol.Submit{Replay: broken}, code: protocol.CodeInternal},
	}
	hostileJob, busyJob, brokenJob := string(leveltest.Canonical(t, hostile)), string(leveltest.Canonical(t, busy)), string(leveltest.Canonical(t, broken))
	e.ver.hook = func(ctx context.Context, j verify.Job) (verify.Result, error) {
		switch string(j.Replay) {
		case hostileJob:
			return verify.Result{}, &verify.Refusal{Reason: verify.ReasonTimeout, Detail: "CPU deadline reached"}
		case busyJob:
			return verify.Result{}, fmt.Errorf("pool: %w", verify.ErrQueueFull)
		case brokenJob:
			return verify.Result{}, errors.New("pool closed")
		}
		return verify.Result{}, errPass
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.dial()
			c.t = t
			if tt.hello {
				if _, ok := c.call(1, &protocol.Hello{Version: 1, Token: newToken(t), Pseudonym: "P" + fmt.Sprint(time.Now().UnixNano()%1e9)}).(*protocol.Welcome); !ok {
					t.Fatal("hello failed")
				}
			}
			var got protocol.Message
			if tt.raw != nil {
				c.sendRaw(tt.raw)
				id, m, err := c.next()
				if err != nil {
					t.Logf("read: %v", err)
				}
				if want := map[bool]uint32{false: 9, true: 0}[tt.noID]; id != want {
					t.Errorf("answered with id %d, want %d", id, want)
				}
				got = m
			} else {
				got = c.call(9, tt.msg)
			}
			pe, ok := got.(*protocol.Error)
			if !ok || pe.Code != tt.code || !strings.HasPrefix(pe.Message, tt.prefix) {
				t.Fatalf("got %#v, want error %s %q…", got, tt.code, tt.prefix)
			}
			if pe.NoID != tt.noID {
				t.Errorf("noid = %v, want %v", pe.NoID, tt.noID)
			}
			if tt.closes {
				c.wantClosed()
				return
			}
			// The session goes on.
			if _, ok := c.call(10, &protocol.Unwatch{Level: "demo"}).(*protocol.Error); ok == tt.hello {
				t.Errorf("after the error, unwatch answered wrongly (hello %v)", tt.hello)
			}
		})
	}
	if n := e.runs(); n != 0 {
		t.Errorf("%d runs stored from bad submissions", n)
	}
}

func TestTextFrame(t *testing.T) {
	e := newEnv(t, Limits{})
	c := e.dial()
	if err := c.ws.WriteMessage(websocket.TextMessage, []byte(`{"t":"hello"}`)); err != nil {
		t.Fatal(err)
	}
	if id, m, _ := c.next(); m == nil || m.(*protocol.Error).Code != protocol.CodeMalformed || !m.(*protocol.Error).NoID || id != 0 {
		t.Fatalf("text frame answered %d %#v", id, m)
	}
}

func TestStorageFailure(t *testing.T) {
	e := newEnv(t, Limits{})
	c, _ := e.hello("Ada")
	e.store.fail(errors.New("disk on fire"))
	c.wantErr(2, &protocol.Submit{Replay: readReplay(t, "demo")}, protocol.CodeInternal)
	c.wantErr(3, &protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Limit: 1}, protocol.CodeInternal)
	e.store.fail(nil)
	if _, ok := c.call(4, &protocol.Submit{Replay: readReplay(t, "demo")}).(*protocol.Submitted); !ok {
		t.Fatal("no recovery after a storage failure")
	}
}

func TestWatchLimit(t *testing.T) {
	e := newEnv(t, Limits{MaxWatch: 2})
	c, _ := e.hello("Ada")
	for i, l := range []string{"demo", "rgpd", "demo"} {
		if _, ok := c.call(uint32(2+i), &protocol.Watch{Level: l}).(*protocol.Board); !ok {
			t.Fatalf("watch %s refused", l)
		}
	}
	c.wantErr(9, &protocol.Watch{Level: "tax-pot"}, protocol.CodeInvalid)
	c.call(10, &protocol.Unwatch{Level: "rgpd"})
	if _, ok := c.call(11, &protocol.Watch{Level: "tax-pot"}).(*protocol.Board); !ok {
		t.Fatal("watch after unwatch refused")
	}
}

// TestRecordPush: a new best in the top 10 reaches a client watching the
// level, with the watcher's own entry marked.
func TestRecordPush(t *testing.T) {
	e := newEnv(t, Limits{})
	watcher, _ := e.hello("Watcher")
	if b, ok := watcher.call(2, &protocol.Watch{Level: "demo"}).(*protocol.Board); !ok || len(b.Entries) != 0 {
		t.Fatalf("watch = %#v", b)
	}
	player, _ := e.hello("Player")
	if _, ok := player.call(2, &protocol.Submit{Replay: readReplay(t, "demo")}).(*protocol.Submitted); !ok {
		t.Fatal("submit failed")
	}
	r := watcher.push(protocol.TypeRecord).(*protocol.Record)
	if r.Level != "demo" || r.Total != 1 || len(r.Top) != 1 || r.Top[0].Pseudonym != "Player" || r.Top[0].Me {
		t.Fatalf("record = %#v", r)
	}
	// The watcher's own run (a point less: second): the push marks it.
	if _, ok := watcher.call(3, &protocol.Submit{Replay: variants(t, "demo", 1)[0]}).(*protocol.Submitted); !ok {
		t.Fatal("submit failed")
	}
	r = watcher.push(protocol.TypeRecord).(*protocol.Record)
	if r.Total != 2 || len(r.Top) != 2 || r.Top[1].Pseudonym != "Watcher" || !r.Top[1].Me {
		t.Fatalf("record = %#v", r)
	}
	// A level not watched pushes nothing: the next message is the reply.
	player.call(3, &protocol.Submit{Replay: readReplay(t, "free-software")})
	if m := watcher.call(4, &protocol.Unwatch{Level: "demo"}); m.Type() != protocol.TypeOK || len(watcher.pushes) != 0 {
		t.Fatalf("unexpected push %#v", watcher.pushes)
	}
}

// TestPotPush: a verified run of the pot level adds its score to the total
// every client sees.
func TestPotPush(t *testing.T) {
	e := newEnv(t, Limits{})
	other, _ := e.hello("Other")
	player, _ := e.hello("Player")
	s, ok := player.call(2, &protocol.Submit{Replay: readReplay(t, "tax-pot"), Client: "a"}).(*protocol.Submitted)
	if !ok || s.Pot != 1600 {
		t.Fatalf("submitted = %#v", s)
	}
	if p := other.push(protocol.TypePot).(*protocol.Pot); *p != (protocol.Pot{Level: "tax-pot", Total: 1600}) {
		t.Fatalf("pot = %#v", p)
	}
	// A duplicate adds nothing; a new client sees the total in welcome.
	if s, ok := player.call(3, &protocol.Submit{Replay: readReplay(t, "tax-pot"), Client: "a"}).(*protocol.Submitted); !ok || !s.Duplicate || s.Pot != 1600 {
		t.Fatalf("duplicate = %#v", s)
	}
	c := e.dial()
	w := c.call(1, &protocol.Hello{Version: 1, Token: newToken(t), Pseudonym: "Late"}).(*protocol.Welcome)
	if len(w.Pots) != 1 || w.Pots[0].Total != 1600 {
		t.Fatalf("welcome pots = %#v", w.Pots)
	}
}

// TestFlood: 1,000 submissions at once from one client are each answered,
// all but the few the limits allow with rate_limited, while another client
// keeps being answered; only verified runs are stored.
func TestFlood(t *testing.T) {
	e := newEnv(t, Limits{})
	flood, _ := e.hello("Flood")
	calm, _ := e.hello("Calm")
	win := readReplay(t, "demo")
	const n = 1000
	// More runs of its own than the limits let through in a burst, sent in
	// turn: what gets through is mostly new runs, each verified and stored.
	// A run the limits let through again later is a resend, answered as a
	// duplicate and not stored again.
	runs := variants(t, "demo", DefaultLimits.SubmitBurst+2)
	frames := make([][]byte, n)
	for i := range frames {
		frames[i], _ = protocol.Encode(nil, uint32(100+i), &protocol.Submit{Replay: runs[i%len(runs)], Client: fmt.Sprint(i)})
	}
	sent := make(chan error, 1)
	go func() {
		for _, f := range frames {
			flood.ws.SetWriteDeadline(time.Now().Add(guard))
			if err := flood.ws.WriteMessage(websocket.BinaryMessage, f); err != nil {
				sent <- err
				return
			}
		}
		sent <- nil
	}()
	// The calm client is answered while the flood goes on.
	if _, ok := calm.call(2, &protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Limit: 10}).(*protocol.Board); !ok {
		t.Fatal("calm client not answered")
	}
	counts := map[string]int{}
	seen := map[uint32]bool{}
	for range n {
		id, m, err := flood.next()
		if err != nil {
			t.Fatalf("after %v replies: %v", counts, err)
		}
		if id < 100 || id >= 100+n || seen[id] {
			t.Fatalf("reply to %d", id)
		}
		seen[id] = true
		switch m := m.(type) {
		case *protocol.Error:
			counts[string(m.Code)]++
		case *protocol.Submitted:
			counts[string(m.Type())]++
			if m.Duplicate {
				counts["duplicate"]++
			}
		default:
			t.Fatalf("reply to %d: %#v", id, m)
		}
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	t.Logf("replies: %v", counts)
	if counts["submitted"] < 1 || counts["submitted"] > DefaultLimits.SubmitBurst+1 ||
		counts["rate_limited"] < n-DefaultLimits.SubmitBurst-1-DefaultLimits.MaxVerifying ||
		counts["submitted"]+counts["rate_limited"]+counts["busy"] != n {
		t.Errorf("replies %v", counts)
	}
	if n := e.runs(); n != counts["submitted"]-counts["duplicate"] {
		t.Errorf("%d runs stored, %d acknowledged as new", n, counts["submitted"]-counts["duplicate"])
	}
	if _, ok := calm.call(3, &protocol.Submit{Replay: win}).(*protocol.Submitted); !ok {
		t.Fatal("calm client cannot submit after the flood")
	}
}

// TestSlowClient: a client that never reads is dropped; the others are
// answered all along.
func TestSlowClient(t *testing.T) {
	e := newEnv(t, Limits{MessageRate: 1e6, MessageBurst: 1e6, WriteTimeout: 100 * time.Millisecond, Queue: 8})
	// A board of 100 long entries makes big replies.
	ranks, _ := ranked.Builtin()
	demo, _ := ranks.Lookup("demo")
	for i := range 100 {
		var k [32]byte
		k[0], k[1] = byte(i), 1
		p, err := e.store.CreatePlayer(context.Background(), k, fmt.Sprintf("player-%018d", i))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.AddRun(context.Background(), store.Run{Board: store.Board{Level: "demo", Hash: demo.Hash},
			Player: p.ID, Score: int64(i), Replay: []byte{1}, Inputs: k, At: time.Unix(int64(i), 0)}); err != nil {
			t.Fatal(err)
		}
	}
	slow, _ := e.hello("Slow")
	other, _ := e.hello("Other")
	stopped := make(chan error, 1)
	go func() {
		f, _ := protocol.Encode(nil, 5, &protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Limit: 100})
		for {
			slow.ws.SetWriteDeadline(time.Now().Add(guard))
			if err := slow.ws.WriteMessage(websocket.BinaryMessage, f); err != nil {
				stopped <- err
				return
			}
		}
	}()
	for i := range 20 {
		if _, ok := other.call(uint32(10+i), &protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Limit: 100}).(*protocol.Board); !ok {
			t.Fatal("other client not answered")
		}
	}
	// The slow client's writes fail once the server has dropped it.
	if err := <-stopped; err == nil {
		t.Fatal("no error")
	}
	slow.wantClosed()
	if _, ok := other.call(99, &protocol.Unwatch{Level: "demo"}).(*protocol.OK); !ok {
		t.Fatal("other client not answered after the drop")
	}
}

// TestShutdown: the server announces it stops, still answers the
// submission it had accepted, then closes; the run is stored.
func TestShutdown(t *testing.T) {
	e := newEnv(t, Limits{})
	started, release := make(chan struct{}), make(chan struct{})
	e.ver.hook = func(ctx context.Context, j verify.Job) (verify.Result, error) {
		close(started)
		<-release
		return verify.Result{}, errPass
	}
	c, _ := e.hello("Ada")
	c.send(2, &protocol.Submit{Replay: readReplay(t, "demo")})
	<-started
	done := make(chan error, 1)
	go func() { done <- e.hub.Shutdown(context.Background()) }()
	id, m, err := c.next()
	if err != nil || id != 0 || m.(*protocol.Error).Code != protocol.CodeShutdown {
		t.Fatalf("got %d %#v %v, want the shutdown error", id, m, err)
	}
	// New requests are refused while the accepted one finishes.
	c.send(3, &protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Limit: 1})
	if id, m, _ := c.next(); id != 3 || m.(*protocol.Error).Code != protocol.CodeShutdown {
		t.Fatalf("request during shutdown answered %d %#v", id, m)
	}
	close(release)
	if s, ok := c.reply(2).(*protocol.Submitted); !ok || s.Score != 3678 {
		t.Fatalf("accepted submission answered %#v", s)
	}
	c.wantClosed()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := e.runs(); n != 1 {
		t.Errorf("%d runs stored, want 1", n)
	}
	res, err := http.Get(e.srv.URL + "/ws")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("connecting after shutdown: %d", res.StatusCode)
	}
}

func TestPerAddressCap(t *testing.T) {
	e := newEnv(t, Limits{MaxPerAddress: 2})
	a := e.dial()
	e.dial()
	_, res, err := websocket.DefaultDialer.Dial(e.url, nil)
	if err == nil || res == nil || res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("third connection: %v, %v; want 429", err, res)
	}
	a.ws.Close()
	// The slot comes back once the server has seen the close: retry until
	// then, as a client would.
	for i := 0; ; i++ {
		c, _, err := websocket.DefaultDialer.Dial(e.url, nil)
		if err == nil {
			c.Close()
			break
		}
		if i == 1000 {
			t.Fatal("the slot never came back")
		}
		a.next() // returns at once: the connection is closed
	}
}

// TestConnCap fills a hub with a cap of 2 connections in all: the third
// is refused before the upgrade with 503 and a Retry-After, whatever its
// address, and a slot comes back when a connection ends.
func TestConnCap(t *testing.T) {
	e := newEnv(t, Limits{MaxConns: 2})
	a := e.dial()
	e.dial()
	_, res, err := websocket.DefaultDialer.Dial(e.url, nil)
	if err == nil || res == nil || res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("third connection: %v, %+v; want 503 with Retry-After", err, res)
	}
	if !res.Close {
		t.Error("the refused connection is kept alive: it would hold a file")
	}
	a.ws.Close()
	for i := 0; ; i++ {
		c, _, err := websocket.DefaultDialer.Dial(e.url, nil)
		if err == nil {
			c.Close()
			break
		}
		if i == 1000 {
			t.Fatal("the slot never came back")
		}
		a.next() // returns at once: the connection is closed
	}
}

func TestMaxConnsFor(t *testing.T) {
	tests := []struct {
		files uint64
		want  int
	}{
		{0, 10_000},
		{256, 128},
		{1024, 512},
		{4096, 4096 - FileReserve},
		{1 << 20, 1<<20 - FileReserve},
		{1 << 63, 1<<20 - FileReserve},
	}
	for _, tt := range tests {
		if got := MaxConnsFor(tt.files); got != tt.want {
			t.Errorf("MaxConnsFor(%d) = %d, want %d", tt.files, got, tt.want)
		}
	}
}

// TestHelloDeadline: a connection without a session is closed when its
// hello deadline passes, even while it sends requests or answers pings;
// one that said hello in time stays.
func TestHelloDeadline(t *testing.T) {
	e := newEnv(t, Limits{HelloTimeout: 50 * time.Millisecond, PingEvery: 5 * time.Millisecond})
	// waitClose reads (gorilla's client answers pings meanwhile) until the
	// server's close frame, and reports its code, or 0 for no close frame.
	waitClose := func(c *client) int {
		for {
			_, m, err := c.next()
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				return ce.Code
			}
			if err != nil {
				c.t.Logf("no close frame: %v", err)
				return 0
			}
			if pe, ok := m.(*protocol.Error); !ok || pe.Code != protocol.CodeNoHello {
				c.t.Errorf("got %#v", m)
			}
		}
	}
	// The session that starts in time: on a machine so busy that hello
	// takes longer than the deadline, that connection is closed; try again.
	var greeted *client
	for i := 0; greeted == nil; i++ {
		c := e.dial()
		c.send(1, &protocol.Hello{Version: protocol.Version, Token: newToken(t), Pseudonym: fmt.Sprintf("Punctual %d", i)})
		_, m, err := c.next()
		if _, ok := m.(*protocol.Welcome); ok {
			greeted = c
		} else if i == 100 {
			t.Fatalf("hello never answered in time: %#v, %v", m, err)
		}
	}
	for _, tt := range []struct {
		name    string
		request bool // sends a request (answered no_hello if in time)
	}{{"silent", false}, {"busy", true}} {
		t.Run(tt.name, func(t *testing.T) {
			c := e.dial()
			c.t = t
			if tt.request {
				c.send(1, &protocol.Watch{Level: "demo"})
			}
			if code := waitClose(c); code != CloseHelloTimeout {
				t.Errorf("closed with %d, want %d", code, CloseHelloTimeout)
			}
		})
	}
	// greeted's deadline passed before the others': its session goes on.
	if _, ok := greeted.call(2, &protocol.Unwatch{Level: "demo"}).(*protocol.OK); !ok {
		t.Error("the session that said hello in time was closed")
	}
}

func TestAddrKey(t *testing.T) {
	tests := []struct{ remote, key string }{
		{"192.0.2.1:1234", "192.0.2.1"},
		{"192.0.2.1:80", "192.0.2.1"},
		{"127.0.0.17:5000", "127.0.0.17"},
		{"[::ffff:192.0.2.1]:1234", "192.0.2.1"}, // IPv4-mapped: the IPv4 address
		{"[2001:db8::1]:1234", "2001:db8::/64"},
		{"[2001:db8::2]:99", "2001:db8::/64"},
		{"[2001:db8::ffff:ffff:ffff:ffff]:1", "2001:db8::/64"},
		{"[2001:db8:0:1::1]:1", "2001:db8:0:1::/64"},
		{"[fe80::1%eth0]:1", "fe80::/64"},
		{"[::1]:8080", "::/64"},
		{"192.0.2.1", "192.0.2.1"},         // no port
		{"[2001:db8::7]", "[2001:db8::7]"}, // no port, bracketed: its own key
		{"pipe", "pipe"},                   // not an address
	}
	for _, tt := range tests {
		if got := AddrKey(tt.remote); got != tt.key {
			t.Errorf("AddrKey(%q) = %q, want %q", tt.remote, got, tt.key)
		}
	}
}

func TestCheckOrigin(t *testing.T) {
	h := &Hub{origins: []string{"https://arcade.example.org/"}}
	tests := []struct {
		origin, host string
		ok           bool
	}{
		{"", "arcade.test", true},
		{"https://arcade.test", "arcade.test", true},
		{"https://ARCADE.test", "arcade.test", true},
		{"http://localhost:8081", "arcade.test", true},
		{"http://127.0.0.1:3000", "arcade.test", true},
		{"http://[::1]:3000", "arcade.test", true},
		{"https://arcade.example.org", "arcade.test", true},
		{"https://evil.example", "arcade.test", false},
		{"https://arcade.test.evil.example", "arcade.test", false},
		{"https://arcade.test:444", "arcade.test", false},
		{"null", "arcade.test", false},
		{"::", "arcade.test", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/ws", nil)
		r.Host = tt.host
		if tt.origin != "" {
			r.Header.Set("Origin", tt.origin)
		}
		if got := h.checkOrigin(r); got != tt.ok {
			t.Errorf("origin %q on %q: %v, want %v", tt.origin, tt.host, got, tt.ok)
		}
	}
}

// FuzzFrames sends arbitrary frames, before and after hello: each gets
// exactly one answer (or, for the errors that close, a closed connection),
// and the hub keeps serving.
func FuzzFrames(f *testing.F) {
	win, err := os.ReadFile(filepath.Join("..", "..", "levels", "demo", "testdata", "win.replay"))
	if err != nil {
		f.Fatal(err)
	}
	for _, m := range []protocol.Message{
		&protocol.Hello{Version: 1, Token: make([]byte, 32), Pseudonym: "Fuzzy"},
		&protocol.Hello{Version: 7},
		&protocol.GetBoard{Level: "demo", Kind: protocol.BoardAround, Limit: 3},
		&protocol.Watch{Level: "tax-pot"},
		&protocol.Submit{Replay: win},
		&protocol.Submit{Replay: win[:len(win)/2]},
		&protocol.SetPseudonym{Pseudonym: "Éloïse_2"},
	} {
		b, _ := protocol.Encode(nil, 5, m)
		f.Add(b, false)
		f.Add(b, true)
	}
	f.Add([]byte{0x80}, true)
	f.Add([]byte{}, false)
	e := newEnv(f, Limits{MessageRate: 1e9, MessageBurst: 1e9, SubmitRate: 1e9, SubmitBurst: 1e9})
	f.Fuzz(func(t *testing.T, frame []byte, hello bool) {
		e.t = t
		c := e.dial()
		if hello {
			c.call(1, &protocol.Hello{Version: 1, Token: newToken(t), Pseudonym: fmt.Sprintf("F%d", time.Now().UnixNano()%1e12)})
		}
		c.sendRaw(frame)
		var m protocol.Message
		for m == nil || m.Type() == protocol.TypePot || m.Type() == protocol.TypeRecord {
			var err error
			if _, m, err = c.next(); err != nil {
				t.Fatalf("no answer: %v", err)
			}
		}
		if pe, ok := m.(*protocol.Error); ok && (pe.Code == protocol.CodeVersion || pe.Code == protocol.CodeTooLarge) {
			c.wantClosed()
			return
		}
		// Still serving: a request that needs no hello is answered.
		c.send(2, &protocol.Hello{Version: 1})
		if got := c.reply(2); got.Type() != protocol.TypeError {
			t.Fatalf("bad hello answered %#v", got)
		}
	})
}

// TestBusyKeepsAllowance: a submission answered busy gives the player's
// token back, whether the hub's queue was full or the verifier said so:
// a client retrying busy is never told rate_limited for it.
func TestBusyKeepsAllowance(t *testing.T) {
	win := readReplay(t, "demo")
	tests := []struct {
		name string
		// busy makes the next submission of the player answer busy; it
		// returns a function that ends the busy spell.
		busy func(t *testing.T, e *env) (done func())
	}{
		{name: "verifier busy", busy: func(t *testing.T, e *env) func() {
			var mu sync.Mutex
			busy := true
			e.ver.hook = func(ctx context.Context, j verify.Job) (verify.Result, error) {
				mu.Lock()
				defer mu.Unlock()
				if busy {
					return verify.Result{}, fmt.Errorf("pool: %w", verify.ErrQueueFull)
				}
				return verify.Result{}, errPass
			}
			return func() { mu.Lock(); busy = false; mu.Unlock() }
		}},
		{name: "hub queue full", busy: func(t *testing.T, e *env) func() {
			// Another player's run holds the only verification slot.
			held := variants(t, "demo", 1)[0]
			heldJob := string(leveltest.Canonical(t, held))
			started, release := make(chan struct{}), make(chan struct{})
			e.ver.hook = func(ctx context.Context, j verify.Job) (verify.Result, error) {
				if string(j.Replay) == heldJob {
					close(started)
					<-release
					return verify.Result{}, &verify.Refusal{Reason: verify.ReasonMalformed, Detail: "held"}
				}
				return verify.Result{}, errPass
			}
			other, _ := e.hello("Other")
			f, err := protocol.Encode(nil, 50, &protocol.Submit{Replay: held})
			if err != nil {
				t.Fatal(err)
			}
			// A failing test still lets the held run end, so the hub
			// can shut down.
			var once sync.Once
			free := func() { once.Do(func() { close(release) }) }
			t.Cleanup(free)
			other.sendRaw(f)
			<-started
			return func() {
				free()
				if _, m, err := other.next(); err != nil || protocol.CodeOf(asError(m)) != protocol.CodeRefused {
					t.Fatalf("held run answered %#v (%v)", m, err)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// One submission an hour: a token taken is not back before
			// the test ends.
			e := newEnv(t, Limits{SubmitRate: rate.Every(time.Hour), SubmitBurst: 1, MaxVerifying: 1})
			done := tt.busy(t, e)
			c, _ := e.hello("Retrier")
			for i := range 5 {
				if m := c.call(uint32(10+i), &protocol.Submit{Replay: win}); protocol.CodeOf(asError(m)) != protocol.CodeBusy {
					t.Fatalf("try %d answered %#v, want busy", i, m)
				}
			}
			done()
			if m := c.call(20, &protocol.Submit{Replay: win}); m.Type() != protocol.TypeSubmitted {
				t.Fatalf("after busy, the submission answered %#v", m)
			}
			// The token was used by a run that was verified: the
			// limit still holds.
			if m := c.call(21, &protocol.Submit{Replay: win}); protocol.CodeOf(asError(m)) != protocol.CodeRateLimited {
				t.Fatalf("second run answered %#v, want rate_limited", m)
			}
		})
	}
}

// asError is m as an error, nil if it is not a protocol error.
func asError(m protocol.Message) error {
	if pe, ok := m.(*protocol.Error); ok {
		return pe
	}
	return nil
}

// TestPseudonymImpersonation replays the attacks of issue 13 on the
// protocol: look-alikes of a taken name are "taken", invisible characters
// and blocked words are "bad_pseudonym" with the rule named, and innocent
// words that contain a blocked one pass. The rules themselves are tested
// in server/pseudonym, the stores' uniqueness in storetest.
func TestPseudonymImpersonation(t *testing.T) {
	e := newEnv(t, Limits{MessageRate: 1e6, MessageBurst: 1e6, SubmitRate: 1e6, SubmitBurst: 1e6})
	e.hello("Alice")
	e.hello("Zoé")
	tests := []struct {
		name, p string
		code    protocol.Code // "" for a welcome
		rule    string        // in the message
	}{
		{"cyrillic", "\u0410lice", protocol.CodeTaken, ""},
		{"fullwidth", "Ａｌｉｃｅ", protocol.CodeTaken, ""},
		{"mathematical bold", "𝐀𝐥𝐢𝐜𝐞", protocol.CodeTaken, ""},
		{"lisu", "ꓮꓡꓲꓚꓰ", protocol.CodeTaken, ""},
		{"cherokee", "ᎪᏞᎥᏟᎬ", protocol.CodeTaken, ""},
		{"capital I", "AIICE", protocol.CodeTaken, ""},
		{"accent dropped", "Zoe", protocol.CodeTaken, ""},
		{"accent decomposed", "ZOE\u0301", protocol.CodeTaken, ""},
		{"hangul filler U+3164", "\u3164\u3164\u3164", protocol.CodeBadPseudonym, "blank rule"},
		{"hangul filler U+115F", "\u115f\u115f\u115f", protocol.CodeBadPseudonym, "blank rule"},
		{"hangul filler U+1160", "Ali\u1160ce", protocol.CodeBadPseudonym, "invisible rule"},
		{"hangul filler U+FFA0", "Alice\uffa0", protocol.CodeBadPseudonym, "invisible rule"},
		{"zero-width joiner", "Al\u200dice", protocol.CodeBadPseudonym, "invisible rule"},
		{"cyrillic admin", "\u0410dmin", protocol.CodeBadPseudonym, "blocked rule"},
		{"admin with a number", "ADMIN_1", protocol.CodeBadPseudonym, "blocked rule"},
		{"mod", "mod", protocol.CodeBadPseudonym, "blocked rule"},
		{"admin between words", "x admin x", protocol.CodeBadPseudonym, "blocked rule"},
		{"badminton", "Badminton", "", ""},
		{"scunthorpe", "Scunthorpe", "", ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, rename := range []bool{false, true} {
				c := e.dial()
				c.t = t
				var got protocol.Message
				if rename {
					if _, ok := c.call(1, &protocol.Hello{Version: 1, Token: newToken(t), Pseudonym: fmt.Sprintf("Renamer-%d", i)}).(*protocol.Welcome); !ok {
						t.Fatal("hello failed")
					}
					got = c.call(2, &protocol.SetPseudonym{Pseudonym: tt.p})
				} else {
					got = c.call(1, &protocol.Hello{Version: 1, Token: newToken(t), Pseudonym: tt.p})
				}
				if tt.code == "" {
					switch got.(type) {
					case *protocol.Welcome, *protocol.Renamed:
					default:
						t.Fatalf("rename=%v: got %#v, want it accepted", rename, got)
					}
					if !rename { // free the name for the rename
						if _, ok := c.call(2, &protocol.SetPseudonym{Pseudonym: fmt.Sprintf("Freed-%d", i)}).(*protocol.Renamed); !ok {
							t.Fatal("could not free the name")
						}
					}
					continue
				}
				pe, ok := got.(*protocol.Error)
				if !ok || pe.Code != tt.code || !strings.Contains(pe.Message, tt.rule) {
					t.Fatalf("rename=%v: got %#v, want %s naming %q", rename, got, tt.code, tt.rule)
				}
			}
		})
	}
}

// TestKnownPlayerKeepsAnOldName: the rules apply to new names. A player
// whose name was accepted under older rules (here, one now blocked) still
// logs in, whatever pseudonym their hello carries.
func TestKnownPlayerKeepsAnOldName(t *testing.T) {
	e := newEnv(t, Limits{MessageRate: 1e6, MessageBurst: 1e6, SubmitRate: 1e6, SubmitBurst: 1e6})
	tok := newToken(t)
	if _, err := e.mem.CreatePlayer(context.Background(), sha256.Sum256(tok), "Mod"); err != nil {
		t.Fatal(err)
	}
	c := e.dial()
	w, ok := c.call(1, &protocol.Hello{Version: 1, Token: tok, Pseudonym: "Mod"}).(*protocol.Welcome)
	if !ok || w.Pseudonym != "Mod" {
		t.Fatalf("got %#v, want a welcome as Mod", w)
	}
}
