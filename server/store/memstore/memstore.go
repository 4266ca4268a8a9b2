// Package memstore is an in-memory store.Store for the tests of other
// packages: the same behaviour as the SQLite store (both pass
// server/store/storetest), nothing durable, safe for concurrent use, and
// deterministic — run ids count from 1 and ties are broken the same way.
package memstore

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/communs-arcade/arcade/server/store"
)

// Store is an in-memory store.Store. The zero value is not usable; call New.
type Store struct {
	mu      sync.Mutex
	closed  bool
	players []store.Player // players[id-1]
	byToken map[[store.TokenHashSize]byte]store.PlayerID
	byName  map[string]store.PlayerID // by store.FoldPseudonym
	boards  map[store.Board]*board
	runs    []store.Run // runs[runID-1], At already normalised; Replay nil once dropped
	clients map[clientKey]int64
	inputs  map[inputsKey]int64
	pots    map[string]int64
	potBest map[potKey]int64 // each player's best contribution to a level's pot
	// played holds each player's run ids on a board, oldest first, for the
	// retention of replays (store.KeepRecent).
	played map[playedKey][]int64
	com    community // community levels (community.go)
	cls    classes   // classroom workshops (classes.go)
}

type inputsKey struct {
	board  store.Board
	inputs [32]byte
}

type potKey struct {
	level  string
	player store.PlayerID
}

type playedKey struct {
	board  store.Board
	player store.PlayerID
}

var _ store.Store = (*Store)(nil)

// board is one leaderboard: the entries in rank order, and each player's
// best (used to find it in the slice by binary search).
type board struct {
	entries []entry
	best    map[store.PlayerID]entry
}

type entry struct {
	player store.PlayerID
	run    int64
	score  int64
	ticks  uint32
	at     int64 // Unix nanoseconds
}

// before reports whether a ranks above b: higher score, then fewer ticks,
// then stored earlier, then (for complete ties) the earlier run id.
func before(a, b entry) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.ticks != b.ticks {
		return a.ticks < b.ticks
	}
	if a.at != b.at {
		return a.at < b.at
	}
	return a.run < b.run
}

func cmpEntries(a, b entry) int {
	switch {
	case before(a, b):
		return -1
	case before(b, a):
		return 1
	}
	return 0
}

type clientKey struct {
	player store.PlayerID
	board  store.Board
	client string
}

// New returns an empty store.
func New() *Store {
	return &Store{
		byToken: make(map[[store.TokenHashSize]byte]store.PlayerID),
		byName:  make(map[string]store.PlayerID),
		boards:  make(map[store.Board]*board),
		clients: make(map[clientKey]int64),
		inputs:  make(map[inputsKey]int64),
		pots:    make(map[string]int64),
		potBest: make(map[potKey]int64),
		played:  make(map[playedKey][]int64),
		com:     newCommunity(),
		cls:     newClasses(),
	}
}

// lock takes the mutex, or fails when the store is closed or the context
// is done (as a database would).
func (s *Store) lock(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: %s: %w", op, err)
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return fmt.Errorf("memstore: %s: %w", op, store.ErrClosed)
	}
	return nil
}

// PlayerByToken implements store.Store.
func (s *Store) PlayerByToken(ctx context.Context, token [store.TokenHashSize]byte) (store.Player, error) {
	if err := s.lock(ctx, "player by token"); err != nil {
		return store.Player{}, err
	}
	defer s.mu.Unlock()
	id, ok := s.byToken[token]
	if !ok {
		return store.Player{}, fmt.Errorf("memstore: player by token: %w", store.ErrNotFound)
	}
	return s.players[id-1], nil
}

// CreatePlayer implements store.Store.
func (s *Store) CreatePlayer(ctx context.Context, token [store.TokenHashSize]byte, pseudonym string) (store.Player, error) {
	if err := store.CheckPseudonym(pseudonym); err != nil {
		return store.Player{}, fmt.Errorf("memstore: create player: %w", err)
	}
	if err := s.lock(ctx, "create player"); err != nil {
		return store.Player{}, err
	}
	defer s.mu.Unlock()
	if _, ok := s.byToken[token]; ok {
		return store.Player{}, fmt.Errorf("memstore: create player: %w", store.ErrTokenTaken)
	}
	key := store.FoldPseudonym(pseudonym)
	if _, ok := s.byName[key]; ok {
		return store.Player{}, fmt.Errorf("memstore: create player %q: %w", pseudonym, store.ErrPseudonymTaken)
	}
	p := store.Player{ID: store.PlayerID(len(s.players) + 1), TokenHash: token, Pseudonym: pseudonym}
	s.players = append(s.players, p)
	s.byToken[token] = p.ID
	s.byName[key] = p.ID
	return p, nil
}

