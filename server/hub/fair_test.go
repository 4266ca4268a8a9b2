package hub

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/verify"
)

// counter is the value of the metric name with label value label (""
// for a metric without labels), 0 if it was never counted.
func (e *env) counter(name, label string) float64 {
	e.t.Helper()
	fams, err := e.hub.metrics.Gatherer().Gather()
	if err != nil {
		e.t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if label == "" || (len(m.GetLabel()) == 1 && m.GetLabel()[0].GetValue() == label) {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

// TestSubmitBusy: the verifier's busy answers (queue full, budgets used
// up) reach the player as busy with the verifier's reason and the time to
// wait, and are counted by reason.
func TestSubmitBusy(t *testing.T) {
	e := newEnv(t, Limits{SubmitRate: 1e6, SubmitBurst: 1e6})
	c, _ := e.hello("Busy")
	// An admissible run, so that the verifier is asked; busy answers are
	// not kept, so each send asks again.
	win := readReplay(t, "demo")
	for i, tc := range []struct {
		err   error
		label string
		msg   string
	}{
		{fmt.Errorf("pool: %w", verify.ErrQueueFull), "queue_full", "verification queue full; retry later"},
		{&verify.Busy{Reason: verify.BusyQueueFull}, "queue_full", "verification queue full; retry later"},
		{&verify.Busy{Reason: verify.BusyPlayerBudget, RetryIn: 41500 * time.Millisecond}, "player_budget",
			"verification budget used up for this player; retry in 42 s"},
		{&verify.Busy{Reason: verify.BusyAddressBudget, RetryIn: 3 * time.Second}, "address_budget",
			"verification budget used up for this network address; retry in 3 s"},
	} {
		e.ver.hook = func(ctx context.Context, j verify.Job) (verify.Result, error) { return verify.Result{}, tc.err }
		before, calls := e.counter("arcade_submissions_busy_total", tc.label), e.ver.calls.Load()
		m := c.call(uint32(10+i), &protocol.Submit{Replay: win})
		pe, ok := m.(*protocol.Error)
		if !ok || pe.Code != protocol.CodeBusy || pe.Message != tc.msg {
			t.Errorf("%v: answered %#v, want busy %q", tc.err, m, tc.msg)
		}
		if got := e.counter("arcade_submissions_busy_total", tc.label); got != before+1 {
			t.Errorf("%v: busy{reason=%s} went from %v to %v", tc.err, tc.label, before, got)
		}
		if got := e.ver.calls.Load(); got != calls+1 {
			t.Errorf("%v: %d verifications, want 1", tc.err, got-calls)
		}
	}
}

// TestSubmitJobKeys: the hub gives the verifier the player and the
// address of each submission, for its fair queue and budgets.
func TestSubmitJobKeys(t *testing.T) {
	e := newEnv(t, Limits{})
	var mu sync.Mutex
	var jobs []verify.Job
	e.ver.hook = func(ctx context.Context, j verify.Job) (verify.Result, error) {
		mu.Lock()
		defer mu.Unlock()
		jobs = append(jobs, j)
		return verify.Result{}, &verify.Refusal{Reason: verify.ReasonMalformed, Detail: "kept"}
	}
	a, _ := e.hello("Ada")
	b, _ := e.hello("Bob")
	// Three runs of their own: a run sent again would be answered from
	// the verdict cache, without a job.
	runs := variants(t, "demo", 3)
	a.call(2, &protocol.Submit{Replay: runs[0]})
	a.call(3, &protocol.Submit{Replay: runs[1]})
	b.call(2, &protocol.Submit{Replay: runs[2]})
	mu.Lock()
	defer mu.Unlock()
	if len(jobs) != 3 {
		t.Fatalf("%d jobs, want 3", len(jobs))
	}
	for _, j := range jobs {
		if j.Addr != "127.0.0.1" || j.Player == "" {
			t.Errorf("job of %d bytes: player %q, address %q", len(j.Replay), j.Player, j.Addr)
		}
	}
	if jobs[0].Player != jobs[1].Player || jobs[0].Player == jobs[2].Player {
		t.Errorf("player keys %q %q %q: want one per player", jobs[0].Player, jobs[1].Player, jobs[2].Player)
	}
}

// TestNewPlayersPerAddress: one address creates at most NewPlayersPerHour
// players; past that a new token is answered rate_limited, while known
// tokens still log in. A hello that creates no player uses up nothing.
func TestNewPlayersPerAddress(t *testing.T) {
	e := newEnv(t, Limits{NewPlayersPerHour: 2})
	_, ada := e.hello("Ada")
	hello := func(token []byte, pseudonym string) protocol.Message {
		return e.dial().call(1, &protocol.Hello{Version: protocol.Version, Token: token, Pseudonym: pseudonym})
	}
	if m := hello(newToken(t), "ADA"); protocol.CodeOf(asError(m)) != protocol.CodeTaken {
		t.Fatalf("taken pseudonym: %#v", m)
	}
	e.hello("Bob")
	m := hello(newToken(t), "Cleo")
	pe, ok := m.(*protocol.Error)
	if !ok || pe.Code != protocol.CodeRateLimited || !strings.HasPrefix(pe.Message, "too many new players from this address; retry in 30 min") {
		t.Fatalf("third new player: %#v, want rate_limited", m)
	}
	if got := e.counter("arcade_new_players_refused_total", ""); got != 1 {
		t.Errorf("arcade_new_players_refused_total = %v, want 1", got)
	}
	if m := hello(ada, ""); m.Type() != protocol.TypeWelcome {
		t.Errorf("a known token after the limit: %#v", m)
	}
}

// TestSignupLimits: each address has its own allowance, which comes back
// with time; refunds give back what was taken.
func TestSignupLimits(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	l := newSignupLimits(100, func() time.Time { return now })
	take := func(addr string) bool { ok, _ := l.takeAt(addr); return ok }
	for i := range 100 {
		if !take("school") {
			t.Fatalf("new player %d of a class refused", i+1)
		}
	}
	ok, retry := l.takeAt("school")
	if ok || retry != 36*time.Second {
		t.Fatalf("101st: ok %v, retry in %v; want refused, 36s", ok, retry)
	}
	if err := l.take("school"); protocol.CodeOf(err) != protocol.CodeRateLimited || !strings.Contains(err.Error(), "retry in 1 min") {
		t.Errorf("take: %v", err)
	}
	if !take("home") {
		t.Error("another address refused")
	}
	l.refund("school")
	if !take("school") || take("school") {
		t.Error("a refund gave back other than one player")
	}
	now = now.Add(36 * time.Second)
	if !take("school") || take("school") {
		t.Error("36 s later, other than one more player")
	}
	now = now.Add(time.Hour)
	for i := range 100 {
		if !take("school") {
			t.Fatalf("an hour later, new player %d refused", i+1)
		}
	}
	if take("school") {
		t.Error("more than 100 after an hour")
	}
}
