// Package storetest is the conformance suite of store.Store: every backend
// (the in-memory one, SQLite, a later PostgreSQL) runs the same table-driven
// tests from its own _test.go, so they all rank, deduplicate and fail alike.
package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/server/store"
)

// Open returns a new, empty store; the suite closes it (Close may then be
// called again by a t.Cleanup of the caller: it must not panic).
type Open func(t *testing.T) store.Store

// Run runs the whole suite, each test on a fresh store from open.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"Players", testPlayers},
		{"Pseudonyms", testPseudonyms},
		{"Rename", testRename},
		{"Ranking", testRanking},
		{"NewBest", testNewBest},
		{"Top", testTop},
		{"Around", testAround},
		{"Best", testBest},
		{"Identity", testIdentity},
		{"FindRun", testFindRun},
		{"Pots", testPots},
		{"Retention", testRetention},
		{"View", testView},
		{"DeepRanks", testDeepRanks},
		{"BadRuns", testBadRuns},
		{"Boards", testBoards},
		{"StoredRuns", testStoredRuns},
		{"Context", testContext},
		{"Concurrent", testConcurrent},
		{"ConcurrentIdentity", testConcurrentIdentity},
		{"Publish", testPublish},
		{"SearchText", testSearchText},
		{"SearchOrder", testSearchOrder},
		{"Plays", testPlays},
		{"Rate", testRate},
		{"Reports", testReports},
		{"Moderate", testModerate},
		{"HiddenStaysHidden", testHiddenStaysHidden},
		{"ClassOnly", testClassOnly},
		{"Classes", testClasses},
		{"Pupils", testPupils},
		{"ClassProgress", testClassProgress},
		{"ClassExpiry", testClassExpiry},
		{"Close", testClose},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tc.fn(t, s)
		})
	}
}

// Token is a deterministic token hash for test player i.
func Token(i int) [store.TokenHashSize]byte {
	return sha256.Sum256(fmt.Appendf(nil, "test player %d", i))
}

// T0 is the time of the first test run; tests place runs after it.
var T0 = time.Date(2026, 3, 8, 12, 0, 0, 123456789, time.UTC)

// BoardOf is a board of a level at version v.
func BoardOf(level string, v byte) store.Board {
	return store.Board{Level: level, Hash: sha256.Sum256([]byte{v})}
}

var board = BoardOf("tax-pot", 1)

// RunOf builds a valid run; its replay, inputs hash and state hash derive
// from its values so that a stored run can be checked field by field. Runs
// of the same player, score, ticks and time have the same inputs (a resend);
// any other difference makes other inputs. The board is not part of them:
// the same inputs on two boards are two runs.
func RunOf(b store.Board, p store.PlayerID, score int64, ticks uint32, at time.Duration) store.Run {
	return store.Run{
		Board:     b,
		Player:    p,
		Score:     score,
		Ticks:     ticks,
		Won:       score%2 == 0,
		StateHash: uint64(score)*0x9e3779b97f4a7c15 ^ uint64(ticks),
		Inputs:    sha256.Sum256(fmt.Appendf(nil, "inputs %d %d %d %d", p, score, ticks, at)),
		Replay:    fmt.Appendf(nil, "replay %d %d %d", p, score, ticks),
		At:        T0.Add(at),
	}
}

func ctx() context.Context { return context.Background() }

// players creates n players named p1..pn and returns their ids.
func players(t testing.TB, s store.Store, n int) []store.PlayerID {
	t.Helper()
	ids := make([]store.PlayerID, n)
	for i := range ids {
		p, err := s.CreatePlayer(ctx(), Token(i+1), fmt.Sprintf("p%d", i+1))
		if err != nil {
			t.Fatalf("create player %d: %v", i+1, err)
		}
		ids[i] = p.ID
	}
	return ids
}

func add(t *testing.T, s store.Store, r store.Run) store.Added {
	t.Helper()
	a, err := s.AddRun(ctx(), r)
	if err != nil {
		t.Fatalf("add run %+v: %v", r, err)
	}
	return a
}

// brief is an entry as compared by the tests: rank, pseudonym, score, ticks.
// noErr fails the test when a read failed: a read that fails must never
// pass for an empty answer.
func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// total returns a board's number of entries, failing the test when Top
// fails: a failing Top must never pass for an empty board.
func total(t *testing.T, s store.Store, b store.Board) int {
	t.Helper()
	_, n, err := s.Top(ctx(), b, 0, 1)
	if err != nil {
		t.Fatalf("Top(%v): %v", b, err)
	}
	return n
}

// top returns a board's first ten entries, failing the test when Top fails.
func top(t *testing.T, s store.Store, b store.Board) []store.Entry {
	t.Helper()
	es, _, err := s.Top(ctx(), b, 0, 10)
	if err != nil {
		t.Fatalf("Top(%v): %v", b, err)
	}
	return es
}

func brief(es []store.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = fmt.Sprintf("%d %s %d %d", e.Rank, e.Pseudonym, e.Score, e.Ticks)
	}
	return out
}

func testPlayers(t *testing.T, s store.Store) {
	p, err := s.CreatePlayer(ctx(), Token(1), "Élodie")
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == 0 || p.TokenHash != Token(1) || p.Pseudonym != "Élodie" {
		t.Fatalf("created %+v", p)
	}
	got, err := s.PlayerByToken(ctx(), Token(1))
	if err != nil || got != p {
		t.Fatalf("PlayerByToken = %+v, %v; want %+v", got, err, p)
	}
	if _, err := s.PlayerByToken(ctx(), Token(2)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown token: %v, want ErrNotFound", err)
	}
	if _, err := s.CreatePlayer(ctx(), Token(1), "Autre"); !errors.Is(err, store.ErrTokenTaken) {
		t.Fatalf("same token twice: %v, want ErrTokenTaken", err)
	}
	q, err := s.CreatePlayer(ctx(), Token(2), "Autre")
	if err != nil || q.ID == p.ID {
		t.Fatalf("second player %+v, %v", q, err)
	}
}

