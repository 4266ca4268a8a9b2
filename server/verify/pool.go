package verify

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/script"
)

// ExitCPULimit is the exit status of a worker stopped by its CPU limit
// (RLIMIT_CPU); the pool reports its job as ReasonTimeout.
const ExitCPULimit = 3

// Defaults of PoolOptions.
const (
	// DefaultCPU is the CPU time one job may use. The slowest built-in
	// level verifies at about 200 times real time on one core (rgpd: 64 s
	// of play in 0.3 s), so the longest run a record may hold, 30 minutes,
	// needs about 9 s; a level that burns its instruction budget on every
	// tick needs hours.
	DefaultCPU = 30 * time.Second
	// DefaultDeadline is the wall time one job may take: twice DefaultCPU,
	// for a machine whose cores are shared.
	DefaultDeadline = 2 * DefaultCPU
	// DefaultQueuePerWorker is how many jobs may wait per worker before
	// Verify answers ErrQueueFull.
	DefaultQueuePerWorker = 4
	// DefaultNice is how much lower than the server's the workers' CPU
	// priority is (their nice value, on Linux): verifying can wait a
	// little, a player reading a board should not.
	DefaultNice = 10
)

// ErrQueueFull is returned by Pool.Verify when every worker is busy and
// the queue is full: the caller should ask the player to try again rather
// than wait.
var ErrQueueFull = errors.New("verify: queue full")

// ErrClosed is returned by Pool.Verify once the pool is closed.
var ErrClosed = errors.New("verify: pool closed")

// PoolOptions configure a Pool. Zero fields take their defaults.
type PoolOptions struct {
	// Command is the worker's command line; default: this executable
	// with the argument "verify-worker".
	Command []string
	// Env is the workers' environment; nil inherits this process's.
	Env []string
	// Stderr receives what workers write to their stderr (a runtime
	// crash message, for instance); nil means os.Stderr.
	Stderr io.Writer
	// Workers is the number of worker processes; default runtime.NumCPU().
	Workers int
	// Queue is how many jobs may wait for a worker; default
	// DefaultQueuePerWorker per worker.
	Queue int
	// Deadline is the wall time a job may take in its worker before the
	// worker is killed; default DefaultDeadline.
	Deadline time.Duration
	// CPU is the CPU time a job may use, enforced inside the worker by
	// RLIMIT_CPU (in whole seconds, rounded up); default DefaultCPU. It
	// also holds when the pool is gone or stalled.
	CPU time.Duration
	// Nice is added to the workers' nice value on Linux, lowering their
	// CPU priority below the server's; default DefaultNice, negative
	// leaves it alone. Other systems ignore it.
	Nice int
}

// Pool verifies runs in worker processes, one job at a time each. A job
// that crashes its worker, or runs past its deadline, is refused
// (ReasonCrashed, ReasonTimeout) and its worker is replaced; the other
// jobs are not affected. Verify is safe for concurrent use.
type Pool struct {
	opts PoolOptions
	cpu  uint32 // seconds, sent with each request

	mu     sync.RWMutex // held to send on jobs; Close takes it to set closed
	closed bool
	jobs   chan *job
	done   chan struct{}
	wg     sync.WaitGroup
	nextID atomic.Uint64

	procMu   sync.Mutex
	procs    []*process // the live worker of each slot, or nil
	stopping bool
}

// job is one Verify call waiting for its answer.
type job struct {
	ctx    context.Context
	replay []byte
	res    chan outcome // buffered: the slot never waits for the caller
}

type outcome struct {
	res  Result
	cost time.Duration
	err  error
}

