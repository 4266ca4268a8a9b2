package hub

import (
	"bytes"
	"context"
	"fmt"
	"github.com/communs-arcade/arcade/levels/leveltest"
	"strings"
	"sync"
	"testing"

	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/verify"
)

// The rules of issue 13: a run is its inputs on its board. These tests
// send runs in every form that should be one run, and check what the
// verifier was asked (hookVerifier.calls) as well as the answers.

// unlimited lets a test's players submit as often as it needs.
var unlimited = Limits{MessageRate: 1e6, MessageBurst: 1e6, SubmitRate: 1e6, SubmitBurst: 1e6}

// wantRefused fails unless m refuses a run for reason.
func wantRefused(t testing.TB, m protocol.Message, reason verify.Reason) {
	t.Helper()
	pe, ok := m.(*protocol.Error)
	if !ok || pe.Code != protocol.CodeRefused || !strings.HasPrefix(pe.Message, string(reason)+": ") {
		t.Fatalf("answered %#v, want refused %s", m, reason)
	}
}

// wantCalls fails unless the verifier was called want times since it had
// been called before times.
func (e *env) wantCalls(t testing.TB, before, want int64) {
	t.Helper()
	if got := e.ver.calls.Load() - before; got != want {
		t.Errorf("verifier called %d times, want %d", got, want)
	}
}

// claiming re-encodes a run with another claimed score: the same inputs,
// so the same run, in bytes the verdict cache has not seen.
func claiming(t testing.TB, b []byte, score int64) []byte {
	t.Helper()
	rec := leveltest.Decode(t, b)
	rec.Result.Score = score
	return leveltest.Encode(t, rec)
}

// login dials and says hello with a known player's token.
func (e *env) login(token []byte) *client {
	e.t.Helper()
	c := e.dial()
	if w, ok := c.call(1, &protocol.Hello{Version: protocol.Version, Token: token}).(*protocol.Welcome); !ok {
		e.t.Fatalf("login: %#v", w)
	}
	return c
}

// TestCopiedRun: another player's stored run is refused copied, without
// verification, whatever bytes carry its inputs, while the hub still
// remembers verifying it and after a restart (from the store alone).
func TestCopiedRun(t *testing.T) {
	e := newEnv(t, unlimited)
	ada, _ := e.hello("Ada")
	run := variants(t, "demo", 1)[0]
	if s, ok := ada.call(2, &protocol.Submit{Replay: run, Client: "ada-1"}).(*protocol.Submitted); !ok || !s.NewBest {
		t.Fatalf("first run: %#v", s)
	}
	_, bobToken := e.hello("Bob")
	tests := []struct {
		name   string
		replay []byte
		client string
	}{
		{"same bytes", run, "bob-1"},
		{"same bytes, the first player's client id", run, "ada-1"},
		{"same bytes, no client id", run, ""},
		{"padded with unknown keys", leveltest.Pad(t, run, protocol.MaxReplay), "bob-2"},
		{"input runs split", leveltest.Split(t, run), "bob-3"},
		{"split and padded", leveltest.Pad(t, leveltest.Split(t, run), 1<<18), "bob-4"},
		{"another score claimed", claiming(t, run, 9999), "bob-5"},
	}
	for _, restart := range []bool{false, true} {
		if restart {
			e.restart()
		}
		bob := e.login(bobToken)
		for i, tt := range tests {
			t.Run(fmt.Sprintf("%s/restarted=%v", tt.name, restart), func(t *testing.T) {
				bob.t = t
				before := e.ver.calls.Load()
				wantRefused(t, bob.call(uint32(10+i), &protocol.Submit{Replay: tt.replay, Client: tt.client}), verify.ReasonCopied)
				e.wantCalls(t, before, 0)
			})
		}
		bob.t = t
		bob.wantErr(30, &protocol.GetBoard{Level: "demo", Kind: protocol.BoardAround, Limit: 1}, protocol.CodeNotRanked)
	}
	if n := e.runs(); n != 1 {
		t.Errorf("%d runs stored, want 1", n)
	}
}

