package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/communs-arcade/arcade/server/store"
)

var _ store.Classes = (*DB)(nil)

const classColumns = "id, code, name, levels, teacher_hash, created_at, ends_at, paused, message, locked"

func scanClass(row scanner) (store.Class, error) {
	var c store.Class
	var levels, locked, hash []byte
	var created, ends int64
	if err := row.Scan(&c.ID, &c.Code, &c.Name, &levels, &hash, &created, &ends, &c.Paused, &c.Message, &locked); err != nil {
		return c, err
	}
	copy(c.TeacherHash[:], hash)
	c.CreatedAt, c.EndsAt = store.Time(created), store.Time(ends)
	var err error
	if c.Levels, err = decodeList(levels); err != nil {
		return c, err
	}
	c.Locked, err = decodeList(locked)
	return c, err
}

// CreateClass implements store.Classes.
func (db *DB) CreateClass(ctx context.Context, c store.Class) (store.Class, error) {
	if err := store.CheckClass(c); err != nil {
		return store.Class{}, fmt.Errorf("sqlite: create class: %w", err)
	}
	if err := db.check("create class"); err != nil {
		return store.Class{}, err
	}
	c.CreatedAt, c.EndsAt = store.Time(c.CreatedAt.UnixNano()), store.Time(c.EndsAt.UnixNano())
	c.Levels = slices.Clone(c.Levels)
	c.Locked = slices.Sorted(slices.Values(c.Locked))
	if len(c.Locked) == 0 {
		c.Locked = nil
	}
	err := db.write(ctx, func(tx *txn) error {
		if found, err := exists(ctx, tx, "SELECT 1 FROM classes WHERE code = ?", c.Code); err != nil || found {
			return errOr(err, store.ErrCodeTaken)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO classes (code, name, levels, teacher_hash, created_at, ends_at, paused, message, locked)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.Code, c.Name, encodeList(c.Levels), c.TeacherHash[:],
			c.CreatedAt.UnixNano(), c.EndsAt.UnixNano(), c.Paused, c.Message, encodeList(c.Locked))
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		c.ID = store.ClassID(id)
		return err
	})
	if err != nil {
		return store.Class{}, fmt.Errorf("sqlite: create class %s: %w", c.Code, err)
	}
	return c, nil
}

// ClassByCode implements store.Classes.
func (db *DB) ClassByCode(ctx context.Context, code string) (store.Class, error) {
	if err := db.check("class by code"); err != nil {
		return store.Class{}, err
	}
	var c store.Class
	err := db.read(ctx, func(tx *txn) (err error) {
		c, err = scanClass(tx.QueryRowContext(ctx, "SELECT "+classColumns+" FROM classes WHERE code = ?", code))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.Class{}, fmt.Errorf("sqlite: class %q: %w", code, err)
	}
	return c, nil
}

// ClassByID implements store.Classes.
func (db *DB) ClassByID(ctx context.Context, id store.ClassID) (store.Class, error) {
	if err := db.check("class by id"); err != nil {
		return store.Class{}, err
	}
	var c store.Class
	err := db.read(ctx, func(tx *txn) (err error) {
		c, err = classIn(ctx, tx, id)
		return err
	})
	if err != nil {
		return store.Class{}, fmt.Errorf("sqlite: class %d: %w", id, err)
	}
	return c, nil
}

// classIn reads a class inside a transaction.
func classIn(ctx context.Context, q querier, id store.ClassID) (store.Class, error) {
	c, err := scanClass(q.QueryRowContext(ctx, "SELECT "+classColumns+" FROM classes WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	return c, err
}

// updated turns "no row changed" into ErrNotFound.
func updated(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errOr(err, store.ErrNotFound)
	}
	return nil
}

// PauseClass implements store.Classes.
func (db *DB) PauseClass(ctx context.Context, id store.ClassID, paused bool, message string) error {
	if err := store.CheckPauseMessage(message); err != nil {
		return fmt.Errorf("sqlite: pause class: %w", err)
	}
	if err := db.check("pause class"); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *txn) error {
		return updated(tx.ExecContext(ctx, "UPDATE classes SET paused = ?, message = ? WHERE id = ?", paused, message, id))
	})
	if err != nil {
		return fmt.Errorf("sqlite: pause class %d: %w", id, err)
	}
	return nil
}

// LockLevel implements store.Classes.
func (db *DB) LockLevel(ctx context.Context, id store.ClassID, level string, locked bool) error {
	if err := db.check("lock level"); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *txn) error {
		c, err := classIn(ctx, tx, id)
		if err != nil {
			return err
		}
		if !slices.Contains(c.Levels, level) {
			return store.ErrNotFound
		}
		l := slices.DeleteFunc(c.Locked, func(l string) bool { return l == level })
		if locked {
			l = append(l, level)
			slices.Sort(l)
		}
		_, err = tx.ExecContext(ctx, "UPDATE classes SET locked = ? WHERE id = ?", encodeList(l), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: lock level %q of class %d: %w", level, id, err)
	}
	return nil
}

