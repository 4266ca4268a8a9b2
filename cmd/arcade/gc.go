package main

import (
	"log/slog"
	"os"
	"runtime/debug"
)

// defaultGCPercent is serve's GOGC. Most of a busy server's heap is its
// connections, which live long and change little: with Go's default of
// 100 the heap may grow to twice that before a collection, and an idle
// connection cost 8.8 KB of memory; at 50 it costs 7.3 KB (10,000
// connections, `arcade loadgen --scenarios idle`). Collections are more
// frequent only while the heap grows, which idle connections do not make
// it do (docs/server.md has the figures with submissions).
const defaultGCPercent = 50

// setGCPercent sets the collector's target, unless the GOGC variable says
// otherwise (an operator's setting wins over the flag's default).
func setGCPercent(percent int, log *slog.Logger) {
	if v, ok := os.LookupEnv("GOGC"); ok {
		log.Info("garbage collector", "GOGC", v, "from", "environment")
		return
	}
	debug.SetGCPercent(percent)
	log.Info("garbage collector", "GOGC", percent)
}