// NewPool starts opts.Workers worker processes and checks that each
// answers a first, empty request, so a wrong command fails here rather
// than every job later. ctx is checked between starts; Close stops the
// pool.
func NewPool(ctx context.Context, opts PoolOptions) (*Pool, error) {
	if len(opts.Command) == 0 {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("verify: worker command: %w", err)
		}
		opts.Command = []string{exe, "verify-worker"}
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	if opts.Queue <= 0 {
		opts.Queue = DefaultQueuePerWorker * opts.Workers
	}
	if opts.Deadline <= 0 {
		opts.Deadline = DefaultDeadline
	}
	if opts.CPU <= 0 {
		opts.CPU = DefaultCPU
	}
	if opts.Nice == 0 {
		opts.Nice = DefaultNice
	}
	p := &Pool{
		opts:  opts,
		cpu:   uint32((opts.CPU + time.Second - 1) / time.Second),
		jobs:  make(chan *job, opts.Queue),
		done:  make(chan struct{}),
		procs: make([]*process, opts.Workers),
	}
	for i := range opts.Workers {
		if err := ctx.Err(); err != nil {
			p.Close()
			return nil, err
		}
		pr, err := p.start(i)
		if err == nil {
			err = p.handshake(pr)
		}
		if err != nil {
			p.Close()
			return nil, err
		}
	}
	for i := range opts.Workers {
		p.wg.Add(1)
		go p.slot(i)
	}
	return p, nil
}

// Verify verifies j in a worker. It returns ErrQueueFull at once when
// every worker is busy and the queue is full. If ctx ends first, Verify
// returns ctx's error; a job already in a worker still runs to its end
// (at most the deadline) and its result is dropped. Verify ignores the
// job's Player and Addr: the pool serves jobs in the order they come
// (wrap it in a Scheduler to share it fairly).
func (p *Pool) Verify(ctx context.Context, j Job) (Result, error) {
	res, _, err := p.VerifyMetered(ctx, j)
	return res, err
}

// Workers is the number of worker processes, that is how many jobs the
// pool runs at once.
func (p *Pool) Workers() int { return p.opts.Workers }

// VerifyMetered is Verify, and reports the CPU time the job used in its
// worker (user and system): the difference between what the worker
// reported with this answer and with its previous one, or, for a worker
// that died or was killed, what the kernel accounted to it when it was
// reaped. A worker that cannot measure it (systems without getrusage)
// gets the job's wall time in the worker instead. The cost of a new
// worker's start is charged to its first job, unless it was started by
// NewPool.
func (p *Pool) VerifyMetered(ctx context.Context, j Job) (Result, time.Duration, error) {
	if len(j.Replay) == 0 {
		return Result{}, 0, &Refusal{Reason: ReasonMalformed, Detail: "empty replay"}
	}
	if len(j.Replay) > replay.MaxRecordBytes {
		return Result{}, 0, &Refusal{Reason: ReasonMalformed,
			Detail: fmt.Sprintf("record too large: %d bytes, more than %d", len(j.Replay), replay.MaxRecordBytes)}
	}
	if err := ctx.Err(); err != nil {
		return Result{}, 0, err
	}
	jb := &job{ctx: ctx, replay: j.Replay, res: make(chan outcome, 1)}
	p.mu.RLock()
	if p.closed {
		p.mu.RUnlock()
		return Result{}, 0, ErrClosed
	}
	select {
	case p.jobs <- jb:
	default:
		p.mu.RUnlock()
		return Result{}, 0, ErrQueueFull
	}
	p.mu.RUnlock()
	select {
	case out := <-jb.res:
		return out.res, out.cost, out.err
	case <-ctx.Done():
		return Result{}, 0, ctx.Err()
	}
}

// Close stops the pool: workers are killed, and jobs queued or running
// return ErrClosed. It returns once every goroutine and process of the
// pool has ended.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.done)
	p.mu.Unlock()

	p.procMu.Lock()
	p.stopping = true
	for _, pr := range p.procs {
		if pr != nil {
			pr.kill()
		}
	}
	p.procMu.Unlock()
	p.wg.Wait()
	// Slots reap their own workers; workers remain only when NewPool
	// failed before starting the slots.
	for i, pr := range p.procs {
		if pr != nil {
			pr.wait()
			p.procs[i] = nil
		}
	}
	for {
		select {
		case jb := <-p.jobs:
			jb.res <- outcome{err: ErrClosed}
		default:
			return nil
		}
	}
}

// slot runs jobs on worker i, replacing the worker when it fails.
func (p *Pool) slot(i int) {
	defer p.wg.Done()
	for {
		var jb *job
		select {
		case <-p.done:
			p.stopSlot(i)
			return
		case jb = <-p.jobs:
		}
		if err := jb.ctx.Err(); err != nil {
			jb.res <- outcome{err: err}
			continue
		}
		pr := p.proc(i)
		if pr == nil {
			var err error
			if pr, err = p.start(i); err != nil {
				jb.res <- outcome{err: err}
				continue
			}
		}
		res, cost, healthy, err := p.run(pr, jb.replay, p.opts.Deadline)
		if healthy {
			jb.res <- outcome{res, cost, err}
			continue
		}
		p.stopSlot(i)
		jb.res <- outcome{res, cost, err}
		// Start the replacement now rather than with the next job; if it
		// fails, the next job tries again and reports the error.
		_, _ = p.start(i)
	}
}

