package loadgen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/communs-arcade/arcade/server/protocol"
)

// ReadOptions shape the read scenario.
type ReadOptions struct {
	// Readers connect as players First, First+1, … and ask for a level's
	// top 10 ReadRate times a second each (never faster than the previous
	// reply comes: a reader has one request in flight), in turn over
	// Levels.
	First, Readers int
	ReadRate       float64
	Levels         []string
	// Submitters connect as the players after the readers and send
	// SubmitRate runs a second between them, each in turn. Use enough of
	// them for the per-player limit (10 a minute each): 60 at 10 a second.
	Submitters int
	SubmitRate float64
	// Replays are the runs they send, each once, in order: at least
	// RunsNeeded of them, all distinct (see SubmitOptions.Replays).
	Replays [][]byte
	// Duration is how long the reads are measured, once every reader and
	// submitter has said hello.
	Duration time.Duration
}

// RunsNeeded is how many runs the submitters may send: one a tick of a
// SubmitRate ticker for Duration, and the one the last tick may start.
func (o ReadOptions) RunsNeeded() int {
	if o.Submitters <= 0 || o.SubmitRate <= 0 {
		return 0
	}
	return int(o.SubmitRate*o.Duration.Seconds()) + 1
}

// ReadResult is what the read scenario measured.
type ReadResult struct {
	Readers, Submitters  int
	ReadRate, SubmitRate float64
	Duration             time.Duration
	// Latency of the get_board requests answered with a board.
	Latency Latencies
	// ReadErrors counts get_board requests that failed.
	ReadErrors int
	// Submissions: Stored (verified and stored), answered Busy (not
	// retried), Skipped because the submitter whose turn it was still
	// waited for its last reply (the server is behind), and other errors,
	// among which the refusals, counted by reason in Refusals.
	Stored, Busy, Skipped, SubmitErrors int
	Refusals                            Reasons
	// Err is the first error other than busy.
	Err error
}

// Read measures get_board latency while submissions go on.
func Read(ctx context.Context, cfg *Config, o ReadOptions) (ReadResult, error) {
	if err := cfg.defaults(); err != nil {
		return ReadResult{}, err
	}
	if o.Readers <= 0 || o.ReadRate <= 0 || len(o.Levels) == 0 || o.Duration <= 0 {
		return ReadResult{}, fmt.Errorf("loadgen: read: want readers, a read rate, levels and a duration")
	}
	if o.Submitters > 0 && o.SubmitRate <= 0 {
		return ReadResult{}, fmt.Errorf("loadgen: read: submitters need a rate")
	}
	if len(o.Replays) < o.RunsNeeded() {
		return ReadResult{}, fmt.Errorf("loadgen: read: %d replays for up to %d submissions: want one per submission", len(o.Replays), o.RunsNeeded())
	}
	res := ReadResult{Readers: o.Readers, Submitters: o.Submitters, ReadRate: o.ReadRate, SubmitRate: o.SubmitRate, Duration: o.Duration, Refusals: Reasons{}}
	conns, failed, err := cfg.dialMany(ctx, o.First, o.Readers+o.Submitters)
	defer closeAll(conns)
	if failed > 0 {
		return res, fmt.Errorf("loadgen: read: %d of %d clients could not connect: %w", failed, o.Readers+o.Submitters, err)
	}
	readers, submitters := conns[:o.Readers], conns[o.Readers:]

	var (
		mu        sync.Mutex
		latencies []time.Duration
		wg        sync.WaitGroup
	)
	fail := func(n *int, err error) {
		mu.Lock()
		*n++
		res.Err = cmpErr(res.Err, err)
		mu.Unlock()
	}
	start := time.Now()
	end := start.Add(o.Duration)
	every := time.Duration(float64(time.Second) / o.ReadRate)
	for r, conn := range readers {
		wg.Go(func() {
			// Readers start spread over the first period, so that the
			// load is even rather than a thousand requests at once.
			next := start.Add(time.Duration(rand.Int64N(int64(every))))
			var mine []time.Duration
			for i := r; ; i++ {
				if wait := time.Until(next); wait > 0 {
					time.Sleep(wait)
				}
				if ctx.Err() != nil || !time.Now().Before(end) {
					break
				}
				m := &protocol.GetBoard{Level: o.Levels[i%len(o.Levels)], Kind: protocol.BoardTop, Limit: 10}
				t0 := time.Now()
				reply, err := conn.Call(m)
				d := time.Since(t0)
				if _, ok := reply.(*protocol.Board); ok {
					mine = append(mine, d)
				} else {
					fail(&res.ReadErrors, err)
					if err != nil && Code(err) == "" {
						break // the connection is gone
					}
				}
				next = next.Add(every)
				if now := time.Now(); next.Before(now) {
					next = now // behind: go on at once, do not catch up in a burst
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		})
	}

	if len(submitters) > 0 {
		run := cfg.Players.run
		work := make([]chan int, len(submitters))
		for s, conn := range submitters {
			work[s] = make(chan int, 1)
			wg.Go(func() {
				for k := range work[s] {
					m := &protocol.Submit{Replay: o.Replays[k], Client: fmt.Sprintf("%s-r%d", run, k)}
					reply, err := conn.Call(m)
					s, ok := reply.(*protocol.Submitted)
					switch {
					case ok && s.Duplicate:
						// Distinct runs are never duplicates: the
						// caller gave the same run twice.
						fail(&res.SubmitErrors, fmt.Errorf("loadgen: read: run %d answered as a duplicate", k))
					case ok:
						mu.Lock()
						res.Stored++
						mu.Unlock()
					case Code(err) == protocol.CodeBusy:
						mu.Lock()
						res.Busy++
						mu.Unlock()
					case Code(err) == protocol.CodeRefused:
						mu.Lock()
						res.Refusals[Reason(err)]++
						mu.Unlock()
						fail(&res.SubmitErrors, err)
					default:
						fail(&res.SubmitErrors, err)
					}
				}
			})
		}
		tick := time.NewTicker(time.Duration(float64(time.Second) / o.SubmitRate))
		// Each run is sent once: one a tick until end stays within
		// RunsNeeded, and the bound on k holds whatever the timing.
		for k := 0; k < len(o.Replays) && time.Now().Before(end) && ctx.Err() == nil; k++ {
			select {
			case <-tick.C:
			case <-ctx.Done():
			}
			select {
			case work[k%len(work)] <- k:
			default: // that submitter is still waiting for its last reply
				mu.Lock()
				res.Skipped++
				mu.Unlock()
			}
		}
		tick.Stop()
		for _, w := range work {
			close(w)
		}
	}
	wg.Wait()
	res.Latency = summarise(latencies)
	return res, ctx.Err()
}
