//go:build !linux

package verify

import "os/exec"

// startNiced starts cmd at this process's priority: lowering a child's
// alone, without racing its threads, relies on Linux's per-thread nice
// values (see nice_linux.go).
func startNiced(cmd *exec.Cmd, nice int) error { return cmd.Start() }
