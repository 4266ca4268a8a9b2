// Package ratelimit holds token buckets per key (a token hash, an address
// key, a class and pseudonym), in memory only and bounded: the least
// recently used keys are forgotten, which only ever gives a key a full
// bucket again. The community API and the classes API share it.
package ratelimit

import (
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Keyed are token buckets per key. Use New.
type Keyed struct {
	now     func() time.Time
	mu      sync.Mutex
	buckets *lru.Cache[string, *bucket]
}

type bucket struct {
	tokens float64
	last   time.Time
}

// MaxKeys bounds how many keys a Keyed remembers.
const MaxKeys = 65536

// New returns empty buckets on the clock now (time.Now when nil).
func New(now func() time.Time) *Keyed {
	if now == nil {
		now = time.Now
	}
	c, err := lru.New[string, *bucket](MaxKeys)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return &Keyed{now: now, buckets: c}
}

// Take takes one token from key's bucket, which holds n tokens and refills
// n per period, or says how long to wait for the next one.
func (l *Keyed) Take(key string, n int, per time.Duration) (ok bool, retry time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	size := float64(n)
	rate := size / float64(per) // tokens per nanosecond
	b, found := l.buckets.Get(key)
	if !found {
		b = &bucket{tokens: size, last: now}
		l.buckets.Add(key, b)
	}
	b.tokens = min(size, b.tokens+float64(max(0, now.Sub(b.last)))*rate)
	b.last = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / rate)
	}
	b.tokens--
	return true, 0
}

// Peek says whether key's bucket (n tokens, refilled n per period) holds a
// token now, without taking it, or how long until it does: for limits that
// count failures only (Take on each failure) but must refuse every attempt
// once they are used up.
func (l *Keyed) Peek(key string, n int, per time.Duration) (ok bool, retry time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, found := l.buckets.Peek(key)
	if !found {
		return true, 0
	}
	size := float64(n)
	rate := size / float64(per)
	tokens := min(size, b.tokens+float64(max(0, l.now().Sub(b.last)))*rate)
	if tokens < 1 {
		return false, time.Duration((1 - tokens) / rate)
	}
	return true, 0
}
