//go:build !linux

package verify

// limitAddressSpace does nothing outside Linux: there the worker relies on
// the runtime's soft limit, the sandbox's heap watchdog and the pool's
// deadline.
func limitAddressSpace(extra uint64) error { return nil }