func (p *Pool) proc(i int) *process {
	p.procMu.Lock()
	defer p.procMu.Unlock()
	return p.procs[i]
}

// stopSlot kills and reaps slot i's worker, if it has one.
func (p *Pool) stopSlot(i int) {
	p.procMu.Lock()
	pr := p.procs[i]
	p.procs[i] = nil
	p.procMu.Unlock()
	if pr != nil {
		pr.kill()
		pr.wait()
	}
}

// handshakeTimeout bounds a new worker's start and first answer; it is
// generous because a loaded machine can be slow to start a process.
const handshakeTimeout = time.Minute

// handshake sends pr an empty replay, which a worker refuses as
// malformed: anything else means the command is not a worker.
func (p *Pool) handshake(pr *process) error {
	_, _, healthy, err := p.run(pr, nil, max(p.opts.Deadline, handshakeTimeout))
	var ref *Refusal
	if healthy && errors.As(err, &ref) && ref.Reason == ReasonMalformed {
		return nil
	}
	return fmt.Errorf("verify: %q is not a working verify worker: %w", p.opts.Command, err)
}

// run sends one job to pr and waits for its answer or the deadline.
// healthy is false when pr must be replaced. cost is the CPU time the job
// used (see VerifyMetered).
func (p *Pool) run(pr *process, data []byte, deadline time.Duration) (res Result, cost time.Duration, healthy bool, err error) {
	id := p.nextID.Add(1)
	start := time.Now()
	var fired atomic.Bool
	timer := time.AfterFunc(deadline, func() {
		fired.Store(true)
		pr.kill()
	})
	resp, ioErr := pr.exchange(&request{ID: id, CPU: p.cpu, Replay: data})
	if ioErr == nil && resp.ID != id {
		ioErr = fmt.Errorf("response to job %d, want %d", resp.ID, id)
	}
	intime := timer.Stop()
	wall := time.Since(start)
	if ioErr != nil {
		pr.kill()
		state := pr.wait()
		cost := pr.spent(state, wall)
		select {
		case <-p.done:
			return Result{}, cost, false, ErrClosed
		default:
		}
		switch {
		case fired.Load():
			return Result{}, cost, false, &Refusal{Reason: ReasonTimeout,
				Detail: fmt.Sprintf("no result within %v", deadline)}
		case cpuLimited(state):
			return Result{}, cost, false, &Refusal{Reason: ReasonTimeout,
				Detail: fmt.Sprintf("CPU limit of %ds reached", p.cpu)}
		default:
			return Result{}, cost, false, &Refusal{Reason: ReasonCrashed,
				Detail: fmt.Sprintf("worker failed (%s): %v", describe(state), ioErr)}
		}
	}
	cost = pr.answered(resp.CPU, wall)
	res, valid, err := resp.result()
	if !valid {
		// A worker that answers nonsense is not trusted with more jobs.
		return Result{}, cost, false, &Refusal{Reason: ReasonCrashed, Detail: err.Error()}
	}
	// If the deadline fired just after the answer came, the answer stands
	// but the worker is gone.
	return res, cost, intime, err
}

// answered records the CPU time (µs) pr reported with an answer and
// returns what the job cost since its previous answer; wall, the job's
// time in the worker, when pr does not measure CPU time or reports less
// than before (a worker that lies cannot make its jobs free).
func (pr *process) answered(cpu uint64, wall time.Duration) time.Duration {
	if cpu == 0 || cpu < pr.cpu {
		return wall
	}
	d := time.Duration(cpu-pr.cpu) * time.Microsecond
	pr.cpu = cpu
	return d
}

// spent is what the last job of a worker that ended cost: the CPU time the
// kernel accounted to the process beyond what it had reported, or wall.
func (pr *process) spent(state *os.ProcessState, wall time.Duration) time.Duration {
	if state == nil {
		return wall
	}
	total := state.UserTime() + state.SystemTime()
	seen := time.Duration(pr.cpu) * time.Microsecond
	if total <= 0 || total < seen {
		return wall
	}
	return total - seen
}

