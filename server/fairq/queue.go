// Package fairq shares a scarce resource (the score server's verification
// workers) fairly between the players and the network addresses that ask
// for it. It has two parts, both plain data structures that the caller
// locks:
//
//   - Queue, a two-level fair queue: items wait in a queue per player,
//     players in turn within their address, addresses in turn. Pop serves
//     the addresses one after the other, and within an address its players
//     one after the other, so while two addresses wait, one with twenty
//     players gets no more turns than one with a single player, and while
//     two players of one address wait, one with many items gets no more
//     turns than one with a single item. An address or a player that was
//     not waiting goes before those that have had a turn already (as new
//     flows do in fq_codel, RFC 8290): an occasional player's item passes
//     a flood that is being served. When the queue is full, a newcomer
//     pushes out the newest item of the longest queue rather than being
//     refused, so a flood from one address cannot keep the others out.
//   - Budgets, an allowance per key (a player, an address) of some measured
//     cost (CPU time) per minute, against an injected clock.
//
// Turns count items, not their cost: a costly item takes one turn like a
// cheap one. Budgets bound what a key's costly items take over a minute.
// Everything lives in memory, per server instance.
package fairq

// Queue is a two-level fair queue of items of type T. The zero value is
// not usable: use New. It is not safe for concurrent use.
type Queue[T any] struct {
	max   int
	n     int
	ring  turns[addrQ[T]] // addresses with items waiting
	addrs map[string]*addrQ[T]
}

// addrQ is one address's players with items waiting.
type addrQ[T any] struct {
	key     string
	n       int
	ring    turns[playerQ[T]]
	players map[string]*playerQ[T]
}

// turns is the order of service of addresses or players: those that just
// started waiting (fresh) first, in the order they came, then those that
// have had a turn (old), round robin.
type turns[E any] struct {
	fresh, old []*E
}

func (t *turns[E]) len() int { return len(t.fresh) + len(t.old) }

// add appends a newly waiting e.
func (t *turns[E]) add(e *E) { t.fresh = append(t.fresh, e) }

// head is the next to serve.
func (t *turns[E]) head() *E {
	if len(t.fresh) > 0 {
		return t.fresh[0]
	}
	return t.old[0]
}

// served takes the head out of its list and, when keep (it still has
// items waiting), puts it at the end of the old ones.
func (t *turns[E]) served(keep bool) {
	var e *E
	if len(t.fresh) > 0 {
		e = t.fresh[0]
		t.fresh = shift(t.fresh)
	} else {
		e = t.old[0]
		t.old = shift(t.old)
	}
	if keep {
		t.old = append(t.old, e)
	}
}

// remove takes e out of the turns.
func (t *turns[E]) remove(e *E) {
	t.fresh = without(t.fresh, e)
	t.old = without(t.old, e)
}

// each calls f on every element, in their order of service.
func (t *turns[E]) each(f func(*E)) {
	for _, e := range t.fresh {
		f(e)
	}
	for _, e := range t.old {
		f(e)
	}
}

// playerQ is one player's items, oldest first.
type playerQ[T any] struct {
	key   string
	items []T
}

// New returns an empty queue that holds at most max items (0: no limit).
func New[T any](max int) *Queue[T] {
	return &Queue[T]{max: max, addrs: map[string]*addrQ[T]{}}
}

// Len is the number of items waiting.
func (q *Queue[T]) Len() int { return q.n }

// LenAddr is the number of items of addr waiting.
func (q *Queue[T]) LenAddr(addr string) int {
	if a := q.addrs[addr]; a != nil {
		return a.n
	}
	return 0
}

