package fairq

import (
	"math"
	"time"
)

// Budgets give each key (a player, an address) an allowance of some cost,
// measured as a duration (CPU time), per minute. Each key has a bucket
// that holds at most one minute's allowance and refills continuously at
// that rate; a new key starts full. A key may start work while its bucket
// is not empty; what the work cost is charged once known and may take the
// bucket below zero, so that a key that overspent waits until it is paid
// back: a single run costing more than the allowance is allowed, and then
// the key pays for it.
//
// The zero value is not usable: use NewBudgets. Budgets is not safe for
// concurrent use.
type Budgets struct {
	perMinute time.Duration
	now       func() time.Time
	m         map[string]*meter
	sweep     int // prune when the map reaches this size
}

// meter is a key's bucket: level as of last.
type meter struct {
	level time.Duration
	last  time.Time
}

// NewBudgets returns budgets of perMinute per key, reading the time from
// now (time.Now when nil). perMinute <= 0 means no limit.
func NewBudgets(perMinute time.Duration, now func() time.Time) *Budgets {
	if now == nil {
		now = time.Now
	}
	return &Budgets{perMinute: perMinute, now: now, m: map[string]*meter{}, sweep: 1024}
}

// levelAt is m's level at now, refilled since m.last; a clock that went
// back refills nothing.
func (b *Budgets) levelAt(m *meter, now time.Time) time.Duration {
	elapsed := max(0, now.Sub(m.last))
	// elapsed × perMinute / minute, in floating point: the product of
	// two durations overflows int64 after a few seconds.
	refill := time.Duration(float64(elapsed) * float64(b.perMinute) / float64(time.Minute))
	if refill >= b.perMinute-m.level {
		return b.perMinute
	}
	return m.level + refill
}

// Wait returns how long key must wait before it may start work: 0 when its
// bucket is not empty (or budgets are unlimited).
func (b *Budgets) Wait(key string) time.Duration {
	if b.perMinute <= 0 {
		return 0
	}
	m := b.m[key]
	if m == nil {
		return 0
	}
	level := b.levelAt(m, b.now())
	if level > 0 {
		return 0
	}
	// The time to refill from level to just above 0, with a millisecond
	// to spare for rounding.
	wait := float64(-level)*float64(time.Minute)/float64(b.perMinute) + float64(time.Millisecond)
	return time.Duration(math.Min(wait, float64(math.MaxInt64)))
}

// Charge takes cost from key's bucket.
func (b *Budgets) Charge(key string, cost time.Duration) {
	if b.perMinute <= 0 || cost <= 0 {
		return
	}
	now := b.now()
	m := b.m[key]
	if m == nil {
		if len(b.m) >= b.sweep {
			b.prune(now)
		}
		m = &meter{level: b.perMinute}
		b.m[key] = m
	} else {
		m.level = b.levelAt(m, now)
	}
	m.last = now
	// A level far below zero would only grow the wait; keep the
	// subtraction from overflowing.
	m.level = max(m.level-cost, -100*b.perMinute)
}

// Used is how much of key's allowance is used at the moment (from 0 up
// to more than the allowance when it overspent).
func (b *Budgets) Used(key string) time.Duration {
	m := b.m[key]
	if m == nil || b.perMinute <= 0 {
		return 0
	}
	return b.perMinute - b.levelAt(m, b.now())
}

// prune forgets the keys whose buckets are full again: a new bucket would
// behave the same.
func (b *Budgets) prune(now time.Time) {
	for k, m := range b.m {
		if b.levelAt(m, now) >= b.perMinute {
			delete(b.m, k)
		}
	}
	b.sweep = max(1024, 2*len(b.m))
}
