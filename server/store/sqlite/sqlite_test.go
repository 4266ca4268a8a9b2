package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/storetest"
)

// openTemp opens a new database in the test's temporary directory. After
// the test, whatever it did, the file must reopen and pass Check.
func openTemp(t testing.TB) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "arcade.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		again, err := Open(path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		defer again.Close()
		if err := again.Check(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestSettings(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	tests := []struct {
		pool  *sql.DB
		which string
		query string
		want  string
	}{
		{db.w, "writer", "PRAGMA journal_mode", "wal"},
		{db.w, "writer", "PRAGMA synchronous", "2"}, // FULL
		{db.w, "writer", "PRAGMA foreign_keys", "1"},
		{db.w, "writer", "PRAGMA busy_timeout", "10000"},
		{db.w, "writer", "PRAGMA query_only", "0"},
		{db.w, "writer", "PRAGMA application_id", "1128362595"},
		{db.r, "reader", "PRAGMA journal_mode", "wal"},
		{db.r, "reader", "PRAGMA query_only", "1"},
		{db.r, "reader", "PRAGMA foreign_keys", "1"},
	}
	for _, tc := range tests {
		var got string
		if err := tc.pool.QueryRowContext(ctx, tc.query).Scan(&got); err != nil || got != tc.want {
			t.Errorf("%s: %s = %q, %v; want %q", tc.which, tc.query, got, err, tc.want)
		}
	}
	if _, err := db.r.ExecContext(ctx, "DELETE FROM players"); err == nil {
		t.Error("a reader connection could write")
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "foreign.db")
	func() {
		db, err := sql.Open("sqlite", foreign)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec("CREATE TABLE accounts (id INTEGER)"); err != nil {
			t.Fatal(err)
		}
	}()
	notDB := filepath.Join(dir, "text.db")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a database\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want string
	}{
		{"", "no file name"},
		{":memory:", "memstore"},
		{"file:x.db?mode=memory", "plain file name"},
		{filepath.Join(dir, "a?b.db"), "may not contain"},
		{filepath.Join(dir, "missing", "x.db"), "unable to open"},
		{foreign, "not a Communs Arcade database"},
		{notDB, "not a database"},
	}
	for _, tc := range tests {
		db, err := Open(tc.path)
		if err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded", tc.path)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "sqlite: ") {
			t.Errorf("Open(%q): %v; want an error saying %q", tc.path, err, tc.want)
		}
	}
	// The refused files are left as they were.
	if b, _ := os.ReadFile(notDB); !strings.HasPrefix(string(b), "not a database") {
		t.Error("Open changed a file it refused")
	}
}

func TestReopenKeepsDataAndSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "arcade.db")
	ctx := context.Background()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePlayer(ctx, storetest.Token(1), "Zoé")
	if err != nil {
		t.Fatal(err)
	}
	b := storetest.BoardOf("tax-pot", 1)
	r := storetest.RunOf(b, p.ID, 42, 600, 0)
	r.Pot = 9
	a, err := db.AddRun(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		db, err = Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var versions int
		if err := db.r.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&versions); err != nil || versions != len(mustMigrations(t)) {
			t.Errorf("schema_migrations has %d rows, %v", versions, err)
		}
		got, err := db.Run(ctx, a.RunID)
		if err != nil || !storetest.SameRun(got, r) {
			t.Errorf("after reopening: %+v, %v", got, err)
		}
		if pot, _ := db.Pot(ctx, "tax-pot"); pot != 9 {
			t.Errorf("pot %d after reopening", pot)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func mustMigrations(t *testing.T) []migration {
	t.Helper()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "arcade.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	next := len(mustMigrations(t)) + 1
	if _, err := db.w.Exec("INSERT INTO schema_migrations (version, name) VALUES (?, 'from_the_future.sql')", next); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(path)
	if err == nil {
		db.Close()
		t.Fatal("a database from a newer server was opened")
	}
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "version") {
		t.Errorf("error %v, want ErrNewerSchema naming the versions", err)
	}
}

