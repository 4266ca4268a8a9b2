package verify

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// gateVerifier is a Metered verifier whose jobs each wait for the test to
// release them: it reports every job on started as it begins, and charges
// it cost(job).
type gateVerifier struct {
	started chan Job
	release chan struct{} // one receive per job; closed: jobs end at once
	cost    func(Job) time.Duration
}

func newGate(cost time.Duration) *gateVerifier {
	return &gateVerifier{
		started: make(chan Job, 1000),
		release: make(chan struct{}),
		cost:    func(Job) time.Duration { return cost },
	}
}

func (g *gateVerifier) Verify(ctx context.Context, j Job) (Result, error) {
	res, _, err := g.VerifyMetered(ctx, j)
	return res, err
}

func (g *gateVerifier) VerifyMetered(ctx context.Context, j Job) (Result, time.Duration, error) {
	g.started <- j
	<-g.release
	return Result{Level: string(j.Replay)}, g.cost(j), nil
}

// fakeClock is the budgets' clock in tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Unix(1_800_000_000, 0)} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// busyReason is err's BusyReason, or "" when err is not a *Busy.
func busyReason(err error) BusyReason {
	var b *Busy
	if errors.As(err, &b) {
		return b.Reason
	}
	return ""
}

// waitFor calls cond until it is true, failing the test if it never is.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second) // a bound, not a measure
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		runtime.Gosched()
	}
}

// TestSchedulerFlood is the attack of issue 13: 20 players behind one
// address flood the verifier with costly jobs, 5 each. A player of another
// address who then submits one run is served as soon as one of the
// running jobs ends, not after the flood, and the attacking address's
// budget soon stops the flood.
func TestSchedulerFlood(t *testing.T) {
	g := newGate(6 * time.Second) // the cost of open-map's public replay
	clock := newClock()           // stopped: budgets never refill here
	s := NewScheduler(g, SchedulerOptions{Workers: 2, Queue: 16, Now: clock.now})
	ctx := context.Background()

	attack := make(chan error, 200)
	submit := func(player int) {
		go func() {
			_, err := s.Verify(ctx, Job{Replay: []byte("attack"), Player: fmt.Sprint("attacker", player), Addr: "192.0.2.1"})
			attack <- err
		}()
	}
	for i := range 100 {
		submit(i % 20)
	}
	// Two run, 16 wait, the other 82 are answered busy at once.
	for range 82 {
		if err := <-attack; busyReason(err) != BusyQueueFull || !errors.Is(err, ErrQueueFull) {
			t.Fatalf("flood beyond the queue: %v, want busy (queue full)", err)
		}
	}
	<-g.started
	<-g.started
	if w, r := s.Waiting(), s.Running(); w != 16 || r != 2 {
		t.Fatalf("waiting %d, running %d; want 16, 2", w, r)
	}
	// The flood is being served: one job ends, the next attacker's starts,
	// and the attackers fill the queue again.
	g.release <- struct{}{}
	if err := <-attack; err != nil {
		t.Fatal(err)
	}
	if j := <-g.started; string(j.Replay) != "attack" {
		t.Fatalf("started %q", j.Replay)
	}
	submit(0)
	waitFor(t, "the queue full again", func() bool { return s.Waiting() == 16 })

	// The honest player's run pushes an attacker's out of the full queue,
	// and starts as soon as a worker is free.
	honest := make(chan error, 1)
	go func() {
		res, err := s.Verify(ctx, Job{Replay: []byte("honest"), Player: "pupil", Addr: "198.51.100.7"})
		if err == nil && res.Level != "honest" {
			err = fmt.Errorf("got the result of %q", res.Level)
		}
		honest <- err
	}()
	if err := <-attack; busyReason(err) != BusyQueueFull {
		t.Fatalf("attacker pushed out: %v, want busy (queue full)", err)
	}
	g.release <- struct{}{}
	if err := <-attack; err != nil {
		t.Fatal(err)
	}
	if j := <-g.started; string(j.Replay) != "honest" {
		t.Fatalf("after one job ended, %q started, want the honest run", j.Replay)
	}
	g.release <- struct{}{} // the attacker's job still running, or the honest one
	g.release <- struct{}{}
	if err := <-honest; err != nil {
		t.Fatalf("honest run: %v", err)
	}

	// The rest of the flood: the address's 90 s a minute is soon used up
	// and the queued jobs are answered busy with the time to wait.
	close(g.release)
	verified, budget := 3, 0
	for range 100 + 1 - 82 - 1 - 3 {
		err := <-attack
		switch busyReason(err) {
		case "":
			if err != nil {
				t.Fatal(err)
			}
			verified++
		case BusyAddressBudget, BusyPlayerBudget:
			budget++
			if !strings.Contains(err.Error(), "budget used up") || !strings.Contains(err.Error(), "retry in ") {
				t.Errorf("budget refusal says %q", err)
			}
		default:
			t.Fatalf("flood: %v", err)
		}
	}
	// 90 s at 6 s a job: the 15th job starts on the last of the budget
	// and the two running then overspend it.
	if verified > 17 || budget == 0 {
		t.Errorf("%d attacking jobs verified, %d refused for budget; want at most 17 verified", verified, budget)
	}
	if _, err := s.Verify(ctx, Job{Player: "new", Addr: "192.0.2.1"}); busyReason(err) != BusyAddressBudget {
		t.Errorf("the flooding address again: %v, want busy (address budget)", err)
	}
	waitFor(t, "the scheduler idle", func() bool { return s.Running() == 0 && s.Waiting() == 0 })
}