// SetPseudonym implements store.Store.
func (s *Store) SetPseudonym(ctx context.Context, id store.PlayerID, pseudonym string) error {
	if err := store.CheckPseudonym(pseudonym); err != nil {
		return fmt.Errorf("memstore: set pseudonym: %w", err)
	}
	if err := s.lock(ctx, "set pseudonym"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if id < 1 || int(id) > len(s.players) {
		return fmt.Errorf("memstore: set pseudonym of player %d: %w", id, store.ErrNotFound)
	}
	key := store.FoldPseudonym(pseudonym)
	if other, ok := s.byName[key]; ok && other != id {
		return fmt.Errorf("memstore: set pseudonym %q: %w", pseudonym, store.ErrPseudonymTaken)
	}
	p := &s.players[id-1]
	delete(s.byName, store.FoldPseudonym(p.Pseudonym))
	p.Pseudonym = pseudonym
	s.byName[key] = id
	return nil
}

// AddRun implements store.Store.
func (s *Store) AddRun(ctx context.Context, r store.Run) (store.Added, error) {
	if err := store.CheckRun(r); err != nil {
		return store.Added{}, fmt.Errorf("memstore: add run: %w", err)
	}
	if err := s.lock(ctx, "add run"); err != nil {
		return store.Added{}, err
	}
	defer s.mu.Unlock()
	if r.Player < 1 || int(r.Player) > len(s.players) {
		return store.Added{}, fmt.Errorf("memstore: add run of player %d: %w", r.Player, store.ErrNotFound)
	}
	b := s.boards[r.Board]
	if id, ok := s.inputs[inputsKey{r.Board, r.Inputs}]; ok {
		if s.runs[id-1].Player != r.Player {
			return store.Added{}, fmt.Errorf("memstore: add run of player %d on %s: %w", r.Player, r.Board.Level, store.ErrCopied)
		}
		best, _ := s.entry(b, r.Player)
		return store.Added{RunID: id, Duplicate: true, Best: best, PotTotal: s.pots[r.Board.Level]}, nil
	}
	if r.Client != "" {
		if _, ok := s.clients[clientKey{r.Player, r.Board, r.Client}]; ok {
			return store.Added{}, fmt.Errorf("memstore: add run of player %d on %s: %w", r.Player, r.Board.Level, store.ErrClientReused)
		}
	}
	total := s.pots[r.Board.Level]
	pk := potKey{r.Board.Level, r.Player}
	prev := s.potBest[pk] // 0 before any contribution: never negative
	gain := max(0, r.Pot-prev)
	if total > math.MaxInt64-gain {
		return store.Added{}, fmt.Errorf("memstore: add run: pot total of %q would overflow", r.Board.Level)
	}

	// Everything is checked: from here on nothing fails, so the store
	// never holds half a run.
	r.At = store.Time(r.At.UnixNano())
	r.Replay = bytes.Clone(r.Replay)
	s.runs = append(s.runs, r)
	id := int64(len(s.runs))
	if r.Client != "" {
		s.clients[clientKey{r.Player, r.Board, r.Client}] = id
	}
	s.inputs[inputsKey{r.Board, r.Inputs}] = id
	s.com.played(r)
	if gain > 0 {
		s.pots[r.Board.Level] = total + gain
		s.potBest[pk] = r.Pot
	}
	if b == nil {
		b = &board{best: make(map[store.PlayerID]entry)}
		s.boards[r.Board] = b
	}
	e := entry{player: r.Player, run: id, score: r.Score, ticks: r.Ticks, at: r.At.UnixNano()}
	old, had := b.best[r.Player]
	newBest := !had || before(e, old)
	if newBest {
		if had {
			i, _ := slices.BinarySearchFunc(b.entries, old, cmpEntries)
			b.entries = slices.Delete(b.entries, i, i+1)
		}
		i, _ := slices.BinarySearchFunc(b.entries, e, cmpEntries)
		b.entries = slices.Insert(b.entries, i, e)
		b.best[r.Player] = e
	}
	s.retain(playedKey{r.Board, r.Player}, id, b.best[r.Player].run)
	best, _ := s.entry(b, r.Player)
	return store.Added{RunID: id, NewBest: newBest, Best: best, PotTotal: s.pots[r.Board.Level], PotAdded: gain}, nil
}

// retain records run id of a player on a board and drops the replays of the
// player's runs there that are neither their best nor among their last
// store.KeepRecent.
func (s *Store) retain(k playedKey, id, best int64) {
	ids := append(s.played[k], id)
	s.played[k] = ids
	for _, old := range ids[:max(0, len(ids)-store.KeepRecent)] {
		if old != best {
			s.runs[old-1].Replay = nil
		}
	}
}

// rank returns the index of a player's entry on a board, or -1.
func (s *Store) rank(b *board, id store.PlayerID) int {
	if b == nil {
		return -1
	}
	e, ok := b.best[id]
	if !ok {
		return -1
	}
	i, _ := slices.BinarySearchFunc(b.entries, e, cmpEntries)
	return i
}

// entry returns a player's entry on a board with its rank.
func (s *Store) entry(b *board, id store.PlayerID) (store.Entry, bool) {
	i := s.rank(b, id)
	if i < 0 {
		return store.Entry{}, false
	}
	return s.at(b, i), true
}

// at returns the entry at index i of a board.
func (s *Store) at(b *board, i int) store.Entry {
	e := b.entries[i]
	return store.Entry{
		Rank:      i + 1,
		Player:    e.player,
		Pseudonym: s.players[e.player-1].Pseudonym,
		Score:     e.score,
		Ticks:     e.ticks,
		At:        store.Time(e.at),
	}
}

// Top implements store.Store.
func (s *Store) Top(ctx context.Context, b store.Board, offset, limit int) ([]store.Entry, int, error) {
	if offset < 0 || limit < 0 {
		return nil, 0, fmt.Errorf("memstore: top: negative offset %d or limit %d", offset, limit)
	}
	if err := s.lock(ctx, "top"); err != nil {
		return nil, 0, err
	}
	defer s.mu.Unlock()
	bd := s.boards[b]
	if bd == nil {
		return nil, 0, nil
	}
	n := len(bd.entries)
	var out []store.Entry
	for i := offset; i < n && i-offset < limit; i++ {
		out = append(out, s.at(bd, i))
	}
	return out, n, nil
}

// Around implements store.Store.
func (s *Store) Around(ctx context.Context, b store.Board, id store.PlayerID, n int) ([]store.Entry, error) {
	if n < 0 {
		return nil, fmt.Errorf("memstore: around: negative count %d", n)
	}
	if err := s.lock(ctx, "around"); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	bd := s.boards[b]
	i := s.rank(bd, id)
	if i < 0 {
		return nil, fmt.Errorf("memstore: around player %d on %s: %w", id, b.Level, store.ErrNotFound)
	}
	var out []store.Entry
	for j := max(0, i-n); j < len(bd.entries) && j <= i+n; j++ {
		out = append(out, s.at(bd, j))
	}
	return out, nil
}

// FindRun implements store.Store.
func (s *Store) FindRun(ctx context.Context, b store.Board, inputs [32]byte) (store.RunRef, error) {
	if err := s.lock(ctx, "find run"); err != nil {
		return store.RunRef{}, err
	}
	defer s.mu.Unlock()
	id, ok := s.inputs[inputsKey{b, inputs}]
	if !ok {
		return store.RunRef{}, fmt.Errorf("memstore: find run on %s: %w", b.Level, store.ErrNotFound)
	}
	r := s.runs[id-1]
	return store.RunRef{ID: id, Player: r.Player, Client: r.Client, Score: r.Score, Ticks: r.Ticks, Won: r.Won, StateHash: r.StateHash}, nil
}

// View implements store.Store.
func (s *Store) View(ctx context.Context, b store.Board, offset, limit int, me store.PlayerID, around int) (store.View, error) {
	if around < 0 && (offset < 0 || limit < 0) {
		return store.View{}, fmt.Errorf("memstore: view: negative offset %d or limit %d", offset, limit)
	}
	if err := s.lock(ctx, "view"); err != nil {
		return store.View{}, err
	}
	defer s.mu.Unlock()
	bd := s.boards[b]
	if bd == nil {
		return store.View{}, nil
	}
	v := store.View{Total: len(bd.entries)}
	i := -1
	if me != 0 {
		i = s.rank(bd, me)
	}
	if i >= 0 {
		e := s.at(bd, i)
		v.Me = &e
	}
	lo, hi := offset, offset+min(limit, max(0, len(bd.entries)-offset)) // no overflow
	if around >= 0 {
		lo, hi = max(0, i-around), min(len(bd.entries), i+around+1)
		if i < 0 {
			hi = lo
		}
	}
	for j := lo; j < hi; j++ {
		v.Entries = append(v.Entries, s.at(bd, j))
	}
	return v, nil
}

// Count implements store.Store.
func (s *Store) Count(ctx context.Context, b store.Board) (int, error) {
	if err := s.lock(ctx, "count"); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	if bd := s.boards[b]; bd != nil {
		return len(bd.entries), nil
	}
	return 0, nil
}

// Best implements store.Store.
func (s *Store) Best(ctx context.Context, b store.Board, id store.PlayerID) (store.Entry, error) {
	if err := s.lock(ctx, "best"); err != nil {
		return store.Entry{}, err
	}
	defer s.mu.Unlock()
	e, ok := s.entry(s.boards[b], id)
	if !ok {
		return store.Entry{}, fmt.Errorf("memstore: best of player %d on %s: %w", id, b.Level, store.ErrNotFound)
	}
	return e, nil
}

// Pot implements store.Store.
func (s *Store) Pot(ctx context.Context, level string) (int64, error) {
	if err := s.lock(ctx, "pot"); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	return s.pots[level], nil
}

// Run returns a stored run by id, or store.ErrNotFound.
func (s *Store) Run(ctx context.Context, id int64) (store.Run, error) {
	if err := s.lock(ctx, "run"); err != nil {
		return store.Run{}, err
	}
	defer s.mu.Unlock()
	if id < 1 || id > int64(len(s.runs)) {
		return store.Run{}, fmt.Errorf("memstore: run %d: %w", id, store.ErrNotFound)
	}
	r := s.runs[id-1]
	r.Replay = bytes.Clone(r.Replay)
	return r, nil
}

// Close implements store.Store.
func (s *Store) Close() error {
	if err := s.lock(context.Background(), "close"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.closed = true
	return nil
}
