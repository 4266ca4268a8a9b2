package hub

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/ranked"
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
	// The class is read now, on the reader: a join or leave after this
	// submission does not change where it counts.
	pupil := h.pupilOf(c)
	go func() {
		defer h.work.Done()
		defer func() { <-h.verifying }()
		o, err := h.submit(c.player, c.addr, m, pupil)
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

// submit admits a run, verifies it unless it is already known, stores it
// and builds the reply. It runs to the end even when the client is gone or
// the server is stopping: a run that was accepted is stored. addr is the
// connection's address key, for the verifier's fair queue and budgets.
// pupil is the connection's class, nil when it joined none: the run then
// counts for the pupil too, and goes to the public board only when the
// submission says so.
func (h *Hub) submit(player store.PlayerID, addr string, m *protocol.Submit, pupil *pupilRun) (*protocol.Submitted, error) {
	a, err := h.admit(m.Replay, pupil)
	if err != nil {
		return nil, h.refused(err)
	}
	if pupil != nil && (!m.Public || a.classOnly) {
		return h.submitClass(a, player, addr, pupil)
	}
	l, b := a.level, a.board
	// A run already stored is answered from the store, before any
	// verification: a resend by its player as a duplicate, a copy by
	// another player as a refusal.
	var found store.RunRef
	err = h.storeCall("find_run", func(ctx context.Context) (err error) {
		found, err = h.store.FindRun(ctx, b, a.inputs)
		return err
	})
	var res verify.Result
	switch {
	case err == nil && found.Player != player:
		return nil, h.refused(&verify.Refusal{Reason: verify.ReasonCopied,
			Detail: "another player sent this run first"})
	case err == nil:
		res = verify.Result{Level: l.ID, LevelHash: l.Hash, Score: found.Score, Ticks: found.Ticks,
			Won: found.Won, StateHash: found.StateHash}
	case errors.Is(err, store.ErrNotFound):
		if res, err = h.verify(a, player, addr); err != nil {
			return nil, h.refused(err)
		}
	default:
		return nil, err
	}
	var added store.Added
	err = h.storeCall("add_run", func(ctx context.Context) (err error) {
		added, err = h.store.AddRun(ctx, store.Run{
			Board: b, Player: player, Score: res.Score, Ticks: res.Ticks, Won: res.Won,
			StateHash: res.StateHash, Replay: a.replay, Inputs: a.inputs, Pot: res.Pot,
			Client: m.Client, At: time.Now(),
		})
		return err
	})
	switch {
	case errors.Is(err, store.ErrCopied):
		// Another player's copy was stored while this one was verified.
		return nil, h.refused(&verify.Refusal{Reason: verify.ReasonCopied, Detail: "another player sent this run first"})
	case errors.Is(err, store.ErrClientReused):
		return nil, h.refused(&verify.Refusal{Reason: verify.ReasonClientReused,
			Detail: fmt.Sprintf("client run id %q already names another run on this board", m.Client)})
	case err != nil:
		h.log.Error("submit: storage failed", "err", err)
		return nil, err
	}
	h.log.Info("run stored", "level", l.ID, "score", res.Score, "ticks", res.Ticks,
		"new_best", added.NewBest, "dup", added.Duplicate)
	if !added.Duplicate {
		if added.NewBest && added.Best.Rank <= 10 {
			h.recordChanged(l)
		}
		if l.Pot && added.PotAdded != 0 {
			// Only a run that raised its player's best contribution grows
			// the pot: the others change nothing worth a push.
			h.potChanged(l.ID)
		}
	}
	out := &protocol.Submitted{
		Level: l.ID, Hash: bytes.Clone(l.Hash[:]), Score: res.Score, Ticks: res.Ticks, Won: res.Won,
		NewBest: added.NewBest, Duplicate: added.Duplicate, Best: entry(added.Best, player), Public: true,
	}
	if pupil != nil && !added.Duplicate {
		// The run is stored: a failure to count it for the class is
		// logged, and the reply says it did not count.
		out.Class, _ = h.recordClassRun(pupil, l.ID, res.Won, res.Score, quizAnswers(res))
	}
	if l.Pot {
		out.Pot = added.PotTotal
	}
	// The run is safe; what follows only completes the reply, so a failure
	// here still answers with what is known.
	var v store.View
	err = h.storeCall("view", func(ctx context.Context) (err error) {
		// The entries around the player and the total, in one snapshot.
		v, err = h.store.View(ctx, b, 0, 0, player, protocol.MaxAround)
		return err
	})
	if err != nil {
		h.log.Error("submit: storage failed after the run was stored", "err", err)
	}
	out.Around, out.Total = entries(v.Entries, player), uint32(v.Total)
	return out, nil
}

// submitClass verifies a pupil's run that stays off the public board and
// counts it for the class. It is not stored as a run (docs/privacy.md:
// class progress keeps no replay), so a resent run is recognised by the
// hub's memory of class runs (classRuns), per instance: a run resent to
// another instance, or after a restart, counts one attempt more (its best
// score and status do not change).
func (h *Hub) submitClass(a *admitted, player store.PlayerID, addr string, p *pupilRun) (*protocol.Submitted, error) {
	l := a.level
	key := classRunKey(p, a.inputs)
	res, err := h.verify(a, player, addr)
	if err != nil {
		return nil, h.refused(err)
	}
	out := &protocol.Submitted{Level: l.ID, Hash: bytes.Clone(l.Hash[:]), Score: res.Score, Ticks: res.Ticks, Won: res.Won}
	if h.classRuns.Contains(key) {
		out.Duplicate, out.Class = true, true
		return out, nil
	}
	if out.Class, err = h.recordClassRun(p, l.ID, res.Won, res.Score, quizAnswers(res)); err != nil {
		return nil, err // not counted: the client may resend it
	}
	if out.Class {
		h.classRuns.Add(key, struct{}{})
	}
	h.log.Info("class run", "level", l.ID, "score", res.Score, "counted", out.Class)
	return out, nil
}

// classRunKey identifies a pupil's run: its class, pupil and inputs.
func classRunKey(p *pupilRun, inputs [32]byte) [32]byte {
	m := sha256.New()
	fmt.Fprintf(m, "%d %d ", p.class.id, p.pupil)
	m.Write(inputs[:])
	var k [32]byte
	m.Sum(k[:0])
	return k
}

// quizAnswers are the quiz answers of a verified run, as the store keeps
// them (choices from 0, where Lua and the verifier count from 1).
func quizAnswers(res verify.Result) []store.QuizAnswer {
	if len(res.Answers) == 0 {
		return nil
	}
	out := make([]store.QuizAnswer, len(res.Answers))
	for i, a := range res.Answers {
		out[i] = store.QuizAnswer{Question: a.Question, Choice: int(a.Choice) - 1, Right: a.Right}
	}
	return out
}

// admitted is a run that verify.Admit let through: its board, its replay in
// canonical form (what is verified and stored, whatever padding the sent
// one carried) and its identity on the board.
type admitted struct {
	level  ranked.Level
	board  store.Board
	replay []byte   // canonical encoding
	inputs [32]byte // replay.Record.InputsHash: the run's identity
	key    [32]byte // SHA-256 of replay: the verification cache's key
	// classOnly is set for a class-only community level of the pupil's
	// class: it has no public board, so its runs count for the class only.
	classOnly bool
}

// admit refuses what can be refused without replaying the run, against the
// ranked levels, and puts the rest in canonical form. A pupil's run (pupil not
// nil) may also be of a class-only level of the pupil's class.
func (h *Hub) admit(data []byte, pupil *pupilRun) (*admitted, error) {
	var l ranked.Level
	classOnly := false
	rec, err := verify.Admit(data, func(id string, hash []byte) (verify.Board, error) {
		var err error
		l, err = h.level(id, hash)
		if protocol.CodeOf(err) == protocol.CodeUnknownLevel && pupil != nil {
			l, err = h.classLevel(pupil.class.code, id, hash)
			classOnly = err == nil
		}
		var perr *protocol.Error
		if errors.As(err, &perr) && perr.Code == protocol.CodeUnknownLevel {
			return verify.Board{}, verify.ErrNoLevel
		}
		if err != nil {
			return verify.Board{}, err
		}
		return verify.Board{Hash: l.Hash, MaxTicks: l.MaxTicks}, nil
	})
	if err != nil {
		return nil, err
	}
	a := &admitted{level: l, board: store.Board{Level: l.ID, Hash: l.Hash}, classOnly: classOnly}
	c, err := replay.Canonical(rec)
	if err == nil {
		a.replay, err = replay.Encode(c)
	}
	if err == nil {
		a.inputs, err = c.InputsHash()
	}
	if err != nil {
		return nil, &verify.Refusal{Reason: verify.ReasonMalformed, Detail: err.Error()}
	}
	a.key = sha256.Sum256(a.replay)
	return a, nil
}

// verify verifies an admitted run, or answers from the cache what a run
// with the same canonical bytes was answered: a refused run sent again (or
// by someone else) costs no second verification.
func (h *Hub) verify(a *admitted, player store.PlayerID, addr string) (verify.Result, error) {
	if v, ok := h.verified.Get(a.key); ok {
		return v.res, v.err
	}
	start := time.Now()
	res, err := h.verifier.Verify(context.Background(), verify.Job{
		Replay: a.replay, Player: strconv.FormatInt(int64(player), 10), Addr: addr,
	})
	h.metrics.Verify.Observe(time.Since(start).Seconds())
	var ref *verify.Refusal
	switch {
	case err == nil && (res.Level != a.level.ID || res.LevelHash != a.level.Hash):
		// The verifier knows other levels or versions than the ranked set:
		// a configuration error, not the player's.
		h.log.Error("verified run of a level not in the ranked set", "level", res.Level)
		return verify.Result{}, &verify.Refusal{Reason: verify.ReasonUnknownLevel,
			Detail: fmt.Sprintf("level %q is not ranked here", res.Level)}
	case err == nil, errors.As(err, &ref) && ref.Reason != verify.ReasonCrashed && ref.Reason != verify.ReasonTimeout:
		// A crash or a deadline may be the machine's fault: only answers
		// that replaying the same bytes would give again are kept.
		h.verified.Add(a.key, verdict{res, err})
	}
	return res, err
}

// verdict is what verifying a run's canonical bytes gave.
type verdict struct {
	res verify.Result
	err error
}

// refused turns a verifier's error into the reply's: a refusal with its
// reason (counted), busy for a full queue, anything else as it is.
func (h *Hub) refused(err error) error {
	var ref *verify.Refusal
	var busy *verify.Busy
	switch {
	case errors.As(err, &ref):
		h.metrics.Refused.WithLabelValues(reasonLabel(ref.Reason)).Inc()
		h.log.Info("run refused", "reason", ref.Reason, "detail", ref.Detail)
		return protocol.Errorf(protocol.CodeRefused, "%s: %s", ref.Reason, ref.Detail)
	case errors.As(err, &busy):
		// No room in the queue, or the player's or address's verification
		// budget is used up: retry later (in how long, for a budget).
		h.metrics.Busy.WithLabelValues(busyLabel(busy.Reason)).Inc()
		return protocol.Errorf(protocol.CodeBusy, "%s", busy.Message())
	case errors.Is(err, verify.ErrQueueFull):
		// The verifier has no room for another job: retry later.
		h.metrics.Busy.WithLabelValues(string(verify.BusyQueueFull)).Inc()
		return protocol.Errorf(protocol.CodeBusy, "verification queue full; retry later")
	default:
		h.log.Error("verification failed", "err", err)
		return err
	}
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
