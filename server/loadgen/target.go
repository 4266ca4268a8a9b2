package loadgen

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// CheckTarget parses the server's address, host:port or an http:// or ws://
// URL as `arcade serve` prints it, and refuses anything that is not a
// loopback address: "localhost" is taken as 127.0.0.1, and no other name is
// resolved, so that a DNS answer cannot send the load elsewhere.
func CheckTarget(s string) (netip.AddrPort, error) {
	hostport := s
	for _, scheme := range []string{"http://", "ws://"} {
		if rest, ok := strings.CutPrefix(s, scheme); ok {
			hostport, _, _ = strings.Cut(rest, "/")
		}
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("loadgen: target %q: want host:port", s)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	ap, err := netip.ParseAddrPort(net.JoinHostPort(host, port))
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("loadgen: target %q: want a loopback IP address and a port", s)
	}
	if !ap.Addr().Unmap().IsLoopback() {
		return netip.AddrPort{}, fmt.Errorf("loadgen: target %s is not a loopback address (127.0.0.0/8 or ::1): refused", ap.Addr())
	}
	if ap.Port() == 0 {
		return netip.AddrPort{}, fmt.Errorf("loadgen: target %q: port 0", s)
	}
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()), nil
}

// DefaultFirstSource is where source addresses start: out of the way of
// 127.0.0.1, which the server and everything else on the machine use.
var DefaultFirstSource = netip.MustParseAddr("127.0.1.1")

// sourceAddr returns the source address of the connection numbered i, when
// each address carries perSource connections from first on. For an IPv6
// target there is only ::1, so every connection uses it.
func sourceAddr(first netip.Addr, perSource, i int) (netip.Addr, error) {
	if first.Is6() {
		return first, nil
	}
	b := first.As4()
	n := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	n += uint32(i / perSource)
	a := netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
	if !a.IsLoopback() {
		return netip.Addr{}, fmt.Errorf("loadgen: connection %d would bind %s, outside 127.0.0.0/8", i, a)
	}
	return a, nil
}
