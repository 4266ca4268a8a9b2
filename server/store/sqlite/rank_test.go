package sqlite

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/storetest"
)

// TestTreeKey checks that Go's treeKey is the triggers' printf expression,
// that it inverts, and that its text order is the rank order.
func TestTreeKey(t *testing.T) {
	db := openTemp(t)
	keys := []struct{ key, ticks int64 }{
		{math.MinInt64, 0}, {math.MinInt64, math.MaxUint32}, {^int64(3678), 3600}, {-1, 5}, {0, 0}, {0, 1}, {1, 0},
		{math.MaxInt64 - 1, 7}, {math.MaxInt64, math.MaxUint32},
	}
	prev := ""
	for _, k := range keys {
		var sqlKey string
		err := db.r.QueryRow(`SELECT printf('%016x%08x', CASE WHEN ?1 < 0 THEN ?1 + 9223372036854775807 + 1
			ELSE ?1 - 9223372036854775807 - 1 END, ?2)`, k.key, k.ticks).Scan(&sqlKey)
		got := treeKey(k.key, k.ticks)
		if err != nil || got != sqlKey {
			t.Errorf("treeKey(%d, %d) = %q, SQLite %q (%v)", k.key, k.ticks, got, sqlKey, err)
		}
		if key, ticks, err := parseTreeKey(got); err != nil || key != k.key || ticks != k.ticks {
			t.Errorf("parseTreeKey(%q) = %d, %d, %v", got, key, ticks, err)
		}
		if got <= prev {
			t.Errorf("treeKey(%d, %d) = %q sorts before %q", k.key, k.ticks, got, prev)
		}
		prev = got
	}
	for _, bad := range []string{"", "00", strings.Repeat("g", 24), strings.Repeat("0", 25)} {
		if _, _, err := parseTreeKey(bad); err == nil {
			t.Errorf("parseTreeKey(%q) accepted", bad)
		}
	}
}

// TestRankTreePlans checks that the rank tree is read by ranges of its
// primary key and the ties by a range of best_rank: no scan.
func TestRankTreePlans(t *testing.T) {
	db := openTemp(t)
	tests := []struct {
		name, query string
		args        []any
		want        []string
	}{
		{"before", qBefore, []any{1, "ab", 1, 1, 1, 1}, []string{
			"SEARCH c USING PRIMARY KEY (board_id=? AND level=? AND prefix>? AND prefix<?)",
			"SEARCH best USING COVERING INDEX best_rank (board_id=? AND rank_key=? AND ticks=? AND (at,run_id)<(?,?))",
		}},
		{"children", qChildren, []any{1, 1, "a", "b"}, []string{
			"SEARCH rank_counts USING PRIMARY KEY (board_id=? AND level=? AND prefix>? AND prefix<?)",
		}},
		{"tie", qTie, []any{1, 1, 1, 1}, []string{
			"SEARCH best USING COVERING INDEX best_rank (board_id=? AND rank_key=? AND ticks=?)",
		}},
	}
	for _, tc := range tests {
		rows, err := db.r.Query("EXPLAIN QUERY PLAN "+tc.query, tc.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		all := strings.Join(plan, " | ")
		for _, w := range tc.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: plan %q, want %q", tc.name, all, w)
			}
		}
		if strings.Contains(all, "TEMP B-TREE") || strings.Contains(all, "SCAN best") || strings.Contains(all, "SCAN rank_counts") {
			t.Errorf("%s: plan %q sorts or scans", tc.name, all)
		}
	}
}

// TestRankTreeMove checks that moving an entry in the rank tree (a new best
// of the same player) rewrites only the levels where its old and new paths
// differ (migration 0007), and leaves the tree right. total_changes counts
// the rows the triggers write too: the best row, then for each level that
// differs at most one decrement, one deletion and one upsert. Rewriting
// every level would be at least 1 + 2*12.
func TestRankTreeMove(t *testing.T) {
	db := openTemp(t)
	ctx := t.Context()
	var ids []store.PlayerID
	for i, r := range []struct {
		score int64
		ticks uint32
	}{{1000, 100}, {1000, 200}, {5, 100}} {
		p, err := db.CreatePlayer(ctx, storetest.Token(i), fmt.Sprintf("p%d", i))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddRun(ctx, storetest.RunOf(storetest.BoardOf("move", 1), p.ID, r.score, r.ticks, 0)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	var treeCheck string
	for _, c := range consistency {
		if strings.HasPrefix(c.what, "rank tree") {
			treeCheck = c.query
		}
	}
	tests := []struct {
		name   string
		set    string
		levels int // the levels whose prefix changes
	}{
		{"one more tick", "ticks = ticks + 1", 1},
		{"256 more ticks", "ticks = ticks + 256", 2},
		{"one more point", "rank_key = rank_key - 1", 5},
		{"same key", "rank_key = rank_key", 0},
		{"same board", "board_id = board_id", 0},
		// Back to the best run, which Check (at cleanup) expects.
		{"back", "rank_key = rank_key + 1, ticks = ticks - 257", 5},
	}
	for _, tc := range tests {
		var before, after int
		if err := db.w.QueryRow("SELECT total_changes()").Scan(&before); err != nil {
			t.Fatal(err)
		}
		if _, err := db.w.Exec("UPDATE best SET "+tc.set+" WHERE player_id = ?", ids[0]); err != nil {
			t.Fatal(err)
		}
		if err := db.w.QueryRow("SELECT total_changes()").Scan(&after); err != nil {
			t.Fatal(err)
		}
		if n := after - before; n < 1 || n > 1+3*tc.levels {
			t.Errorf("%s: %d rows written, want 1 to %d", tc.name, n, 1+3*tc.levels)
		}
		var wrong int
		if err := db.w.QueryRow(treeCheck).Scan(&wrong); err != nil || wrong != 0 {
			t.Errorf("%s: %d rank tree nodes wrong (%v)", tc.name, wrong, err)
		}
	}
}