// EndClass implements store.Classes.
func (db *DB) EndClass(ctx context.Context, id store.ClassID, at time.Time) error {
	if err := db.check("end class"); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *txn) error {
		return updated(tx.ExecContext(ctx, "UPDATE classes SET ends_at = min(ends_at, ?) WHERE id = ?", at.UnixNano(), id))
	})
	if err != nil {
		return fmt.Errorf("sqlite: end class %d: %w", id, err)
	}
	return nil
}

const pupilColumns = "id, class_id, pseudonym, picture_hash, coalesce(player_id, 0), joined_at, last_progress_at"

func scanPupil(row scanner) (store.Pupil, error) {
	var p store.Pupil
	var hash []byte
	var joined, last int64
	if err := row.Scan(&p.ID, &p.Class, &p.Pseudonym, &hash, &p.Player, &joined, &last); err != nil {
		return p, err
	}
	copy(p.PictureHash[:], hash)
	p.JoinedAt = store.Time(joined)
	if last != 0 {
		p.LastProgressAt = store.Time(last)
	}
	return p, nil
}

// JoinClass implements store.Classes.
func (db *DB) JoinClass(ctx context.Context, p store.Pupil, max int) (store.Pupil, error) {
	if err := store.CheckPseudonym(p.Pseudonym); err != nil {
		return store.Pupil{}, fmt.Errorf("sqlite: join class: %w", err)
	}
	if err := db.check("join class"); err != nil {
		return store.Pupil{}, err
	}
	p.JoinedAt, p.LastProgressAt = store.Stamp(p.JoinedAt), time.Time{}
	key := store.FoldPseudonym(p.Pseudonym)
	err := db.write(ctx, func(tx *txn) error {
		if found, err := exists(ctx, tx, "SELECT 1 FROM classes WHERE id = ?", p.Class); err != nil || !found {
			return errOr(err, store.ErrNotFound)
		}
		if found, err := exists(ctx, tx, "SELECT 1 FROM class_pupils WHERE class_id = ? AND pseudonym_key = ?", p.Class, key); err != nil || found {
			return errOr(err, store.ErrPseudonymTaken)
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM class_pupils WHERE class_id = ?", p.Class).Scan(&n); err != nil {
			return err
		}
		if n >= max {
			return store.ErrClassFull
		}
		var player any
		if p.Player != 0 {
			player = p.Player
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO class_pupils (class_id, pseudonym, pseudonym_key, picture_hash, player_id, joined_at)
			VALUES (?, ?, ?, ?, ?, ?)`, p.Class, p.Pseudonym, key, p.PictureHash[:], player, p.JoinedAt.UnixNano())
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		p.ID = store.PupilID(id)
		return err
	})
	if err != nil {
		return store.Pupil{}, fmt.Errorf("sqlite: join class %d as %q: %w", p.Class, p.Pseudonym, err)
	}
	return p, nil
}

// PupilByPseudonym implements store.Classes.
func (db *DB) PupilByPseudonym(ctx context.Context, class store.ClassID, pseudonym string) (store.Pupil, error) {
	if err := db.check("pupil by pseudonym"); err != nil {
		return store.Pupil{}, err
	}
	var p store.Pupil
	err := db.read(ctx, func(tx *txn) (err error) {
		p, err = scanPupil(tx.QueryRowContext(ctx, "SELECT "+pupilColumns+" FROM class_pupils WHERE class_id = ? AND pseudonym_key = ?",
			class, store.FoldPseudonym(pseudonym)))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.Pupil{}, fmt.Errorf("sqlite: pupil %q of class %d: %w", pseudonym, class, err)
	}
	return p, nil
}

// SetPupilPlayer implements store.Classes.
func (db *DB) SetPupilPlayer(ctx context.Context, class store.ClassID, pupil store.PupilID, player store.PlayerID) error {
	if err := db.check("set pupil player"); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *txn) error {
		if found, err := exists(ctx, tx, "SELECT 1 FROM players WHERE id = ?", player); err != nil || !found {
			return errOr(err, store.ErrNotFound)
		}
		return updated(tx.ExecContext(ctx, "UPDATE class_pupils SET player_id = ? WHERE id = ? AND class_id = ?", player, pupil, class))
	})
	if err != nil {
		return fmt.Errorf("sqlite: set player of pupil %d: %w", pupil, err)
	}
	return nil
}

// PupilsOfPlayer implements store.Classes.
func (db *DB) PupilsOfPlayer(ctx context.Context, player store.PlayerID) ([]store.Pupil, error) {
	if err := db.check("pupils of player"); err != nil {
		return nil, err
	}
	var out []store.Pupil
	err := db.read(ctx, func(tx *txn) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+pupilColumns+" FROM class_pupils WHERE player_id = ? ORDER BY id", player)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPupil(rows)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: pupils of player %d: %w", player, err)
	}
	return out, nil
}

// RenamePupil implements store.Classes.
func (db *DB) RenamePupil(ctx context.Context, class store.ClassID, pupil store.PupilID, pseudonym string) error {
	if err := store.CheckPseudonym(pseudonym); err != nil {
		return fmt.Errorf("sqlite: rename pupil: %w", err)
	}
	if err := db.check("rename pupil"); err != nil {
		return err
	}
	key := store.FoldPseudonym(pseudonym)
	err := db.write(ctx, func(tx *txn) error {
		if found, err := exists(ctx, tx, "SELECT 1 FROM class_pupils WHERE id = ? AND class_id = ?", pupil, class); err != nil || !found {
			return errOr(err, store.ErrNotFound)
		}
		if found, err := exists(ctx, tx, "SELECT 1 FROM class_pupils WHERE class_id = ? AND pseudonym_key = ? AND id != ?", class, key, pupil); err != nil || found {
			return errOr(err, store.ErrPseudonymTaken)
		}
		_, err := tx.ExecContext(ctx, "UPDATE class_pupils SET pseudonym = ?, pseudonym_key = ? WHERE id = ?", pseudonym, key, pupil)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: rename pupil %d to %q: %w", pupil, pseudonym, err)
	}
	return nil
}

// deletePupils deletes the pupils a WHERE clause of class_pupils selects,
// with their progress and answers, and counts what it deleted.
func deletePupils(ctx context.Context, tx *txn, where string, args ...any) (store.Expired, error) {
	var ex store.Expired
	sel := "SELECT id FROM class_pupils WHERE " + where
	for _, d := range []struct {
		table string
		n     *int
	}{{"class_answers", &ex.Answers}, {"class_progress", &ex.Progress}} {
		res, err := tx.ExecContext(ctx, "DELETE FROM "+d.table+" WHERE pupil_id IN ("+sel+")", args...)
		if err != nil {
			return ex, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return ex, err
		}
		*d.n = int(n)
	}
	res, err := tx.ExecContext(ctx, "DELETE FROM class_pupils WHERE "+where, args...)
	if err != nil {
		return ex, err
	}
	n, err := res.RowsAffected()
	ex.Pupils = int(n)
	return ex, err
}

// RemovePupil implements store.Classes.
func (db *DB) RemovePupil(ctx context.Context, class store.ClassID, pupil store.PupilID) error {
	if err := db.check("remove pupil"); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *txn) error {
		ex, err := deletePupils(ctx, tx, "id = ? AND class_id = ?", pupil, class)
		if err == nil && ex.Pupils == 0 {
			err = store.ErrNotFound
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: remove pupil %d of class %d: %w", pupil, class, err)
	}
	return nil
}

// pupilLevel checks inside a transaction that a pupil is of the class and
// the level too.
func pupilLevel(ctx context.Context, tx *txn, class store.ClassID, pupil store.PupilID, level string) error {
	c, err := classIn(ctx, tx, class)
	if err != nil {
		return err
	}
	if !slices.Contains(c.Levels, level) {
		return store.ErrNotFound
	}
	if found, err := exists(ctx, tx, "SELECT 1 FROM class_pupils WHERE id = ? AND class_id = ?", pupil, class); err != nil || !found {
		return errOr(err, store.ErrNotFound)
	}
	return nil
}

// StartLevel implements store.Classes.
func (db *DB) StartLevel(ctx context.Context, class store.ClassID, pupil store.PupilID, level string, at time.Time) error {
	if err := db.check("start level"); err != nil {
		return err
	}
	at = store.Stamp(at)
	err := db.write(ctx, func(tx *txn) error {
		if err := pupilLevel(ctx, tx, class, pupil, level); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO class_progress (pupil_id, level, status, best, attempts) VALUES (?, ?, 'playing', 0, 0)
			ON CONFLICT DO UPDATE SET status = iif(status = 'won', 'won', 'playing')`, pupil, level); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE class_pupils SET last_progress_at = ? WHERE id = ?", at.UnixNano(), pupil)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: start level %q for pupil %d: %w", level, pupil, err)
	}
	return nil
}

