//go:build unix

package main

import (
	"fmt"
	"syscall"
)

// raiseOpenFiles sets the soft limit of open files to the hard one and
// returns the soft limit then in force (0 if it cannot be read). The Go
// runtime already raises it at start on Linux (since Go 1.19); doing it
// here too says so explicitly, and covers a process whose limit was
// lowered after it started. A hard limit the system refuses (macOS caps
// the soft one) leaves the soft limit as it was.
func raiseOpenFiles() (uint64, error) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 0, fmt.Errorf("arcade: open files limit: %w", err)
	}
	if l.Cur < l.Max {
		cur := l.Cur
		l.Cur = l.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
			return uint64(cur), fmt.Errorf("arcade: raising the open files limit to %d: %w", l.Max, err)
		}
	}
	return uint64(l.Cur), nil
}