// TestCopiedWhileVerified: a copy sent while the first sending is being
// verified is verified too (nothing is stored yet), but only the first to
// be stored is ranked; the other is refused copied.
func TestCopiedWhileVerified(t *testing.T) {
	e := newEnv(t, unlimited)
	run := variants(t, "demo", 1)[0]
	// Both jobs wait until both are in the verifier.
	var both sync.WaitGroup
	both.Add(2)
	e.ver.hook = func(ctx context.Context, j verify.Job) (verify.Result, error) {
		both.Done()
		both.Wait()
		return verify.Result{}, errPass
	}
	ada, _ := e.hello("Ada")
	bob, _ := e.hello("Bob")
	ada.send(2, &protocol.Submit{Replay: run})
	bob.send(2, &protocol.Submit{Replay: leveltest.Split(t, run)})
	var stored, copied int
	for _, c := range []*client{ada, bob} {
		switch m := c.reply(2).(type) {
		case *protocol.Submitted:
			if m.Duplicate || !m.NewBest {
				t.Errorf("stored run answered %#v", m)
			}
			stored++
		default:
			wantRefused(t, m, verify.ReasonCopied)
			copied++
		}
	}
	if stored != 1 || copied != 1 {
		t.Errorf("%d stored, %d copied; want one of each", stored, copied)
	}
	if n := e.runs(); n != 1 {
		t.Errorf("%d runs stored, want 1", n)
	}
}

// TestResendIsDuplicate: a player's own stored run sent again, in any
// form and under any client id, is a duplicate, answered from the store
// without verification; nothing is stored again.
func TestResendIsDuplicate(t *testing.T) {
	e := newEnv(t, unlimited)
	ada, tok := e.hello("Ada")
	run := variants(t, "demo", 1)[0]
	first, ok := ada.call(2, &protocol.Submit{Replay: run, Client: "c1"}).(*protocol.Submitted)
	if !ok || first.Duplicate || !first.NewBest || first.Score != 3677 {
		t.Fatalf("first run: %#v", first)
	}
	tests := []struct {
		name   string
		again  bool // on another connection
		replay []byte
		client string
	}{
		{"same bytes, same client id", false, run, "c1"},
		{"same bytes, another client id", false, run, "c2"},
		{"same bytes, no client id", false, run, ""},
		{"padded", false, leveltest.Pad(t, run, protocol.MaxReplay), "c3"},
		{"input runs split", false, leveltest.Split(t, run), "c4"},
		{"another connection", true, run, "c5"},
		// The stored result is the answer, not the claim.
		{"a better score claimed", false, claiming(t, run, 9999), "c6"},
	}
	for _, restart := range []bool{false, true} {
		if restart {
			e.restart()
			ada = e.login(tok)
		}
		again := e.login(tok)
		for i, tt := range tests {
			t.Run(fmt.Sprintf("%s/restarted=%v", tt.name, restart), func(t *testing.T) {
				c := ada
				if tt.again {
					c = again
				}
				c.t = t
				before := e.ver.calls.Load()
				s, ok := c.call(uint32(10+i), &protocol.Submit{Replay: tt.replay, Client: tt.client}).(*protocol.Submitted)
				if !ok || !s.Duplicate || s.NewBest || s.Score != first.Score || s.Ticks != first.Ticks || !s.Won ||
					s.Total != 1 || s.Best != first.Best {
					t.Fatalf("resend: %#v", s)
				}
				e.wantCalls(t, before, 0)
			})
		}
	}
	if n := e.runs(); n != 1 {
		t.Errorf("%d runs stored, want 1", n)
	}
}

