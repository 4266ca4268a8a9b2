package verify

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/levels/leveltest"
)

// testPool starts a pool of test workers (this binary, see TestMain) and
// closes it when the test ends. env adds to the workers' environment.
func testPool(t testing.TB, opts PoolOptions, env ...string) *Pool {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	opts.Command = []string{exe}
	opts.Env = append(append(os.Environ(), workerEnv+"=1"), env...)
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	p, err := NewPool(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// TestPool sends every kind of run through one pool, concurrently: each
// gets the same answer as in-process verification, hostile ones included.
func TestPool(t *testing.T) {
	p := testPool(t, PoolOptions{Workers: 2, Queue: 64, Deadline: 10 * time.Minute})
	local := NewLocal(Builtin())
	var wg sync.WaitGroup
	for _, g := range goldens(t) {
		wg.Go(func() {
			want, err := local.Verify(context.Background(), Job{Replay: g.data})
			if err != nil {
				t.Errorf("%s in process: %v", g.name, err)
				return
			}
			got, err := p.Verify(context.Background(), Job{Replay: g.data})
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: got %+v, %v\nwant %+v", g.name, got, err, want)
			}
		})
	}
	for _, tc := range refusalCases() {
		data := tc.replay(t)
		wg.Go(func() {
			_, err := p.Verify(context.Background(), Job{Replay: data})
			var ref *Refusal
			if !errors.As(err, &ref) || ref.Reason != tc.reason || !strings.Contains(ref.Detail, tc.detail) {
				t.Errorf("%s: got %v, want %s with %q", tc.name, err, tc.reason, tc.detail)
			}
		})
	}
	wg.Wait()
}

func TestPoolRefusesBeforeSending(t *testing.T) {
	p := testPool(t, PoolOptions{Workers: 1, Deadline: 10 * time.Minute})
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"too large", make([]byte, MaxRequestBytes)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := p.Verify(context.Background(), Job{Replay: tc.data})
			checkRefusal(t, err, ReasonMalformed, "")
		})
	}
}

// TestPoolFailures: a job that kills or outlasts its worker fails alone,
// with its reason, and the next job gets a new worker.
func TestPoolFailures(t *testing.T) {
	endless := hostileRun(t, "endless", 3600)
	demo := leveltest.Encode(t, readGolden(t, "demo/win"))
	for _, tc := range []struct {
		name   string
		opts   PoolOptions
		env    []string
		data   []byte
		during func(t *testing.T, p *Pool) // once the job is in its worker
		reason Reason
		detail string
	}{
		{
			name:   "deadline",
			opts:   PoolOptions{Deadline: 50 * time.Millisecond},
			data:   endless,
			reason: ReasonTimeout, detail: "no result within 50ms",
		},
		{
			// The pool's deadline is far off: the worker's own CPU limit
			// (RLIMIT_CPU) stops it.
			name:   "CPU limit",
			opts:   PoolOptions{Deadline: 10 * time.Minute, CPU: time.Second},
			data:   endless,
			reason: ReasonTimeout, detail: "CPU limit of 1s",
		},
		{
			name: "killed",
			opts: PoolOptions{Deadline: 10 * time.Minute},
			data: endless,
			during: func(t *testing.T, p *Pool) {
				if err := p.proc(0).cmd.Process.Kill(); err != nil {
					t.Error(err)
				}
			},
			reason: ReasonCrashed, detail: "signal: killed",
		},
		{
			// hog allocates far more than the worker's 64 MiB (the
			// sandbox's own watchdog is at 384 MB): the address-space
			// limit makes the runtime die, and the job with it.
			name: "out of memory",
			opts: PoolOptions{Deadline: 10 * time.Minute},
			env:  []string{memoryEnv + "=64"},
			data: hostileRun(t, "hog", 10),
			// Status 2 from the Go runtime, 66 from the race detector's.
			reason: ReasonCrashed, detail: "worker failed (exit status ",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			started := newMarkerWriter(startedMarker)
			tc.opts.Workers = 1
			tc.opts.Stderr = started
			p := testPool(t, tc.opts, tc.env...)
			first := p.proc(0)
			errc := make(chan error, 1)
			go func() {
				_, err := p.Verify(context.Background(), Job{Replay: tc.data})
				errc <- err
			}()
			if tc.during != nil {
				<-started.seen
				tc.during(t, p)
			}
			checkRefusal(t, <-errc, tc.reason, tc.detail)
			// The next job gets all the time it needs, even under the
			// race detector (the slot reads the option only once it
			// takes the job, after this write).
			p.opts.Deadline = 10 * time.Minute
			got, err := p.Verify(context.Background(), Job{Replay: demo})
			if err != nil || !got.Won {
				t.Errorf("next job: %+v, %v", got, err)
			}
			if p.proc(0) == first {
				t.Error("the worker was not replaced")
			}
		})
	}
}

