package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Check verifies the whole database: SQLite's own integrity and foreign-key
// checks, then that the derived tables agree with the runs — each player's
// best row is their best run, each board's entry count is its number of best
// rows, and each level's pot total is the sum of its runs' contributions.
// It reads everything, so it is for tests, audits and after a crash, not for
// every request. It returns nil or an error listing every problem found.
func (db *DB) Check(ctx context.Context) error {
	if err := db.check("check"); err != nil {
		return err
	}
	var problems []string
	err := db.read(ctx, func(tx *sql.Tx) error {
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
	{"levels whose pot total is not the sum of their runs", `
		SELECT count(*) FROM (
			SELECT bd.level, sum(r.pot) AS total FROM runs r JOIN boards bd ON bd.id = r.board_id GROUP BY bd.level) s
		FULL JOIN pots p ON p.level = s.level
		WHERE coalesce(s.total, 0) != coalesce(p.total, 0)`},
	{"runs with the same client id", `
		SELECT count(*) FROM (SELECT 1 FROM runs WHERE client IS NOT NULL
			GROUP BY player_id, board_id, client HAVING count(*) > 1)`},
}