// TestClientReused: a client id names one run of its player; the same id
// for other inputs is refused client_reused (known when the run is
// stored, so after its verification), and nothing is stored. The run
// itself is then stored under an id of its own, from the verdict cache.
func TestClientReused(t *testing.T) {
	e := newEnv(t, unlimited)
	ada, _ := e.hello("Ada")
	runs := variants(t, "demo", 3)
	if _, ok := ada.call(2, &protocol.Submit{Replay: runs[0], Client: "c1"}).(*protocol.Submitted); !ok {
		t.Fatal("first run not stored")
	}
	before := e.ver.calls.Load()
	wantRefused(t, ada.call(3, &protocol.Submit{Replay: runs[1], Client: "c1"}), verify.ReasonClientReused)
	e.wantCalls(t, before, 1)
	if n := e.runs(); n != 1 {
		t.Errorf("%d runs stored, want 1", n)
	}
	if s, ok := ada.call(4, &protocol.Submit{Replay: runs[1], Client: "c2"}).(*protocol.Submitted); !ok || s.Duplicate {
		t.Fatalf("the run under a new id: %#v", s)
	}
	e.wantCalls(t, before, 1)
	// Client ids are each player's own.
	bob, _ := e.hello("Bob")
	if s, ok := bob.call(2, &protocol.Submit{Replay: runs[2], Client: "c1"}).(*protocol.Submitted); !ok || s.Duplicate {
		t.Fatalf("another player's run with the same client id: %#v", s)
	}
	if n := e.runs(); n != 3 {
		t.Errorf("%d runs stored, want 3", n)
	}
}

// TestRefusedBeforeVerify: what the record shows cannot be ranked is
// refused on admission, without verification.
func TestRefusedBeforeVerify(t *testing.T) {
	e := newEnv(t, unlimited)
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	demo, _ := ranks.Lookup("demo")
	win := readReplay(t, "demo")
	// edit returns the golden run with a change to its record.
	edit := func(change func(r *replay.Record)) []byte {
		rec := leveltest.Decode(t, win)
		change(rec)
		return leveltest.Encode(t, rec)
	}
	tests := []struct {
		name   string
		replay []byte
		reason verify.Reason
	}{
		{"wrong seed", edit(func(r *replay.Record) { r.Seed++ }), verify.ReasonWrongSeed},
		{"too long", edit(func(r *replay.Record) {
			// Idle to one tick past the limit: the record is valid,
			// only too long.
			n := demo.MaxTicks + 1 - r.Result.Ticks
			r.Inputs = append(r.Inputs, replay.Run{Count: n})
			r.Result.Ticks += n
		}), verify.ReasonTooLong},
		{"other level version", edit(func(r *replay.Record) { r.LevelHash[0] ^= 1 }), verify.ReasonLevelChanged},
		{"other engine", edit(func(r *replay.Record) { r.Engine = "0.0.0-elsewhere" }), verify.ReasonEngine},
		{"unknown level", relevel(t, win, "no-such-level"), verify.ReasonUnknownLevel},
		{"bytes after the record", append(bytes.Clone(win), "garbage"...), verify.ReasonMalformed},
		{"not a replay", []byte("hold"), verify.ReasonMalformed},
	}
	c, _ := e.hello("Ada")
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			before := e.ver.calls.Load()
			wantRefused(t, c.call(uint32(10+i), &protocol.Submit{Replay: tt.replay}), tt.reason)
			e.wantCalls(t, before, 0)
		})
	}
	if n := e.runs(); n != 0 {
		t.Errorf("%d runs stored, want 0", n)
	}
}

