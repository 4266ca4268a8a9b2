package loadgen

import (
	"context"
	"net/netip"
	"time"
)

// IdleResult is what the idle scenario measured.
type IdleResult struct {
	Wanted, Held int
	// Failed counts connections that could not be opened; Err is the
	// first reason.
	Failed int
	Err    error
	// Open is the time to open every connection and have its hello
	// answered (each hello of a new token creates a player).
	Open time.Duration
	// RSSBefore and RSSAfter are the server's resident memory in KB
	// before the first connection and after holding them all (0 when no
	// server pid was given).
	RSSBefore, RSSAfter int64
	// GoBefore and GoAfter are the server's Go heap and stacks in use,
	// in bytes, and Goroutines its goroutines while holding them (from
	// /metrics; zero when it could not be read).
	GoBefore, GoAfter, Goroutines float64
}

// GoKBPerConn is the growth of the server's Go heap and stacks in use
// divided by the connections held: RSS without what the runtime has not
// returned to the system yet.
func (r IdleResult) GoKBPerConn() float64 {
	if r.Held == 0 || r.GoAfter == 0 {
		return 0
	}
	return (r.GoAfter - r.GoBefore) / 1024 / float64(r.Held)
}

// goMemory returns the server's Go heap and stacks in use and its number
// of goroutines, or zeros when /metrics does not answer.
func goMemory(ctx context.Context, server netip.AddrPort) (inUse, goroutines float64) {
	m, err := ServerMetrics(ctx, server, "go_memstats_heap_inuse_bytes", "go_memstats_stack_inuse_bytes", "go_goroutines")
	if err != nil {
		return 0, 0
	}
	return m["go_memstats_heap_inuse_bytes"] + m["go_memstats_stack_inuse_bytes"], m["go_goroutines"]
}

// KBPerConn is the server's RSS growth divided by the connections held.
func (r IdleResult) KBPerConn() float64 {
	if r.Held == 0 || r.RSSAfter == 0 {
		return 0
	}
	return float64(r.RSSAfter-r.RSSBefore) / float64(r.Held)
}

// Idle opens n connections as players first, first+1, …, each saying hello
// with its own token, holds them for hold, reads the server's RSS (pid 0:
// do not), then closes them.
func Idle(ctx context.Context, cfg *Config, first, n int, hold time.Duration, pid int) (IdleResult, error) {
	if err := cfg.defaults(); err != nil {
		return IdleResult{}, err
	}
	res := IdleResult{Wanted: n}
	var err error
	if pid > 0 {
		if res.RSSBefore, err = ProcStatus(pid, "VmRSS"); err != nil {
			return res, err
		}
	}
	res.GoBefore, _ = goMemory(ctx, cfg.Server)
	start := time.Now()
	conns, failed, firstErr := cfg.dialMany(ctx, first, n)
	res.Open = time.Since(start)
	res.Held, res.Failed, res.Err = len(conns), failed, firstErr
	defer closeAll(conns)
	select {
	case <-time.After(hold):
	case <-ctx.Done():
		return res, ctx.Err()
	}
	res.GoAfter, res.Goroutines = goMemory(ctx, cfg.Server)
	if pid > 0 {
		if res.RSSAfter, err = ProcStatus(pid, "VmRSS"); err != nil {
			return res, err
		}
	}
	return res, nil
}
