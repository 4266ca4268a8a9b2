package fairq

import (
	"fmt"
	"testing"
)

// FuzzQueue drives a small queue with operations read from the input and
// checks after each that every item is accounted for exactly once (waiting,
// popped, pushed out or removed), that Len agrees with the items waiting,
// and that a player's items come out in the order they went in.
func FuzzQueue(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x40, 0x40, 0x80})
	f.Add([]byte{0x11, 0x22, 0x33, 0xc4, 0x55, 0x66, 0xc7, 0x40, 0x80, 0x80})
	f.Fuzz(func(t *testing.T, ops []byte) {
		type it struct {
			addr, player string
			n            int
		}
		q := New[it](6)
		waiting := map[it]bool{}
		last := map[[2]string]int{} // the number of each player's last item out
		next := 0
		for _, op := range ops {
			addr, player := fmt.Sprint(op&3), fmt.Sprint(op>>2&3)
			switch op >> 6 {
			case 0, 1: // push
				next++
				x := it{addr, player, next}
				dropped, out, ok := q.Push(addr, player, x)
				if out {
					if !ok || !waiting[dropped] {
						t.Fatalf("pushed out %v, not waiting (ok %v)", dropped, ok)
					}
					delete(waiting, dropped)
				}
				if ok {
					waiting[x] = true
				}
			case 2: // pop
				x, a, p, ok := q.Pop()
				if ok != (len(waiting) > 0) {
					t.Fatalf("Pop ok %v with %d waiting", ok, len(waiting))
				}
				if !ok {
					continue
				}
				if !waiting[x] || x.addr != a || x.player != p {
					t.Fatalf("popped %v as %s/%s", x, a, p)
				}
				delete(waiting, x)
				k := [2]string{a, p}
				if x.n < last[k] {
					t.Fatalf("player %v: item %d after %d", k, x.n, last[k])
				}
				last[k] = x.n
			case 3: // remove the player's first waiting item, if any
				first := 0
				for x := range waiting {
					if x.addr == addr && x.player == player && (first == 0 || x.n < first) {
						first = x.n
					}
				}
				removed := q.Remove(addr, player, func(x it) bool { return x.n == first })
				if removed != (first != 0) {
					t.Fatalf("Remove %s/%s #%d: %v", addr, player, first, removed)
				}
				delete(waiting, it{addr, player, first})
			}
			if q.Len() != len(waiting) || q.Len() > 6 {
				t.Fatalf("Len %d, %d waiting", q.Len(), len(waiting))
			}
			n := 0
			q.ring.each(func(a *addrQ[it]) {
				m := 0
				a.ring.each(func(p *playerQ[it]) { m += len(p.items) })
				if m != a.n || m == 0 {
					t.Fatalf("address %s counts %d, holds %d", a.key, a.n, m)
				}
				n += m
			})
			if n != q.Len() || len(q.addrs) != q.ring.len() {
				t.Fatalf("rings hold %d items of %d addresses; Len %d, %d addresses", n, q.ring.len(), q.Len(), len(q.addrs))
			}
		}
	})
}
