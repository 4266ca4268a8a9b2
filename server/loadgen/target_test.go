package loadgen

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestCheckTarget(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "127.0.0.1:8080", want: "127.0.0.1:8080"},
		{in: "localhost:8080", want: "127.0.0.1:8080"},
		{in: "http://127.0.0.1:41234", want: "127.0.0.1:41234"},
		{in: "http://127.0.0.1:41234/", want: "127.0.0.1:41234"},
		{in: "ws://127.0.0.1:41234/ws", want: "127.0.0.1:41234"},
		{in: "127.4.5.6:1", want: "127.4.5.6:1"},
		{in: "[::1]:8080", want: "[::1]:8080"},
		{in: "[::ffff:127.0.0.1]:8080", want: "127.0.0.1:8080"},
		{in: "10.0.0.1:8080", err: "not a loopback"},
		{in: "[::ffff:10.0.0.1]:8080", err: "not a loopback"},
		{in: "0.0.0.0:8080", err: "not a loopback"},
		{in: "[::]:8080", err: "not a loopback"},
		{in: "example.org:80", err: "loopback IP"},
		{in: "127.0.0.1.nip.io:80", err: "loopback IP"},
		{in: "http://example.org:80/127.0.0.1:80", err: "loopback IP"},
		{in: "127.0.0.1", err: "host:port"},
		{in: "127.0.0.1:0", err: "port 0"},
		{in: "127.0.0.1:99999", err: "loopback IP"},
		{in: "", err: "host:port"},
	}
	for _, tt := range tests {
		got, err := CheckTarget(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("CheckTarget(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("CheckTarget(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

// FuzzCheckTarget: whatever is given, an accepted target is on loopback.
func FuzzCheckTarget(f *testing.F) {
	for _, s := range []string{"127.0.0.1:80", "localhost:1", "http://127.0.0.1:5/", "[::1]:2", "10.1.1.1:3", "ws://[::ffff:127.0.0.1]:4/ws"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ap, err := CheckTarget(s)
		if err == nil && (!ap.Addr().IsLoopback() || ap.Port() == 0) {
			t.Fatalf("CheckTarget(%q) accepted %v", s, ap)
		}
	})
}

func TestSourceAddr(t *testing.T) {
	first := netip.MustParseAddr("127.0.1.1")
	tests := []struct {
		first     netip.Addr
		per, i    int
		want, err string
	}{
		{first: first, per: 250, i: 0, want: "127.0.1.1"},
		{first: first, per: 250, i: 249, want: "127.0.1.1"},
		{first: first, per: 250, i: 250, want: "127.0.1.2"},
		{first: first, per: 250, i: 9999, want: "127.0.1.40"},
		{first: first, per: 1, i: 300, want: "127.0.2.45"},
		{first: netip.MustParseAddr("127.255.255.254"), per: 1, i: 1, want: "127.255.255.255"},
		{first: netip.MustParseAddr("127.255.255.255"), per: 1, i: 1, err: "outside 127.0.0.0/8"},
		{first: netip.IPv6Loopback(), per: 1, i: 5, want: "::1"},
	}
	for _, tt := range tests {
		got, err := sourceAddr(tt.first, tt.per, tt.i)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("sourceAddr(%s, %d, %d) = %v, %v; want an error with %q", tt.first, tt.per, tt.i, got, err, tt.err)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("sourceAddr(%s, %d, %d) = %v, %v; want %s", tt.first, tt.per, tt.i, got, err, tt.want)
		}
	}
}

func TestSummarise(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // given out of order
	}
	tests := []struct {
		name string
		in   []time.Duration
		want Latencies
	}{
		{"none", nil, Latencies{}},
		{"one", ms(7), Latencies{N: 1, Median: ms(7)[0], P99: ms(7)[0], Max: ms(7)[0]}},
		{"two", ms(9, 1), Latencies{N: 2, Median: ms(1)[0], P99: ms(9)[0], Max: ms(9)[0]}},
		{"three", ms(3, 1, 2), Latencies{N: 3, Median: ms(2)[0], P99: ms(3)[0], Max: ms(3)[0]}},
		{"hundred", ms(hundred...), Latencies{N: 100, Median: ms(50)[0], P99: ms(99)[0], Max: ms(100)[0]}},
	}
	for _, tt := range tests {
		if got := summarise(tt.in); got != tt.want {
			t.Errorf("%s: summarise = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
