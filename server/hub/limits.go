package hub

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/communs-arcade/arcade/server/store"
)

// playerLimits are the submission limiters of players, shared by all of a
// player's connections so that opening more does not submit faster.
type playerLimits struct {
	rate  rate.Limit
	burst int

	mu    sync.Mutex
	m     map[store.PlayerID]*rate.Limiter
	sweep int // prune when the map reaches this size
}

func newPlayerLimits(r rate.Limit, burst int) *playerLimits {
	return &playerLimits{rate: r, burst: burst, m: map[store.PlayerID]*rate.Limiter{}, sweep: 1024}
}

// allow reports whether the player may submit now.
func (p *playerLimits) allow(id store.PlayerID) bool {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.m[id]
	if l == nil {
		if len(p.m) >= p.sweep {
			p.prune(now)
		}
		l = rate.NewLimiter(p.rate, p.burst)
		p.m[id] = l
	}
	return l.AllowN(now, 1)
}

// prune forgets the limiters that are full again: a new one would behave
// the same, so forgetting them changes nothing for their players.
func (p *playerLimits) prune(now time.Time) {
	for id, l := range p.m {
		if l.TokensAt(now) >= float64(p.burst) {
			delete(p.m, id)
		}
	}
	p.sweep = max(1024, 2*len(p.m))
}

// addrCount counts the open connections of each address, in memory only.
type addrCount struct {
	max int

	mu sync.Mutex
	m  map[string]int
}

func newAddrCount(max int) *addrCount { return &addrCount{max: max, m: map[string]int{}} }

func (a *addrCount) acquire(addr string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m[addr] >= a.max {
		return false
	}
	a.m[addr]++
	return true
}

func (a *addrCount) release(addr string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m[addr]--; a.m[addr] <= 0 {
		delete(a.m, addr)
	}
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
