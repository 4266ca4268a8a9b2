package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"

	"github.com/communs-arcade/arcade/server/store"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// applicationID marks a Communs Arcade database ('CArc'); migration 1 sets it.
const applicationID = 0x43417263

// ErrNewerSchema is returned (wrapped) by Open for a database that a newer
// version of the server has migrated: this binary does not know its schema
// and must not write to it.
var ErrNewerSchema = errors.New("sqlite: database schema is newer than this server")

type migration struct {
	version int
	name    string
	sql     string
}

var migrationName = regexp.MustCompile(`^([0-9]{4})_[a-z0-9_]+\.sql$`)

// migrations returns the embedded migrations in order. Their versions must
// run 1, 2, 3… without a gap: a gap would mean a lost file.
func migrations() ([]migration, error) {
	return readMigrations(migrationFS, "migrations")
}

func readMigrations(fsys fs.FS, dir string) ([]migration, error) {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("sqlite: migrations: %w", err)
	}
	var ms []migration
	for _, e := range ents { // ReadDir sorts by name
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("sqlite: migrations: %q is not named NNNN_name.sql", e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		if v != len(ms)+1 {
			return nil, fmt.Errorf("sqlite: migrations: %s has version %d, want %d", e.Name(), v, len(ms)+1)
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("sqlite: migrations: %w", err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	if len(ms) == 0 {
		return nil, errors.New("sqlite: migrations: none embedded")
	}
	return ms, nil
}

// migrate brings the schema up to date, one migration per transaction: a
// migration that fails leaves the database at the previous version, and a
// server killed in the middle of migrating resumes where it stopped.
//
// Foreign keys are off while migrating, as SQLite's procedure for changing
// a table requires (a table that others reference can only be rebuilt that
// way: see 0002), and each migration must leave no dangling reference
// (foreign_key_check) before it commits. They can only be switched outside
// a transaction, so the migrations run on one connection held for it.
func migrate(ctx context.Context, w *sql.DB) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	conn, err := w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := checkApplication(ctx, conn); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	for {
		done, err := migrateOne(ctx, conn, ms)
		if err != nil || done {
			if _, err2 := conn.ExecContext(ctx, "PRAGMA foreign_keys = ON"); err == nil {
				err = err2
			}
			if err != nil {
				// The connection may be left without foreign keys: do not
				// give it back to the pool.
				conn.Raw(func(any) error { return driver.ErrBadConn })
			}
			return err
		}
	}
}

// checkApplication refuses a file that holds some other application's
// tables: migrating it would mix our schema into theirs.
func checkApplication(ctx context.Context, w *sql.Conn) error {
	var id int64
	if err := w.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id); err != nil {
		return err
	}
	if id == applicationID {
		return nil
	}
	var tables int
	if err := w.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return err
	}
	if id != 0 || tables > 0 {
		return fmt.Errorf("not a Communs Arcade database (application id %#x, %d schema objects)", id, tables)
	}
	return nil
}

// migrateOne applies the first missing migration, if any; done reports
// that the schema is current.
func migrateOne(ctx context.Context, w *sql.Conn, ms []migration) (done bool, err error) {
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name    TEXT NOT NULL
	) STRICT`); err != nil {
		return false, fmt.Errorf("schema_migrations: %w", err)
	}
	var have int
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&have); err != nil {
		return false, fmt.Errorf("schema_migrations: %w", err)
	}
	switch {
	case have > len(ms):
		return false, fmt.Errorf("%w: the database is at version %d, this server knows up to %d", ErrNewerSchema, have, len(ms))
	case have == len(ms):
		return true, tx.Commit()
	}
	m := ms[have]
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if err := foreignKeyCheck(ctx, tx); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", m.version, m.name); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	return false, nil
}

// foreignKeyCheck fails if a row references one that does not exist, which
// a migration run without foreign keys could have left.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fkid int64
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		return fmt.Errorf("foreign key check: a row of %s (rowid %v) references a missing row of %s", table, rowid.Int64, parent)
	}
	return rows.Err()
}

// rekey recomputes every player's pseudonym_key with store.FoldPseudonym
// and updates the ones that changed, in one transaction. Open runs it after
// migrating, so that a change of the key function (new folding rules, a
// newer confusables table or Unicode version in a dependency) upgrades an
// existing database without a version number anyone must remember to
// bump. Two players whose names now share a key both keep them: only new
// names and renames are checked against the keys. It returns how many keys
// changed.
func rekey(ctx context.Context, w *sql.DB) (int, error) {
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	type change struct {
		id  int64
		key string
	}
	var changes []change
	rows, err := tx.QueryContext(ctx, "SELECT id, pseudonym, pseudonym_key FROM players")
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id int64
		var p, key string
		if err := rows.Scan(&id, &p, &key); err != nil {
			rows.Close()
			return 0, err
		}
		if k := store.FoldPseudonym(p); k != key {
			changes = append(changes, change{id, k})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(changes) == 0 {
		return 0, nil
	}
	st, err := tx.PrepareContext(ctx, "UPDATE players SET pseudonym_key = ? WHERE id = ?")
	if err != nil {
		return 0, err
	}
	defer st.Close()
	for _, c := range changes {
		if _, err := st.ExecContext(ctx, c.key, c.id); err != nil {
			return 0, err
		}
	}
	return len(changes), tx.Commit()
}
