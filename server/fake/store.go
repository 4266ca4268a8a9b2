// Package fake holds stand-ins for the server's store and verifier, for
// tests and for `arcade serve` until the real ones exist: a store kept in
// memory with plain sorting, and a verifier that replays runs in-process
// or answers scripted refusals.
package fake

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/communs-arcade/arcade/server/store"
)

// Store is a store.Store in memory. Fail, when set, makes every call fail
// with it (to test storage failures).
type Store struct {
	mu      sync.Mutex
	players []store.Player // index = ID-1
	runs    []store.Run
	best    map[store.Board]map[store.PlayerID]int // index in runs
	clients map[string]int64
	pots    map[string]int64
	closed  bool
	Fail    error
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{best: map[store.Board]map[store.PlayerID]int{}, clients: map[string]int64{}, pots: map[string]int64{}}
}

func (s *Store) lock() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errors.New("fake: store closed")
	}
	if s.Fail != nil {
		s.mu.Unlock()
		return s.Fail
	}
	return nil
}

// PlayerByToken implements store.Store.
func (s *Store) PlayerByToken(_ context.Context, token [store.TokenHashSize]byte) (store.Player, error) {
	if err := s.lock(); err != nil {
		return store.Player{}, err
	}
	defer s.mu.Unlock()
	for _, p := range s.players {
		if p.TokenHash == token {
			return p, nil
		}
	}
	return store.Player{}, fmt.Errorf("fake: player: %w", store.ErrNotFound)
}

func (s *Store) taken(p string, except store.PlayerID) bool {
	for _, q := range s.players {
		if q.ID != except && strings.EqualFold(q.Pseudonym, p) {
			return true
		}
	}
	return false
}

// CreatePlayer implements store.Store.
func (s *Store) CreatePlayer(_ context.Context, token [store.TokenHashSize]byte, pseudonym string) (store.Player, error) {
	if err := s.lock(); err != nil {
		return store.Player{}, err
	}
	defer s.mu.Unlock()
	if s.taken(pseudonym, 0) {
		return store.Player{}, fmt.Errorf("fake: %w", store.ErrPseudonymTaken)
	}
	for _, p := range s.players {
		if p.TokenHash == token {
			return store.Player{}, fmt.Errorf("fake: token registered twice")
		}
	}
	p := store.Player{ID: store.PlayerID(len(s.players) + 1), TokenHash: token, Pseudonym: pseudonym}
	s.players = append(s.players, p)
	return p, nil
}

// SetPseudonym implements store.Store.
func (s *Store) SetPseudonym(_ context.Context, id store.PlayerID, pseudonym string) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if id < 1 || int(id) > len(s.players) {
		return fmt.Errorf("fake: %w", store.ErrNotFound)
	}
	if s.taken(pseudonym, id) {
		return fmt.Errorf("fake: %w", store.ErrPseudonymTaken)
	}
	s.players[id-1].Pseudonym = pseudonym
	return nil
}

// AddRun implements store.Store.
func (s *Store) AddRun(_ context.Context, r store.Run) (store.Added, error) {
	if err := s.lock(); err != nil {
		return store.Added{}, err
	}
	defer s.mu.Unlock()
	key := fmt.Sprintf("%d/%s/%x/%s", r.Player, r.Board.Level, r.Board.Hash, r.Client)
	if id, ok := s.clients[key]; ok && r.Client != "" {
		best, _ := s.entry(r.Board, r.Player)
		return store.Added{RunID: id, Duplicate: true, Best: best, PotTotal: s.pots[r.Board.Level]}, nil
	}
	r.Replay = bytes.Clone(r.Replay)
	s.runs = append(s.runs, r)
	id := len(s.runs) - 1
	s.clients[key] = int64(id + 1)
	s.pots[r.Board.Level] += r.Pot
	b := s.best[r.Board]
	if b == nil {
		b = map[store.PlayerID]int{}
		s.best[r.Board] = b
	}
	old, had := b[r.Player]
	nb := !had || better(s.runs[id], s.runs[old])
	if nb {
		b[r.Player] = id
	}
	best, _ := s.entry(r.Board, r.Player)
	return store.Added{RunID: int64(id + 1), NewBest: nb, Best: best, PotTotal: s.pots[r.Board.Level]}, nil
}

// Runs returns every stored run, in the order they were added.
func (s *Store) Runs() []store.Run {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.runs)
}

func better(a, b store.Run) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.Ticks < b.Ticks
}

// board returns a board's entries in rank order.
func (s *Store) board(b store.Board) []store.Entry {
	var ids []int
	for _, i := range s.best[b] {
		ids = append(ids, i)
	}
	slices.SortFunc(ids, func(x, y int) int {
		a, b := s.runs[x], s.runs[y]
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Ticks, b.Ticks); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	out := make([]store.Entry, len(ids))
	for i, id := range ids {
		r := s.runs[id]
		out[i] = store.Entry{Rank: i + 1, Player: r.Player, Pseudonym: s.players[r.Player-1].Pseudonym,
			Score: r.Score, Ticks: r.Ticks, At: r.At}
	}
	return out
}

func (s *Store) entry(b store.Board, id store.PlayerID) (store.Entry, int) {
	es := s.board(b)
	for i, e := range es {
		if e.Player == id {
			return e, i
		}
	}
	return store.Entry{}, -1
}

// Top implements store.Store.
func (s *Store) Top(_ context.Context, b store.Board, offset, limit int) ([]store.Entry, int, error) {
	if err := s.lock(); err != nil {
		return nil, 0, err
	}
	defer s.mu.Unlock()
	es := s.board(b)
	lo, hi := min(offset, len(es)), min(offset+limit, len(es))
	return slices.Clone(es[lo:hi]), len(es), nil
}

// Around implements store.Store.
func (s *Store) Around(_ context.Context, b store.Board, id store.PlayerID, n int) ([]store.Entry, error) {
	if err := s.lock(); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	es := s.board(b)
	_, i := s.entry(b, id)
	if i < 0 {
		return nil, fmt.Errorf("fake: around: %w", store.ErrNotFound)
	}
	return slices.Clone(es[max(0, i-n):min(len(es), i+n+1)]), nil
}

// Best implements store.Store.
func (s *Store) Best(_ context.Context, b store.Board, id store.PlayerID) (store.Entry, error) {
	if err := s.lock(); err != nil {
		return store.Entry{}, err
	}
	defer s.mu.Unlock()
	e, i := s.entry(b, id)
	if i < 0 {
		return store.Entry{}, fmt.Errorf("fake: best: %w", store.ErrNotFound)
	}
	return e, nil
}

// Pot implements store.Store.
func (s *Store) Pot(_ context.Context, level string) (int64, error) {
	if err := s.lock(); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	return s.pots[level], nil
}

// Close implements store.Store.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}
