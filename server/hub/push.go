package hub

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store"
)

// throttle runs fire at most once per period: the first poke after a
// quiet period fires at once, pokes within the period are merged into one
// firing at its end. fire reads the current state itself, so nothing is
// lost by merging. wg counts a pending firing until it has run or was
// stopped, so Shutdown can wait for pushes that read the store.
type throttle struct {
	every time.Duration
	fire  func()
	wg    *sync.WaitGroup

	mu      sync.Mutex
	last    time.Time
	pending bool
	timer   *time.Timer
	stopped bool
}

func newThrottle(every time.Duration, wg *sync.WaitGroup, fire func()) *throttle {
	return &throttle{every: every, wg: wg, fire: fire}
}

// poke asks for a firing.
func (t *throttle) poke() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.pending || t.stopped {
		return
	}
	t.pending = true
	t.wg.Add(1)
	t.timer = time.AfterFunc(max(0, time.Until(t.last.Add(t.every))), t.run)
}

func (t *throttle) run() {
	defer t.wg.Done()
	t.mu.Lock()
	t.pending = false
	t.last = time.Now()
	t.mu.Unlock()
	t.fire()
}

// stop cancels a pending firing; later pokes do nothing.
func (t *throttle) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stopped = true
	if t.pending && t.timer.Stop() {
		t.pending = false
		t.wg.Done()
	}
}

// recordChanged notes that a level's top 10 changed. A community level's
// pushes start with its first record (the ranked levels' are made by New),
// one throttle per version, since each version has its own board.
func (h *Hub) recordChanged(l ranked.Level) {
	key := l.ID
	if _, builtin := h.ranked.Lookup(l.ID); !builtin {
		key = fmt.Sprintf("%s@%x", l.ID, l.Hash[:8])
	}
	h.mu.Lock()
	t := h.records[key]
	if t == nil && !h.stopping {
		t = newThrottle(h.limits.RecordEvery, &h.work, func() { h.pushRecord(l) })
		h.records[key] = t
	}
	h.mu.Unlock()
	if t != nil {
		h.pokeWork(t)
	}
}

// potChanged notes that a level's pot total changed.
func (h *Hub) potChanged(level string) {
	if t := h.pots[level]; t != nil {
		h.pokeWork(t)
	}
}

func (h *Hub) pokeWork(t *throttle) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.stopping {
		t.poke()
	}
}

// pushRecord sends a level's current top 10 to the connections watching
// it, each with its own entry marked.
func (h *Hub) pushRecord(l ranked.Level) {
	h.mu.Lock()
	var to []*conn
	for c := range h.watchers[l.ID] {
		to = append(to, c)
	}
	h.mu.Unlock()
	if len(to) == 0 {
		return
	}
	b := store.Board{Level: l.ID, Hash: l.Hash}
	var top []store.Entry
	var total int
	err := h.storeCall("top", func(ctx context.Context) (err error) {
		top, total, err = h.store.Top(ctx, b, 0, 10)
		return err
	})
	if err != nil {
		h.log.Error("record push: storage failed", "level", l.ID, "err", err)
		return
	}
	rec := &protocol.Record{Level: l.ID, Hash: l.Hash[:], Total: uint32(total), Top: entries(top, 0)}
	shared := encode(h, 0, rec)
	for _, c := range to {
		o := shared
		if inTop(top, c.player) {
			o = encode(h, 0, &protocol.Record{Level: l.ID, Hash: l.Hash[:], Total: uint32(total), Top: entries(top, c.player)})
		}
		c.send(o)
	}
}

func inTop(top []store.Entry, id store.PlayerID) bool {
	for _, e := range top {
		if e.Player == id {
			return true
		}
	}
	return false
}

// pushPot sends a level's pot total to every client that said hello.
func (h *Hub) pushPot(level string) {
	var total int64
	err := h.storeCall("pot", func(ctx context.Context) (err error) {
		total, err = h.store.Pot(ctx, level)
		return err
	})
	if err != nil {
		h.log.Error("pot push: storage failed", "level", level, "err", err)
		return
	}
	o := encode(h, 0, &protocol.Pot{Level: level, Total: total})
	h.mu.Lock()
	to := make([]*conn, 0, len(h.greeted))
	for c := range h.greeted {
		to = append(to, c)
	}
	h.mu.Unlock()
	for _, c := range to {
		c.send(o)
	}
}
