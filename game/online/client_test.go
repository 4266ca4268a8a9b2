//go:build !js

package online_test

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/game/online"
	"github.com/communs-arcade/arcade/game/online/onlinetest"
	"github.com/communs-arcade/arcade/server/protocol"
)

// failAfter only bounds a test that is failing: tests wait on events,
// never on time.
const failAfter = 20 * time.Second

// demo returns the demo's golden winning replay, the one the levels' test
// verifies.
func demo(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../levels/demo/testdata/win.replay")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func token(n byte) []byte { return bytes.Repeat([]byte{n}, protocol.TokenSize) }

func start(t *testing.T, srv *onlinetest.Server, tok []byte, pseudonym string) *online.Client {
	t.Helper()
	c, err := online.New(online.Config{
		URL: srv.URL, Token: tok, Pseudonym: pseudonym, Name: "test/1",
		MinDelay: 2 * time.Millisecond, MaxDelay: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// unread keeps, per client, the events polled but not yet awaited.
var unread = map[*online.Client][]online.Event{}

// await returns the first event of type E for which ok is true, dropping
// the events before it.
func await[E online.Event](t *testing.T, c *online.Client, ok func(E) bool) E {
	t.Helper()
	deadline := time.After(failAfter)
	var seen []string
	for {
		unread[c] = append(unread[c], c.Poll()...)
		for len(unread[c]) > 0 {
			ev := unread[c][0]
			unread[c] = unread[c][1:]
			seen = append(seen, fmt.Sprintf("%T%+v", ev, ev))
			if e, is := ev.(E); is && (ok == nil || ok(e)) {
				return e
			}
		}
		select {
		case <-c.Notify():
		case <-deadline:
			var zero E
			t.Fatalf("no %T; events seen:\n%v", zero, seen)
		}
	}
}

func online_(s online.Status) func(online.StatusChanged) bool {
	return func(e online.StatusChanged) bool { return e.Status == s }
}

func TestHelloWelcome(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.SetPot("tax-pot", 1200)
	c := start(t, srv, token(1), "Renard-Bleu-42")
	w := await[online.Welcomed](t, c, nil)
	if w.Welcome.Pseudonym != "Renard-Bleu-42" || len(w.Welcome.Pots) != 1 || w.Welcome.Pots[0].Total != 1200 {
		t.Errorf("welcome %+v", w.Welcome)
	}
	if c.Status() != online.Online {
		t.Errorf("status %v", c.Status())
	}
	// A known token logs in as its player: the pseudonym offered is ignored.
	c2 := start(t, srv, token(1), "Autre-Nom-7")
	if w := await[online.Welcomed](t, c2, nil); w.Welcome.Pseudonym != "Renard-Bleu-42" {
		t.Errorf("known token welcomed as %q", w.Welcome.Pseudonym)
	}
}

func TestHelloPseudonymTaken(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.Take("Renard-Bleu-42")
	c := start(t, srv, token(2), "Renard-Bleu-42")
	r := await[online.HelloRefused](t, c, nil)
	if r.Code != protocol.CodeTaken {
		t.Errorf("refused with %q", r.Code)
	}
	c.SetHelloPseudonym("Loutre-Verte-12")
	if w := await[online.Welcomed](t, c, nil); w.Welcome.Pseudonym != "Loutre-Verte-12" {
		t.Errorf("welcomed as %q", w.Welcome.Pseudonym)
	}
}

func TestSubmit(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.AddEntry("demo", "Castor-Rouge-3", 9000, 100)
	srv.AddEntry("demo", "Hibou-Gris-5", 10, 100)
	c := start(t, srv, token(3), "Renard-Bleu-42")
	c.Submit("run-1", demo(t))
	s := await[online.Submitted](t, c, nil)
	r := s.Reply
	if s.Run != "run-1" || r.Level != "demo" || r.Score != 3678 || !r.Won || !r.NewBest || r.Duplicate {
		t.Errorf("submitted %+v", s)
	}
	if r.Best.Rank != 2 || !r.Best.Me || r.Total != 3 || len(r.Around) != 3 {
		t.Errorf("rank %+v of %d, around %+v", r.Best, r.Total, r.Around)
	}
	if c.Pending() != 0 {
		t.Errorf("%d runs still pending", c.Pending())
	}
}

func TestSubmitRefusals(t *testing.T) {
	tests := []struct {
		code  protocol.Code
		final bool
	}{
		{protocol.CodeRefused, true},
		{protocol.CodeUnknownLevel, true},
		{protocol.CodeInvalid, true},
		{protocol.CodeBusy, false},
		{protocol.CodeRateLimited, false},
		{protocol.CodeInternal, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.code), func(t *testing.T) {
			srv := onlinetest.New()
			defer srv.Close()
			srv.Refuse(tt.code, "diverged: state differs at tick 120")
			c := start(t, srv, token(4), "Renard-Bleu-42")
			c.Submit("run-1", demo(t))
			f := await[online.SubmitFailed](t, c, nil)
			if f.Run != "run-1" || f.Code != tt.code || f.Final != tt.final || f.Message == "" {
				t.Errorf("failed %+v", f)
			}
			if tt.final {
				if c.Pending() != 0 {
					t.Errorf("a refused run is still pending")
				}
				return
			}
			// Retried later, and stored once the server accepts it.
			srv.Refuse("", "")
			await[online.Submitted](t, c, func(s online.Submitted) bool { return s.Run == "run-1" })
			if srv.Stored() != 1 {
				t.Errorf("%d runs stored", srv.Stored())
			}
		})
	}
}

// TestOfflineThenReconnect: runs given while the server is down are sent
// once it comes back; a run whose reply was lost is resent and counted
// once (the same client id).
func TestOfflineThenReconnect(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.SetDown(true)
	c := start(t, srv, token(5), "Renard-Bleu-42")
	await(t, c, online_(online.Offline))
	c.Submit("run-1", demo(t))
	c.Submit("run-1", demo(t)) // the same run again: queued once
	c.Submit("run-2", demo(t))
	if c.Pending() != 2 {
		t.Fatalf("%d runs pending", c.Pending())
	}
	srv.SetDown(false)
	var got []string
	for len(got) < 2 {
		s := await[online.Submitted](t, c, nil)
		got = append(got, s.Run)
	}
	if !slices.Equal(got, []string{"run-1", "run-2"}) {
		t.Errorf("submitted %v", got)
	}
	if r := srv.Received(); !slices.Equal(r, []string{"run-1", "run-2"}) {
		t.Errorf("server received %v", r)
	}

	// The connection drops after the server stored run-3 but before it
	// answered: the client resends it, and the server says dup.
	srv.CutAfterStore()
	c.Submit("run-3", demo(t))
	s := await[online.Submitted](t, c, nil)
	if s.Run != "run-3" || !s.Reply.Duplicate {
		t.Errorf("after a lost reply: %+v", s)
	}
	if srv.Stored() != 3 || c.Pending() != 0 {
		t.Errorf("stored %d, pending %d", srv.Stored(), c.Pending())
	}
}

func TestWatchAndPushes(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.SetPot("tax-pot", 5)
	c := start(t, srv, token(6), "Renard-Bleu-42")
	c.Watch("demo")
	b := await[online.BoardReceived](t, c, nil)
	if b.Board.Level != "demo" || b.Board.Kind != protocol.BoardTop || len(b.Board.Entries) != 0 {
		t.Errorf("board %+v", b.Board)
	}
	srv.AddEntry("demo", "Castor-Rouge-3", 50, 10)
	r := await[online.RecordPushed](t, c, nil)
	if r.Record.Level != "demo" || len(r.Record.Top) != 1 || r.Record.Top[0].Pseudonym != "Castor-Rouge-3" {
		t.Errorf("record %+v", r.Record)
	}
	srv.SetPot("tax-pot", 42)
	if p := await[online.PotPushed](t, c, nil); p.Pot != (protocol.Pot{Level: "tax-pot", Total: 42}) {
		t.Errorf("pot %+v", p.Pot)
	}
	// The watch is renewed after a reconnection.
	srv.Cut()
	await(t, c, online_(online.Offline))
	await[online.BoardReceived](t, c, nil)
	c.Unwatch("demo")
	// After unwatch no more records: the next event is the pot, not a record.
	srv.AddEntry("demo", "Hibou-Gris-5", 60, 10)
	srv.SetPot("tax-pot", 43)
	for {
		ev := await[online.Event](t, c, nil)
		if _, ok := ev.(online.RecordPushed); ok {
			// A record may only come from before the unwatch reached the
			// server; the pot pushed after it ends the test.
			continue
		}
		if p, ok := ev.(online.PotPushed); ok && p.Pot.Total == 43 {
			break
		}
	}
}

func TestBoardsAndRename(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.AddEntry("demo", "Castor-Rouge-3", 50, 10)
	srv.Take("Pris-Deja-1")
	c := start(t, srv, token(7), "Renard-Bleu-42")
	await[online.Welcomed](t, c, nil)
	id := c.GetBoard(protocol.GetBoard{Level: "demo", Kind: protocol.BoardAround, Limit: 2})
	f := await[online.BoardFailed](t, c, nil)
	if f.Request != id || f.Code != protocol.CodeNotRanked {
		t.Errorf("around without a run: %+v", f)
	}
	id = c.GetBoard(protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Limit: 10})
	if b := await[online.BoardReceived](t, c, nil); b.Request != id || b.Board.Total != 1 {
		t.Errorf("top %+v", b)
	}
	id = c.SetPseudonym("Pris-Deja-1")
	if r := await[online.RenameFailed](t, c, nil); r.Request != id || r.Code != protocol.CodeTaken {
		t.Errorf("rename to a taken pseudonym: %+v", r)
	}
	id = c.SetPseudonym("Loutre-Verte-12")
	if r := await[online.Renamed](t, c, nil); r.Request != id || r.Pseudonym != "Loutre-Verte-12" {
		t.Errorf("renamed %+v", r)
	}
	if p := srv.Pseudonym(token(7)); p != "Loutre-Verte-12" {
		t.Errorf("server knows %q", p)
	}
}

func TestRequestsOffline(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.SetDown(true)
	c := start(t, srv, token(8), "Renard-Bleu-42")
	await(t, c, online_(online.Offline))
	id := c.GetBoard(protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Limit: 10})
	if f := await[online.BoardFailed](t, c, nil); f.Request != id || f.Code != online.CodeOffline || f.Level != "demo" {
		t.Errorf("offline board: %+v", f)
	}
	id = c.SetPseudonym("Loutre-Verte-12")
	if f := await[online.RenameFailed](t, c, nil); f.Request != id || f.Code != online.CodeOffline {
		t.Errorf("offline rename: %+v", f)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	if _, err := online.New(online.Config{URL: "ws://x/ws", Token: []byte{1}}); err == nil {
		t.Error("a short token was accepted")
	}
	if _, err := online.New(online.Config{Token: token(1)}); err == nil {
		t.Error("no URL was accepted")
	}
}

func TestServerURL(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"", "", ""},
		{"localhost:8080", "ws://localhost:8080/ws", ""},
		{"http://localhost:8080", "ws://localhost:8080/ws", ""},
		{"https://arcade.example.org/", "wss://arcade.example.org/ws", ""},
		{"wss://arcade.example.org/jeu/ws", "wss://arcade.example.org/jeu/ws", ""},
		{" ws://h:1/ws?x=1#y ", "ws://h:1/ws", ""},
		{"ftp://h", "", "want ws://"},
		{"http://", "", "no host"},
	}
	for _, tt := range tests {
		got, err := online.ServerURL(tt.in)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !bytes.Contains([]byte(err.Error()), []byte(tt.err)) {
			t.Errorf("ServerURL(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
	if got := online.PageURL("https:", "jeu.example.org"); got != "wss://jeu.example.org/ws" {
		t.Error(got)
	}
	if got := online.PageURL("http:", "localhost:8080"); got != "ws://localhost:8080/ws" {
		t.Error(got)
	}
}

func TestNewToken(t *testing.T) {
	a, err := online.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := online.NewToken()
	if len(a) != protocol.TokenSize || bytes.Equal(a, b) {
		t.Errorf("tokens %x %x", a, b)
	}
	if id := online.NewRunID(); len(id) != 16 || id == online.NewRunID() {
		t.Errorf("run id %q", id)
	}
}

// TestClass: a join made offline is sent after hello; runs wait for it and
// count for the class, public only when asked; after a lost connection the
// client rejoins on its own (as the pupil the server answered) before it
// resends; a class_state push arrives as ClassChanged; Leave with forget
// removes the pupil.
func TestClass(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.AddClass("ACDEFG", "5e B", "demo")
	c := start(t, srv, token(7), "Renard-Bleu-42")
	req := c.Join(protocol.Join{Code: "ACDEFG", Pseudonym: "Loutre Verte", Animal: 3, Color: 4, New: true})
	c.Start("demo")
	c.SubmitRun("r1", demo(t), false)
	j := await[online.Joined](t, c, nil)
	if j.Request != req || j.Joined.Name != "5e B" || j.Joined.Pseudonym != "Loutre Verte" {
		t.Fatalf("joined %+v", j)
	}
	s := await[online.Submitted](t, c, nil)
	if !s.Reply.Class || s.Reply.Public {
		t.Errorf("class run answered %+v", s.Reply)
	}
	started, runs, public, ok := srv.Pupil("ACDEFG", "Loutre Verte")
	if !ok || !slices.Equal(started, []string{"demo"}) || runs != 1 || public != 0 {
		t.Errorf("the server's pupil: started %v, %d runs, %d public, %v", started, runs, public, ok)
	}

	// The connection drops: the client rejoins before resending anything.
	srv.Cut()
	c.SubmitRun("r2", demo(t), true)
	j = await[online.Joined](t, c, nil)
	if j.Request == req || j.Joined.Pseudonym != "Loutre Verte" {
		t.Fatalf("rejoin %+v", j)
	}
	if s := await[online.Submitted](t, c, nil); !s.Reply.Class || !s.Reply.Public {
		t.Errorf("public class run answered %+v", s.Reply)
	}

	srv.SetClass("ACDEFG", true, "Regardez le tableau", []string{"demo"}, false)
	if e := await[online.ClassChanged](t, c, nil); !e.State.Paused || e.State.Message != "Regardez le tableau" {
		t.Errorf("class_state %+v", e.State)
	}
	if !c.InClass() {
		t.Error("out of the class after a pause")
	}
	lr := c.Leave(true)
	if l := await[online.Left](t, c, nil); l.Request != lr || l.Code != "" || !l.Forget {
		t.Errorf("left %+v", l)
	}
	if _, _, _, ok := srv.Pupil("ACDEFG", "Loutre Verte"); ok || c.InClass() {
		t.Errorf("after leave with forget, the pupil is still known (%v) or the client in class (%v)", ok, c.InClass())
	}
}

// TestJoinRefused: a refused join leaves the client in no class, and says
// why.
func TestJoinRefused(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.AddClass("ACDEFG", "5e B", "demo")
	c := start(t, srv, token(8), "Renard-Bleu-43")
	tests := []struct {
		join protocol.Join
		code protocol.Code
	}{
		{protocol.Join{Code: "HJKMNP", Pseudonym: "Zoé", New: true}, protocol.CodeUnknownClass},
		{protocol.Join{Code: "ACDEFG", Pseudonym: "Zoé"}, protocol.CodeUnknownPupil},
		{protocol.Join{Code: "ACDEFG", Pseudonym: "Zoé", Animal: 1, New: true}, ""},
		{protocol.Join{Code: "ACDEFG", Pseudonym: "Zoé", Animal: 2}, protocol.CodeWrongPicture},
	}
	for _, tt := range tests {
		req := c.Join(tt.join)
		if tt.code == "" {
			await[online.Joined](t, c, func(j online.Joined) bool { return j.Request == req })
			continue
		}
		f := await[online.JoinFailed](t, c, nil)
		if f.Request != req || f.Code != tt.code || c.InClass() {
			t.Errorf("join %+v: %+v, in class %v; want %s", tt.join, f, c.InClass(), tt.code)
		}
	}
}
