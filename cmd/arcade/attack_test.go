package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels/leveltest"
	"github.com/communs-arcade/arcade/server/loadgen"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/sqlite"
	"github.com/gorilla/websocket"
)

// The attack suite: what a determined pupil or a bored stranger tried on
// the score server (issue "Scores no one can game, a server no one can
// starve"), each against a real `arcade serve` on 127.0.0.1 with an honest
// player beside the attacker. Every case waits on what the server answers,
// never on time.

// Attackers connect from 127.0.0.1, the honest player from another
// loopback address: the server tells addresses apart as it would two
// networks.
var (
	attackerAddr = netip.MustParseAddr("127.0.0.1")
	honestAddr   = netip.MustParseAddr("127.0.3.1")
)

// attackServer starts `arcade serve` with a fresh data folder.
func attackServer(ctx context.Context, t *testing.T, extra ...string) (*killServer, string) {
	t.Helper()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	return startServer(ctx, t, dir, filepath.Join(dir, "no-web"), data, 0, extra...), data
}

// dialAs connects player n of players from src and says hello.
func dialAs(ctx context.Context, t *testing.T, srv *killServer, players *loadgen.Players, src netip.Addr, n int) *loadgen.Conn {
	t.Helper()
	cfg := srv.config(players)
	cfg.FirstSource = src
	c, err := cfg.Dial(ctx, n)
	if err != nil {
		t.Fatalf("player %d: %v\n%s", n, err, srv.stderr())
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// attackRun is a run of level id recorded from its golden winning inputs,
// on seed (0: the board's), changed by edit before it is encoded (nil: as
// played).
func attackRun(t *testing.T, id string, seed uint64, edit func(*replay.Record)) []byte {
	t.Helper()
	rec := leveltest.Play(t, id, leveltest.WinInputs(t, id), seed)
	if edit != nil {
		edit(rec)
	}
	return leveltest.Encode(t, rec)
}

// submit sends a run and returns the reply, or the server's error code.
func submit(c *loadgen.Conn, run []byte, client string) (*protocol.Submitted, protocol.Code, string) {
	m, err := c.Call(&protocol.Submit{Replay: run, Client: client})
	if err != nil {
		var se *loadgen.ServerError
		if errors.As(err, &se) {
			return nil, se.Code, se.Message
		}
		return nil, "", err.Error()
	}
	return m.(*protocol.Submitted), "", ""
}

// wantRefused submits a run and checks it is refused for reason.
func wantRefused(t *testing.T, c *loadgen.Conn, run []byte, client, reason string) {
	t.Helper()
	s, code, msg := submit(c, run, client)
	if code != protocol.CodeRefused || !strings.HasPrefix(msg, reason+":") {
		t.Fatalf("answered %+v %s %q, want refused %s", s, code, msg, reason)
	}
}

// wantStored submits a run and checks it is stored.
func wantStored(t *testing.T, c *loadgen.Conn, run []byte, client string) *protocol.Submitted {
	t.Helper()
	s, code, msg := submit(c, run, client)
	if s == nil {
		t.Fatalf("answered %s %q, want submitted", code, msg)
	}
	return s
}

func TestAttacks(t *testing.T) {
	if testing.Short() {
		t.Skip("starts arcade serve")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	srv, data := attackServer(ctx, t, "--hello-timeout", "2s")
	players := loadgen.NewPlayers()
	honest := dialAs(ctx, t, srv, players, honestAddr, 0)
	win := attackRun(t, "demo", 0, nil)

	t.Run("shopped seed", func(t *testing.T) {
		a := dialAs(ctx, t, srv, players, attackerAddr, 1)
		wantRefused(t, a, attackRun(t, "demo", 12345, nil), "seed-1", "wrong_seed")
		wantStored(t, honest, win, "win-1")
	})

	t.Run("copied runs", func(t *testing.T) {
		// 25 players sent the public demo win; one entry, the first's.
		for i := range 24 {
			a := dialAs(ctx, t, srv, players, attackerAddr, 10+i)
			wantRefused(t, a, win, "copy", "copied")
		}
		m, err := honest.Call(&protocol.GetBoard{Level: "demo", Kind: protocol.BoardTop, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if b := m.(*protocol.Board); b.Total != 1 || b.Entries[0].Pseudonym != mustPseudonym(players, 0) {
			t.Errorf("board after 24 copies: %+v", b)
		}
		// The honest player's resend is a duplicate, under any client id.
		if s := wantStored(t, honest, win, "another-id"); !s.Duplicate {
			t.Errorf("resend answered %+v, want dup", s)
		}
	})

	t.Run("same id another run", func(t *testing.T) {
		other := attackRun(t, "demo", 0, func(r *replay.Record) { prefixIdle(t, r, 5) })
		wantRefused(t, honest, other, "win-1", "client_reused")
	})

	t.Run("pot grows once", func(t *testing.T) {
		pot := attackRun(t, "tax-pot", 0, nil)
		owner := dialAs(ctx, t, srv, players, attackerAddr, 40)
		s := wantStored(t, owner, pot, "pot-1")
		for i := range 24 {
			a := dialAs(ctx, t, srv, players, attackerAddr, 41+i)
			wantRefused(t, a, pot, "pot", "copied")
		}
		if s2 := wantStored(t, owner, pot, "pot-again"); !s2.Duplicate || s2.Pot != s.Pot {
			t.Errorf("resent pot run: %+v, want dup with pot %d", s2, s.Pot)
		}
		if s.Pot != s.Score {
			t.Errorf("pot %d after one run of score %d", s.Pot, s.Score)
		}
	})

	var padded []byte
	t.Run("padded run", func(t *testing.T) {
		// A 1 MB key the format does not know: verified, stored canonical.
		run := attackRun(t, "demo", 0, func(r *replay.Record) { prefixIdle(t, r, 9) })
		padded = leveltest.Pad(t, run, len(run)+1_000_000)
		wantStored(t, honest, padded, "padded")
	})

	t.Run("pseudonyms", func(t *testing.T) {
		hello := func(name string) (protocol.Code, string) {
			p := loadgen.NewPlayers() // a fresh token each time
			tok, _ := p.Get(0)
			return rawHello(ctx, t, srv, tok, name)
		}
		if code, msg := hello("Alice"); code != "" {
			t.Fatalf("Alice: %s %s", code, msg)
		}
		for _, name := range []string{"Аlice", "Ａｌｉｃｅ", "𝐀𝐥𝐢𝐜𝐞", "ꓮlice", "ᎪᏞᎥᏟᎬ", "alicé"} {
			if code, _ := hello(name); code != protocol.CodeTaken {
				t.Errorf("%q: answered %q, want taken", name, code)
			}
		}
		for _, name := range []string{"\u3164\u3164\u3164", "Bo\u200bb", "Аdmin", "x admin x"} {
			if code, _ := hello(name); code != protocol.CodeBadPseudonym {
				t.Errorf("%q: answered %q, want bad_pseudonym", name, code)
			}
		}
		for _, name := range []string{"Badminton", "Scunthorpe"} {
			if code, msg := hello(name); code != "" {
				t.Errorf("%q: answered %s %s, want welcome", name, code, msg)
			}
		}
	})

	t.Run("no hello", func(t *testing.T) {
		ws, _, err := websocket.DefaultDialer.DialContext(ctx, "ws://"+srv.addr+"/ws", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		// Pings are answered by the library while reading; the server
		// closes the connection after --hello-timeout all the same.
		_, _, err = ws.ReadMessage()
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != 4000 {
			t.Errorf("silent connection ended with %v, want close 4000", err)
		}
	})

	t.Run("flood of costly unique runs", func(t *testing.T) {
		flood(ctx, t, srv, players)
	})

	// The padded run was stored in its canonical form.
	srv.kill()
	st, err := sqlite.Open(filepath.Join(data, dbFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rec := leveltest.Decode(t, padded)
	inputs, _ := rec.InputsHash()
	var hash [32]byte
	copy(hash[:], rec.LevelHash)
	ref, err := st.FindRun(ctx, store.Board{Level: "demo", Hash: hash}, inputs)
	if err != nil {
		t.Fatal(err)
	}
	run, err := st.Run(ctx, ref.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := leveltest.Canonical(t, padded); !bytes.Equal(run.Replay, want) {
		t.Errorf("padded run of %d bytes stored as %d bytes, want its canonical %d bytes", len(padded), len(run.Replay), len(want))
	}
}

// flood has 20 attacking players behind one address send unique runs that
// cost full verification (open-map, one input changed after the last
// checkpoint: it diverges only at the very end), then an honest player
// from another address sends a run: it is answered as soon as a worker is
// free, long before the flood is through.
func flood(ctx context.Context, t *testing.T, srv *killServer, players *loadgen.Players) {
	const attackers = 20
	base := attackRun(t, "open-map", 0, func(r *replay.Record) { truncate(t, r, 3000) })
	var done atomic.Int32 // attacker submissions answered
	var wg sync.WaitGroup
	conns := make([]*loadgen.Conn, attackers)
	for i := range conns {
		conns[i] = dialAs(ctx, t, srv, players, attackerAddr, 100+i)
	}
	for i, c := range conns {
		run := changeNearEnd(t, base, uint8(i+1))
		wg.Add(1)
		go func() {
			defer wg.Done()
			submit(c, run, "flood")
			done.Add(1)
		}()
	}
	defer wg.Wait()
	// Wait until the flood fills the verifier's queue (as the server's
	// metrics show), then the honest player sends a run.
	waitMetric(ctx, t, srv, "arcade_verify_waiting", 10)
	honest := dialAs(ctx, t, srv, players, honestAddr, 200)
	run := attackRun(t, "demo", 0, func(r *replay.Record) { prefixIdle(t, r, 3) })
	start := time.Now()
	s, code, msg := submit(honest, run, "honest")
	answered := done.Load()
	wait := time.Since(start)
	if s == nil {
		t.Fatalf("honest run answered %s %q during the flood", code, msg)
	}
	t.Logf("the honest run was answered in %v, while %d of %d flood runs were answered", wait.Round(time.Millisecond), answered, attackers)
	// Two workers verify the flood: by the time the honest run is
	// verified, the runs that were running when it came, and those answered
	// busy at once, may be answered; the rest still waits.
	if answered > attackers/2 {
		t.Errorf("the honest run waited for %d of the %d flood runs", answered, attackers)
	}
	srv.kill() // the rest of the flood is not worth verifying
}

// waitMetric polls /metrics until the gauge reaches at least min.
func waitMetric(ctx context.Context, t *testing.T, srv *killServer, name string, min float64) {
	t.Helper()
	for ctx.Err() == nil {
		resp, err := http.Get("http://" + srv.addr + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
				if f, _ := strconv.ParseFloat(v, 64); f >= min {
					resp.Body.Close()
					return
				}
			}
		}
		resp.Body.Close()
	}
	t.Fatalf("%s never reached %v\n%s", name, min, srv.stderr())
}

func mustPseudonym(p *loadgen.Players, i int) string {
	_, name := p.Get(i)
	return name
}

// prefixIdle records r again on its level and seed with n ticks without
// input first: another valid run of the same play.
func prefixIdle(t *testing.T, r *replay.Record, n int) {
	t.Helper()
	frames, err := r.Frames()
	if err != nil {
		t.Fatal(err)
	}
	*r = *leveltest.Play(t, r.LevelID, append(make([]sim.Input, n), frames...), r.Seed)
}

// truncate cuts a valid record to its first n ticks, keeping the
// checkpoints up to there; its claimed result is then wrong, which only
// the end of its verification finds.
func truncate(t *testing.T, r *replay.Record, n uint32) {
	t.Helper()
	frames, err := r.Frames()
	if err != nil || len(frames) < int(n) {
		t.Fatalf("record of %d ticks (%v), want at least %d", len(frames), err, n)
	}
	r.Inputs = replay.Compress(frames[:n])
	var cps []replay.Checkpoint
	for _, c := range r.Checkpoints {
		if c.Tick <= n {
			cps = append(cps, c)
		}
	}
	r.Checkpoints = cps
	r.Result = replay.Result{Outcome: sim.Playing, Ticks: n, Hash: 1}
}

// changeNearEnd returns run with the buttons of its last tick set to b: a
// unique run whose verification fails only at its final state.
func changeNearEnd(t *testing.T, run []byte, b uint8) []byte {
	t.Helper()
	rec := leveltest.Decode(t, run)
	frames, err := rec.Frames()
	if err != nil {
		t.Fatal(err)
	}
	frames[len(frames)-1].Buttons = sim.Buttons(b % 64)
	rec.Inputs = replay.Compress(frames)
	return leveltest.Encode(t, rec)
}

// rawHello says hello with a token and a pseudonym on a new connection and
// returns the error code ("" for a welcome).
func rawHello(ctx context.Context, t *testing.T, srv *killServer, token []byte, name string) (protocol.Code, string) {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.DialContext(ctx, "ws://"+srv.addr+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	f, err := protocol.Encode(nil, 1, &protocol.Hello{Version: protocol.Version, Token: token, Pseudonym: name, Client: "attack/1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.WriteMessage(websocket.BinaryMessage, f); err != nil {
		t.Fatal(err)
	}
	for {
		_, frame, err := ws.ReadMessage()
		if err != nil {
			t.Fatalf("hello %q: %v", name, err)
		}
		env, m, err := protocol.Decode(frame)
		if err != nil {
			t.Fatal(err)
		}
		if env.ID != 1 {
			continue
		}
		if e, ok := m.(*protocol.Error); ok {
			return e.Code, e.Message
		}
		return "", fmt.Sprint(m.Type())
	}
}

// TestAttackConnectionCap fills a server's overall connection cap with
// connections that never say hello: the next WebSocket is refused with 503,
// while /healthz still answers.
func TestAttackConnectionCap(t *testing.T) {
	if testing.Short() {
		t.Skip("starts arcade serve")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const maxConns = 5
	srv, _ := attackServer(ctx, t, "--max-conns", strconv.Itoa(maxConns))
	for i := range maxConns {
		ws, _, err := websocket.DefaultDialer.DialContext(ctx, "ws://"+srv.addr+"/ws", nil)
		if err != nil {
			t.Fatalf("connection %d of %d: %v", i+1, maxConns, err)
		}
		defer ws.Close()
	}
	_, resp, err := websocket.DefaultDialer.DialContext(ctx, "ws://"+srv.addr+"/ws", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("connection over the cap: %v (%v), want HTTP 503", err, resp)
	}
	h, err := http.Get("http://" + srv.addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	h.Body.Close()
	if h.StatusCode != http.StatusOK {
		t.Errorf("/healthz answered %d with the cap reached", h.StatusCode)
	}
}
