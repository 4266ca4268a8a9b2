package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
	"github.com/communs-arcade/arcade/server/loadgen"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/sqlite"
)

// The server-level SIGKILL test: "a score is acknowledged only after it is
// committed; killing the server with SIGKILL in the middle of a burst of
// submissions loses no acknowledged score and corrupts nothing". The store
// package tests the same of AddRun alone; this one goes through the whole
// server — WebSocket, hub, verification pool, store — as a player does.
const (
	// killPlayers connect per round, each sending killPerPlayer runs of
	// different levels one after the other (the per-player burst is 5).
	killPlayers   = 10
	killPerPlayer = 5
	// killAfter acknowledgements, the server process group is killed.
	killAfter = 20
	// killRounds of burst and kill on the same data folder.
	killRounds = 3
)

// killAck is one acknowledged submission: who sent it, its client id, and
// what the server said it stored.
type killAck struct {
	player int
	client string
	level  string
	hash   [32]byte
	score  int64
	ticks  uint32
	replay []byte
}

func TestServeSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills the server several times")
	}
	// A bound, not a measure: the test makes the runs it sends as well as
	// serving them, which took nearly 2 minutes on the shared 2-core
	// build machine.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir := t.TempDir()
	webDir, data := filepath.Join(dir, "web"), filepath.Join(dir, "data")
	if err := os.MkdirAll(webDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(webDir, "index.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	runs := newKillRuns(t)
	players := loadgen.NewPlayers()

	start := time.Now()
	var acks []killAck
	for round := range killRounds {
		srv := startServer(ctx, t, dir, webDir, data, round)
		// What the previous kills left must be served as it was stored.
		checkServed(ctx, t, srv.config(players), acks)
		got, inFlight := burst(ctx, t, srv, players, round*killPlayers, runs)
		t.Logf("round %d: %d acknowledged, %d submissions in flight at the kill (%v)", round, len(got), inFlight, time.Since(start).Round(time.Millisecond))
		acks = append(acks, got...)
		checkStored(ctx, t, filepath.Join(data, dbFile), players, acks)
	}
	srv := startServer(ctx, t, dir, webDir, data, killRounds)
	checkServed(ctx, t, srv.config(players), acks)
	srv.stop(t)
}

// killLevels are the levels whose runs are submitted: those that verify
// in well under a second (open-map's take seconds, which would only make
// the test slow), more than killPerPlayer of them.
var killLevels = []string{"demo", "tax-pot", "decentralise", "net-neutrality", "digital-divide", "free-software"}

// killRuns makes the runs of the test: a player never sends a run another
// player sent (the server would refuse it as a copy), so each submission is
// a variant of a level's winning run (loadgen.Variants) of its own.
type killRuns struct {
	levels []*level.Level
	inputs [][]sim.Input
}

func newKillRuns(t *testing.T) *killRuns {
	t.Helper()
	k := &killRuns{}
	for _, id := range killLevels {
		dir := filepath.Join("..", "..", "levels", id)
		lvl, err := level.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(filepath.Join(dir, "testdata", "win.txt"))
		if err != nil {
			t.Fatal(err)
		}
		in, err := replay.ParseInputs(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		k.levels, k.inputs = append(k.levels, lvl), append(k.inputs, in)
	}
	return k
}

// run returns the k-th run of player p: a run of level (p+k) mod
// len(killLevels), so that a player's runs are of different levels and its
// best on each board is exactly the acknowledged run; the variant that waits
// p ticks first, so that no two players send the same run. Runs are made
// as they are sent (in the players' goroutines), which costs about what
// verifying them does, and only for the runs a burst sends before the kill.
func (r *killRuns) run(p, k int) ([]byte, error) {
	l := (p + k) % len(r.levels)
	runs, err := loadgen.Variants(r.levels[l], scripts.FS, r.inputs[l], p, 1)
	if err != nil {
		return nil, err
	}
	return runs[0], nil
}

// killServer is an `arcade serve` child process, leader of its own process
// group, which its verification workers join.
type killServer struct {
	cmd  *exec.Cmd
	addr string // host:port
	log  string // the file of its stderr
}

// startServer runs this test binary as `arcade serve` on data and waits for
// the address it prints.
func startServer(ctx context.Context, t *testing.T, dir, webDir, data string, n int, extra ...string) *killServer {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(dir, fmt.Sprintf("serve-%d.log", n))
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--web", webDir, "--workers", "2", "--log-level", "warn"}, extra...)
	cmd := exec.Command(exe, args...)
	// The workers are this binary too, as `arcade verify-worker`.
	cmd.Env = append(os.Environ(), mainEnv+"=1")
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &killServer{cmd: cmd, log: logPath}
	// Whatever happens to the test, no server outlives it.
	t.Cleanup(func() { s.kill() })
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
		io.Copy(io.Discard, stdout)
	}()
	var line string
	select {
	case line = <-lines:
	case <-ctx.Done():
		t.Fatalf("server %d printed no address: %v\n%s", n, ctx.Err(), s.stderr())
	}
	m := regexp.MustCompile(`^serving http://(127\.0\.0\.1:\d+)\n$`).FindStringSubmatch(line)
	if m == nil {
		s.kill()
		t.Fatalf("server %d printed %q\n%s", n, line, s.stderr())
	}
	s.addr = m[1]
	return s
}

// config returns a load generator configuration for this server. Dial
// does not fill in Config's defaults (Submit and the other scenarios do),
// so every field it reads is set here.
func (s *killServer) config(players *loadgen.Players) *loadgen.Config {
	return &loadgen.Config{
		Server: mustTarget(s.addr), FirstSource: loadgen.DefaultFirstSource, PerSource: 250,
		Players: players, Timeout: time.Minute, Client: "kill-test/1",
	}
}

func mustTarget(addr string) netip.AddrPort {
	ap, err := loadgen.CheckTarget(addr)
	if err != nil {
		panic(err)
	}
	return ap
}

// kill sends SIGKILL to the server's whole process group and reaps the
// server; the workers, whose parent is gone, are reaped by init.
func (s *killServer) kill() {
	if s.cmd.ProcessState != nil {
		return
	}
	syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	s.cmd.Wait()
}

// stop asks the server to stop as an operator would (SIGTERM) and checks
// that it exits cleanly.
func (s *killServer) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Wait(); err != nil {
		t.Errorf("server stopped with %v\n%s", err, s.stderr())
	}
}