func TestReadMigrations(t *testing.T) {
	sqlFile := &fstest.MapFile{Data: []byte("CREATE TABLE t (x);")}
	tests := []struct {
		name  string
		files []string
		want  string // "" for success
	}{
		{"in order", []string{"0001_a.sql", "0002_b.sql", "0003_c_d.sql"}, ""},
		{"gap", []string{"0001_a.sql", "0003_c.sql"}, "want 2"},
		{"not from 1", []string{"0002_a.sql"}, "want 1"},
		{"twice the same version", []string{"0001_a.sql", "0001_b.sql"}, "want 2"},
		{"bad name", []string{"0001_a.sql", "2_b.sql"}, "NNNN_name.sql"},
		{"other file", []string{"0001_a.sql", "README"}, "NNNN_name.sql"},
		{"empty", nil, "none"},
	}
	for _, tc := range tests {
		fsys := fstest.MapFS{"m": &fstest.MapFile{Mode: 0o755 | 1<<31}}
		for _, f := range tc.files {
			fsys["m/"+f] = sqlFile
		}
		ms, err := readMigrations(fsys, "m")
		switch {
		case tc.want == "" && (err != nil || len(ms) != len(tc.files)):
			t.Errorf("%s: %d migrations, %v", tc.name, len(ms), err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
	// The embedded ones are valid.
	mustMigrations(t)
}

func TestCheckFindsProblems(t *testing.T) {
	tests := []struct {
		name, damage, want string
	}{
		{"best not the best run", "UPDATE best SET ticks = ticks + 1", "best row is not their best run"},
		{"best row missing", "DELETE FROM best WHERE player_id = 2", "best row is not their best run"},
		{"entry count", "UPDATE boards SET entries = 7", "entry count"},
		{"pot total", "UPDATE pots SET total = total + 1", "pot total"},
		{"pot of a level without runs", "INSERT INTO pots VALUES ('ghost', 3)", "pot total"},
		{"plays", "UPDATE community_levels SET plays = plays + 1", "plays"},
		{"ratings", "UPDATE community_levels SET rating_sum = 3", "rating totals"},
		{"latest version", "UPDATE community_levels SET latest = 2", "latest version"},
		{"duplicate client id", "DROP INDEX runs_client; INSERT INTO runs (board_id, player_id, score, ticks, won, state_hash, replay, pot, client, at) SELECT board_id, player_id, score - 1, ticks, won, state_hash, replay, 0, client, at FROM runs WHERE client IS NOT NULL", "same client id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "arcade.db")
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			b := storetest.BoardOf("tax-pot", 1)
			for i := range 3 {
				p, err := db.CreatePlayer(ctx, storetest.Token(i), "p"+string(rune('a'+i)))
				if err != nil {
					t.Fatal(err)
				}
				r := storetest.RunOf(b, p.ID, int64(10*i), 100, 0)
				r.Pot, r.Client = 5, "c"
				if _, err := db.AddRun(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			v := storetest.VersionOf("tax-pot", 1, 1, 0)
			v.Hash = b.Hash
			if err := db.PublishVersion(ctx, v); err != nil {
				t.Fatal(err)
			}
			if err := db.Rate(ctx, "tax-pot", 2, 4); err != nil {
				t.Fatal(err)
			}
			if err := db.Check(ctx); err != nil {
				t.Fatalf("before the damage: %v", err)
			}
			if _, err := db.w.Exec(tc.damage); err != nil {
				t.Fatal(err)
			}
			err = db.Check(ctx)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Check after %q: %v, want %q", tc.damage, err, tc.want)
			}
		})
	}
}

// TestQueryPlans checks that SQLite answers the leaderboard queries from
// the best_rank index in its order: no temporary sort and no scan of a
// board, whatever its size. A plan, unlike a duration, does not depend on
// the machine.
func TestQueryPlans(t *testing.T) {
	db := openTemp(t)
	tests := []struct {
		name, query string
		args        int
	}{
		{"top", qTop, 3},
		{"from", qFrom, 6},
		{"tie", qTie, 4},
		{"above", qAbove, 6},
		{"below", qBelow, 6},
	}
	for _, tc := range tests {
		args := make([]any, tc.args)
		for i := range args {
			args[i] = 1
		}
		rows, err := db.r.Query("EXPLAIN QUERY PLAN "+tc.query, args...)
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
		if !strings.HasPrefix(plan[0], "SEARCH ") || !strings.Contains(plan[0], "USING COVERING INDEX best_rank (board_id=?") || strings.Contains(all, "TEMP B-TREE") {
			t.Errorf("%s: plan %q, want a search of best_rank without a sort", tc.name, all)
		}
		if (tc.name == "above" || tc.name == "below" || tc.name == "from") && !strings.Contains(plan[0], "(rank_key,ticks,at,run_id)") {
			t.Errorf("%s: plan %q, want a range on (rank_key,ticks,at,run_id)", tc.name, all)
		}
	}
}