// TestSchedulerBudgets: players and addresses over their budget are
// answered busy with the time to wait, and are served again once it has
// passed.
func TestSchedulerBudgets(t *testing.T) {
	clock := newClock()
	g := newGate(0)
	close(g.release)
	g.cost = func(j Job) time.Duration {
		d, err := time.ParseDuration(string(j.Replay))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	s := NewScheduler(g, SchedulerOptions{Workers: 1, PlayerCPU: 10 * time.Second, AddressCPU: 25 * time.Second, Now: clock.now})
	for i, step := range []struct {
		advance      time.Duration
		player, addr string
		cost         string
		want         BusyReason
		retry        string // in the message
	}{
		{player: "p1", addr: "a", cost: "6s"},
		{player: "p1", addr: "a", cost: "6s"},                               // p1 at -2 s
		{player: "p1", addr: "a", want: BusyPlayerBudget, retry: "in 13 s"}, // 2 s at 10 s a minute: 12 s
		{player: "p2", addr: "a", cost: "6s"},
		{player: "p2", addr: "a", cost: "6s"},                                // a at 1 s left
		{player: "p3", addr: "a", cost: "6s"},                                // a at -5 s
		{player: "p4", addr: "a", want: BusyAddressBudget, retry: "in 13 s"}, // 5 s at 25 s a minute: 12 s
		{player: "p1", addr: "b", want: BusyPlayerBudget},                    // a player is a player from anywhere
		{player: "q", addr: "b", cost: "1s"},                                 // another address is not held up
		{advance: 11 * time.Second, player: "p1", addr: "b", want: BusyPlayerBudget},
		{advance: 1100 * time.Millisecond, player: "p1", addr: "b", cost: "1s"},
		{player: "p4", addr: "a", cost: "1s"},                               // 12.1 s refilled 5.04 s
		{player: "p2", addr: "a", want: BusyAddressBudget, retry: "in 3 s"}, // p2 is back at 0.02 s, a at -0.96 s
		// A minute after, every budget is whole again.
		{advance: time.Minute, player: "p2", addr: "a", cost: "9s"},
		{player: "p1", addr: "a", cost: "9s"},
		{player: "p3", addr: "a", cost: "7s"},
		{player: "p4", addr: "a", want: BusyAddressBudget},
	} {
		clock.advance(step.advance)
		res, err := s.Verify(context.Background(), Job{Replay: []byte(step.cost), Player: step.player, Addr: step.addr})
		if busyReason(err) != step.want || (step.want == "" && (err != nil || res.Level != step.cost)) {
			t.Fatalf("step %d (%s at %s): %v, want %q", i, step.player, step.addr, err, step.want)
		}
		if step.retry != "" && !strings.Contains(err.Error(), step.retry) {
			t.Errorf("step %d: %q does not say %q", i, err, step.retry)
		}
	}
}

// TestSchedulerBudgetWhileWaiting: a job that waited while its player's
// running job used up the budget is answered busy when its turn comes,
// without running.
func TestSchedulerBudgetWhileWaiting(t *testing.T) {
	g := newGate(time.Minute)
	s := NewScheduler(g, SchedulerOptions{Workers: 1, Now: newClock().now})
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := s.Verify(context.Background(), Job{Replay: []byte("x"), Player: "p", Addr: "a"})
			errs <- err
		}()
	}
	<-g.started
	waitFor(t, "the second job queued", func() bool { return s.Waiting() == 1 })
	g.release <- struct{}{}
	// The second is answered (busy) before the first's answer is sent:
	// take them in any order.
	var ok, busy int
	for range 2 {
		switch err := <-errs; {
		case err == nil:
			ok++
		case busyReason(err) == BusyPlayerBudget:
			busy++
		default:
			t.Fatal(err)
		}
	}
	if ok != 1 || busy != 1 {
		t.Fatalf("%d verified, %d busy (player budget); want one each", ok, busy)
	}
	if len(g.started) != 0 {
		t.Error("the second job ran")
	}
}