func testPseudonyms(t *testing.T, s store.Store) {
	if _, err := s.CreatePlayer(ctx(), Token(1), "Élodie"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePlayer(ctx(), Token(2), "Kim"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePlayer(ctx(), Token(3), "Alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePlayer(ctx(), Token(4), "Zoé"); err != nil {
		t.Fatal(err)
	}
	// Two names are the same when store.FoldPseudonym says so: case,
	// accents, compatibility forms, separators and look-alike letters of
	// other scripts (the attacks of issue 13) are folded.
	tests := []struct {
		name string
		want error // nil: accepted
	}{
		{"Élodie", store.ErrPseudonymTaken},
		{"élodie", store.ErrPseudonymTaken},
		{"ÉLODIE", store.ErrPseudonymTaken},
		{"E\u0301lodie", store.ErrPseudonymTaken}, // decomposed accent
		{"Elodie", store.ErrPseudonymTaken},       // accent dropped
		{"KIM", store.ErrPseudonymTaken},
		{"\u212aim", store.ErrPseudonymTaken}, // Kelvin sign
		{"Zoe", store.ErrPseudonymTaken},      // « Zoé » and "Zoe" are one name
		{"ZOE\u0301", store.ErrPseudonymTaken},
		{"\u0410lice", store.ErrPseudonymTaken},           // Cyrillic А
		{"Al\u0456\u0441\u0435", store.ErrPseudonymTaken}, // Cyrillic і, с, е
		{"Ａｌｉｃｅ", store.ErrPseudonymTaken},                // fullwidth
		{"𝐀𝐥𝐢𝐜𝐞", store.ErrPseudonymTaken},                // mathematical bold
		{"ꓮꓡꓲꓚꓰ", store.ErrPseudonymTaken},                // Lisu
		{"ᎪᏞᎥᏟᎬ", store.ErrPseudonymTaken},                // Cherokee
		{"AIice", store.ErrPseudonymTaken},                // capital I for l
		{"A-lice", store.ErrPseudonymTaken},               // a separator
		{"Kimi", nil},
		{"Alicia", nil},
		{"Zoa", nil},
		{"", errAny},
		{"\xff", errAny},
		{string(make([]byte, store.MaxPseudonymLen+1)), errAny},
	}
	for i, tc := range tests {
		_, err := s.CreatePlayer(ctx(), Token(10+i), tc.name)
		switch {
		case tc.want == nil && err != nil:
			t.Errorf("CreatePlayer(%q): %v", tc.name, err)
		case tc.want == errAny && err == nil:
			t.Errorf("CreatePlayer(%q) accepted", tc.name)
		case tc.want != nil && tc.want != errAny && !errors.Is(err, tc.want):
			t.Errorf("CreatePlayer(%q): %v, want %v", tc.name, err, tc.want)
		}
	}
}

// errAny stands for "some error" in tables.
var errAny = errors.New("any error")

func testRename(t *testing.T, s store.Store) {
	ids := players(t, s, 2)
	add(t, s, RunOf(board, ids[0], 10, 100, 0))
	tests := []struct {
		id   store.PlayerID
		name string
		want error
	}{
		{ids[0], "P1", nil},  // own name, other case
		{ids[0], "Zoé", nil}, // new name
		{ids[0], "zoé", nil}, // own again
		{ids[1], "ZOÉ", store.ErrPseudonymTaken},
		{ids[1], "Zoe", store.ErrPseudonymTaken},           // accent dropped
		{ids[1], "Z\u03bf\u00e9", store.ErrPseudonymTaken}, // Greek omicron
		{ids[1], "p1", nil},                                // freed by the first rename
		{999, "x", store.ErrNotFound},
		{ids[1], "", errAny},
	}
	for _, tc := range tests {
		err := s.SetPseudonym(ctx(), tc.id, tc.name)
		switch {
		case tc.want == nil && err != nil:
			t.Errorf("SetPseudonym(%d, %q): %v", tc.id, tc.name, err)
		case tc.want == errAny && err == nil:
			t.Errorf("SetPseudonym(%d, %q) accepted", tc.id, tc.name)
		case tc.want != nil && tc.want != errAny && !errors.Is(err, tc.want):
			t.Errorf("SetPseudonym(%d, %q): %v, want %v", tc.id, tc.name, err, tc.want)
		}
	}
	p, err := s.PlayerByToken(ctx(), Token(1))
	if err != nil || p.Pseudonym != "zoé" {
		t.Errorf("after renames: %+v, %v", p, err)
	}
	// Leaderboards show the current pseudonym.
	es, _, err := s.Top(ctx(), board, 0, 10)
	if err != nil || len(es) != 1 || es[0].Pseudonym != "zoé" {
		t.Errorf("Top after rename: %+v, %v", es, err)
	}
}

func testRanking(t *testing.T, s store.Store) {
	ids := players(t, s, 6)
	// Added in this order; expected ranks in the comment.
	runs := []store.Run{
		RunOf(board, ids[0], 50, 900, 1*time.Second),  // 4: same score, more ticks
		RunOf(board, ids[1], 50, 800, 2*time.Second),  // 2: same score and ticks, earlier
		RunOf(board, ids[2], 90, 2000, 3*time.Second), // 1: highest score
		RunOf(board, ids[3], 50, 800, 4*time.Second),  // 3: same score and ticks, later
		RunOf(board, ids[4], -5, 10, 5*time.Second),   // 6: negative score
		RunOf(board, ids[5], 0, 10, 6*time.Second),    // 5
	}
	for _, r := range runs {
		add(t, s, r)
	}
	es, total, err := s.Top(ctx(), board, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1 p3 90 2000", "2 p2 50 800", "3 p4 50 800", "4 p1 50 900", "5 p6 0 10", "6 p5 -5 10"}
	if total != 6 || !slices.Equal(brief(es), want) {
		t.Fatalf("Top = %q (total %d), want %q", brief(es), total, want)
	}
	for _, e := range es {
		if !e.At.Equal(runs[int(e.Player-ids[0])].At) || e.At.Location() != time.UTC {
			t.Errorf("entry of %s: At %v, want %v in UTC", e.Pseudonym, e.At, runs[int(e.Player-ids[0])].At)
		}
	}

	// A complete tie (score, ticks and time) goes to the run stored first.
	b := BoardOf("tie", 1)
	add(t, s, RunOf(b, ids[4], 7, 7, 0))
	add(t, s, RunOf(b, ids[0], 7, 7, 0))
	add(t, s, RunOf(b, ids[2], 7, 7, 0))
	es = top(t, s, b)
	if got, want := brief(es), []string{"1 p5 7 7", "2 p1 7 7", "3 p3 7 7"}; !slices.Equal(got, want) {
		t.Fatalf("complete tie: %q, want %q", got, want)
	}

	// Extreme scores rank too.
	b = BoardOf("extremes", 1)
	add(t, s, RunOf(b, ids[0], math.MinInt64, 0, 0))
	add(t, s, RunOf(b, ids[1], math.MaxInt64, math.MaxUint32, 0))
	add(t, s, RunOf(b, ids[2], 0, math.MaxUint32, 0))
	es = top(t, s, b)
	want = []string{
		fmt.Sprintf("1 p2 %d %d", int64(math.MaxInt64), uint32(math.MaxUint32)),
		fmt.Sprintf("2 p3 0 %d", uint32(math.MaxUint32)),
		fmt.Sprintf("3 p1 %d 0", int64(math.MinInt64)),
	}
	if got := brief(es); !slices.Equal(got, want) {
		t.Fatalf("extremes: %q, want %q", got, want)
	}
}

func testNewBest(t *testing.T, s store.Store) {
	ids := players(t, s, 2)
	add(t, s, RunOf(board, ids[1], 40, 100, 0)) // a rival at 40
	tests := []struct {
		name         string
		score        int64
		ticks        uint32
		newBest      bool
		best         string // brief of Added.Best
		bestAtOffset time.Duration
	}{
		{"first run", 10, 500, true, "2 p1 10 500", 1},
		{"lower score", 5, 100, false, "2 p1 10 500", 1},
		{"same, later", 10, 500, false, "2 p1 10 500", 1},
		{"same score, more ticks", 10, 600, false, "2 p1 10 500", 1},
		{"same score, fewer ticks", 10, 400, true, "2 p1 10 400", 5},
		{"higher score, passes the rival", 50, 9000, true, "1 p1 50 9000", 6},
		{"ties the rival's score", 40, 1, false, "1 p1 50 9000", 6},
	}
	for i, tc := range tests {
		a := add(t, s, RunOf(board, ids[0], tc.score, tc.ticks, time.Duration(i+1)))
		if a.NewBest != tc.newBest || a.Duplicate || brief([]store.Entry{a.Best})[0] != tc.best {
			t.Errorf("%s: NewBest %v, Duplicate %v, Best %q; want %v, false, %q",
				tc.name, a.NewBest, a.Duplicate, brief([]store.Entry{a.Best})[0], tc.newBest, tc.best)
		}
		if want := T0.Add(tc.bestAtOffset); !a.Best.At.Equal(want) {
			t.Errorf("%s: Best.At %v, want %v (the best run's time)", tc.name, a.Best.At, want)
		}
		if a.Best.Player != ids[0] || a.Best.Pseudonym != "p1" {
			t.Errorf("%s: Best of %d %q", tc.name, a.Best.Player, a.Best.Pseudonym)
		}
	}
	// One entry per player, however many runs.
	if n := total(t, s, board); n != 2 {
		t.Errorf("total %d, want 2", n)
	}
}

// filled makes a board of n players, p1 best to pn last.
func filled(t *testing.T, s store.Store, n int) []store.PlayerID {
	t.Helper()
	ids := players(t, s, n)
	for i, id := range ids {
		add(t, s, RunOf(board, id, int64(1000-i), 100, time.Duration(i)))
	}
	return ids
}

func ranks(es []store.Entry) []int {
	out := []int{}
	for _, e := range es {
		out = append(out, e.Rank)
	}
	return out
}

func testTop(t *testing.T, s store.Store) {
	filled(t, s, 7)
	tests := []struct {
		offset, limit int
		want          []int
	}{
		{0, 3, []int{1, 2, 3}},
		{0, 7, []int{1, 2, 3, 4, 5, 6, 7}},
		{0, 100, []int{1, 2, 3, 4, 5, 6, 7}},
		{5, 3, []int{6, 7}},
		{6, 1, []int{7}},
		{7, 10, []int{}},
		{100, 10, []int{}},
		{2, 0, []int{}},
		{0, 0, []int{}},
		{3, 2, []int{4, 5}},
	}
	for _, tc := range tests {
		es, total, err := s.Top(ctx(), board, tc.offset, tc.limit)
		if err != nil || total != 7 || !slices.Equal(ranks(es), tc.want) {
			t.Errorf("Top(%d, %d) = ranks %v total %d, %v; want %v, 7", tc.offset, tc.limit, ranks(es), total, err, tc.want)
		}
		for i, e := range es {
			if want := fmt.Sprintf("p%d", tc.offset+i+1); e.Pseudonym != want || e.Score != int64(1000-tc.offset-i) {
				t.Errorf("Top(%d, %d)[%d] = %+v, want %s", tc.offset, tc.limit, i, e, want)
			}
		}
	}
	for _, bad := range [][2]int{{-1, 3}, {0, -1}} {
		if _, _, err := s.Top(ctx(), board, bad[0], bad[1]); err == nil {
			t.Errorf("Top(%d, %d) accepted", bad[0], bad[1])
		}
	}
	es, total, err := s.Top(ctx(), BoardOf("tax-pot", 2), 0, 10)
	if err != nil || total != 0 || len(es) != 0 {
		t.Errorf("unknown board: %v, %d, %v", es, total, err)
	}
}

func testAround(t *testing.T, s store.Store) {
	ids := filled(t, s, 7)
	tests := []struct {
		player int // 1-based
		n      int
		want   []int
	}{
		{1, 2, []int{1, 2, 3}},              // top
		{2, 2, []int{1, 2, 3, 4}},           // near the top
		{4, 2, []int{2, 3, 4, 5, 6}},        // middle
		{7, 2, []int{5, 6, 7}},              // bottom
		{6, 3, []int{3, 4, 5, 6, 7}},        // near the bottom
		{4, 0, []int{4}},                    // only the player
		{4, 50, []int{1, 2, 3, 4, 5, 6, 7}}, // the whole board
	}
	for _, tc := range tests {
		es, err := s.Around(ctx(), board, ids[tc.player-1], tc.n)
		if err != nil || !slices.Equal(ranks(es), tc.want) {
			t.Errorf("Around(p%d, %d) = %v, %v; want %v", tc.player, tc.n, ranks(es), err, tc.want)
		}
		for _, e := range es {
			if e.Pseudonym != fmt.Sprintf("p%d", e.Rank) {
				t.Errorf("Around(p%d, %d): rank %d is %s", tc.player, tc.n, e.Rank, e.Pseudonym)
			}
		}
	}
	if _, err := s.Around(ctx(), board, ids[0], -1); err == nil {
		t.Error("Around(n=-1) accepted")
	}
	other, err := s.CreatePlayer(ctx(), Token(100), "outsider")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Around(ctx(), board, other.ID, 2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("player without entry: %v, want ErrNotFound", err)
	}
	if _, err := s.Around(ctx(), BoardOf("nowhere", 1), ids[0], 2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown board: %v, want ErrNotFound", err)
	}
}

func testBest(t *testing.T, s store.Store) {
	ids := filled(t, s, 5)
	for i, id := range ids {
		e, err := s.Best(ctx(), board, id)
		if err != nil || e.Rank != i+1 || e.Player != id || e.Score != int64(1000-i) || !e.At.Equal(T0.Add(time.Duration(i))) {
			t.Errorf("Best(p%d) = %+v, %v", i+1, e, err)
		}
	}
	if _, err := s.Best(ctx(), BoardOf("tax-pot", 2), ids[0]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("other version: %v, want ErrNotFound", err)
	}
	if _, err := s.Best(ctx(), board, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown player: %v, want ErrNotFound", err)
	}
}

func testIdentity(t *testing.T, s store.Store) {
	ids := players(t, s, 2)
	other := BoardOf("tax-pot", 2)
	with := func(r store.Run, client string, pot int64) store.Run {
		r.Client, r.Pot = client, pot
		return r
	}
	copied := func(r store.Run, from store.Run) store.Run {
		r.Inputs = from.Inputs
		return r
	}
	first := with(RunOf(board, ids[0], 10, 10, 0), "a", 3)
	tests := []struct {
		name string
		run  store.Run
		want error // nil: stored or duplicate
		dup  bool
		// sameAs: index of the earlier step whose RunID this one must return
		sameAs int
	}{
		{"first", first, nil, false, -1},
		{"resent", first, nil, true, 0},
		{"resent with another client id", with(first, "z", 3), nil, true, 0},
		{"resent without a client id", with(first, "", 3), nil, true, 0},
		{"client id reused, other inputs", with(RunOf(board, ids[0], 99, 10, 1), "a", 3), store.ErrClientReused, false, -1},
		{"copied by another player", copied(with(RunOf(board, ids[1], 10, 10, 0), "a", 3), first), store.ErrCopied, false, -1},
		{"copied, other client id", copied(with(RunOf(board, ids[1], 10, 10, 0), "q", 3), first), store.ErrCopied, false, -1},
		{"same inputs on another board", copied(with(RunOf(other, ids[1], 5, 10, 3), "a", 3), first), nil, false, -1},
		{"other player, same client id", with(RunOf(board, ids[1], 5, 10, 4), "a", 3), nil, false, -1},
		{"other client id", with(RunOf(board, ids[0], 5, 10, 2), "b", 3), nil, false, -1},
		{"no client id", with(RunOf(board, ids[0], 5, 10, 5), "", 3), nil, false, -1},
		{"no client id, resent", with(RunOf(board, ids[0], 5, 10, 5), "", 3), nil, true, 10},
		{"resent b", with(RunOf(board, ids[0], 5, 10, 2), "b", 3), nil, true, 9},
	}
	added := make([]store.Added, len(tests))
	for i, tc := range tests {
		a, err := s.AddRun(ctx(), tc.run)
		added[i] = a
		if tc.want != nil {
			if !errors.Is(err, tc.want) {
				t.Errorf("%s: %+v, %v; want %v", tc.name, a, err, tc.want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if a.Duplicate != tc.dup || (tc.dup && a.NewBest) {
			t.Errorf("%s: %+v; want Duplicate %v", tc.name, a, tc.dup)
		}
		if tc.sameAs >= 0 && a.RunID != added[tc.sameAs].RunID {
			t.Errorf("%s: RunID %d, want step %d's %d", tc.name, a.RunID, tc.sameAs, added[tc.sameAs].RunID)
		}
		if tc.dup && (a.Best.Score != 10 || a.Best.Rank != 1 || a.Best.Player != ids[0]) {
			t.Errorf("%s: Best %+v, want the unchanged best (10, rank 1)", tc.name, a.Best)
		}
	}
	seen := map[int64]bool{}
	for i, a := range added {
		if tests[i].want == nil && !tests[i].dup {
			if seen[a.RunID] {
				t.Errorf("%s: RunID %d reused", tests[i].name, a.RunID)
			}
			seen[a.RunID] = true
		}
	}
	// The refused runs left no trace: the board has the two players' bests
	// from the runs stored, and the pot the two players' contributions.
	es, total, err := s.Top(ctx(), board, 0, 10)
	if want := []string{"1 p1 10 10", "2 p2 5 10"}; err != nil || total != 2 || !slices.Equal(brief(es), want) {
		t.Errorf("board after refusals: %q (%d), %v; want %q", brief(es), total, err, want)
	}
	if p, _ := s.Pot(ctx(), "tax-pot"); p != 6 {
		t.Errorf("Pot = %d, want 6 (3 from each player)", p)
	}
}

func testFindRun(t *testing.T, s store.Store) {
	ids := players(t, s, 2)
	r := RunOf(board, ids[1], -4, 77, time.Second)
	r.Client, r.Won, r.StateHash = "offline-7", true, math.MaxUint64
	a := add(t, s, r)
	got, err := s.FindRun(ctx(), board, r.Inputs)
	want := store.RunRef{ID: a.RunID, Player: ids[1], Client: "offline-7", Score: -4, Ticks: 77, Won: true, StateHash: math.MaxUint64}
	if err != nil || got != want {
		t.Errorf("FindRun = %+v, %v; want %+v", got, err, want)
	}
	for name, find := range map[string]func() error{
		"other inputs":  func() error { _, err := s.FindRun(ctx(), board, sha256.Sum256([]byte("x"))); return err },
		"other version": func() error { _, err := s.FindRun(ctx(), BoardOf("tax-pot", 2), r.Inputs); return err },
		"other level":   func() error { _, err := s.FindRun(ctx(), BoardOf("quiz", 1), r.Inputs); return err },
	} {
		if err := find(); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("FindRun, %s: %v, want ErrNotFound", name, err)
		}
	}
	// A run found is refused to another player and a duplicate for its own.
	c := RunOf(board, ids[0], -4, 77, time.Second)
	c.Inputs = r.Inputs
	if _, err := s.AddRun(ctx(), c); !errors.Is(err, store.ErrCopied) {
		t.Errorf("copy of a found run: %v", err)
	}
}

func testPots(t *testing.T, s store.Store) {
	ids := players(t, s, 3)
	v1, v2, other := BoardOf("tax-pot", 1), BoardOf("tax-pot", 2), BoardOf("quiz", 1)
	tests := []struct {
		name   string
		board  store.Board
		player int
		pot    int64
		want   int64 // the level's total after the run
	}{
		{"first contribution", v1, 0, 100, 100},
		{"nothing", v1, 1, 0, 100},
		{"lower than the player's best", v1, 0, 60, 100},
		{"equal to it", v1, 0, 100, 100},
		{"improves it: only the difference", v1, 0, 130, 130},
		{"another player", v1, 1, 50, 180},
		{"another version shares the pot and the player's best", v2, 0, 120, 180},
		{"and improves it there", v2, 0, 150, 200},
		{"another level", other, 0, 7, 7},
		{"a negative contribution takes nothing", v1, 2, -30, 200},
		{"nor lowers the best", v1, 2, 20, 220},
		{"up to the limit", v2, 2, math.MaxInt64 - 200, math.MaxInt64},
	}
	totals := map[string]int64{}
	for i, tc := range tests {
		r := RunOf(tc.board, ids[tc.player], int64(i), 10, time.Duration(i))
		r.Pot = tc.pot
		a := add(t, s, r)
		if a.PotTotal != tc.want {
			t.Errorf("%s: PotTotal %d, want %d", tc.name, a.PotTotal, tc.want)
		}
		if added := tc.want - totals[tc.board.Level]; a.PotAdded != added {
			t.Errorf("%s: PotAdded %d, want %d", tc.name, a.PotAdded, added)
		}
		totals[tc.board.Level] = tc.want
		// A resend adds nothing.
		if a2 := add(t, s, r); !a2.Duplicate || a2.PotTotal != tc.want || a2.PotAdded != 0 {
			t.Errorf("%s, resent: %+v, want a duplicate with PotTotal %d", tc.name, a2, tc.want)
		}
	}
	// Overflow is refused, and refusing changes nothing.
	r := RunOf(v1, ids[1], 1000, 10, time.Hour)
	r.Pot = 100
	if _, err := s.AddRun(ctx(), r); err == nil {
		t.Error("pot overflow accepted")
	}
	for level, want := range map[string]int64{"tax-pot": math.MaxInt64, "quiz": 7, "nowhere": 0} {
		if got, err := s.Pot(ctx(), level); err != nil || got != want {
			t.Errorf("Pot(%q) = %d, %v; want %d", level, got, err, want)
		}
	}
	if e, _ := s.Best(ctx(), v1, ids[1]); e.Score == 1000 {
		t.Error("refused run became a best")
	}
}

// testRetention checks that each player keeps, per board, the replays of
// their best run and of their last store.KeepRecent runs, and only those,
// while every run keeps its identity and values.
func testRetention(t *testing.T, s store.Store) {
	rr, ok := s.(store.RunReader)
	if !ok {
		t.Skip("store has no Run method")
	}
	ids := players(t, s, 2)
	other := BoardOf("tax-pot", 2)
	// Scores of player 1's runs, in order: the best (50) comes early, keeps
	// its replay after leaving the last KeepRecent, and loses it when 60
	// beats it. Player 2's runs and those on another board, added in
	// between, count for their own player and board only.
	scores := []int64{10, 50, 20, 30, 15, 25, 35, 5, 60, 1, 2, 3, 4, 6}
	var runs []store.Run
	var runIDs []int64
	for i, sc := range scores {
		r := RunOf(board, ids[0], sc, 10, time.Duration(i))
		runs = append(runs, r)
		runIDs = append(runIDs, add(t, s, r).RunID)
		add(t, s, RunOf(board, ids[1], sc, 10, time.Duration(i)))
		add(t, s, RunOf(other, ids[0], sc, 10, time.Duration(i)))
		if i == 6 {
			// Before 60: 50 is kept as the best, and the last KeepRecent.
			for j := range i + 1 {
				kept := j == 1 || j > i-store.KeepRecent
				checkReplay(t, rr, runIDs[j], runs[j], kept)
			}
		}
	}
	for j := range scores {
		kept := scores[j] == 60 || j >= len(scores)-store.KeepRecent
		checkReplay(t, rr, runIDs[j], runs[j], kept)
	}
	// Every run keeps its identity: a resend of a run without a replay is
	// still a duplicate, and a copy of it still refused.
	if a := add(t, s, runs[0]); !a.Duplicate || a.RunID != runIDs[0] {
		t.Errorf("resend of a run without replay: %+v", a)
	}
	c := RunOf(board, ids[1], 10, 10, time.Hour)
	c.Inputs = runs[0].Inputs
	if _, err := s.AddRun(ctx(), c); !errors.Is(err, store.ErrCopied) {
		t.Errorf("copy of a run without replay: %v, want ErrCopied", err)
	}
}

func checkReplay(t *testing.T, rr store.RunReader, id int64, want store.Run, kept bool) {
	t.Helper()
	got, err := rr.Run(ctx(), id)
	if err != nil {
		t.Fatalf("run %d: %v", id, err)
	}
	if !kept {
		want.Replay = nil
	}
	if !SameRun(got, want) {
		t.Errorf("run %d (score %d): %+v\nwant %+v (replay kept: %v)", id, want.Score, got, want, kept)
	}
}

func testView(t *testing.T, s store.Store) {
	ids := filled(t, s, 9)
	o, err := s.CreatePlayer(ctx(), Token(500), "outsider")
	if err != nil {
		t.Fatal(err)
	}
	outsider := o.ID
	type q struct {
		offset, limit int
		me            store.PlayerID
		around        int
	}
	tests := []struct {
		name  string
		q     q
		ranks []int
		me    int // rank of Me, 0: nil
	}{
		{"top page, me on it", q{0, 3, ids[1], -1}, []int{1, 2, 3}, 2},
		{"top page, me below it", q{0, 3, ids[7], -1}, []int{1, 2, 3}, 8},
		{"deeper page", q{4, 3, ids[0], -1}, []int{5, 6, 7}, 1},
		{"page past the end", q{9, 3, ids[0], -1}, []int{}, 1},
		{"no player", q{0, 2, 0, -1}, []int{1, 2}, 0},
		{"player without entry", q{0, 2, outsider, -1}, []int{1, 2}, 0},
		{"around the middle", q{0, 0, ids[4], 2}, []int{3, 4, 5, 6, 7}, 5},
		{"around the top", q{50, 50, ids[0], 1}, []int{1, 2}, 1},
		{"around only me", q{0, 0, ids[8], 0}, []int{9}, 9},
		{"around a player without entry", q{0, 0, outsider, 2}, []int{}, 0},
	}
	for _, tc := range tests {
		v, err := s.View(ctx(), board, tc.q.offset, tc.q.limit, tc.q.me, tc.q.around)
		if err != nil || v.Total != 9 || !slices.Equal(ranks(v.Entries), tc.ranks) {
			t.Errorf("%s: ranks %v total %d, %v; want %v, 9", tc.name, ranks(v.Entries), v.Total, err, tc.ranks)
			continue
		}
		for _, e := range v.Entries {
			if e.Pseudonym != fmt.Sprintf("p%d", e.Rank) {
				t.Errorf("%s: rank %d is %s", tc.name, e.Rank, e.Pseudonym)
			}
		}
		switch {
		case tc.me == 0 && v.Me != nil:
			t.Errorf("%s: Me %+v, want none", tc.name, *v.Me)
		case tc.me != 0 && (v.Me == nil || v.Me.Rank != tc.me || v.Me.Player != tc.q.me):
			t.Errorf("%s: Me %+v, want rank %d", tc.name, v.Me, tc.me)
		}
	}
	if _, err := s.View(ctx(), board, -1, 3, 0, -1); err == nil {
		t.Error("View with a negative offset accepted")
	}
	if v, err := s.View(ctx(), BoardOf("nowhere", 1), 0, 10, ids[0], -1); err != nil || v.Total != 0 || len(v.Entries) != 0 || v.Me != nil {
		t.Errorf("unknown board: %+v, %v", v, err)
	}
	for b, want := range map[store.Board]int{board: 9, BoardOf("nowhere", 1): 0} {
		if n, err := s.Count(ctx(), b); err != nil || n != want {
			t.Errorf("Count(%s) = %d, %v; want %d", b.Level, n, err, want)
		}
	}
	// Views taken while runs are added agree with themselves: the page,
	// the total and Me come from one snapshot.
	var more []store.PlayerID
	for i := range 30 {
		p, err := s.CreatePlayer(ctx(), Token(1000+i), fmt.Sprintf("q%d", i))
		if err != nil {
			t.Fatal(err)
		}
		more = append(more, p.ID)
	}
	errc := make(chan error, 1)
	go func() {
		for i, id := range more {
			if _, err := s.AddRun(ctx(), RunOf(board, id, int64(2000+i), 100, time.Duration(100+i))); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	for i := range 200 {
		v, err := s.View(ctx(), board, 0, 100, ids[8], -1)
		if err != nil {
			t.Fatal(err)
		}
		last := v.Entries[len(v.Entries)-1]
		if v.Total != len(v.Entries) || v.Me == nil || *v.Me != last || v.Me.Rank != v.Total {
			t.Fatalf("view %d disagrees with itself: total %d, %d entries, Me %+v, last %+v", i, v.Total, len(v.Entries), v.Me, last)
		}
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

// testDeepRanks builds a board larger than the pages a backend may answer
// by skipping entries, with many ties of score and of score and ticks and
// players who improve, and checks every rank and page against a model.
func testDeepRanks(t *testing.T, s store.Store) {
	const n = 700
	ids := players(t, s, n)
	type model struct {
		score int64
		ticks uint32
		at    time.Duration
		id    int64
	}
	best := map[store.PlayerID]model{}
	better := func(a, b model) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		if a.ticks != b.ticks {
			return a.ticks < b.ticks
		}
		if a.at != b.at {
			return a.at < b.at
		}
		return a.id < b.id
	}
	seed := uint64(1)
	rnd := func(m uint64) uint64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return (seed >> 33) % m
	}
	for i := range n + n/3 {
		p := ids[i%n]
		// Scores from a few values (many ties), some huge or negative,
		// ticks from a few values, times often equal.
		score := int64(rnd(40)) - 10
		switch rnd(50) {
		case 0:
			score = math.MaxInt64 - int64(rnd(3))
		case 1:
			score = math.MinInt64 + int64(rnd(3))
		}
		m := model{score, uint32(rnd(4)) * 1000, time.Duration(rnd(n)), 0}
		a := add(t, s, RunOf(board, p, m.score, m.ticks, m.at))
		m.id = a.RunID
		if old, ok := best[p]; !ok || better(m, old) {
			best[p] = m
		}
	}
	var order []store.PlayerID
	for p := range best {
		order = append(order, p)
	}
	slices.SortFunc(order, func(a, b store.PlayerID) int {
		if better(best[a], best[b]) {
			return -1
		}
		return 1
	})
	rank := map[store.PlayerID]int{}
	for i, p := range order {
		rank[p] = i + 1
	}
	for _, p := range ids {
		e, err := s.Best(ctx(), board, p)
		if err != nil || e.Rank != rank[p] || e.Score != best[p].score || e.Ticks != best[p].ticks {
			t.Fatalf("Best of player %d: %+v, %v; want rank %d %+v", p, e, err, rank[p], best[p])
		}
	}
	for _, offset := range []int{0, 1, 255, 256, 257, 300, 511, 512, 650, 690, 699, 700} {
		es, total, err := s.Top(ctx(), board, offset, 12)
		if err != nil || total != n {
			t.Fatalf("Top(%d): total %d, %v", offset, total, err)
		}
		want := order[min(offset, n):min(offset+12, n)]
		if len(es) != len(want) {
			t.Fatalf("Top(%d): %d entries, want %d", offset, len(es), len(want))
		}
		for i, e := range es {
			if e.Player != want[i] || e.Rank != offset+i+1 {
				t.Fatalf("Top(%d)[%d] = %+v, want player %d at rank %d", offset, i, e, want[i], offset+i+1)
			}
		}
	}
	es, err := s.Around(ctx(), board, order[400], 3)
	if err != nil || len(es) != 7 || es[0].Player != order[397] || es[0].Rank != 398 || es[6].Player != order[403] {
		t.Fatalf("Around(rank 401): %+v, %v", es, err)
	}
}

func testBadRuns(t *testing.T, s store.Store) {
	ids := players(t, s, 1)
	good := RunOf(board, ids[0], 10, 10, 0)
	tests := []struct {
		name string
		edit func(*store.Run)
		want error
	}{
		{"unknown player", func(r *store.Run) { r.Player = 999 }, store.ErrNotFound},
		{"no level", func(r *store.Run) { r.Board.Level = "" }, errAny},
		{"long level", func(r *store.Run) { r.Board.Level = string(make([]byte, store.MaxLevelLen+1)) }, errAny},
		{"long client", func(r *store.Run) { r.Client = string(make([]byte, store.MaxClientLen+1)) }, errAny},
		{"no replay", func(r *store.Run) { r.Replay = nil }, errAny},
		{"no inputs hash", func(r *store.Run) { r.Inputs = [32]byte{} }, errAny},
		{"no time", func(r *store.Run) { r.At = time.Time{} }, errAny},
		{"time out of range", func(r *store.Run) { r.At = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC) }, errAny},
	}
	for _, tc := range tests {
		r := good
		r.Pot = 5
		tc.edit(&r)
		_, err := s.AddRun(ctx(), r)
		if err == nil || (tc.want != errAny && !errors.Is(err, tc.want)) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	// Nothing of the refused runs was stored.
	if n := total(t, s, board); n != 0 {
		t.Errorf("refused runs made %d entries", n)
	}
	if p, _ := s.Pot(ctx(), board.Level); p != 0 {
		t.Errorf("refused runs made a pot of %d", p)
	}
	a := add(t, s, good)
	if a.Best.Rank != 1 || !a.NewBest {
		t.Errorf("good run after refused ones: %+v", a)
	}
	// A run id of 64 bytes is the limit, and times keep their nanoseconds
	// whatever their zone.
	r := RunOf(board, ids[0], 11, 10, 0)
	r.Client = string(bytes.Repeat([]byte{'c'}, store.MaxClientLen))
	r.At = time.Date(2026, 3, 8, 13, 0, 0, 1, time.FixedZone("CET", 3600))
	a = add(t, s, r)
	if !a.Best.At.Equal(r.At) || a.Best.At.Location() != time.UTC {
		t.Errorf("At %v, want %v in UTC", a.Best.At, r.At)
	}
}

func testBoards(t *testing.T, s store.Store) {
	ids := players(t, s, 2)
	v1, v2 := BoardOf("tax-pot", 1), BoardOf("tax-pot", 2)
	add(t, s, RunOf(v1, ids[0], 10, 10, 0))
	add(t, s, RunOf(v2, ids[1], 20, 10, 0))
	add(t, s, RunOf(v2, ids[0], 5, 10, 0))
	for _, tc := range []struct {
		b    store.Board
		want []string
	}{
		{v1, []string{"1 p1 10 10"}},
		{v2, []string{"1 p2 20 10", "2 p1 5 10"}},
	} {
		es, total, err := s.Top(ctx(), tc.b, 0, 10)
		if err != nil || total != len(tc.want) || !slices.Equal(brief(es), tc.want) {
			t.Errorf("board %x: %q (%d), %v; want %q", tc.b.Hash[:2], brief(es), total, err, tc.want)
		}
	}
}

func testStoredRuns(t *testing.T, s store.Store) {
	rr, ok := s.(store.RunReader)
	if !ok {
		t.Skip("store has no Run method")
	}
	ids := players(t, s, 1)
	r := RunOf(board, ids[0], -7, 4242, time.Minute)
	r.StateHash = math.MaxUint64
	r.Pot = -3
	r.Client = "offline-1"
	r.Replay = []byte{0, 1, 2, 0xff, 0}
	a := add(t, s, r)
	got, err := rr.Run(ctx(), a.RunID)
	if err != nil {
		t.Fatal(err)
	}
	if !SameRun(got, r) {
		t.Errorf("stored %+v\nwant   %+v", got, r)
	}
	if _, err := rr.Run(ctx(), a.RunID+1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown run: %v, want ErrNotFound", err)
	}
}

// SameRun reports whether a stored run has the values of the run added.
func SameRun(got, want store.Run) bool {
	return got.Board == want.Board && got.Player == want.Player && got.Inputs == want.Inputs && got.Score == want.Score &&
		got.Ticks == want.Ticks && got.Won == want.Won && got.StateHash == want.StateHash &&
		bytes.Equal(got.Replay, want.Replay) && got.Pot == want.Pot && got.Client == want.Client &&
		got.At.Equal(want.At)
}

func testContext(t *testing.T, s store.Store) {
	ids := players(t, s, 1)
	c, cancel := context.WithCancel(ctx())
	cancel()
	if _, err := s.AddRun(c, RunOf(board, ids[0], 1, 1, 0)); !errors.Is(err, context.Canceled) {
		t.Errorf("AddRun with a cancelled context: %v", err)
	}
	if _, _, err := s.Top(c, board, 0, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("Top with a cancelled context: %v", err)
	}
	if total(t, s, board) != 0 {
		t.Error("a run added with a cancelled context was stored")
	}
}

// testConcurrent adds runs from many goroutines while others read, then
// checks that the board is what the acknowledged runs make.
func testConcurrent(t *testing.T, s store.Store) {
	const writers, perWriter, nPlayers = 8, 25, 5
	ids := players(t, s, nPlayers)
	type ack struct {
		run store.Run
		id  int64
	}
	acks := make([][]ack, writers)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var readErr error
	var readMu sync.Mutex
	for range 2 {
		wg.Add(1)
		go func() { // readers: every answer must be well-formed
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				es, total, err := s.Top(ctx(), board, 0, nPlayers)
				if err == nil && (len(es) > total || (len(es) > 0 && es[0].Rank != 1)) {
					err = fmt.Errorf("storetest: Top gave %d entries of %d: %+v", len(es), total, es)
				}
				if err == nil && total > 0 {
					_, err = s.Around(ctx(), board, es[0].Player, 1)
				}
				if err != nil {
					readMu.Lock()
					readErr = err
					readMu.Unlock()
					return
				}
			}
		}()
	}
	var wwg sync.WaitGroup
	for w := range writers {
		wwg.Add(1)
		go func() {
			defer wwg.Done()
			for i := range perWriter {
				r := RunOf(board, ids[(w+i)%nPlayers], int64((w*37+i*11)%50), uint32(100+i%7), time.Duration(w*perWriter+i))
				r.Pot = int64(w + 1)
				a, err := s.AddRun(ctx(), r)
				if err != nil {
					t.Errorf("writer %d run %d: %v", w, i, err)
					return
				}
				acks[w] = append(acks[w], ack{r, a.RunID})
			}
		}()
	}
	wwg.Wait()
	close(stop)
	wg.Wait()
	if readErr != nil {
		t.Fatal(readErr)
	}

	// The expected board, from the acknowledged runs alone.
	best := map[store.PlayerID]ack{}
	seen := map[int64]bool{}
	potBest := map[store.PlayerID]int64{}
	better := func(a, b ack) bool {
		if a.run.Score != b.run.Score {
			return a.run.Score > b.run.Score
		}
		if a.run.Ticks != b.run.Ticks {
			return a.run.Ticks < b.run.Ticks
		}
		if !a.run.At.Equal(b.run.At) {
			return a.run.At.Before(b.run.At)
		}
		return a.id < b.id
	}
	var all []ack
	for _, as := range acks {
		all = append(all, as...)
	}
	if len(all) != writers*perWriter {
		t.Fatalf("%d runs acknowledged, want %d", len(all), writers*perWriter)
	}
	for _, a := range all {
		if seen[a.id] {
			t.Fatalf("run id %d given twice", a.id)
		}
		seen[a.id] = true
		potBest[a.run.Player] = max(potBest[a.run.Player], a.run.Pot)
		if b, ok := best[a.run.Player]; !ok || better(a, b) {
			best[a.run.Player] = a
		}
	}
	var want []ack
	for _, id := range ids {
		want = append(want, best[id])
	}
	slices.SortFunc(want, func(a, b ack) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	es, total, err := s.Top(ctx(), board, 0, 100)
	if err != nil || total != nPlayers || len(es) != nPlayers {
		t.Fatalf("Top: %d entries of %d, %v", len(es), total, err)
	}
	for i, e := range es {
		w := want[i].run
		if e.Rank != i+1 || e.Player != w.Player || e.Score != w.Score || e.Ticks != w.Ticks || !e.At.Equal(w.At) {
			t.Errorf("rank %d: %+v, want %+v", i+1, e, w)
		}
	}
	var pot int64
	for _, p := range potBest {
		pot += p
	}
	if got, _ := s.Pot(ctx(), board.Level); got != pot {
		t.Errorf("pot %d, want %d", got, pot)
	}
	if rr, ok := s.(store.RunReader); ok {
		for _, a := range all {
			got, err := rr.Run(ctx(), a.id)
			if err == nil && got.Replay == nil {
				a.run.Replay = nil // dropped by retention (tested elsewhere)
			}
			if err != nil || !SameRun(got, a.run) {
				t.Fatalf("run %d: %+v, %v; want %+v", a.id, got, err, a.run)
			}
		}
	}
}

// testConcurrentIdentity sends, all at once, groups of runs whose answers
// a serial store gives whatever their order: the same inputs from several
// players (one stored, the others ErrCopied), the same run resent by its
// player (one stored, the others duplicates of it), one client id for
// several runs of a player (one stored, the others ErrClientReused), and
// distinct runs (all stored). A store that commits runs together (SQLite's
// group commit) must give each caller the answer it would give alone.
func testConcurrentIdentity(t *testing.T, s store.Store) {
	const nPlayers, groups, per = 6, 24, 4
	ids := players(t, s, nPlayers)
	type kind int
	const (
		copies kind = iota
		resends
		reuses
		distinct
		kinds
	)
	type answer struct {
		a   store.Added
		err error
	}
	runs := make([][]store.Run, groups)
	for g := range groups {
		for j := range per {
			p := ids[(g+j)%nPlayers]
			r := RunOf(board, p, int64(g*per+j), uint32(100+g), time.Duration(g*per+j))
			r.Pot = int64(j + 1)
			switch kind(g) % kinds {
			case copies: // other players, the first one's inputs
				r.Inputs = RunOf(board, ids[g%nPlayers], int64(g*per), uint32(100+g), time.Duration(g*per)).Inputs
				r.Client = fmt.Sprintf("copy-%d-%d", g, j)
			case resends: // one player, one run
				r = RunOf(board, ids[g%nPlayers], int64(g*per), uint32(100+g), time.Duration(g*per))
				r.Client, r.Pot = fmt.Sprintf("resend-%d", g), 1
			case reuses: // one player, one client id, other inputs
				r.Player = ids[g%nPlayers]
				r.Inputs = RunOf(board, r.Player, int64(g*per+j), uint32(100+g), time.Duration(g*per+j)).Inputs
				r.Client = fmt.Sprintf("reuse-%d", g)
			case distinct:
				r.Client = fmt.Sprintf("distinct-%d-%d", g, j)
			}
			runs[g] = append(runs[g], r)
		}
	}
	answers := make([][]answer, groups)
	for g := range answers {
		answers[g] = make([]answer, per)
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for g := range groups {
		for j := range per {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				a, err := s.AddRun(ctx(), runs[g][j])
				answers[g][j] = answer{a, err}
			}()
		}
	}
	close(start)
	wg.Wait()

	stored := map[int64]store.Run{} // the runs stored, by RunID
	for g := range groups {
		var kept []int // the submissions stored as new runs
		for j, an := range answers[g] {
			switch {
			case an.err == nil && !an.a.Duplicate:
				kept = append(kept, j)
				if _, ok := stored[an.a.RunID]; ok {
					t.Errorf("group %d: RunID %d given twice", g, an.a.RunID)
				}
				stored[an.a.RunID] = runs[g][j]
				if an.a.Best.Player != runs[g][j].Player || an.a.Best.Rank < 1 {
					t.Errorf("group %d submission %d: Best %+v", g, j, an.a.Best)
				}
			case an.err == nil: // a duplicate: checked below
			case kind(g)%kinds == copies && errors.Is(an.err, store.ErrCopied):
			case kind(g)%kinds == reuses && errors.Is(an.err, store.ErrClientReused):
			default:
				t.Errorf("group %d (kind %d) submission %d: %+v, %v", g, kind(g)%kinds, j, an.a, an.err)
			}
		}
		want := 1
		if kind(g)%kinds == distinct {
			want = per
		}
		if len(kept) != want {
			t.Errorf("group %d (kind %d): %d runs stored, want %d: %+v", g, kind(g)%kinds, len(kept), want, answers[g])
			continue
		}
		for j, an := range answers[g] {
			if an.err != nil || !an.a.Duplicate {
				continue
			}
			if kind(g)%kinds != resends || an.a.RunID != answers[g][kept[0]].a.RunID || an.a.NewBest {
				t.Errorf("group %d (kind %d) submission %d: duplicate %+v of %+v", g, kind(g)%kinds, j, an.a, answers[g][kept[0]].a)
			}
		}
	}

	// The board, the pot and the stored runs are what the stored runs make.
	type key struct {
		score int64
		ticks uint32
		at    time.Time
		id    int64
	}
	better := func(a, b key) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		if a.ticks != b.ticks {
			return a.ticks < b.ticks
		}
		if !a.at.Equal(b.at) {
			return a.at.Before(b.at)
		}
		return a.id < b.id
	}
	best := map[store.PlayerID]key{}
	potBest := map[store.PlayerID]int64{}
	for id, r := range stored {
		k := key{r.Score, r.Ticks, r.At, id}
		if b, ok := best[r.Player]; !ok || better(k, b) {
			best[r.Player] = k
		}
		potBest[r.Player] = max(potBest[r.Player], r.Pot)
	}
	es, total, err := s.Top(ctx(), board, 0, 100)
	if err != nil || total != len(best) || len(es) != len(best) {
		t.Fatalf("Top: %d entries of %d, %v; want %d", len(es), total, err, len(best))
	}
	for i, e := range es {
		b := best[e.Player]
		if e.Rank != i+1 || e.Score != b.score || e.Ticks != b.ticks || !e.At.Equal(b.at) ||
			(i > 0 && better(b, best[es[i-1].Player])) {
			t.Errorf("rank %d: %+v, want the best run %+v in order", i+1, e, b)
		}
	}
	var pot int64
	for _, p := range potBest {
		pot += p
	}
	if got, _ := s.Pot(ctx(), board.Level); got != pot {
		t.Errorf("pot %d, want %d", got, pot)
	}
	if rr, ok := s.(store.RunReader); ok {
		for id, want := range stored {
			got, err := rr.Run(ctx(), id)
			if err == nil && got.Replay == nil {
				want.Replay = nil // dropped by retention (tested elsewhere)
			}
			if err != nil || !SameRun(got, want) {
				t.Errorf("run %d: %+v, %v; want %+v", id, got, err, want)
			}
		}
	}
	// A store that can check its own consistency must find none broken.
	if c, ok := s.(interface{ Check(context.Context) error }); ok {
		if err := c.Check(ctx()); err != nil {
			t.Error(err)
		}
	}
}

func testClose(t *testing.T, s store.Store) {
	ids := players(t, s, 1)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	calls := map[string]func() error{
		"PlayerByToken": func() error { _, err := s.PlayerByToken(ctx(), Token(1)); return err },
		"CreatePlayer":  func() error { _, err := s.CreatePlayer(ctx(), Token(2), "x"); return err },
		"SetPseudonym":  func() error { return s.SetPseudonym(ctx(), ids[0], "y") },
		"AddRun":        func() error { _, err := s.AddRun(ctx(), RunOf(board, ids[0], 1, 1, 0)); return err },
		"Top":           func() error { _, _, err := s.Top(ctx(), board, 0, 1); return err },
		"Around":        func() error { _, err := s.Around(ctx(), board, ids[0], 1); return err },
		"Best":          func() error { _, err := s.Best(ctx(), board, ids[0]); return err },
		"Pot":           func() error { _, err := s.Pot(ctx(), "x"); return err },
		"FindRun":       func() error { _, err := s.FindRun(ctx(), board, [32]byte{1}); return err },
		"View":          func() error { _, err := s.View(ctx(), board, 0, 1, ids[0], -1); return err },
		"Count":         func() error { _, err := s.Count(ctx(), board); return err },
		"Close":         s.Close,
	}
	for _, name := range slices.Sorted(maps.Keys(calls)) {
		if err := calls[name](); !errors.Is(err, store.ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
}
