package community

import (
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// keyedLimits are token buckets per key (a token hash, an address key)
// that refill at a rate per hour: in memory only, and bounded (the least
// recently used keys are forgotten, which only ever gives a key a full
// bucket again).
type keyedLimits struct {
	now     func() time.Time
	mu      sync.Mutex
	buckets *lru.Cache[string, *bucket]
}

type bucket struct {
	tokens float64
	last   time.Time
}

// limitKeys bounds how many keys keyedLimits remembers.
const limitKeys = 65536

func newKeyedLimits(now func() time.Time) *keyedLimits {
	c, err := lru.New[string, *bucket](limitKeys)
	if err != nil {
		panic(err)
	}
	return &keyedLimits{now: now, buckets: c}
}

// take takes one token from key's bucket of perHour, or says how long to
// wait for the next one.
func (l *keyedLimits) take(key string, perHour int) (ok bool, retry time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	rate := float64(perHour)
	b, found := l.buckets.Get(key)
	if !found {
		b = &bucket{tokens: rate, last: now}
		l.buckets.Add(key, b)
	}
	b.tokens = min(rate, b.tokens+max(0, now.Sub(b.last).Hours())*rate)
	b.last = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / rate * float64(time.Hour))
	}
	b.tokens--
	return true, 0
}
