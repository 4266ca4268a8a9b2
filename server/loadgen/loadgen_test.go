package loadgen_test

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/scripts"
	"github.com/communs-arcade/arcade/server"
	"github.com/communs-arcade/arcade/server/classes"
	"github.com/communs-arcade/arcade/server/hub"
	"github.com/communs-arcade/arcade/server/loadgen"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store/memstore"
	"github.com/communs-arcade/arcade/server/verify"
)

// start serves an in-memory server (memstore, in-process verifier) on
// 127.0.0.1 that lets each address hold perAddress connections.
func start(t *testing.T, perAddress int) netip.AddrPort {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("binds several 127.0.0.0/8 source addresses, which only Linux has without setup")
	}
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	s, err := server.New(server.Config{Store: memstore.New(), Verifier: verify.NewLocal(verify.Builtin()), Ranked: ranks,
		Limits: hub.Limits{MaxPerAddress: perAddress}, Engine: "0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	t.Cleanup(func() {
		s.Shutdown(context.Background())
		srv.Close()
	})
	return netip.MustParseAddrPort(ln.Addr().String())
}

// demoRuns returns n distinct won runs of the demo: the i-th waits
// first+i ticks, then plays testdata/win.txt, and scores 3678-(first+i) in
// 223+first+i ticks.
func demoRuns(t *testing.T, first, n int) [][]byte {
	t.Helper()
	lvl, err := level.Load("../../levels/demo")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../levels/demo/testdata/win.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	inputs, err := replay.ParseInputs(f)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := loadgen.Variants(lvl, scripts.FS, inputs, first, n)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// TestIdle opens more connections than one address may hold: spread over
// source addresses they are all held; crowded on too few, the cap refuses
// the rest and the result says why.
func TestIdle(t *testing.T) {
	addr := start(t, 8)
	tests := []struct {
		name      string
		perSource int
		held      int
		err       string
	}{
		{"spread", 8, 40, ""},
		{"crowded", 10, 32, "per-address cap"},
	}
	for i, tt := range tests {
		cfg := &loadgen.Config{Server: addr, FirstSource: netip.AddrFrom4([4]byte{127, 0, 2, byte(1 + 10*i)}), PerSource: tt.perSource, Dials: 4}
		r, err := loadgen.Idle(context.Background(), cfg, 0, 40, 0, os.Getpid())
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if r.Held != tt.held || r.Failed != 40-tt.held {
			t.Errorf("%s: held %d, failed %d; want %d held", tt.name, r.Held, r.Failed, tt.held)
		}
		if tt.err != "" && (r.Err == nil || !strings.Contains(r.Err.Error(), tt.err)) {
			t.Errorf("%s: first error %v, want one with %q", tt.name, r.Err, tt.err)
		}
		if tt.err == "" && r.Err != nil {
			t.Errorf("%s: %v", tt.name, r.Err)
		}
		if r.RSSBefore <= 0 || r.RSSAfter <= 0 || r.GoAfter <= 0 || r.Goroutines <= 0 {
			t.Errorf("%s: memory not read: %+v", tt.name, r)
		}
	}
}

// TestSubmit: every run is verified and stored, and the ticks are the
// verifier's; runs the server answers without verifying (a player's
// duplicate, another player's copy) are not counted as stored.
func TestSubmit(t *testing.T) {
	addr := start(t, 256)
	players := loadgen.NewPlayers()
	cfg := &loadgen.Config{Server: addr, Players: players}
	runs := demoRuns(t, 0, 12)
	r, err := loadgen.Submit(context.Background(), cfg, loadgen.SubmitOptions{Players: 4, PerPlayer: 3, InFlight: 2, Replays: runs})
	if err != nil {
		t.Fatal(err)
	}
	// Variants 0 to 11 of the demo: 223+i ticks each.
	if r.Stored != 12 || r.Won != 12 || r.Ticks != 12*223+66 || r.Refused+r.Failed+r.RateLimited+r.Duplicates != 0 || len(r.Refusals) != 0 {
		t.Fatalf("%+v", r)
	}
	if r.PerSecond() <= 0 || r.RealTime() <= 0 {
		t.Errorf("figures %v/s, %v× real time", r.PerSecond(), r.RealTime())
	}

	// The per-player limit (5 at once) stops a player, and is counted.
	r, err = loadgen.Submit(context.Background(), cfg, loadgen.SubmitOptions{First: 4, Players: 1, PerPlayer: 7, InFlight: 1, Replays: demoRuns(t, 12, 7)})
	if err != nil {
		t.Fatal(err)
	}
	if r.Stored != 5 || r.RateLimited != 1 {
		t.Errorf("7 runs of one player: %+v; want 5 stored, then rate_limited", r)
	}

	// Runs already stored: player 0 resending its own is a duplicate,
	// player 5 sending player 0's is refused as a copy; neither is a
	// verified submission.
	tests := []struct {
		name             string
		first            int
		stored, dup, ref int
		reasons          string
	}{
		{"duplicate", 0, 0, 1, 0, "none"},
		{"copy", 5, 0, 0, 1, "copied 1"},
	}
	for _, tt := range tests {
		r, err := loadgen.Submit(context.Background(), cfg, loadgen.SubmitOptions{First: tt.first, Players: 1, PerPlayer: 1, InFlight: 1, Replays: runs[:1]})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if r.Stored != tt.stored || r.Duplicates != tt.dup || r.Refused != tt.ref || r.Refusals.String() != tt.reasons || r.Failed != 0 {
			t.Errorf("%s: %+v; want %d stored, %d duplicates, refusals %s", tt.name, r, tt.stored, tt.dup, tt.reasons)
		}
	}

	// One distinct run per submission, or no submission at all.
	if _, err := loadgen.Submit(context.Background(), cfg, loadgen.SubmitOptions{Players: 2, PerPlayer: 3, InFlight: 1, Replays: runs[:5]}); err == nil || !strings.Contains(err.Error(), "one per submission") {
		t.Errorf("5 runs for 6 submissions: %v", err)
	}
}

// TestRead measures reads while submissions go on, without errors.
func TestRead(t *testing.T) {
	addr := start(t, 256)
	cfg := &loadgen.Config{Server: addr}
	o := loadgen.ReadOptions{Readers: 5, ReadRate: 50, Levels: []string{"demo", "rgpd"},
		Submitters: 2, SubmitRate: 20, Duration: 200 * time.Millisecond}
	if o.RunsNeeded() != 5 {
		t.Fatalf("20 submissions/s for 200 ms need %d runs, want 5", o.RunsNeeded())
	}
	if _, err := loadgen.Read(context.Background(), cfg, o); err == nil || !strings.Contains(err.Error(), "one per submission") {
		t.Errorf("submitters without runs: %v", err)
	}
	o.Replays = demoRuns(t, 0, o.RunsNeeded())
	r, err := loadgen.Read(context.Background(), cfg, o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Latency.N == 0 || r.Stored == 0 || r.ReadErrors != 0 || r.SubmitErrors != 0 || len(r.Refusals) != 0 || r.Err != nil {
		t.Fatalf("%+v", r)
	}
	if l := r.Latency; l.Median > l.P99 || l.P99 > l.Max {
		t.Errorf("latencies out of order: %+v", l)
	}

	// A level the server does not have: every read fails, and says why.
	r, err = loadgen.Read(context.Background(), cfg, loadgen.ReadOptions{First: 10, Readers: 2, ReadRate: 50, Levels: []string{"no-such-level"}, Duration: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.Latency.N != 0 || r.ReadErrors == 0 || loadgen.Code(r.Err) != "unknown_level" {
		t.Errorf("reads of an unknown level: %+v", r)
	}
}

// TestRefusesRemoteServers: the scenarios load loopback only.
func TestRefusesRemoteServers(t *testing.T) {
	for _, s := range []string{"192.0.2.1:80", "[2001:db8::1]:80"} {
		cfg := &loadgen.Config{Server: netip.MustParseAddrPort(s)}
		if _, err := loadgen.Idle(context.Background(), cfg, 0, 1, 0, 0); err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("Idle against %s: %v", s, err)
		}
	}
}

// TestClasses: two classes of three pupils join, each pupil's run is
// counted for the class, and every teacher's dashboard shows it.
func TestClasses(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("binds several 127.0.0.0/8 source addresses, which only Linux has without setup")
	}
	ranks, err := ranked.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	mem := memstore.New()
	cls, err := classes.New(classes.Config{Store: mem, Ranked: ranks})
	if err != nil {
		t.Fatal(err)
	}
	s, err := server.New(server.Config{Store: mem, Verifier: verify.NewLocal(verify.Builtin()), Ranked: ranks,
		Engine: "0.1.0", Classes: cls})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	t.Cleanup(func() {
		s.Shutdown(context.Background())
		srv.Close()
	})
	cfg := &loadgen.Config{Server: netip.MustParseAddrPort(ln.Addr().String()), FirstSource: netip.AddrFrom4([4]byte{127, 0, 5, 1}), Dials: 4}
	r, err := loadgen.Classes(context.Background(), cfg, loadgen.ClassesOptions{Classes: 2, Pupils: 3, Levels: []string{"demo"},
		Replays: demoRuns(t, 1, 6), InFlight: 3, Poll: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.Joined != 6 || r.Counted != 6 || r.Seen != 6 || r.Failed != 0 || r.Reply.N != 6 || r.Dashboard.N != 6 {
		t.Errorf("result %+v", r)
	}
	if r.GoJoined <= 0 {
		t.Errorf("memory not read: %+v", r)
	}
}