func describe(st *os.ProcessState) string {
	if st == nil {
		return "not started"
	}
	return st.String()
}

// result turns a worker's response into Verify's answer. valid is false
// when the response breaks the protocol; err then says how.
func (r *response) result() (res Result, valid bool, err error) {
	switch {
	case r.Failure != "":
		return Result{}, true, fmt.Errorf("verify: worker: %s", r.Failure)
	case r.Reason != "":
		reason := Reason(r.Reason)
		if !reason.Known() {
			return Result{}, false, fmt.Errorf("worker gave unknown reason %q", clip(r.Reason))
		}
		return Result{}, true, &Refusal{Reason: reason, Detail: r.Detail}
	}
	if len(r.LevelHash) != len(res.LevelHash) {
		return Result{}, false, fmt.Errorf("worker gave a level hash of %d bytes", len(r.LevelHash))
	}
	res = Result{
		Level:     r.Level,
		Score:     r.Score,
		Ticks:     r.Ticks,
		Won:       r.Won,
		StateHash: r.StateHash,
		Pot:       r.Pot,
	}
	if len(r.Answers) > script.MaxQuizAnswers {
		return Result{}, false, fmt.Errorf("worker gave %d quiz answers", len(r.Answers))
	}
	for _, a := range r.Answers {
		if a.Question == "" || len(a.Question) > script.MaxQuizKey || a.Choice < 1 || a.Choice > script.MaxQuizChoice {
			return Result{}, false, fmt.Errorf("worker gave a quiz answer out of bounds")
		}
		res.Answers = append(res.Answers, QuizAnswer(a))
	}
	copy(res.LevelHash[:], r.LevelHash)
	return res, true, nil
}

// Known reports whether r is one of the documented reasons (the hub keeps
// its metric labels to these).
func (r Reason) Known() bool {
	switch r {
	case ReasonMalformed, ReasonUnknownLevel, ReasonLevelChanged, ReasonEngine,
		ReasonDiverged, ReasonTimeout, ReasonScript, ReasonCrashed,
		ReasonWrongSeed, ReasonTooLong, ReasonCopied, ReasonClientReused:
		return true
	}
	return false
}

// process is one running worker.
type process struct {
	cpu    uint64 // CPU time (µs) the worker reported with its last answer
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	buf    []byte
	state  *os.ProcessState
	waited bool
}

// start launches the worker of slot i and records it there.
func (p *Pool) start(i int) (*process, error) {
	p.procMu.Lock()
	defer p.procMu.Unlock()
	if p.stopping {
		return nil, ErrClosed
	}
	cmd := exec.Command(p.opts.Command[0], p.opts.Command[1:]...)
	cmd.Env = p.opts.Env
	cmd.Stderr = p.opts.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("verify: start worker: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("verify: start worker: %w", err)
	}
	if err := startNiced(cmd, p.opts.Nice); err != nil {
		return nil, fmt.Errorf("verify: start worker: %w", err)
	}
	pr := &process{cmd: cmd, stdin: stdin, stdout: bufio.NewReader(stdout)}
	p.procs[i] = pr
	return pr, nil
}

// exchange sends req and reads the response.
func (pr *process) exchange(req *request) (*response, error) {
	var err error
	if pr.buf, err = appendFrame(pr.buf[:0], MaxRequestBytes, req); err != nil {
		return nil, err
	}
	if _, err := pr.stdin.Write(pr.buf); err != nil {
		return nil, fmt.Errorf("send: %w", err)
	}
	var resp response
	if err := readMsg(pr.stdout, MaxResponseBytes, &resp); err != nil {
		return nil, fmt.Errorf("receive: %w", err)
	}
	return &resp, nil
}

// kill stops the worker at once; it is safe from any goroutine.
func (pr *process) kill() { _ = pr.cmd.Process.Kill() }

// wait reaps the worker after kill and returns how it ended. Only the
// goroutine that owns pr calls it.
func (pr *process) wait() *os.ProcessState {
	if !pr.waited {
		pr.waited = true
		pr.stdin.Close()
		_ = pr.cmd.Wait()
		pr.state = pr.cmd.ProcessState
	}
	return pr.state
}
