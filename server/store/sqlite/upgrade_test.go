package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/storetest"
)

// version1 creates a database at schema version 1, as the first server
// left it, with players whose keys the old FoldPseudonym computed (case
// folded only): pairs that the new key makes one name, each with a run.
func version1(t *testing.T, path string, players []string, oldKeys []string) {
	t.Helper()
	w, err := sql.Open("sqlite", path+"?"+writerParams)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	m := mustMigrations(t)[0]
	for _, q := range []string{
		m.sql,
		"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT",
		"INSERT INTO schema_migrations VALUES (1, '" + m.name + "')",
	} {
		if _, err := w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	b := storetest.BoardOf("demo", 0)
	if _, err := w.Exec("INSERT INTO boards (id, level, hash, entries) VALUES (1, 'demo', ?, 0)", b.Hash[:]); err != nil {
		t.Fatal(err)
	}
	for i, p := range players {
		tok := storetest.Token(i + 1)
		if _, err := w.Exec("INSERT INTO players (id, token_hash, pseudonym, pseudonym_key) VALUES (?, ?, ?, ?)", i+1, tok[:], p, oldKeys[i]); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Exec(`INSERT INTO runs (id, board_id, player_id, score, ticks, won, state_hash, replay, pot, at)
			VALUES (?, 1, ?, ?, 60, 1, 0, x'00', 0, 1)`, i+1, i+1, 10*(i+1)); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Exec("INSERT INTO best (board_id, player_id, run_id, rank_key, ticks, at) VALUES (1, ?, ?, ?, 60, 1)", i+1, i+1, ^(10 * (i + 1))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Exec("UPDATE boards SET entries = ?", len(players)); err != nil {
		t.Fatal(err)
	}
}

// TestUpgradeRekeysAndKeepsCollidingPlayers opens a version-1 database
// whose players "Zoé" and "Zoe", "Alice" and "Аlice" (Cyrillic А) were
// distinct under the old key and are one name under the new: both of each
// pair keep their names and runs, no new player or rename may take the
// name, and a rename to a free name frees it.
func TestUpgradeRekeysAndKeepsCollidingPlayers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "arcade.db")
	names := []string{"Zoé", "Zoe", "Alice", "\u0410lice", "Renard"}
	version1(t, path, names, []string{"zoé", "zoe", "alice", "\u0430lice", "renard"})
	ctx := context.Background()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(ctx); err != nil {
		t.Fatal(err)
	}
	// The rebuilt table is still the one runs and best reference, and the
	// writer has its foreign keys back.
	var fk int
	if err := db.w.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v after migrating", fk, err)
	}
	for _, table := range []string{"runs", "best"} {
		var parent string
		if err := db.r.QueryRow("SELECT \"table\" FROM pragma_foreign_key_list(?) WHERE \"from\" = 'player_id'", table).Scan(&parent); err != nil || parent != "players" {
			t.Errorf("%s.player_id references %q, %v", table, parent, err)
		}
	}
	if _, err := db.w.Exec(`INSERT INTO runs (board_id, player_id, score, ticks, won, state_hash, replay, pot, at)
		VALUES (1, 999, 1, 1, 1, 0, x'00', 0, 1)`); err == nil {
		t.Error("a run of a missing player was inserted")
	}
	for i, p := range names {
		var key string
		if err := db.r.QueryRow("SELECT pseudonym_key FROM players WHERE id = ?", i+1).Scan(&key); err != nil {
			t.Fatal(err)
		}
		if key != store.FoldPseudonym(p) {
			t.Errorf("player %q has key %q, want %q", p, key, store.FoldPseudonym(p))
		}
	}
	es, total, err := db.Top(ctx, storetest.BoardOf("demo", 0), 0, 10)
	if err != nil || total != len(names) || len(es) != len(names) {
		t.Fatalf("Top after upgrade: %d of %d, %v", len(es), total, err)
	}
	for _, p := range []string{"ZOÉ", "zoe", "alice", "Ａｌｉｃｅ"} {
		if _, err := db.CreatePlayer(ctx, storetest.Token(100), p); !errors.Is(err, store.ErrPseudonymTaken) {
			t.Errorf("new player %q after upgrade: %v, want ErrPseudonymTaken", p, err)
		}
	}
	// A player who shares a key cannot rename within it (the other holder
	// has it), but can rename away, which frees nothing while the other
	// holder stays.
	if err := db.SetPseudonym(ctx, 2, "ZOE"); !errors.Is(err, store.ErrPseudonymTaken) {
		t.Errorf("rename of a sharing player within the shared key: %v, want ErrPseudonymTaken", err)
	}
	if err := db.SetPseudonym(ctx, 2, "Zoé-Deux"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePlayer(ctx, storetest.Token(101), "Zoe"); !errors.Is(err, store.ErrPseudonymTaken) {
		t.Errorf("Zoe while Zoé remains: %v, want ErrPseudonymTaken", err)
	}
	if err := db.SetPseudonym(ctx, 1, "Zoé-Un"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePlayer(ctx, storetest.Token(102), "Zoe"); err != nil {
		t.Errorf("Zoe once both holders renamed: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopening changes no key.
	w, err := sql.Open("sqlite", path+"?"+writerParams)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if n, err := rekey(ctx, w); n != 0 || err != nil {
		t.Errorf("rekey after an upgrade changed %d keys, %v", n, err)
	}
}
