package fairq

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// item names an item by its address, its player and its number within
// the player's items, as "a/p/1".
type item struct{ addr, player string }

// parse reads "a/p a/p b/q" into items; numbers are added by push order.
func parse(s string) []item {
	var out []item
	for _, f := range strings.Fields(s) {
		a, p, _ := strings.Cut(f, "/")
		out = append(out, item{a, p})
	}
	return out
}

// TestQueueOrder pushes items in the order given, then pops them all.
func TestQueueOrder(t *testing.T) {
	for _, tc := range []struct {
		name string
		push string // addr/player, in push order
		want string // addr/player/n, in pop order
	}{
		{"empty", "", ""},
		{"one player is FIFO", "a/p a/p a/p", "a/p/1 a/p/2 a/p/3"},
		{
			name: "players of one address take turns",
			push: "a/p a/p a/p a/q a/r",
			want: "a/p/1 a/q/1 a/r/1 a/p/2 a/p/3",
		},
		{
			// Twenty players behind one address get one turn in two, the
			// single player of the other address the other.
			name: "addresses take turns, whatever their players",
			push: "a/p1 a/p2 a/p3 a/p4 b/h b/h",
			want: "a/p1/1 b/h/1 a/p2/1 b/h/2 a/p3/1 a/p4/1",
		},
		{
			name: "three addresses",
			push: "a/p a/p a/p b/q b/q c/r",
			want: "a/p/1 b/q/1 c/r/1 a/p/2 b/q/2 a/p/3",
		},
		{
			name: "two levels at once",
			push: "a/p a/p a/q b/r b/s b/s",
			want: "a/p/1 b/r/1 a/q/1 b/s/1 a/p/2 b/s/2",
		},
		{
			name: "same player key under two addresses are two players",
			push: "a/p b/p a/p",
			want: "a/p/1 b/p/1 a/p/2",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := New[string](0)
			count := map[item]int{}
			for _, it := range parse(tc.push) {
				count[it]++
				if _, out, ok := q.Push(it.addr, it.player, fmt.Sprintf("%s/%s/%d", it.addr, it.player, count[it])); !ok || out {
					t.Fatalf("push %v: ok %v, pushed out %v", it, ok, out)
				}
			}
			if q.Len() != len(parse(tc.push)) {
				t.Fatalf("Len %d after %d pushes", q.Len(), len(parse(tc.push)))
			}
			var got []string
			for {
				s, addr, player, ok := q.Pop()
				if !ok {
					break
				}
				if !strings.HasPrefix(s, addr+"/"+player+"/") {
					t.Errorf("Pop gave %s as %s/%s", s, addr, player)
				}
				got = append(got, s)
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("pop order\n got %s\nwant %s", g, tc.want)
			}
			if q.Len() != 0 || len(q.addrs) != 0 || q.ring.len() != 0 {
				t.Errorf("not empty after popping all: %d, %d addresses", q.Len(), len(q.addrs))
			}
		})
	}
}

// TestQueueInterleaved checks turns when pushes come between pops: an
// address or a player that starts waiting goes before those that have had
// a turn already, after those that started waiting before it.
func TestQueueInterleaved(t *testing.T) {
	q := New[string](0)
	var got []string
	pop := func() {
		s, _, _, _ := q.Pop()
		got = append(got, s)
	}
	push := func(addr, player, s string) { q.Push(addr, player, s) }
	push("a", "p", "a1")
	push("a", "p", "a2")
	push("a", "p", "a3")
	push("a", "p", "a4")
	push("b", "q", "b1")
	pop()                 // a1: a has had its turn
	push("c", "r", "c1")  // fresh: after b, before a
	pop()                 // b1: b is no longer waiting
	push("b", "q", "b2")  // fresh again: after c, before a
	pop()                 // c1
	pop()                 // b2
	pop()                 // a2
	push("a", "s", "as1") // a new player of a waiting address: before p
	push("d", "t", "d1")  // a fresh address passes a
	pop()                 // d1
	pop()                 // as1
	pop()                 // a3
	pop()                 // a4
	if g, want := strings.Join(got, " "), "a1 b1 c1 b2 a2 d1 as1 a3 a4"; g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}

