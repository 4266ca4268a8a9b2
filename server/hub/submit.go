package hub

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/verify"
)

// handleSubmit checks the limits, then verifies and stores the run off the
// reader goroutine.
func (c *conn) handleSubmit(id uint32, m *protocol.Submit) {
	h := c.hub
	if !h.players.allow(c.player) {
		c.replyErr(id, protocol.Errorf(protocol.CodeRateLimited, "too many runs submitted; retry in a minute"))
		return
	}
	// A run the server does not get to verify (busy, stopping) gives the
	// player's token back: retrying busy must not use up the allowance.
	select {
	case h.verifying <- struct{}{}:
	default:
		h.players.refund(c.player)
		h.metrics.Busy.WithLabelValues("in_flight").Inc()
		c.replyErr(id, protocol.Errorf(protocol.CodeBusy, "verification queue full; retry later"))
		return
	}
	if !h.accept() {
		<-h.verifying
		h.players.refund(c.player)
		c.replyErr(id, protocol.Errorf(protocol.CodeShutdown, "the server is stopping"))
		return
	}
	go func() {
		defer h.work.Done()
		defer func() { <-h.verifying }()
		o, err := h.submit(c.player, c.addr, m)
		if err != nil {
			if protocol.CodeOf(err) == protocol.CodeBusy {
				h.players.refund(c.player)
			}
			c.send(errorOut(h, id, err))
			return
		}
		c.send(encode(h, id, o))
	}()
}

// submit verifies a run, stores it and builds the reply. It runs to the
// end even when the client is gone or the server is stopping: a run that
// was accepted is stored. addr is the connection's address key, for the
// verifier's fair queue and budgets.
func (h *Hub) submit(player store.PlayerID, addr string, m *protocol.Submit) (*protocol.Submitted, error) {
	start := time.Now()
	res, err := h.verifier.Verify(context.Background(), verify.Job{
		Replay: m.Replay, Player: strconv.FormatInt(int64(player), 10), Addr: addr,
	})
	h.metrics.Verify.Observe(time.Since(start).Seconds())
	var ref *verify.Refusal
	var busy *verify.Busy
	switch {
	case errors.As(err, &ref):
		h.metrics.Refused.WithLabelValues(reasonLabel(ref.Reason)).Inc()
		h.log.Info("run refused", "reason", ref.Reason, "detail", ref.Detail)
		return nil, protocol.Errorf(protocol.CodeRefused, "%s: %s", ref.Reason, ref.Detail)
	case errors.As(err, &busy):
		// No room in the queue, or the player's or address's verification
		// budget is used up: retry later (in how long, for a budget).
		h.metrics.Busy.WithLabelValues(busyLabel(busy.Reason)).Inc()
		return nil, protocol.Errorf(protocol.CodeBusy, "%s", busy.Message())
	case errors.Is(err, verify.ErrQueueFull):
		// The verifier has no room for another job: retry later.
		h.metrics.Busy.WithLabelValues(string(verify.BusyQueueFull)).Inc()
		return nil, protocol.Errorf(protocol.CodeBusy, "verification queue full; retry later")
	case err != nil:
		h.log.Error("verification failed", "err", err)
		return nil, err
	}
	l, ok := h.catalog.Lookup(res.Level)
	if !ok || l.Hash != res.LevelHash {
		// The verifier knows other levels or versions than the catalogue:
		// a configuration error, not the player's.
		h.log.Error("verified run of a level not in the catalogue", "level", res.Level)
		return nil, protocol.Errorf(protocol.CodeRefused, "%s: level %q is not ranked here", verify.ReasonUnknownLevel, res.Level)
	}
	b := store.Board{Level: l.ID, Hash: l.Hash}
	var added store.Added
	err = h.storeCall("add_run", func(ctx context.Context) (err error) {
		added, err = h.store.AddRun(ctx, store.Run{
			Board: b, Player: player, Score: res.Score, Ticks: res.Ticks, Won: res.Won,
			StateHash: res.StateHash, Replay: m.Replay, Pot: res.Pot, Client: m.Client, At: time.Now(),
		})
		return err
	})
	if err != nil {
		h.log.Error("submit: storage failed", "err", err)
		return nil, err
	}
	h.log.Info("run stored", "level", l.ID, "score", res.Score, "ticks", res.Ticks,
		"new_best", added.NewBest, "dup", added.Duplicate)
	if !added.Duplicate {
		if added.NewBest && added.Best.Rank <= 10 {
			h.recordChanged(l.ID)
		}
		if l.Pot && res.Pot != 0 {
			h.potChanged(l.ID)
		}
	}
	out := &protocol.Submitted{
		Level: l.ID, Hash: bytes.Clone(l.Hash[:]), Score: res.Score, Ticks: res.Ticks, Won: res.Won,
		NewBest: added.NewBest, Duplicate: added.Duplicate, Best: entry(added.Best, player),
	}
	if l.Pot {
		out.Pot = added.PotTotal
	}
	// The run is safe; what follows only completes the reply, so a failure
	// here still answers with what is known.
	var around []store.Entry
	var total int
	err = h.storeCall("around", func(ctx context.Context) (err error) {
		if around, err = h.store.Around(ctx, b, player, protocol.MaxAround); err != nil {
			return err
		}
		_, total, err = h.store.Top(ctx, b, 0, 0)
		return err
	})
	if err != nil {
		h.log.Error("submit: storage failed after the run was stored", "err", err)
	}
	out.Around, out.Total = entries(around, player), uint32(total)
	return out, nil
}

// busyLabel keeps the busy metric's labels to the known reasons.
func busyLabel(r verify.BusyReason) string {
	switch r {
	case verify.BusyQueueFull, verify.BusyPlayerBudget, verify.BusyAddressBudget:
		return string(r)
	}
	return "other"
}

// reasonLabel keeps the refusal metric's labels to the known reasons.
func reasonLabel(r verify.Reason) string {
	if r.Known() {
		return string(r)
	}
	return "other"
}