// TestSchedulerCallerLeaves: a caller whose context ends while its job
// waits gets its context's error and its job leaves the queue.
func TestSchedulerCallerLeaves(t *testing.T) {
	g := newGate(0)
	s := NewScheduler(g, SchedulerOptions{Workers: 1})
	first := make(chan error, 1)
	go func() {
		_, err := s.Verify(context.Background(), Job{Replay: []byte("x")})
		first <- err
	}()
	<-g.started
	ctx, cancel := context.WithCancel(context.Background())
	second := make(chan error, 1)
	go func() {
		_, err := s.Verify(ctx, Job{Replay: []byte("y"), Player: "p", Addr: "a"})
		second <- err
	}()
	waitFor(t, "the second job queued", func() bool { return s.Waiting() == 1 })
	cancel()
	if err := <-second; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if s.Waiting() != 0 {
		t.Error("the job of a caller who left is still queued")
	}
	close(g.release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the scheduler idle", func() bool { return s.Running() == 0 })
	if len(g.started) != 0 {
		t.Error("the job of a caller who left ran")
	}
}

// TestSchedulerPool: in front of a pool, the scheduler runs as many jobs
// as the pool has workers, and charges the CPU time the workers measured.
func TestSchedulerPool(t *testing.T) {
	p := testPool(t, PoolOptions{Workers: 2, Deadline: 10 * time.Minute})
	s := NewScheduler(p, SchedulerOptions{})
	if s.workers != 2 {
		t.Errorf("scheduler runs %d jobs at once, want the pool's 2", s.workers)
	}
	for _, g := range goldens(t) {
		if !strings.HasPrefix(g.name, "demo/") && !strings.HasPrefix(g.name, "tax-pot/") {
			continue // cheap ones only: open-map's cost 5 to 7 s each
		}
		res, cost, err := p.VerifyMetered(context.Background(), Job{Replay: g.data})
		if err != nil {
			t.Fatalf("%s: %v", g.name, err)
		}
		if cost <= 0 {
			t.Errorf("%s: cost %v", g.name, cost)
		}
		t.Logf("%s: %d ticks (%.1f s of play), %v of CPU", g.name, res.Ticks, float64(res.Ticks)/60, cost)
		if _, err := s.Verify(context.Background(), Job{Replay: g.data, Player: "p", Addr: "a"}); err != nil && busyReason(err) != BusyPlayerBudget {
			t.Errorf("%s through the scheduler: %v", g.name, err)
		}
	}
	if used := s.players.Used("p"); used <= 0 {
		t.Errorf("the player was charged %v", used)
	}
}
