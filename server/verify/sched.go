package verify

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/communs-arcade/arcade/server/fairq"
)

// Defaults of SchedulerOptions. Measured with the pool on the 2-core build
// machine (TestSchedulerPool logs them), verifying a golden run of a
// built-in level costs 0.07 to 0.3 s of CPU time (2 to 5 minutes of play),
// except open-map's, which cost 5 to 7 s; the longest run a record may
// hold about 9 s.
const (
	// DefaultPlayerCPU is the CPU time one player's jobs may use per
	// minute: two or three open-map runs, or all the typical runs the hub
	// lets a player submit (10 a minute). A job starts as long as some
	// budget is left, so even the longest run gets verified; the player
	// then pays it back before the next.
	DefaultPlayerCPU = 15 * time.Second
	// DefaultAddressCPU is the CPU time the jobs of one network address
	// may use per minute. A class of 30 pupils behind one school address,
	// each submitting a run a minute, a third of them on open-map, uses
	// about 64 s (10 × 6 s + 20 × 0.2 s). It is three quarters of a
	// 2-worker server: one address flooding it leaves the others at least
	// a quarter, and their turns in the fair queue whenever they wait.
	DefaultAddressCPU = 90 * time.Second
	// DefaultSchedulerQueue is how many jobs may wait, all addresses
	// together; a full queue pushes out the newest job of the longest
	// address's queue to make room for another address's job. It stays
	// below the hub's 32 submissions in flight, so that a flood that
	// fills the queue does not fill the hub's too.
	DefaultSchedulerQueue = 16
)

// BusyReason says why a job was not verified now.
type BusyReason string

// The values are stable: they appear in metrics labels.
const (
	BusyQueueFull     BusyReason = "queue_full"     // no room in the queue
	BusyPlayerBudget  BusyReason = "player_budget"  // the player's CPU budget is used up
	BusyAddressBudget BusyReason = "address_budget" // the address's CPU budget is used up
)

// Busy is the error of a job that was not verified now but may be sent
// again later. It matches ErrQueueFull (errors.Is) when the queue was
// full.
type Busy struct {
	Reason BusyReason
	// RetryIn is when a budget allows the job again; 0 when unknown.
	RetryIn time.Duration
}

func (b *Busy) Error() string { return "verify: " + b.Message() }

// Message says what happened in English, for the player's client: the
// error message of the protocol's busy answer.
func (b *Busy) Message() string {
	secs := int64((b.RetryIn + time.Second - 1) / time.Second)
	switch b.Reason {
	case BusyPlayerBudget:
		return fmt.Sprintf("verification budget used up for this player; retry in %d s", secs)
	case BusyAddressBudget:
		return fmt.Sprintf("verification budget used up for this network address; retry in %d s", secs)
	}
	return "verification queue full; retry later"
}

// Is makes a full queue's Busy match ErrQueueFull.
func (b *Busy) Is(target error) bool { return target == ErrQueueFull && b.Reason == BusyQueueFull }

// SchedulerOptions configure a Scheduler. Zero fields take their defaults.
type SchedulerOptions struct {
	// Workers is how many jobs the scheduler gives its verifier at once;
	// default: the verifier's Workers() if it has that method (a Pool),
	// else 1.
	Workers int
	// Queue is how many jobs may wait; default DefaultSchedulerQueue.
	Queue int
	// PlayerCPU and AddressCPU are the CPU time per minute the jobs of one
	// player (Job.Player) and of one address (Job.Addr) may use; defaults
	// DefaultPlayerCPU and DefaultAddressCPU, negative for no limit.
	PlayerCPU, AddressCPU time.Duration
	// Now is the budgets' clock; default time.Now. Tests give a fake one.
	Now func() time.Time
}

// Scheduler shares a verifier fairly between players and addresses: it
// gives the verifier at most Workers jobs at once and queues the others in
// a two-level fair queue (fairq.Queue: addresses in turn, then the players
// of each address in turn, newcomers first), so that one address holding
// many players' tokens gets no more turns than an address with one player
// while both wait. Each player and each address has a budget of CPU time
// per minute, charged with what each job cost (Metered verifiers, like
// Pool, report the CPU time their workers measured; others are charged
// their wall time); a job whose player or address has used its budget up
// is answered *Busy with the time to wait, before it enters the queue, and
// again if the budget ran out while it waited.
//
// All the state is in memory, per Scheduler. Verify is safe for
// concurrent use.
type Scheduler struct {
	inner   Verifier
	metered Metered // inner, when it reports costs
	workers int

	mu      sync.Mutex
	q       *fairq.Queue[*schedJob]
	players *fairq.Budgets
	addrs   *fairq.Budgets
	running int // jobs given to inner; at most workers
}

// schedJob is one Verify call waiting for its turn.
type schedJob struct {
	ctx context.Context
	job Job
	out chan outcome // buffered: answered once, never waits
}