func (s *killServer) stderr() string {
	b, _ := os.ReadFile(s.log)
	return string(b)
}

// burst has killPlayers new players (numbers first, first+1, …) submit
// their runs at once, and kills the server group once killAfter of them
// are acknowledged. It returns the acknowledgements and how many
// submissions were still waiting for their reply at the kill.
func burst(ctx context.Context, t *testing.T, srv *killServer, players *loadgen.Players, first int, runs *killRuns) ([]killAck, int) {
	t.Helper()
	cfg := srv.config(players)
	conns := make([]*loadgen.Conn, killPlayers)
	for i := range conns {
		c, err := cfg.Dial(ctx, first+i)
		if err != nil {
			t.Fatalf("player %d: %v\n%s", first+i, err, srv.stderr())
		}
		defer c.Close()
		conns[i] = c
	}
	// Each player's goroutine sends its acknowledgements, then one last
	// message with the error that stopped it (nil once all are sent).
	type reply struct {
		ack  killAck
		done bool
		err  error
	}
	replies := make(chan reply, killPlayers*(killPerPlayer+1))
	for i, c := range conns {
		go func() {
			for k := range killPerPlayer {
				client := fmt.Sprintf("kill-%d-%d", first+i, k)
				run, err := runs.run(first+i, k)
				if err != nil {
					// Not the server's doing: a failure whenever it comes.
					t.Errorf("making run %s: %v", client, err)
					replies <- reply{done: true}
					return
				}
				m0 := &protocol.Submit{Replay: run, Client: client}
				m, err := c.Call(m0)
				if err != nil {
					replies <- reply{done: true, err: err}
					return
				}
				s, ok := m.(*protocol.Submitted)
				if !ok || len(s.Hash) != 32 || s.Duplicate {
					replies <- reply{done: true, err: fmt.Errorf("submit %s answered %#v", client, m)}
					return
				}
				a := killAck{player: first + i, client: client, level: s.Level, score: s.Score, ticks: s.Ticks, replay: m0.Replay}
				copy(a.hash[:], s.Hash)
				replies <- reply{ack: a}
			}
			replies <- reply{done: true}
		}()
	}
	var (
		acks   []killAck
		killed bool
		cut    int // players whose submission the kill cut off
	)
	for ended := 0; ended < killPlayers; {
		var r reply
		select {
		case r = <-replies:
		case <-ctx.Done():
			t.Fatalf("burst stuck: %v\n%s", ctx.Err(), srv.stderr())
		}
		switch {
		case !r.done:
			// Replies the server sent before it died may still be read
			// after the kill: they are acknowledgements all the same.
			acks = append(acks, r.ack)
			if len(acks) == killAfter {
				srv.kill()
				killed = true
			}
		case r.err != nil && !killed:
			t.Fatalf("submission failed before the kill: %v\n%s", r.err, srv.stderr())
		case r.err != nil:
			ended++
			cut++
		default:
			ended++
		}
	}
	if !killed {
		t.Fatalf("only %d acknowledgements, want %d before the kill", len(acks), killAfter)
	}
	return acks, cut
}

