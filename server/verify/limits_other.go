//go:build !unix

package verify

import "os"

// cpuLimiter does nothing where there is no RLIMIT_CPU; the pool's
// deadline still stops a worker.
type cpuLimiter struct{}

func (c *cpuLimiter) limit(seconds uint32) error { return nil }
func (c *cpuLimiter) release()                   {}

// cpuLimited is false: without RLIMIT_CPU only ExitCPULimit could say so.
func cpuLimited(st *os.ProcessState) bool {
	return st != nil && st.Exited() && st.ExitCode() == ExitCPULimit
}

// processCPU is 0, not measured: the pool charges jobs their wall time.
func processCPU() uint64 { return 0 }
