package verify

import (
	"os/exec"
	"runtime"
	"syscall"
)

// nicedThread, when set (tests), is told which thread startNiced lowered.
var nicedThread func(tid int)

// startNiced starts cmd with a nice value raised by nice (capped at 19), so
// that workers verifying runs yield the CPU to the server's own goroutines
// (reads, pushes): a player browsing a leaderboard should not wait behind a
// replay. The load test saw reads wait for the CPU while workers verified.
//
// On Linux the nice value belongs to each thread, and a child inherits the
// value of the thread that forks it. So the child is started from a thread
// locked for the purpose: it lowers its own priority, forks, and is never
// unlocked, so it ends with its goroutine and the lower priority never
// reaches the server's other goroutines. Every thread the worker then
// creates inherits the value: there is no race with the worker's runtime.
// Raising a nice value needs no privilege; should it fail all the same,
// the worker starts at the server's priority, which is only slower.
func startNiced(cmd *exec.Cmd, nice int) error {
	if nice <= 0 {
		return cmd.Start()
	}
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		// No UnlockOSThread: see above.
		if raw, err := syscall.Getpriority(syscall.PRIO_PROCESS, 0); err == nil {
			// The raw system call answers 20 - nice; who 0 is this
			// thread.
			_ = syscall.Setpriority(syscall.PRIO_PROCESS, 0, min(19, 20-raw+nice))
		}
		if nicedThread != nil {
			nicedThread(syscall.Gettid())
		}
		errc <- cmd.Start()
	}()
	return <-errc
}