// RecordClassRun implements store.Classes.
func (db *DB) RecordClassRun(ctx context.Context, r store.ClassRun) error {
	if err := store.CheckClassRun(r); err != nil {
		return fmt.Errorf("sqlite: record class run: %w", err)
	}
	if err := db.check("record class run"); err != nil {
		return err
	}
	status := store.StatusLost
	if r.Won {
		status = store.StatusWon
	}
	err := db.write(ctx, func(tx *txn) error {
		if err := pupilLevel(ctx, tx, r.Class, r.Pupil, r.Level); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO class_progress (pupil_id, level, status, best, attempts) VALUES (?1, ?2, ?3, ?4, 1)
			ON CONFLICT DO UPDATE SET status = iif(status = 'won', 'won', ?3),
				best = iif(attempts = 0, ?4, max(best, ?4)), attempts = attempts + 1`,
			r.Pupil, r.Level, string(status), r.Score); err != nil {
			return err
		}
		for _, a := range r.Answers {
			if _, err := tx.ExecContext(ctx, `INSERT INTO class_answers (pupil_id, level, question, choice, correct, n) VALUES (?, ?, ?, ?, ?, 1)
				ON CONFLICT DO UPDATE SET n = n + 1`, r.Pupil, r.Level, a.Question, a.Choice, a.Right); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE class_pupils SET last_progress_at = ? WHERE id = ?", r.At.UnixNano(), r.Pupil)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: record class run of pupil %d on %q: %w", r.Pupil, r.Level, err)
	}
	return nil
}

// ClassProgress implements store.Classes.
func (db *DB) ClassProgress(ctx context.Context, class store.ClassID) (store.Progress, error) {
	if err := db.check("class progress"); err != nil {
		return store.Progress{}, err
	}
	var out store.Progress
	err := db.read(ctx, func(tx *txn) error {
		c, err := classIn(ctx, tx, class)
		if err != nil {
			return err
		}
		out = store.Progress{}
		rows, err := tx.QueryContext(ctx, "SELECT "+pupilColumns+" FROM class_pupils WHERE class_id = ? ORDER BY id", class)
		if err != nil {
			return err
		}
		index := map[store.PupilID]int{}
		for rows.Next() {
			p, err := scanPupil(rows)
			if err != nil {
				rows.Close()
				return err
			}
			pp := store.PupilProgress{Pupil: p, Levels: make(map[string]store.LevelProgress, len(c.Levels))}
			for _, l := range c.Levels {
				pp.Levels[l] = store.LevelProgress{Status: store.StatusNotStarted}
			}
			index[p.ID] = len(out.Pupils)
			out.Pupils = append(out.Pupils, pp)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT g.pupil_id, g.level, g.status, g.best, g.attempts FROM class_progress g
			JOIN class_pupils p ON p.id = g.pupil_id WHERE p.class_id = ?`, class)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id store.PupilID
			var level string
			var lp store.LevelProgress
			if err := rows.Scan(&id, &level, &lp.Status, &lp.Best, &lp.Attempts); err != nil {
				rows.Close()
				return err
			}
			if i, ok := index[id]; ok && slices.Contains(c.Levels, level) {
				out.Pupils[i].Levels[level] = lp
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT a.level, a.question, a.choice, a.correct, sum(a.n) FROM class_answers a
			JOIN class_pupils p ON p.id = a.pupil_id WHERE p.class_id = ?
			GROUP BY a.level, a.question, a.choice, a.correct ORDER BY a.level, a.question, a.choice`, class)
		if err != nil {
			return err
		}
		defer rows.Close()
		var counts []store.QuizCount
		for rows.Next() {
			var q store.QuizCount
			if err := rows.Scan(&q.Level, &q.Question, &q.Choice, &q.Right, &q.N); err != nil {
				return err
			}
			counts = append(counts, q)
		}
		out.Quiz = store.FoldQuiz(c.Levels, counts)
		return rows.Err()
	})
	if err != nil {
		return store.Progress{}, fmt.Errorf("sqlite: progress of class %d: %w", class, err)
	}
	return out, nil
}

// DeleteExpiredClasses implements store.Classes.
func (db *DB) DeleteExpiredClasses(ctx context.Context, now time.Time, keep time.Duration) (store.Expired, error) {
	if err := db.check("delete expired classes"); err != nil {
		return store.Expired{}, err
	}
	cut := now.Add(-keep).UnixNano()
	var ex store.Expired
	err := db.write(ctx, func(tx *txn) error {
		var err error
		ex, err = deletePupils(ctx, tx, "class_id IN (SELECT id FROM classes WHERE ends_at <= ?)", cut)
		if err != nil {
			return err
		}
		if ex.Levels, err = deleteClassLevels(ctx, tx, cut); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM classes WHERE ends_at <= ?", cut)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		ex.Classes = int(n)
		return err
	})
	if err != nil {
		return store.Expired{}, fmt.Errorf("sqlite: delete expired classes: %w", err)
	}
	return ex, nil
}
