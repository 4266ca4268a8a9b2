//go:build unix

package hub

import "syscall"

// openFilesLimit is the process's soft limit of open files, or 0 when it
// cannot be read.
func openFilesLimit() uint64 {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 0
	}
	return uint64(l.Cur)
}
