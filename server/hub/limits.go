package hub

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/communs-arcade/arcade/server/store"
)

// playerLimits are the submission limiters of players, shared by all of a
// player's connections so that opening more does not submit faster.
//
// Each is a token bucket of its own rather than an x/time/rate Limiter: a
// submission answered busy gives its token back (the player did nothing
// wrong, and a client retrying busy must not end up rate_limited), and the
// busy answer can come from the verifier after the token was taken. A
// Limiter cannot do that: Reservation.Cancel restores nothing once the
// reservation's time has come, which for a token taken at once is at once.
type playerLimits struct {
	rate  rate.Limit
	burst int

	mu    sync.Mutex
	m     map[store.PlayerID]*bucket
	sweep int // prune when the map reaches this size
}

// bucket holds tokens as of last; it refills at the limits' rate up to
// their burst.
type bucket struct {
	tokens float64
	last   time.Time
}

func newPlayerLimits(r rate.Limit, burst int) *playerLimits {
	return &playerLimits{rate: r, burst: burst, m: map[store.PlayerID]*bucket{}, sweep: 1024}
}

// tokensAt is b's count at now; a clock that went back refills nothing.
func (p *playerLimits) tokensAt(b *bucket, now time.Time) float64 {
	if p.rate == rate.Inf {
		return float64(p.burst)
	}
	elapsed := max(0, now.Sub(b.last).Seconds())
	return min(float64(p.burst), b.tokens+elapsed*float64(p.rate))
}

// allow takes one of the player's tokens and reports whether there was
// one: whether the player may submit now.
func (p *playerLimits) allow(id store.PlayerID) bool {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.m[id]
	if b == nil {
		if len(p.m) >= p.sweep {
			p.prune(now)
		}
		b = &bucket{tokens: float64(p.burst), last: now}
		p.m[id] = b
	}
	n := p.tokensAt(b, now)
	if n < 1 {
		return false
	}
	b.tokens, b.last = n-1, now
	return true
}

// refund gives back the token of a submission that was not verified
// (busy, server stopping), up to the burst.
func (p *playerLimits) refund(id store.PlayerID) {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.m[id]
	if b == nil {
		return // pruned: full again anyway
	}
	b.tokens, b.last = min(float64(p.burst), p.tokensAt(b, now)+1), now
}

// prune forgets the buckets that are full again: a new one would behave
// the same, so forgetting them changes nothing for their players.
func (p *playerLimits) prune(now time.Time) {
	for id, b := range p.m {
		if p.tokensAt(b, now) >= float64(p.burst) {
			delete(p.m, id)
		}
	}
	p.sweep = max(1024, 2*len(p.m))
}

// connCount counts the open connections, in all and per address key
// (addrKey), in memory only.
type connCount struct {
	total, perAddr int // the caps

	mu sync.Mutex
	n  int            // connections counted
	m  map[string]int // address key → its connections
}

func newConnCount(total, perAddr int) *connCount {
	return &connCount{total: total, perAddr: perAddr, m: map[string]int{}}
}

// Reasons a connection is refused before the upgrade; they are also the
// values of the rejected connections metric's label.
const (
	rejectFull    = "full"        // the server holds as many connections as it may
	rejectPerAddr = "per_address" // this address holds as many as it may
)

// acquire counts one more connection for key, unless a cap is reached: it
// then returns which one (rejectFull before rejectPerAddr, since a full
// server refuses everyone alike).
func (a *connCount) acquire(key string) (reject string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.n >= a.total {
		return rejectFull
	}
	if a.m[key] >= a.perAddr {
		return rejectPerAddr
	}
	a.n++
	a.m[key]++
	return ""
}

func (a *connCount) release(key string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n--
	if a.m[key]--; a.m[key] <= 0 {
		delete(a.m, key)
	}
}

// AddrKey is the key of the per-address limit for a request's RemoteAddr
// (host:port): an IPv4 address itself; for IPv6, its /64 prefix, because
// one subscriber (a home, a school) is routinely given a whole /64 and can
// use as many of its addresses as it likes; an IPv4-mapped IPv6 address
// (::ffff:192.0.2.1, from a dual-stack listener) as the IPv4 address it
// is. What does not parse is its own key. The key lives in memory only and
// is never logged or stored.
func AddrKey(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.WithZone("").Unmap()
	if ip.Is4() {
		return ip.String()
	}
	return netip.PrefixFrom(ip, 64).Masked().String()
}

// checkOrigin decides which pages may open a WebSocket to this server.
//
// A player's only credential is the token their client sends in hello;
// browsers attach nothing to a WebSocket that another site could borrow (no
// cookies are used), so a foreign page cannot act as a player. The check is
// still worth having, so that other sites do not make their visitors'
// browsers use this server: it accepts
//   - requests without an Origin (the desktop game and other programs),
//   - the page's own host (Origin host = Host header),
//   - pages served from a loopback host (localhost, 127.0.0.0/8, ::1): the
//     game in development and tests, served from another port than the
//     server; only the machine itself can serve such a page,
//   - the origins given in Config.Origins (a game hosted elsewhere).
func (h *Hub) checkOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	if host := u.Hostname(); strings.EqualFold(host, "localhost") {
		return true
	} else if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return true
	}
	for _, a := range h.origins {
		if strings.EqualFold(strings.TrimSuffix(a, "/"), o) {
			return true
		}
	}
	return false
}