// TestStoredCanonical: a run padded with a megabyte of unknown keys and
// its input runs split is stored in canonical form: its bytes are those of
// the run as the engine encodes it, a few hundred.
func TestStoredCanonical(t *testing.T) {
	e := newEnv(t, unlimited)
	ada, _ := e.hello("Ada")
	run := variants(t, "demo", 1)[0]
	sent := leveltest.Pad(t, leveltest.Split(t, run), protocol.MaxReplay)
	if s, ok := ada.call(2, &protocol.Submit{Replay: sent}).(*protocol.Submitted); !ok || s.Duplicate || s.Score != 3677 {
		t.Fatalf("padded run: %#v", s)
	}
	var rr store.RunReader = e.mem
	got, err := rr.Run(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	want := leveltest.Canonical(t, run)
	if !bytes.Equal(got.Replay, want) || len(got.Replay) > 4096 {
		t.Errorf("stored %d bytes, want the canonical %d", len(got.Replay), len(want))
	}
	if id, err := leveltest.Decode(t, run).InputsHash(); err != nil || got.Inputs != id {
		t.Errorf("stored inputs %x, want %x (%v)", got.Inputs, id, err)
	}
}

// TestVerdictCache: a refused run sent again, in any form or by another
// player, is answered what it was answered, without a second verification;
// a verdict that may be the machine's fault (a timeout) is not kept.
func TestVerdictCache(t *testing.T) {
	win := readReplay(t, "demo")
	claimed := leveltest.Decode(t, win)
	claimed.Result.Score += 1000
	slow := variants(t, "demo", 1)[0]
	slowJob := string(leveltest.Canonical(t, slow))
	tests := []struct {
		name   string
		replay []byte
		reason verify.Reason
		calls  int64 // for the four sendings
	}{
		{"tampered", tamper(t, win), verify.ReasonDiverged, 1},
		{"better score claimed", leveltest.Encode(t, claimed), verify.ReasonDiverged, 1},
		{"timeout", slow, verify.ReasonTimeout, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, unlimited)
			e.ver.hook = func(ctx context.Context, j verify.Job) (verify.Result, error) {
				if string(j.Replay) == slowJob {
					return verify.Result{}, &verify.Refusal{Reason: verify.ReasonTimeout, Detail: "CPU deadline reached"}
				}
				return verify.Result{}, errPass
			}
			ada, _ := e.hello("Ada")
			bob, _ := e.hello("Bob")
			before := e.ver.calls.Load()
			first := ada.call(2, &protocol.Submit{Replay: tt.replay})
			wantRefused(t, first, tt.reason)
			for i, m := range []protocol.Message{
				ada.call(3, &protocol.Submit{Replay: tt.replay}),
				ada.call(4, &protocol.Submit{Replay: leveltest.Pad(t, tt.replay, 1<<17), Client: "padded"}),
				bob.call(2, &protocol.Submit{Replay: tt.replay}),
			} {
				if pe, ok := m.(*protocol.Error); !ok || *pe != *first.(*protocol.Error) {
					t.Errorf("sending %d answered %#v, want %#v", i+2, m, first)
				}
			}
			e.wantCalls(t, before, tt.calls)
			if n := e.runs(); n != 0 {
				t.Errorf("%d runs stored, want 0", n)
			}
		})
	}
}

// TestPotGrowsOnce: five players sending the same run of the pot level
// add it to the pot once: the first is stored, the others refused copied,
// unverified. A run of the first player no better than their best adds
// nothing.
func TestPotGrowsOnce(t *testing.T) {
	e := newEnv(t, unlimited)
	win := readReplay(t, "tax-pot")
	score := leveltest.Decode(t, win).Result.Score
	players := make([]*client, 5)
	for i := range players {
		players[i], _ = e.hello("Taxpayer " + string(rune('A'+i)))
	}
	before := e.ver.calls.Load()
	s, ok := players[0].call(2, &protocol.Submit{Replay: win}).(*protocol.Submitted)
	if !ok || s.Score != score || s.Pot != score || score == 0 {
		t.Fatalf("first run: %#v, want a pot of %d", s, score)
	}
	for _, p := range players[1:] {
		wantRefused(t, p.call(2, &protocol.Submit{Replay: win}), verify.ReasonCopied)
	}
	e.wantCalls(t, before, 1)
	pot := func() int64 {
		t.Helper()
		n, err := e.mem.Pot(context.Background(), "tax-pot")
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := pot(); n != score {
		t.Fatalf("pot %d, want %d", n, score)
	}
	// No better: the same coins later (a variant), or fewer (the golden
	// inputs stopped half way).
	inputs := leveltest.WinInputs(t, "tax-pot")
	half := leveltest.Encode(t, leveltest.Play(t, "tax-pot", inputs[:len(inputs)/2], 0))
	if h := leveltest.Decode(t, half).Result.Score; h <= 0 || h >= score {
		t.Fatalf("the half run scores %d: want a worse run that still adds to a pot (0 < score < %d)", h, score)
	}
	for i, worse := range [][]byte{variants(t, "tax-pot", 1)[0], half} {
		s, ok := players[0].call(uint32(3+i), &protocol.Submit{Replay: worse}).(*protocol.Submitted)
		if !ok || s.Duplicate || s.NewBest || s.Pot != score {
			t.Fatalf("worse run %d: %#v, want stored with the pot unchanged at %d", i, s, score)
		}
	}
	if n := pot(); n != score {
		t.Errorf("pot %d after worse runs, want %d", n, score)
	}
	if n := e.runs(); n != 3 {
		t.Errorf("%d runs stored, want 3", n)
	}
}
