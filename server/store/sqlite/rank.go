package sqlite

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// The rank tree (table rank_counts, migration 0002) counts, per board, the
// entries under each prefix of their tree key: 24 hex digits, rank_key with
// its sign bit flipped (so that the unsigned order, and the text order of the
// digits, is the rank order) then ticks. Level L holds the prefixes of 2*L
// digits. Triggers on best keep it in step, so that a rank costs at most 255
// rows per level, however deep in the board, and finding the entry at a
// given rank is a walk down the levels instead of a skip over the entries
// before it.
const (
	rankLevels = 12
	// deepOffset is the offset from which Top walks the tree: below it,
	// skipping entries in the best_rank index is as cheap.
	deepOffset = 256
)

// treeKey is the tree key of a best row. It must equal the expression of
// the triggers (printf('%016x%08x', …)); TestTreeKey checks that it does.
func treeKey(key, ticks int64) string {
	return fmt.Sprintf("%016x%08x", uint64(key)^(1<<63), uint32(ticks))
}

// parseTreeKey inverts treeKey.
func parseTreeKey(s string) (key, ticks int64, err error) {
	if len(s) != 2*rankLevels {
		return 0, 0, fmt.Errorf("rank tree key %q of %d digits", s, len(s))
	}
	k, err := strconv.ParseUint(s[:16], 16, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("rank tree key %q: %w", s, err)
	}
	t, err := strconv.ParseUint(s[16:], 16, 32)
	if err != nil {
		return 0, 0, fmt.Errorf("rank tree key %q: %w", s, err)
	}
	return int64(k ^ (1 << 63)), int64(t), nil
}

var levelValues = func() string {
	var b strings.Builder
	for l := 1; l <= rankLevels; l++ {
		if l > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "(%d)", l)
	}
	return b.String()
}()

// qBefore counts the entries of board ?1 before the key (?2 its tree key,
// then rank_key, ticks, at, run_id): along the key's path in the tree, the
// counts of the siblings before it at each level — the entries with a
// smaller (rank_key, ticks) — plus the entries with the same score and ticks
// that come before it in the best_rank index.
var qBefore = `SELECT (SELECT coalesce(sum(c.n), 0) FROM (VALUES ` + levelValues + `) l
		JOIN rank_counts c ON c.board_id = ?1 AND c.level = l.column1
			AND c.prefix >= substr(?2, 1, 2 * l.column1 - 2) AND c.prefix < substr(?2, 1, 2 * l.column1))
	+ (SELECT count(*) FROM best WHERE board_id = ?1 AND rank_key = ?3 AND ticks = ?4 AND (at, run_id) < (?5, ?6))`

// qChildren lists the nodes of one level under a prefix, in rank order.
const qChildren = "SELECT prefix, n FROM rank_counts WHERE board_id = ? AND level = ? AND prefix > ? AND prefix < ? ORDER BY prefix"

// qTie is the key of the entry at an offset among those with one score and
// number of ticks.
const qTie = "SELECT at, run_id FROM best WHERE board_id = ? AND rank_key = ? AND ticks = ? ORDER BY at, run_id LIMIT 1 OFFSET ?"

// countBefore returns the number of entries of a board before key k: its rank-1.
func countBefore(ctx context.Context, q querier, board int64, k rankKey) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, qBefore, board, treeKey(k.key, k.ticks), k.key, k.ticks, k.at, k.run).Scan(&n)
	return n, err
}

// nth returns the key of the entry at index i (rank i+1) of a board, which
// must have more than i entries.
func nth(ctx context.Context, q querier, board int64, i int) (rankKey, error) {
	prefix := ""
	for level := 1; level <= rankLevels; level++ {
		next, rest, err := child(ctx, q, board, level, prefix, i)
		if err != nil {
			return rankKey{}, err
		}
		prefix, i = next, rest
	}
	var k rankKey
	var err error
	if k.key, k.ticks, err = parseTreeKey(prefix); err != nil {
		return rankKey{}, err
	}
	err = q.QueryRowContext(ctx, qTie, board, k.key, k.ticks, i).Scan(&k.at, &k.run)
	return k, err
}

// child returns the node of a level under prefix that holds index i of the
// parent's entries, and the index within it.
func child(ctx context.Context, q querier, board int64, level int, prefix string, i int) (string, int, error) {
	// Hex digits sort before 'g': prefix+"g" bounds the children.
	rows, err := q.QueryContext(ctx, qChildren, board, level, prefix, prefix+"g")
	if err != nil {
		return "", 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			return "", 0, err
		}
		if i < n {
			return p, i, nil
		}
		i -= n
	}
	if err := rows.Err(); err != nil {
		return "", 0, err
	}
	return "", 0, fmt.Errorf("rank tree of board %d: index past the entries under %q at level %d", board, prefix, level)
}
