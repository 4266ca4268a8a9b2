//go:build unix

package main

import (
	"fmt"
	"syscall"
)

// raiseOpenFiles sets the soft limit of open files to the hard one. The Go
// runtime already does so at start on Linux (since Go 1.19); doing it here
// too says so explicitly, and covers a process whose limit was lowered
// after it started.
func raiseOpenFiles() error {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return fmt.Errorf("arcade: open files limit: %w", err)
	}
	if l.Cur < l.Max {
		l.Cur = l.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
			return fmt.Errorf("arcade: raising the open files limit to %d: %w", l.Max, err)
		}
	}
	return nil
}
