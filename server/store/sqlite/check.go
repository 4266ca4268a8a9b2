package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/communs-arcade/arcade/server/store"
)

// Check verifies the whole database: SQLite's own integrity and foreign-key
// checks, then that the derived tables agree with the runs — each player's
// best row is their best run, each board's entry count is its number of best
// rows and its rank tree counts its best rows, each level's pot total is the
// sum of its players' best contributions, and replays are kept exactly as
// store.KeepRecent says; and that each community level's plays, rating
// totals and latest version agree with its runs, ratings and versions.
// It reads everything, so it is for tests, audits and after a crash, not for
// every request. It returns nil or an error listing every problem found.
func (db *DB) Check(ctx context.Context) error {
	if err := db.check("check"); err != nil {
		return err
	}
	var problems []string
	err := db.read(ctx, func(tx *txn) error {
		rows, err := tx.QueryContext(ctx, "PRAGMA integrity_check")
		if err != nil {
			return err
		}
		var lines []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			lines = append(lines, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(lines) != 1 || lines[0] != "ok" {
			problems = append(problems, "integrity_check: "+strings.Join(lines, "; "))
		}
		for _, c := range consistency {
			var n int
			if err := tx.QueryRowContext(ctx, c.query).Scan(&n); err != nil {
				return fmt.Errorf("%s: %w", c.what, err)
			}
			if n != 0 {
				problems = append(problems, fmt.Sprintf("%d %s", n, c.what))
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: check %s: %w", db.path, err)
	}
	if problems != nil {
		return fmt.Errorf("sqlite: check %s: %w", db.path, errors.New(strings.Join(problems, ", ")))
	}
	return nil
}

// consistency are queries that count rows breaking one rule.
var consistency = []struct {
	what, query string
}{
	{"foreign key violations", "SELECT count(*) FROM pragma_foreign_key_check"},
	{"players whose best row is not their best run", `
		SELECT count(*) FROM (
			SELECT board_id, player_id, id, ~score AS rank_key, ticks, at,
				row_number() OVER (PARTITION BY board_id, player_id ORDER BY ~score, ticks, at, id) AS n
			FROM runs) r
		LEFT JOIN best b ON b.board_id = r.board_id AND b.player_id = r.player_id
		WHERE r.n = 1 AND (b.run_id IS NOT r.id OR b.rank_key IS NOT r.rank_key OR b.ticks IS NOT r.ticks OR b.at IS NOT r.at)`},
	{"best rows of another board or player than their run's", `
		SELECT count(*) FROM best b JOIN runs r ON r.id = b.run_id
		WHERE r.board_id != b.board_id OR r.player_id != b.player_id`},
	{"boards whose entry count is wrong", `
		SELECT count(*) FROM boards bd
		WHERE bd.entries != (SELECT count(*) FROM best b WHERE b.board_id = bd.id)`},
	{"levels whose pot total is not the sum of their players' best contributions", `
		SELECT count(*) FROM (SELECT level, sum(best) AS total FROM pot_players GROUP BY level) s
		FULL JOIN pots p ON p.level = s.level
		WHERE coalesce(s.total, 0) != coalesce(p.total, 0)`},
	{"players whose best pot contribution is not their best run's", `
		SELECT count(*) FROM (
			SELECT bd.level, r.player_id, max(r.pot) AS best FROM runs r JOIN boards bd ON bd.id = r.board_id
			GROUP BY bd.level, r.player_id HAVING max(r.pot) > 0) s
		FULL JOIN pot_players p ON p.level = s.level AND p.player_id = s.player_id
		WHERE s.best IS NOT p.best`},
	{"runs whose replay is kept or dropped against the retention rule", `
		SELECT count(*) FROM (
			SELECT id, length(replay) > 0 AS kept,
				row_number() OVER (PARTITION BY board_id, player_id ORDER BY id DESC) AS n FROM runs) r
		WHERE r.kept != (r.n <= ` + strconv.Itoa(store.KeepRecent) + ` OR r.id IN (SELECT run_id FROM best))`},
	{"rank tree nodes whose count is wrong", `
		SELECT count(*) FROM (
			SELECT b.board_id, l.column1 AS level, substr(printf('%016x%08x',
				CASE WHEN b.rank_key < 0 THEN b.rank_key + 9223372036854775807 + 1 ELSE b.rank_key - 9223372036854775807 - 1 END,
				b.ticks), 1, 2 * l.column1) AS prefix, count(*) AS n
			FROM best b, (VALUES ` + levelValues + `) l GROUP BY 1, 2, 3) s
		FULL JOIN rank_counts c ON c.board_id = s.board_id AND c.level = s.level AND c.prefix = s.prefix
		WHERE s.n IS NOT c.n`},
	{"community levels whose plays are not the runs on their boards", `
		SELECT count(*) FROM community_levels l
		WHERE l.plays != (SELECT count(*) FROM runs r JOIN boards bd ON bd.id = r.board_id WHERE bd.level = l.id)`},
	{"community levels whose rating totals are not their ratings'", `
		SELECT count(*) FROM community_levels l
		WHERE (l.ratings, l.rating_sum) IS NOT (SELECT count(*), coalesce(sum(stars), 0) FROM community_ratings WHERE level = l.id)`},
	{"community levels whose latest version is not their highest", `
		SELECT count(*) FROM community_levels l
		WHERE l.latest IS NOT (SELECT max(version) FROM community_versions WHERE level = l.id)`},
	{"runs with the same client id", `
		SELECT count(*) FROM (SELECT 1 FROM runs WHERE client IS NOT NULL
			GROUP BY player_id, board_id, client HAVING count(*) > 1)`},
}
