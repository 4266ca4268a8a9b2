//go:build !unix

package hub

// openFilesLimit is 0 where there is no RLIMIT_NOFILE: MaxConnsFor then
// picks a fixed cap.
func openFilesLimit() uint64 { return 0 }