// NewScheduler returns a scheduler in front of inner.
func NewScheduler(inner Verifier, opts SchedulerOptions) *Scheduler {
	if opts.Workers <= 0 {
		opts.Workers = 1
		if w, ok := inner.(interface{ Workers() int }); ok && w.Workers() > 0 {
			opts.Workers = w.Workers()
		}
	}
	if opts.Queue <= 0 {
		opts.Queue = DefaultSchedulerQueue
	}
	if opts.PlayerCPU == 0 {
		opts.PlayerCPU = DefaultPlayerCPU
	}
	if opts.AddressCPU == 0 {
		opts.AddressCPU = DefaultAddressCPU
	}
	s := &Scheduler{
		inner:   inner,
		workers: opts.Workers,
		q:       fairq.New[*schedJob](opts.Queue),
		players: fairq.NewBudgets(opts.PlayerCPU, opts.Now),
		addrs:   fairq.NewBudgets(opts.AddressCPU, opts.Now),
	}
	s.metered, _ = inner.(Metered)
	return s
}

// Verify verifies j when its turn comes. It answers *Busy at once when j's
// player or address has used up its budget, or when the queue is full and
// j cannot push another address's job out; a job pushed out of the queue
// later is answered *Busy too. If ctx ends while j waits, Verify returns
// ctx's error and j leaves the queue; once j is given to the verifier it
// runs to its end (it is charged), and only its answer is dropped.
func (s *Scheduler) Verify(ctx context.Context, j Job) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	sj := &schedJob{ctx: ctx, job: j, out: make(chan outcome, 1)}
	s.mu.Lock()
	if err := s.overBudget(j); err != nil {
		s.mu.Unlock()
		return Result{}, err
	}
	if s.running < s.workers {
		// Nothing waits when a worker is free: serve loops only stop
		// once the queue is empty.
		s.running++
		s.mu.Unlock()
		go s.serve(sj)
	} else {
		dropped, pushedOut, ok := s.q.Push(j.Addr, j.Player, sj)
		s.mu.Unlock()
		if !ok {
			return Result{}, &Busy{Reason: BusyQueueFull}
		}
		if pushedOut {
			dropped.out <- outcome{err: &Busy{Reason: BusyQueueFull}}
		}
	}
	select {
	case o := <-sj.out:
		return o.res, o.err
	case <-ctx.Done():
		s.mu.Lock()
		s.q.Remove(j.Addr, j.Player, func(x *schedJob) bool { return x == sj })
		s.mu.Unlock()
		return Result{}, ctx.Err()
	}
}

// Waiting is the number of jobs in the queue.
func (s *Scheduler) Waiting() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.q.Len()
}

// Running is the number of jobs given to the verifier.
func (s *Scheduler) Running() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}

// serve runs sj, then the queue's next jobs, until the queue is empty.
func (s *Scheduler) serve(sj *schedJob) {
	for sj != nil {
		res, cost, err := s.run(sj)
		s.mu.Lock()
		// Charged before the answer, so that the caller's next job sees
		// the budget this one used.
		s.players.Charge(sj.job.Player, cost)
		s.addrs.Charge(sj.job.Addr, cost)
		next := s.next()
		if next == nil {
			s.running--
		}
		s.mu.Unlock()
		sj.out <- outcome{res: res, cost: cost, err: err}
		sj = next
	}
}

// run gives sj to the verifier. The caller may stop waiting, but the job
// itself is not cancelled: it holds a worker until it ends, and is
// charged.
func (s *Scheduler) run(sj *schedJob) (Result, time.Duration, error) {
	ctx := context.WithoutCancel(sj.ctx)
	if s.metered != nil {
		return s.metered.VerifyMetered(ctx, sj.job)
	}
	start := time.Now()
	res, err := s.inner.Verify(ctx, sj.job)
	return res, time.Since(start), err
}

// next pops the next job to run, answering on the way those whose caller
// left and those whose budget ran out while they waited. mu is held.
func (s *Scheduler) next() *schedJob {
	for {
		sj, _, _, ok := s.q.Pop()
		if !ok {
			return nil
		}
		if err := sj.ctx.Err(); err != nil {
			sj.out <- outcome{err: err}
			continue
		}
		if err := s.overBudget(sj.job); err != nil {
			sj.out <- outcome{err: err}
			continue
		}
		return sj
	}
}

// overBudget is a *Busy when j's player or address has used up its
// budget, else nil. mu is held.
func (s *Scheduler) overBudget(j Job) error {
	if w := s.players.Wait(j.Player); w > 0 {
		return &Busy{Reason: BusyPlayerBudget, RetryIn: w}
	}
	if w := s.addrs.Wait(j.Addr); w > 0 {
		return &Busy{Reason: BusyAddressBudget, RetryIn: w}
	}
	return nil
}
