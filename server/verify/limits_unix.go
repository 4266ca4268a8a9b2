//go:build unix

package verify

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// cpuLimiter keeps a worker's soft RLIMIT_CPU just above what the current
// job may use. The limit counts the CPU time of the whole process, so it
// is moved before each job: it stands at the time used so far plus the
// job's budget. When it is crossed the kernel sends SIGXCPU, which the Go
// runtime ignores unless asked; we exit then. The hard limit is left as it
// is, because a process can never raise it again.
type cpuLimiter struct {
	sig  chan os.Signal
	stop chan struct{}
	old  *syscall.Rlimit
}

func (c *cpuLimiter) limit(seconds uint32) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_CPU, &lim); err != nil {
		return fmt.Errorf("getrlimit cpu: %w", err)
	}
	if c.old == nil {
		old := lim
		c.old = &old
		c.sig = make(chan os.Signal, 1)
		c.stop = make(chan struct{})
		signal.Notify(c.sig, syscall.SIGXCPU)
		go func(sig <-chan os.Signal, stop <-chan struct{}) {
			select {
			case <-sig:
				os.Exit(ExitCPULimit)
			case <-stop:
			}
		}(c.sig, c.stop)
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return fmt.Errorf("getrusage: %w", err)
	}
	// Whole seconds used so far, rounded up, so the budget is never short.
	used := uint64(ru.Utime.Sec+ru.Stime.Sec) + 1
	want := used + uint64(seconds)
	if want > lim.Max {
		want = lim.Max
	}
	lim.Cur = want
	if err := syscall.Setrlimit(syscall.RLIMIT_CPU, &lim); err != nil {
		return fmt.Errorf("setrlimit cpu: %w", err)
	}
	return nil
}

// release restores the soft limit found before the first job and stops
// listening for SIGXCPU.
func (c *cpuLimiter) release() {
	if c.old == nil {
		return
	}
	signal.Stop(c.sig)
	close(c.stop)
	syscall.Setrlimit(syscall.RLIMIT_CPU, c.old)
	c.old = nil
}

// cpuLimited reports whether a worker was stopped by its CPU limit: it
// exited with ExitCPULimit, or the kernel killed it at the hard limit.
func cpuLimited(st *os.ProcessState) bool {
	if st == nil {
		return false
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGXCPU {
		return true
	}
	return st.Exited() && st.ExitCode() == ExitCPULimit
}

// processCPU is the CPU time, user and system, this process has used, in
// microseconds; 0 if it cannot be read.
func processCPU() uint64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	us := (int64(ru.Utime.Sec)+int64(ru.Stime.Sec))*1_000_000 + int64(ru.Utime.Usec) + int64(ru.Stime.Usec)
	return uint64(max(0, us))
}