// checkStored opens the killed server's database directly: it must be
// intact, and hold every acknowledged run with the values acknowledged,
// each the player's best on its board.
func checkStored(ctx context.Context, t *testing.T, path string, players *loadgen.Players, acks []killAck) {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(ctx); err != nil {
		t.Fatalf("database damaged by the kill: %v", err)
	}
	type key struct {
		player store.PlayerID
		client string
	}
	// Run ids count from 1; there are at most as many runs as were sent
	// (the ids past the last run are simply not found).
	runs := map[key]store.Run{}
	for id := int64(1); id <= killRounds*killPlayers*(killPerPlayer+1); id++ {
		r, err := db.Run(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		runs[key{r.Player, r.Client}] = r
	}
	t.Logf("%d runs stored for %d acknowledged", len(runs), len(acks))
	ids := map[int]store.PlayerID{}
	for _, a := range acks {
		id, ok := ids[a.player]
		if !ok {
			token, _ := players.Get(a.player)
			p, err := db.PlayerByToken(ctx, sha256.Sum256(token))
			if err != nil {
				t.Fatalf("acknowledged player %d: %v", a.player, err)
			}
			id, ids[a.player] = p.ID, p.ID
		}
		r, ok := runs[key{id, a.client}]
		switch {
		case !ok:
			t.Errorf("acknowledged run %s (%s, score %d) lost", a.client, a.level, a.score)
			continue
		case r.Board.Level != a.level || r.Board.Hash != a.hash || r.Score != a.score || r.Ticks != a.ticks || !bytes.Equal(r.Replay, a.replay):
			t.Errorf("run %s stored as %s score %d ticks %d (replay of %d bytes), acknowledged as %s score %d ticks %d (%d bytes)",
				a.client, r.Board.Level, r.Score, r.Ticks, len(r.Replay), a.level, a.score, a.ticks, len(a.replay))
		}
		best, err := db.Best(ctx, store.Board{Level: a.level, Hash: a.hash}, id)
		if err != nil || best.Score != a.score || best.Ticks != a.ticks {
			t.Errorf("best of player %d on %s = %+v, %v; want the acknowledged score %d in %d ticks", a.player, a.level, best, err, a.score, a.ticks)
		}
	}
}

// checkServed has each acknowledged player log in to the restarted server
// and read their entry on the boards of their acknowledged runs; the first
// run of each player is resent, and must be recognised as a duplicate.
func checkServed(ctx context.Context, t *testing.T, cfg *loadgen.Config, acks []killAck) {
	t.Helper()
	byPlayer := map[int][]killAck{}
	var order []int
	for _, a := range acks {
		if byPlayer[a.player] == nil {
			order = append(order, a.player)
		}
		byPlayer[a.player] = append(byPlayer[a.player], a)
	}
	for _, p := range order {
		c, err := cfg.Dial(ctx, p)
		if err != nil {
			t.Fatalf("player %d after restart: %v", p, err)
		}
		for _, a := range byPlayer[p] {
			m, err := c.Call(&protocol.GetBoard{Level: a.level, Hash: a.hash[:], Kind: protocol.BoardAround})
			b, ok := m.(*protocol.Board)
			if err != nil || !ok || b.Me == nil || b.Me.Score != a.score || b.Me.Ticks != a.ticks {
				t.Errorf("player %d's best on %s after restart: %#v, %v; want score %d in %d ticks", p, a.level, m, err, a.score, a.ticks)
			}
		}
		a := byPlayer[p][0]
		m, err := c.Call(&protocol.Submit{Replay: a.replay, Client: a.client})
		if s, ok := m.(*protocol.Submitted); err != nil || !ok || !s.Duplicate || s.Score != a.score {
			t.Errorf("resending %s after restart: %#v, %v; want a duplicate", a.client, m, err)
		}
		c.Close()
	}
}