// markerWriter closes seen once marker has been written to it.
type markerWriter struct {
	marker string
	mu     sync.Mutex
	buf    bytes.Buffer
	seen   chan struct{}
	once   sync.Once
}

func newMarkerWriter(marker string) *markerWriter {
	return &markerWriter{marker: marker, seen: make(chan struct{})}
}

func (w *markerWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(b)
	if strings.Contains(w.buf.String(), w.marker) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(b), nil
}

// TestPoolQueueAndClose: with its worker busy and its queue full, the
// pool refuses more work at once; Close ends the running and the queued
// job with ErrClosed and leaves no goroutine behind.
func TestPoolQueueAndClose(t *testing.T) {
	before := runtime.NumGoroutine()
	started := newMarkerWriter(startedMarker)
	p := testPool(t, PoolOptions{Workers: 1, Queue: 1, Deadline: 10 * time.Minute, Stderr: started})
	endless := hostileRun(t, "endless", 3600)
	demo := leveltest.Encode(t, readGolden(t, "demo/win"))

	errs := make(chan error, 2)
	go func() {
		_, err := p.Verify(context.Background(), Job{Replay: endless})
		errs <- err
	}()
	<-started.seen // the worker is busy
	// The queue holds one job; once it is in, the next is refused. The
	// queued one is sent from a goroutine: it waits for the busy worker.
	go func() {
		_, err := p.Verify(context.Background(), Job{Replay: demo})
		errs <- err
	}()
	waitFor(t, "the second job queued", func() bool { return len(p.jobs) != 0 })
	if _, err := p.Verify(context.Background(), Job{Replay: demo}); !errors.Is(err, ErrQueueFull) {
		t.Errorf("third job: %v, want ErrQueueFull", err)
	}
	// A caller that gives up gets its context's error at once.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Verify(ctx, Job{Replay: demo}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled job: %v", err)
	}

	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := <-errs; !errors.Is(err, ErrClosed) {
			t.Errorf("job after Close: %v, want ErrClosed", err)
		}
	}
	if _, err := p.Verify(context.Background(), Job{Replay: demo}); !errors.Is(err, ErrClosed) {
		t.Errorf("Verify after Close: %v, want ErrClosed", err)
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	// The callers' goroutines above have returned; give the runtime a
	// chance to retire them, without waiting on a clock.
	for i := 0; i < 1000 && runtime.NumGoroutine() > before; i++ {
		runtime.Gosched()
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after Close, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

func TestPoolBadCommand(t *testing.T) {
	for _, tc := range []struct {
		command []string
		want    string
	}{
		{[]string{"/nonexistent/arcade", "verify-worker"}, "verify: start worker: "},
		{[]string{"/bin/sh", "-c", "exit 0"}, "is not a working verify worker"},
		{[]string{"/bin/sh", "-c", "echo hello"}, "is not a working verify worker"},
	} {
		_, err := NewPool(context.Background(), PoolOptions{Command: tc.command, Workers: 1, Deadline: time.Minute})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error with %q", tc.command, err, tc.want)
		}
	}
}

// TestPoolCallerGivesUp: a caller whose context ends while its job runs
// gets its context's error at once; the job goes on in its worker (until
// its deadline, here when the pool closes) and the pool serves others.
func TestPoolCallerGivesUp(t *testing.T) {
	started := newMarkerWriter(startedMarker)
	p := testPool(t, PoolOptions{Workers: 2, Deadline: 10 * time.Minute, Stderr: started})
	endless := hostileRun(t, "endless", 3600)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := p.Verify(ctx, Job{Replay: endless})
		errc <- err
	}()
	<-started.seen
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if _, err := p.Verify(context.Background(), Job{Replay: leveltest.Encode(t, readGolden(t, "demo/lose"))}); err != nil {
		t.Errorf("next job: %v", err)
	}
}
