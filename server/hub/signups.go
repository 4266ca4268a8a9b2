package hub

import (
	"sync"
	"time"

	"github.com/communs-arcade/arcade/server/protocol"
)

// signupLimits caps how many players each address may create: the hub
// creates one at the first hello with a new token, and tokens cost
// nothing to make, so without a cap one address could make as many
// players as it likes, to multiply the per-player limits. Each address has
// a token bucket of perHour players that refills at perHour an hour: a
// class of 60 behind one school address can start together, and a few
// more join in the hour. In memory only, like the connection count.
type signupLimits struct {
	perHour float64
	now     func() time.Time

	mu    sync.Mutex
	m     map[string]*bucket
	sweep int // prune when the map reaches this size
}

func newSignupLimits(perHour int, now func() time.Time) *signupLimits {
	return &signupLimits{perHour: float64(perHour), now: now, m: map[string]*bucket{}, sweep: 1024}
}

// tokensAt is b's count at now; a clock that went back refills nothing.
func (l *signupLimits) tokensAt(b *bucket, now time.Time) float64 {
	elapsed := max(0, now.Sub(b.last).Hours())
	return min(l.perHour, b.tokens+elapsed*l.perHour)
}

// take takes one of addr's tokens to create a player. When there is none
// it returns the rate_limited error to answer, which says when to retry.
func (l *signupLimits) take(addr string) error {
	if ok, retry := l.takeAt(addr); !ok {
		return protocol.Errorf(protocol.CodeRateLimited,
			"too many new players from this address; retry in %d min", int64((retry+time.Minute-1)/time.Minute))
	}
	return nil
}

// takeAt is take's bucket: false and the time until a token when there is
// none.
func (l *signupLimits) takeAt(addr string) (ok bool, retry time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.m[addr]
	if b == nil {
		if len(l.m) >= l.sweep {
			l.prune(now)
		}
		b = &bucket{tokens: l.perHour, last: now}
		l.m[addr] = b
	}
	n := l.tokensAt(b, now)
	if n < 1 {
		return false, time.Duration((1 - n) / l.perHour * float64(time.Hour))
	}
	b.tokens, b.last = n-1, now
	return true, 0
}

// refund gives back the token of a player that was not created after all
// (pseudonym taken, storage failure).
func (l *signupLimits) refund(addr string) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.m[addr]; b != nil {
		b.tokens, b.last = min(l.perHour, l.tokensAt(b, now)+1), now
	}
}

// prune forgets the buckets that are full again.
func (l *signupLimits) prune(now time.Time) {
	for addr, b := range l.m {
		if l.tokensAt(b, now) >= l.perHour {
			delete(l.m, addr)
		}
	}
	l.sweep = max(1024, 2*len(l.m))
}
