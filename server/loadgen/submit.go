package loadgen

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/communs-arcade/arcade/server/protocol"
)

// SubmitResult is what the submit scenario measured.
type SubmitResult struct {
	Players, InFlight int
	// Stored counts runs the server verified and stored; Won those it
	// found won; Ticks sums their verified ticks. A run answered as a
	// duplicate (already stored for the player, not verified again) is
	// counted in Duplicates, not here.
	Stored, Won int
	Ticks       uint64
	// Busy counts busy answers (retried); RateLimited the submissions the
	// per-player limit stopped; Duplicates the runs the player had
	// already sent; Refused runs refused (Refusals counts them by reason:
	// copied and the other shortcuts the server takes before verifying
	// are refusals too); Failed other errors, the first of which is Err.
	Busy, RateLimited, Duplicates, Refused, Failed int
	Refusals                                       Reasons
	Err                                            error
	// Wall is the time from the first submission to the last reply.
	Wall time.Duration
}

// PerSecond is the verified submissions stored per second: duplicates and
// refusals, which the server answers without storing, do not count.
func (r SubmitResult) PerSecond() float64 { return float64(r.Stored) / r.Wall.Seconds() }

// RealTime is how many seconds of play were verified per second: the runs'
// ticks at 60 a second over the wall time.
func (r SubmitResult) RealTime() float64 { return float64(r.Ticks) / 60 / r.Wall.Seconds() }

// SubmitOptions shape the submit scenario.
type SubmitOptions struct {
	// Players is how many players submit, each on its own connection,
	// from player number First on.
	First, Players int
	// PerPlayer is how many runs each player sends: the server's burst
	// (5) goes through at once, more wait for its rate (10 a minute).
	PerPlayer int
	// InFlight is how many submissions wait for their reply at once;
	// the server answers busy beyond its own cap (32).
	InFlight int
	// Replays are the encoded runs to send, one distinct run per
	// submission: player p (counting from 0) sends Replays[p*PerPlayer],
	// Replays[p*PerPlayer+1], … At least Players×PerPlayer of them. The
	// server ranks a run once, for the first player who sends it (another
	// player's copy is refused "copied", the same player's is a duplicate,
	// both without verification): Variants makes distinct runs of a level.
	Replays [][]byte
}

// Submit has players submit replays as fast as the server takes them, at
// most InFlight at once, and counts what comes back. The players connect
// and say hello before the clock starts.
func Submit(ctx context.Context, cfg *Config, o SubmitOptions) (SubmitResult, error) {
	if err := cfg.defaults(); err != nil {
		return SubmitResult{}, err
	}
	if o.Players <= 0 || o.PerPlayer <= 0 || o.InFlight <= 0 {
		return SubmitResult{}, fmt.Errorf("loadgen: submit: want players, runs per player and submissions in flight")
	}
	if len(o.Replays) < o.Players*o.PerPlayer {
		return SubmitResult{}, fmt.Errorf("loadgen: submit: %d replays for %d players × %d runs: want one per submission", len(o.Replays), o.Players, o.PerPlayer)
	}
	res := SubmitResult{Players: o.Players, InFlight: o.InFlight, Refusals: Reasons{}}
	conns, failed, err := cfg.dialMany(ctx, o.First, o.Players)
	defer closeAll(conns)
	if failed > 0 {
		return res, fmt.Errorf("loadgen: submit: %d of %d players could not connect: %w", failed, o.Players, err)
	}
	run := cfg.Players.run
	slots := make(chan struct{}, o.InFlight)
	var (
		mu   sync.Mutex
		last time.Time
		wg   sync.WaitGroup
	)
	start := time.Now()
	for p, conn := range conns {
		wg.Go(func() {
			for k := 0; k < o.PerPlayer && ctx.Err() == nil; k++ {
				m := &protocol.Submit{Replay: o.Replays[p*o.PerPlayer+k], Client: fmt.Sprintf("%s-%d-%d", run, o.First+p, k)}
				var (
					reply protocol.Message
					err   error
				)
				busy := 0
				for {
					slots <- struct{}{}
					reply, err = conn.Call(m)
					<-slots
					if Code(err) != protocol.CodeBusy {
						break
					}
					// The server's queue is full: let the others through.
					busy++
					time.Sleep(time.Duration(min(busy, 20)) * 5 * time.Millisecond)
				}
				now := time.Now()
				mu.Lock()
				res.Busy += busy
				if now.After(last) {
					last = now
				}
				switch s, ok := reply.(*protocol.Submitted); {
				case ok && s.Duplicate:
					res.Duplicates++
				case ok:
					res.Stored++
					res.Ticks += uint64(s.Ticks)
					if s.Won {
						res.Won++
					}
				case Code(err) == protocol.CodeRateLimited:
					res.RateLimited++
				case Code(err) == protocol.CodeRefused:
					res.Refused++
					res.Refusals[Reason(err)]++
					res.Err = cmpErr(res.Err, err)
				default:
					res.Failed++
					res.Err = cmpErr(res.Err, err)
				}
				stop := Code(err) == protocol.CodeRateLimited || (err != nil && Code(err) == "")
				mu.Unlock()
				if stop { // rate-limited, or the connection is gone
					return
				}
			}
		})
	}
	wg.Wait()
	res.Wall = last.Sub(start)
	return res, ctx.Err()
}

// cmpErr keeps the first error.
func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	if err == nil {
		return fmt.Errorf("loadgen: an unexpected reply")
	}
	return err
}