// Push adds item at the end of player's queue, player being one of addr's.
// A player key is only meaningful within its address.
//
// When the queue is full, Push makes room by dropping the newest item of
// the longest queue, returned as dropped with pushedOut true; the caller
// answers it as if it had been refused. The longest queue is that of the
// address with the most items (its player with the most items), or, when
// addr itself is that address, that of addr's player with the most items.
// It is dropped only if it holds at least two items more than the
// newcomer's queue would hold otherwise, so that dropping evens the queues
// instead of swapping which is longest. Otherwise item is refused: ok is
// false and nothing changes.
func (q *Queue[T]) Push(addr, player string, item T) (dropped T, pushedOut, ok bool) {
	if q.max > 0 && q.n >= q.max {
		victim := q.longestAddr(addr)
		if victim == nil {
			return dropped, false, false
		}
		if victim.key == addr {
			// Within addr, the same rule between its players.
			p := victim.longestPlayer(player)
			if p == nil || len(p.items) < victim.lenPlayer(player)+2 {
				return dropped, false, false
			}
			dropped = q.dropNewest(victim, p)
		} else {
			if victim.n < q.LenAddr(addr)+2 {
				return dropped, false, false
			}
			dropped = q.dropNewest(victim, victim.longestPlayer(""))
		}
		pushedOut = true
	}
	a := q.addrs[addr]
	if a == nil {
		a = &addrQ[T]{key: addr, players: map[string]*playerQ[T]{}}
		q.addrs[addr] = a
		q.ring.add(a)
	}
	p := a.players[player]
	if p == nil {
		p = &playerQ[T]{key: player}
		a.players[player] = p
		a.ring.add(p)
	}
	p.items = append(p.items, item)
	a.n++
	q.n++
	return dropped, pushedOut, true
}

// Pop removes and returns the next item: the oldest item of the next
// player of the next address. The address and the player then go to the
// end of their turns if they still have items waiting.
func (q *Queue[T]) Pop() (item T, addr, player string, ok bool) {
	if q.n == 0 {
		return item, "", "", false
	}
	a := q.ring.head()
	p := a.ring.head()
	item = p.items[0]
	var zero T
	p.items[0] = zero // let the item be collected
	p.items = p.items[1:]
	a.n--
	q.n--
	a.ring.served(len(p.items) > 0)
	if len(p.items) == 0 {
		delete(a.players, p.key)
	}
	q.ring.served(a.n > 0)
	if a.n == 0 {
		delete(q.addrs, a.key)
	}
	return item, a.key, p.key, true
}

// Remove removes the first of player's items (of addr) for which match is
// true, and reports whether there was one: for an item whose caller gave
// up waiting.
func (q *Queue[T]) Remove(addr, player string, match func(T) bool) bool {
	a := q.addrs[addr]
	if a == nil {
		return false
	}
	p := a.players[player]
	if p == nil {
		return false
	}
	for i, it := range p.items {
		if match(it) {
			p.items = append(p.items[:i], p.items[i+1:]...)
			q.forget(a, p)
			return true
		}
	}
	return false
}

// shift drops s's first element.
func shift[E any](s []*E) []*E {
	copy(s, s[1:])
	s[len(s)-1] = nil
	return s[:len(s)-1]
}

// longestAddr is the address with the most items; among equals, one other
// than prefer if there is one, and of those the last to be served.
func (q *Queue[T]) longestAddr(prefer string) *addrQ[T] {
	var best *addrQ[T]
	q.ring.each(func(a *addrQ[T]) {
		if best == nil || a.n > best.n || (a.n == best.n && a.key != prefer) {
			best = a
		}
	})
	return best
}

// longestPlayer is a's player with the most items; among equals, one other
// than prefer if there is one, and of those the last to be served.
func (a *addrQ[T]) longestPlayer(prefer string) *playerQ[T] {
	var best *playerQ[T]
	a.ring.each(func(p *playerQ[T]) {
		if best == nil || len(p.items) > len(best.items) || (len(p.items) == len(best.items) && p.key != prefer) {
			best = p
		}
	})
	return best
}

func (a *addrQ[T]) lenPlayer(player string) int {
	if p := a.players[player]; p != nil {
		return len(p.items)
	}
	return 0
}

// dropNewest removes and returns p's newest item (p is one of a's).
func (q *Queue[T]) dropNewest(a *addrQ[T], p *playerQ[T]) T {
	last := len(p.items) - 1
	item := p.items[last]
	var zero T
	p.items[last] = zero
	p.items = p.items[:last]
	q.forget(a, p)
	return item
}

// forget accounts for one item removed from p (of a) elsewhere than at
// the head of the rings, and drops p and a from their rings once empty.
func (q *Queue[T]) forget(a *addrQ[T], p *playerQ[T]) {
	a.n--
	q.n--
	if len(p.items) == 0 {
		delete(a.players, p.key)
		a.ring.remove(p)
	}
	if a.n == 0 {
		delete(q.addrs, a.key)
		q.ring.remove(a)
	}
}

// without removes e from ring, keeping the order of the others.
func without[E any](ring []*E, e *E) []*E {
	for i, x := range ring {
		if x == e {
			copy(ring[i:], ring[i+1:])
			ring[len(ring)-1] = nil
			return ring[:len(ring)-1]
		}
	}
	return ring
}