// TestQueueFull: a full queue makes room for a shorter queue's item by
// dropping the newest item of the longest, and refuses an item of the
// longest queue itself.
func TestQueueFull(t *testing.T) {
	for _, tc := range []struct {
		name    string
		max     int
		fill    string // pushed first, all accepted
		push    string // addr/player of the item pushed into the full queue
		ok      bool
		dropped string // addr/player/n of the item pushed out, if any
	}{
		{"flood pushes out its newest for another address", 4, "a/p a/q a/r a/s", "b/h", true, "a/s/1"},
		{"the longest player of the longest address", 4, "a/p a/p a/p a/q", "b/h", true, "a/p/3"},
		{"the longest address refused", 4, "a/p a/q a/r b/h", "a/t", false, ""},
		{"one more than the other: refused rather than swapped", 4, "a/p a/p b/h c/i", "b/h", false, ""},
		{"two more: pushed out", 4, "a/p a/p a/p b/h", "b/h", true, "a/p/3"},
		{"within the address, a new player pushes out the longest", 4, "a/p a/p a/p a/q", "a/r", true, "a/p/3"},
		{"within the address, the longest player refused", 3, "a/p a/p a/q", "a/p", false, ""},
		{"even queues: refused", 4, "a/p b/q c/r d/s", "e/t", false, ""},
		{"room left: no drop", 5, "a/p a/p a/p a/p", "a/p", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := New[string](tc.max)
			count := map[item]int{}
			name := func(it item) string {
				count[it]++
				return fmt.Sprintf("%s/%s/%d", it.addr, it.player, count[it])
			}
			for _, it := range parse(tc.fill) {
				if _, _, ok := q.Push(it.addr, it.player, name(it)); !ok {
					t.Fatalf("fill: %v refused", it)
				}
			}
			it := parse(tc.push)[0]
			before := q.Len()
			dropped, out, ok := q.Push(it.addr, it.player, name(it))
			if ok != tc.ok || out != (tc.dropped != "") || (out && dropped != tc.dropped) {
				t.Fatalf("Push %v: ok %v, pushed out %v %q; want ok %v, dropped %q", it, ok, out, dropped, tc.ok, tc.dropped)
			}
			want := before
			if ok && !out {
				want++
			}
			if q.Len() != want {
				t.Errorf("Len %d, want %d", q.Len(), want)
			}
			// The queue is still consistent: popping gives Len items.
			n := 0
			for {
				if _, _, _, ok := q.Pop(); !ok {
					break
				}
				n++
			}
			if n != want {
				t.Errorf("popped %d, want %d", n, want)
			}
		})
	}
}

func TestQueueRemove(t *testing.T) {
	q := New[string](0)
	for _, s := range []string{"a/p/1", "a/p/2", "b/q/1", "a/r/1"} {
		f := strings.Split(s, "/")
		q.Push(f[0], f[1], s)
	}
	is := func(s string) func(string) bool { return func(x string) bool { return x == s } }
	if q.Remove("a", "p", is("a/p/9")) || q.Remove("c", "p", is("a/p/1")) || q.Remove("a", "x", is("a/p/1")) {
		t.Fatal("removed an item that is not there")
	}
	if !q.Remove("b", "q", is("b/q/1")) || !q.Remove("a", "p", is("a/p/1")) {
		t.Fatal("did not remove an item that is there")
	}
	var got []string
	for {
		s, _, _, ok := q.Pop()
		if !ok {
			break
		}
		got = append(got, s)
	}
	if want := []string{"a/p/2", "a/r/1"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// clock is a fake clock for Budgets.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestBudgets(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	b := NewBudgets(10*time.Second, c.now)
	if w := b.Wait("p"); w != 0 {
		t.Fatalf("new key waits %v", w)
	}
	b.Charge("p", 4*time.Second)
	b.Charge("p", 4*time.Second)
	if w := b.Wait("p"); w != 0 {
		t.Fatalf("8 s of 10 s used: waits %v", w)
	}
	// Overspending is allowed once the work started, then paid back.
	b.Charge("p", 7*time.Second) // level -5 s
	if got := b.Used("p"); got != 15*time.Second {
		t.Errorf("Used %v, want 15s", got)
	}
	w := b.Wait("p")
	if w <= 30*time.Second || w > 31*time.Second { // 5 s at 10 s a minute
		t.Fatalf("after overspending 5 s: wait %v, want just over 30s", w)
	}
	if b.Wait("q") != 0 {
		t.Error("another key waits too")
	}
	c.t = c.t.Add(29 * time.Second)
	if b.Wait("p") == 0 {
		t.Error("allowed before the wait is over")
	}
	c.t = c.t.Add(w - 29*time.Second)
	if got := b.Wait("p"); got != 0 {
		t.Errorf("still waits %v after the wait", got)
	}
	// A minute later the whole allowance is back, and no more.
	c.t = c.t.Add(time.Hour)
	if got := b.Used("p"); got != 0 {
		t.Errorf("Used %v after an hour", got)
	}
	b.Charge("p", 10*time.Second)
	if b.Wait("p") == 0 {
		t.Error("a full minute's allowance used: allowed")
	}
	// A clock that goes back refills nothing.
	c.t = c.t.Add(-time.Minute)
	if b.Wait("p") == 0 {
		t.Error("the clock went back: allowed")
	}
}

func TestBudgetsUnlimited(t *testing.T) {
	b := NewBudgets(0, nil)
	b.Charge("p", time.Hour)
	if w := b.Wait("p"); w != 0 {
		t.Errorf("unlimited budgets wait %v", w)
	}
}

func TestBudgetsPrune(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	b := NewBudgets(time.Second, c.now)
	for i := range 1024 {
		b.Charge(fmt.Sprint(i), time.Second)
	}
	c.t = c.t.Add(time.Minute)
	b.Charge("new", time.Second)
	if len(b.m) != 1 {
		t.Errorf("%d keys kept after they refilled, want 1", len(b.m))
	}
}
