package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/storetest"
)

// TestMigrateFromV1 writes a database of the first schema by hand — copies of
// one run by several players, repeated pot contributions, a player with more
// runs than KeepRecent, client ids — and opens it: the migration must leave
// a database that passes Check, ranks as before, keeps old runs without an
// inputs hash, recomputes the pots and drops the replays retention drops.
func TestMigrateFromV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	ctx := context.Background()
	func() {
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		ms := mustMigrations(t)
		stmts := []string{
			ms[0].sql,
			"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT",
			"INSERT INTO schema_migrations VALUES (1, '" + ms[0].name + "')",
			"INSERT INTO players (id, token_hash, pseudonym, pseudonym_key) VALUES " +
				"(1, randomblob(32), 'a', 'a'), (2, randomblob(32), 'b', 'b'), (3, randomblob(32), 'c', 'c')",
			"INSERT INTO boards (id, level, hash, entries) VALUES (1, 'tax-pot', randomblob(32), 3)",
		}
		// Player 1: eight runs, scores 1..8 (best: the last); players 2 and
		// 3: the same run (a copy) twice each, contributing 100 each time.
		id := 0
		run := func(player, score, pot int, client string) string {
			id++
			return fmt.Sprintf("INSERT INTO runs (id, board_id, player_id, score, ticks, won, state_hash, replay, pot, client, at) "+
				"VALUES (%d, 1, %d, %d, 60, 1, 0, x'0102', %d, %s, %d)", id, player, score, pot, client, id)
		}
		for i := 1; i <= 8; i++ {
			stmts = append(stmts, run(1, i, 0, fmt.Sprintf("'c%d'", i)))
		}
		for _, p := range []int{2, 3, 2, 3} {
			stmts = append(stmts, run(p, 3678, 100, "NULL"))
		}
		stmts = append(stmts,
			"INSERT INTO best VALUES (1, 1, 8, ~8, 60, 8), (1, 2, 9, ~3678, 60, 9), (1, 3, 10, ~3678, 60, 10)",
			"INSERT INTO pots VALUES ('tax-pot', 400)")
		for _, s := range stmts {
			if _, err := raw.Exec(s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}()

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(ctx); err != nil {
		t.Fatal(err)
	}
	b := store.Board{Level: "tax-pot"}
	if err := db.r.QueryRow("SELECT hash FROM boards WHERE id = 1").Scan(sliceOf(&b.Hash)); err != nil {
		t.Fatal(err)
	}
	es, total, err := db.Top(ctx, b, 0, 10)
	if err != nil || total != 3 || len(es) != 3 || es[0].Player != 2 || es[1].Player != 3 || es[2].Player != 1 || es[2].Rank != 3 {
		t.Fatalf("board after migration: %+v (%d), %v", es, total, err)
	}
	if pot, _ := db.Pot(ctx, "tax-pot"); pot != 200 {
		t.Errorf("pot %d after migration, want 200 (100 from each of 2 players)", pot)
	}
	for id := int64(1); id <= 12; id++ {
		r, err := db.Run(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		kept := id > 3 // player 1's runs 1 to 3 are neither the best nor among the last 5
		if (r.Replay != nil) != kept || r.Inputs != [32]byte{} {
			t.Errorf("run %d: replay %v, inputs %x; want the replay kept: %v, no inputs", id, r.Replay, r.Inputs, kept)
		}
	}
	// A resend of an old run, recognised by its client id alone.
	r := storetest.RunOf(b, 1, 5, 60, 0)
	r.Client = "c5"
	if a, err := db.AddRun(ctx, r); err != nil || !a.Duplicate || a.RunID != 5 {
		t.Errorf("resend of an old run: %+v, %v", a, err)
	}
	// New runs get the rules: the pot grows by improvements only.
	r = storetest.RunOf(b, 2, 1, 60, 0)
	r.Pot = 150
	if a, err := db.AddRun(ctx, r); err != nil || a.PotTotal != 250 {
		t.Errorf("new contribution: %+v, %v; want PotTotal 250", a, err)
	}
	if _, err := db.AddRun(ctx, r); err != nil {
		t.Fatal(err)
	}
	r.Player = 3
	if _, err := db.AddRun(ctx, r); !errors.Is(err, store.ErrCopied) {
		t.Errorf("copy after migration: %v", err)
	}
	if err := db.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

// sliceOf scans a blob into a 32-byte array.
func sliceOf(h *[32]byte) any { return (*blob32)(h) }

type blob32 [32]byte

func (b *blob32) Scan(v any) error {
	s, ok := v.([]byte)
	if !ok || len(s) != 32 {
		return fmt.Errorf("not a 32-byte blob: %T", v)
	}
	copy(b[:], s)
	return nil
}
