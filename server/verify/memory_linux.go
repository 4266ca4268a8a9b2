package verify

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// limitAddressSpace sets RLIMIT_AS (soft and hard) to the process's
// current virtual size plus extra bytes. A fixed cap would not do: the Go
// runtime reserves its page summaries and first arenas at start (about
// 1.5 GB of address space on amd64) and fails to start under 800 MB.
func limitAddressSpace(extra uint64) error {
	size, err := virtualSize()
	if err != nil {
		return err
	}
	lim := syscall.Rlimit{Cur: size + extra, Max: size + extra}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &old); err == nil && old.Max < lim.Max {
		lim.Cur, lim.Max = old.Max, old.Max
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &lim); err != nil {
		return fmt.Errorf("setrlimit address space: %w", err)
	}
	return nil
}

// virtualSize reads VmSize from /proc/self/status, in bytes.
func virtualSize() (uint64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmSize:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("VmSize in /proc/self/status: %w", err)
		}
		return kb << 10, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("no VmSize in /proc/self/status")
}
