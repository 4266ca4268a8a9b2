package verify

import (
	"fmt"
	"runtime/debug"
)

// DefaultWorkerMemory is the memory a worker process is given: the Lua
// sandbox stops a script whose heap passes 384 MB, so an honest level
// never comes near it.
const DefaultWorkerMemory = 512 << 20

// LimitMemory bounds the memory of the calling process, a worker, to
// about limit bytes. It sets the Go runtime's soft limit to limit, so the
// collector works harder as the heap nears it, and (on Linux) a hard cap
// on the address space: what the runtime has already reserved (about
// 1.5 GB at start, nearly all of it never touched) plus twice limit for
// the heap, the collector's headroom and stacks. Past the hard cap an
// allocation fails and the runtime dies with "out of memory": the worker
// crashes, its job is refused as crashed and the pool replaces it, instead
// of the machine's OOM killer choosing a victim. Call it once, at start.
func LimitMemory(limit int64) error {
	if limit <= 0 {
		return fmt.Errorf("verify: memory limit %d must be positive", limit)
	}
	debug.SetMemoryLimit(limit)
	if err := limitAddressSpace(2 * uint64(limit)); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	return nil
}
