package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"

	"github.com/communs-arcade/arcade/server/store"
)

// querier is what *sql.Tx and *sql.DB have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// PlayerByToken implements store.Store.
func (db *DB) PlayerByToken(ctx context.Context, token [store.TokenHashSize]byte) (store.Player, error) {
	if err := db.check("player by token"); err != nil {
		return store.Player{}, err
	}
	defer db.rc.fill(ctx) // once the connection is released
	p := store.Player{TokenHash: token}
	err := pool{db.rc}.QueryRowContext(ctx, "SELECT id, pseudonym FROM players WHERE token_hash = ?", token[:]).Scan(&p.ID, &p.Pseudonym)
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.Player{}, fmt.Errorf("sqlite: player by token: %w", err)
	}
	return p, nil
}

// CreatePlayer implements store.Store.
func (db *DB) CreatePlayer(ctx context.Context, token [store.TokenHashSize]byte, pseudonym string) (store.Player, error) {
	if err := store.CheckPseudonym(pseudonym); err != nil {
		return store.Player{}, fmt.Errorf("sqlite: create player: %w", err)
	}
	if err := db.check("create player"); err != nil {
		return store.Player{}, err
	}
	var p store.Player
	err := db.write(ctx, func(tx *txn) (err error) {
		p, err = createPlayer(ctx, tx, token, pseudonym)
		return err
	})
	if err != nil {
		return store.Player{}, fmt.Errorf("sqlite: create player %q: %w", pseudonym, err)
	}
	return p, nil
}

// createPlayer does CreatePlayer's work inside the writer's transaction.
func createPlayer(ctx context.Context, tx *txn, token [store.TokenHashSize]byte, pseudonym string) (store.Player, error) {
	key := store.FoldPseudonym(pseudonym)
	// Writes are serialised, so checking then inserting cannot race; the
	// UNIQUE constraints stay as the last word.
	if found, err := exists(ctx, tx, "SELECT 1 FROM players WHERE token_hash = ?", token[:]); err != nil || found {
		return store.Player{}, errOr(err, store.ErrTokenTaken)
	}
	if found, err := exists(ctx, tx, "SELECT 1 FROM players WHERE pseudonym_key = ?", key); err != nil || found {
		return store.Player{}, errOr(err, store.ErrPseudonymTaken)
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO players (token_hash, pseudonym, pseudonym_key) VALUES (?, ?, ?)",
		token[:], pseudonym, key)
	if err != nil {
		return store.Player{}, err
	}
	id, err := res.LastInsertId()
	return store.Player{ID: store.PlayerID(id), TokenHash: token, Pseudonym: pseudonym}, err
}

// SetPseudonym implements store.Store.
func (db *DB) SetPseudonym(ctx context.Context, id store.PlayerID, pseudonym string) error {
	if err := store.CheckPseudonym(pseudonym); err != nil {
		return fmt.Errorf("sqlite: set pseudonym: %w", err)
	}
	if err := db.check("set pseudonym"); err != nil {
		return err
	}
	key := store.FoldPseudonym(pseudonym)
	err := db.write(ctx, func(tx *txn) error {
		if found, err := exists(ctx, tx, "SELECT 1 FROM players WHERE pseudonym_key = ? AND id != ?", key, id); err != nil || found {
			return errOr(err, store.ErrPseudonymTaken)
		}
		res, err := tx.ExecContext(ctx, "UPDATE players SET pseudonym = ?, pseudonym_key = ? WHERE id = ?", pseudonym, key, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errOr(err, store.ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: set pseudonym of player %d to %q: %w", id, pseudonym, err)
	}
	return nil
}

// exists reports whether a query returns a row.
func exists(ctx context.Context, q querier, query string, args ...any) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// errOr returns err if there is one, else the sentinel.
func errOr(err, sentinel error) error {
	if err != nil {
		return err
	}
	return sentinel
}

// rankKey is the rank order of a best row, ascending in every field.
type rankKey struct {
	key   int64 // ^score
	ticks int64
	at    int64
	run   int64
}

func (a rankKey) before(b rankKey) bool {
	switch {
	case a.key != b.key:
		return a.key < b.key
	case a.ticks != b.ticks:
		return a.ticks < b.ticks
	case a.at != b.at:
		return a.at < b.at
	}
	return a.run < b.run
}

// AddRun implements store.Store.
func (db *DB) AddRun(ctx context.Context, r store.Run) (store.Added, error) {
	if err := store.CheckRun(r); err != nil {
		return store.Added{}, fmt.Errorf("sqlite: add run: %w", err)
	}
	db.adding.RLock()
	defer db.adding.RUnlock()
	if err := db.check("add run"); err != nil {
		return store.Added{}, err
	}
	// Committed with the runs of other callers (group.go).
	a, board, err := db.commitRun(ctx, r)
	if err != nil {
		return store.Added{}, fmt.Errorf("sqlite: add run of player %d on %s: %w", r.Player, r.Board.Level, err)
	}
	// The run is committed. Its best entry's rank is counted on a reader,
	// outside the writer's transaction: the count steps through every
	// entry above it (milliseconds at the bottom of a large board), and
	// other submissions need not wait for that. The caller's context no
	// longer matters: the run is stored and the caller must hear it.
	rctx := context.WithoutCancel(ctx)
	err = db.read(rctx, func(tx *txn) (err error) {
		a.Best, err = entry(rctx, tx, board, r.Player)
		return err
	})
	if err != nil {
		return a, fmt.Errorf("sqlite: run %d of player %d is stored, but reading its rank failed: %w", a.RunID, r.Player, err)
	}
	return a, nil
}

// addRun does AddRun's work inside the writer's transaction tx, all but
// Added.Best; it returns the board's id.
func addRun(ctx context.Context, tx *txn, r store.Run) (store.Added, int64, error) {
	if found, err := exists(ctx, tx, "SELECT 1 FROM players WHERE id = ?", r.Player); err != nil || !found {
		return store.Added{}, 0, errOr(err, store.ErrNotFound)
	}
	board, err := boardID(ctx, tx, r.Board)
	if err != nil {
		return store.Added{}, 0, err
	}
	total, err := potTotal(ctx, tx, r.Board.Level)
	if err != nil {
		return store.Added{}, 0, err
	}
	// The same inputs on this board: a resend, or a copy.
	var id int64
	var player store.PlayerID
	err = tx.QueryRowContext(ctx, "SELECT id, player_id FROM runs WHERE board_id = ? AND inputs = ?", board, r.Inputs[:]).Scan(&id, &player)
	switch {
	case err == nil && player != r.Player:
		return store.Added{}, 0, store.ErrCopied
	case err == nil:
		return store.Added{RunID: id, Duplicate: true, PotTotal: total}, board, nil
	case !errors.Is(err, sql.ErrNoRows):
		return store.Added{}, 0, err
	}
	if r.Client != "" {
		var inputs []byte
		err := tx.QueryRowContext(ctx, "SELECT id, inputs FROM runs WHERE player_id = ? AND board_id = ? AND client = ?",
			r.Player, board, r.Client).Scan(&id, &inputs)
		switch {
		case err == nil && inputs == nil:
			// Stored before runs had an inputs hash: the client id is
			// all there is to recognise a resend by, as then.
			return store.Added{RunID: id, Duplicate: true, PotTotal: total}, board, nil
		case err == nil:
			return store.Added{}, 0, store.ErrClientReused
		case !errors.Is(err, sql.ErrNoRows):
			return store.Added{}, 0, err
		}
	}
	var potBest int64 // 0 when the player has not contributed yet
	if r.Pot > 0 {
		err := tx.QueryRowContext(ctx, "SELECT best FROM pot_players WHERE level = ? AND player_id = ?", r.Board.Level, r.Player).Scan(&potBest)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return store.Added{}, 0, err
		}
	}
	gain := max(0, r.Pot-potBest) // potBest >= 0: no overflow
	if total > math.MaxInt64-gain {
		return store.Added{}, 0, fmt.Errorf("the pot total of %q would overflow", r.Board.Level)
	}

	at := r.At.UnixNano()
	res, err := tx.ExecContext(ctx, `INSERT INTO runs (board_id, player_id, score, ticks, won, state_hash, replay, pot, client, at, inputs)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		board, r.Player, r.Score, int64(r.Ticks), r.Won, int64(r.StateHash), r.Replay, r.Pot,
		sql.NullString{String: r.Client, Valid: r.Client != ""}, at, r.Inputs[:])
	if err != nil {
		return store.Added{}, 0, err
	}
	if id, err = res.LastInsertId(); err != nil {
		return store.Added{}, 0, err
	}

	// The best row; the triggers of best update the rank tree.
	nk := rankKey{^r.Score, int64(r.Ticks), at, id}
	var ok rankKey
	err = tx.QueryRowContext(ctx, "SELECT rank_key, ticks, at, run_id FROM best WHERE board_id = ? AND player_id = ?",
		board, r.Player).Scan(&ok.key, &ok.ticks, &ok.at, &ok.run)
	had := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return store.Added{}, 0, err
	}
	newBest := !had || nk.before(ok)
	switch {
	case !had:
		if _, err := tx.ExecContext(ctx, "INSERT INTO best (board_id, player_id, run_id, rank_key, ticks, at) VALUES (?, ?, ?, ?, ?, ?)",
			board, r.Player, id, nk.key, nk.ticks, nk.at); err != nil {
			return store.Added{}, 0, err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE boards SET entries = entries + 1 WHERE id = ?", board); err != nil {
			return store.Added{}, 0, err
		}
	case newBest:
		if _, err := tx.ExecContext(ctx, "UPDATE best SET run_id = ?, rank_key = ?, ticks = ?, at = ? WHERE board_id = ? AND player_id = ?",
			id, nk.key, nk.ticks, nk.at, board, r.Player); err != nil {
			return store.Added{}, 0, err
		}
	}
	if gain > 0 {
		total += gain
		if _, err := tx.ExecContext(ctx, "INSERT INTO pots (level, total) VALUES (?, ?) ON CONFLICT (level) DO UPDATE SET total = excluded.total",
			r.Board.Level, total); err != nil {
			return store.Added{}, 0, err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO pot_players (level, player_id, best) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET best = excluded.best",
			r.Board.Level, r.Player, r.Pot); err != nil {
			return store.Added{}, 0, err
		}
	}
	best := ok.run
	if newBest {
		best = id
	}
	if err := retain(ctx, tx, board, r.Player, best, ok.run, newBest && had); err != nil {
		return store.Added{}, 0, err
	}
	return store.Added{RunID: id, NewBest: newBest, PotTotal: total, PotAdded: gain}, board, nil
}

// retain drops the replays that store.KeepRecent no longer keeps once a run
// is added: a run keeps its replay while it is its player's best on the
// board or among their last KeepRecent there. Adding a run changes that for
// two runs at most: the one it pushes out of the last KeepRecent, and the
// previous best when the run replaced it (oldBest, when replaced is true).
// Both are dropped unless still kept for the other reason, so the rule holds
// after every run without looking at the others (Check verifies it).
func retain(ctx context.Context, tx *txn, board int64, player store.PlayerID, best, oldBest int64, replaced bool) error {
	var out int64 // the newest run no longer among the last KeepRecent
	err := tx.QueryRowContext(ctx, "SELECT id FROM runs WHERE board_id = ? AND player_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?",
		board, player, store.KeepRecent).Scan(&out)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // fewer runs than that: all are kept
	}
	if err != nil {
		return err
	}
	const drop = "UPDATE runs SET replay = x'' WHERE id = ? AND length(replay) > 0"
	if out != best {
		if _, err := tx.ExecContext(ctx, drop, out); err != nil {
			return err
		}
	}
	if replaced && oldBest < out { // (oldBest == out was dropped above)
		if _, err := tx.ExecContext(ctx, drop, oldBest); err != nil {
			return err
		}
	}
	return nil
}

// boardID returns a board's id, creating the board on its first run.
func boardID(ctx context.Context, tx *txn, b store.Board) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM boards WHERE level = ? AND hash = ?", b.Level, b.Hash[:]).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO boards (level, hash) VALUES (?, ?)", b.Level, b.Hash[:])
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func potTotal(ctx context.Context, q querier, level string) (int64, error) {
	var total int64
	err := q.QueryRowContext(ctx, "SELECT total FROM pots WHERE level = ?", level).Scan(&total)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return total, err
}

// findBoard returns a board's id and number of entries; ok is false for a
// board without runs.
func findBoard(ctx context.Context, q querier, b store.Board) (id int64, entries int, ok bool, err error) {
	err = q.QueryRowContext(ctx, "SELECT id, entries FROM boards WHERE level = ? AND hash = ?", b.Level, b.Hash[:]).Scan(&id, &entries)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, false, nil
	}
	return id, entries, err == nil, err
}

// The leaderboard queries. Each is a range of the best_rank index in its
// order (TestQueryPlans checks that SQLite plans them so: no sort, no scan
// of the board), so their cost is the rows they return — except qTop's
// OFFSET, which steps through the entries before the page and is therefore
// used only for the first deepOffset entries; deeper pages start from a key
// found in the rank tree.
const (
	// entryColumns are the columns scanEntry reads; ~rank_key is the score.
	entryColumns = "b.player_id, p.pseudonym, ~b.rank_key, b.ticks, b.at"
	fromBest     = " FROM best b JOIN players p ON p.id = b.player_id"

	// qTop skips offset entries in the index alone (the subquery), then
	// joins players for the page only: a plain OFFSET would join every
	// skipped entry too, five times slower deep in a board.
	qTop = "SELECT " + entryColumns + fromBest + `
		WHERE b.board_id = ?1 AND (b.rank_key, b.ticks, b.at, b.run_id) >= (
			SELECT rank_key, ticks, at, run_id FROM best WHERE board_id = ?1
			ORDER BY rank_key, ticks, at, run_id LIMIT 1 OFFSET ?3)
		ORDER BY b.rank_key, b.ticks, b.at, b.run_id LIMIT ?2`
	// qFrom is a page from a key on, for the pages deep in a board: the
	// key comes from the rank tree (nth).
	qFrom = "SELECT " + entryColumns + fromBest + `
		WHERE b.board_id = ? AND (b.rank_key, b.ticks, b.at, b.run_id) >= (?, ?, ?, ?)
		ORDER BY b.rank_key, b.ticks, b.at, b.run_id LIMIT ?`
	// qAbove and qBelow are the n entries nearest a key on each side.
	qAbove = "SELECT " + entryColumns + fromBest + `
		WHERE b.board_id = ? AND (b.rank_key, b.ticks, b.at, b.run_id) < (?, ?, ?, ?)
		ORDER BY b.rank_key DESC, b.ticks DESC, b.at DESC, b.run_id DESC LIMIT ?`
	qBelow = "SELECT " + entryColumns + fromBest + `
		WHERE b.board_id = ? AND (b.rank_key, b.ticks, b.at, b.run_id) > (?, ?, ?, ?)
		ORDER BY b.rank_key, b.ticks, b.at, b.run_id LIMIT ?`
)

func scanEntry(rows interface{ Scan(...any) error }, e *store.Entry) error {
	var at int64
	if err := rows.Scan(&e.Player, &e.Pseudonym, &e.Score, &e.Ticks, &at); err != nil {
		return err
	}
	e.At = store.Time(at)
	return nil
}

// entry returns a player's entry on a board with its rank, or
// store.ErrNotFound. The rank comes from the rank tree (rank.go): its cost
// grows with the logarithm of the board, not with the rank.
func entry(ctx context.Context, q querier, board int64, player store.PlayerID) (store.Entry, error) {
	e, _, err := entryKey(ctx, q, board, player)
	return e, err
}

// entryKey is entry, also returning the entry's rank key.
func entryKey(ctx context.Context, q querier, board int64, player store.PlayerID) (store.Entry, rankKey, error) {
	var e store.Entry
	var k rankKey
	err := q.QueryRowContext(ctx, "SELECT "+entryColumns+", b.rank_key, b.run_id"+fromBest+" WHERE b.board_id = ? AND b.player_id = ?",
		board, player).Scan(&e.Player, &e.Pseudonym, &e.Score, &e.Ticks, &k.at, &k.key, &k.run)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Entry{}, k, store.ErrNotFound
	}
	if err != nil {
		return store.Entry{}, k, err
	}
	e.At = store.Time(k.at)
	k.ticks = int64(e.Ticks)
	n, err := countBefore(ctx, q, board, k)
	if err != nil {
		return store.Entry{}, k, err
	}
	e.Rank = n + 1
	return e, k, nil
}

// Top implements store.Store.
func (db *DB) Top(ctx context.Context, b store.Board, offset, limit int) ([]store.Entry, int, error) {
	v, err := db.View(ctx, b, offset, limit, 0, -1)
	if err != nil {
		return nil, 0, err
	}
	return v.Entries, v.Total, nil
}

// View implements store.Store.
func (db *DB) View(ctx context.Context, b store.Board, offset, limit int, me store.PlayerID, around int) (store.View, error) {
	if around < 0 && (offset < 0 || limit < 0) {
		return store.View{}, fmt.Errorf("sqlite: view: negative offset %d or limit %d", offset, limit)
	}
	if err := db.check("view"); err != nil {
		return store.View{}, err
	}
	var v store.View
	err := db.read(ctx, func(tx *txn) error {
		id, n, ok, err := findBoard(ctx, tx, b)
		v.Total = n
		if err != nil || !ok {
			return err
		}
		var k rankKey
		if me != 0 {
			e, key, err := entryKey(ctx, tx, id, me)
			switch {
			case err == nil:
				v.Me, k = &e, key
			case !errors.Is(err, store.ErrNotFound):
				return err
			}
		}
		switch {
		case around >= 0 && v.Me != nil:
			v.Entries, err = surround(ctx, tx, id, *v.Me, k, around)
		case around < 0:
			v.Entries, err = page(ctx, tx, id, n, offset, limit)
		}
		return err
	})
	if err != nil {
		return store.View{}, fmt.Errorf("sqlite: view of %s: %w", b.Level, err)
	}
	return v, nil
}

// page returns up to limit entries of a board of n entries from rank
// offset+1.
func page(ctx context.Context, tx *txn, board int64, n, offset, limit int) ([]store.Entry, error) {
	if limit == 0 || offset >= n {
		return nil, nil
	}
	var rows *sql.Rows
	var err error
	if offset < deepOffset {
		rows, err = tx.QueryContext(ctx, qTop, board, limit, offset)
	} else {
		var k rankKey
		if k, err = nth(ctx, tx, board, offset); err != nil {
			return nil, err
		}
		rows, err = tx.QueryContext(ctx, qFrom, board, k.key, k.ticks, k.at, k.run, limit)
	}
	if err != nil {
		return nil, err
	}
	return scanEntries(rows, offset+1, 1)
}

// Count implements store.Store.
func (db *DB) Count(ctx context.Context, b store.Board) (int, error) {
	if err := db.check("count"); err != nil {
		return 0, err
	}
	defer db.rc.fill(ctx) // once the connection is released
	_, n, _, err := findBoard(ctx, pool{db.rc}, b)
	if err != nil {
		return 0, fmt.Errorf("sqlite: count of %s: %w", b.Level, err)
	}
	return n, nil
}

// FindRun implements store.Store.
func (db *DB) FindRun(ctx context.Context, b store.Board, inputs [32]byte) (store.RunRef, error) {
	if err := db.check("find run"); err != nil {
		return store.RunRef{}, err
	}
	defer db.rc.fill(ctx) // once the connection is released
	var r store.RunRef
	var client sql.NullString
	var ticks, stateHash int64
	err := pool{db.rc}.QueryRowContext(ctx, `SELECT r.id, r.player_id, r.client, r.score, r.ticks, r.won, r.state_hash
		FROM boards bd JOIN runs r ON r.board_id = bd.id AND r.inputs = ?3
		WHERE bd.level = ?1 AND bd.hash = ?2`, b.Level, b.Hash[:], inputs[:]).Scan(
		&r.ID, &r.Player, &client, &r.Score, &ticks, &r.Won, &stateHash)
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.RunRef{}, fmt.Errorf("sqlite: find run on %s: %w", b.Level, err)
	}
	r.Client, r.Ticks, r.StateHash = client.String, uint32(ticks), uint64(stateHash)
	return r, nil
}

// scanEntries reads entries, numbering their ranks from rank by step.
func scanEntries(rows *sql.Rows, rank, step int) ([]store.Entry, error) {
	defer rows.Close()
	var out []store.Entry
	for rows.Next() {
		e := store.Entry{Rank: rank}
		if err := scanEntry(rows, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
		rank += step
	}
	return out, rows.Err()
}

// Around implements store.Store.
func (db *DB) Around(ctx context.Context, b store.Board, id store.PlayerID, n int) ([]store.Entry, error) {
	if n < 0 {
		return nil, fmt.Errorf("sqlite: around: negative count %d", n)
	}
	if err := db.check("around"); err != nil {
		return nil, err
	}
	var out []store.Entry
	err := db.read(ctx, func(tx *txn) error {
		board, _, ok, err := findBoard(ctx, tx, b)
		if err != nil || !ok {
			return errOr(err, store.ErrNotFound)
		}
		e, k, err := entryKey(ctx, tx, board, id)
		if err != nil {
			return err
		}
		out, err = surround(ctx, tx, board, e, k, n)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: around player %d on %s: %w", id, b.Level, err)
	}
	return out, nil
}

// surround returns entry e (of key k) with up to n entries on each side.
func surround(ctx context.Context, tx *txn, board int64, e store.Entry, k rankKey, n int) ([]store.Entry, error) {
	above, err := neighbours(ctx, tx, qAbove, board, k, n, e.Rank-1, -1)
	if err != nil {
		return nil, err
	}
	below, err := neighbours(ctx, tx, qBelow, board, k, n, e.Rank+1, 1)
	if err != nil {
		return nil, err
	}
	out := make([]store.Entry, 0, len(above)+1+len(below))
	for i := len(above) - 1; i >= 0; i-- {
		out = append(out, above[i])
	}
	out = append(out, e)
	return append(out, below...), nil
}

// neighbours returns up to n entries on one side of key k (query qAbove or
// qBelow), nearest first.
func neighbours(ctx context.Context, tx *txn, query string, board int64, k rankKey, n int, rank, step int) ([]store.Entry, error) {
	if n == 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, query, board, k.key, k.ticks, k.at, k.run, n)
	if err != nil {
		return nil, err
	}
	return scanEntries(rows, rank, step)
}

// Best implements store.Store.
func (db *DB) Best(ctx context.Context, b store.Board, id store.PlayerID) (store.Entry, error) {
	if err := db.check("best"); err != nil {
		return store.Entry{}, err
	}
	var e store.Entry
	err := db.read(ctx, func(tx *txn) error {
		board, _, ok, err := findBoard(ctx, tx, b)
		if err != nil || !ok {
			return errOr(err, store.ErrNotFound)
		}
		e, err = entry(ctx, tx, board, id)
		return err
	})
	if err != nil {
		return store.Entry{}, fmt.Errorf("sqlite: best of player %d on %s: %w", id, b.Level, err)
	}
	return e, nil
}

// Pot implements store.Store.
func (db *DB) Pot(ctx context.Context, level string) (int64, error) {
	if err := db.check("pot"); err != nil {
		return 0, err
	}
	defer db.rc.fill(ctx) // once the connection is released
	total, err := potTotal(ctx, pool{db.rc}, level)
	if err != nil {
		return 0, fmt.Errorf("sqlite: pot of %s: %w", level, err)
	}
	return total, nil
}

// Run returns a stored run by the RunID AddRun gave it, or store.ErrNotFound.
func (db *DB) Run(ctx context.Context, id int64) (store.Run, error) {
	if err := db.check("run"); err != nil {
		return store.Run{}, err
	}
	defer db.rc.fill(ctx) // once the connection is released
	var r store.Run
	var hash []byte
	var ticks, stateHash, at int64
	var client sql.NullString
	var inputs []byte // NULL for runs stored before inputs hashes
	err := pool{db.rc}.QueryRowContext(ctx, `SELECT bd.level, bd.hash, r.player_id, r.score, r.ticks, r.won, r.state_hash, r.replay, r.pot, r.client, r.at, r.inputs
		FROM runs r JOIN boards bd ON bd.id = r.board_id WHERE r.id = ?`, id).Scan(
		&r.Board.Level, &hash, &r.Player, &r.Score, &ticks, &r.Won, &stateHash, &r.Replay, &r.Pot, &client, &at, &inputs)
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.Run{}, fmt.Errorf("sqlite: run %d: %w", id, err)
	}
	copy(r.Board.Hash[:], hash)
	copy(r.Inputs[:], inputs)
	if len(r.Replay) == 0 {
		r.Replay = nil // dropped (store.KeepRecent)
	}
	r.Ticks, r.StateHash, r.Client, r.At = uint32(ticks), uint64(stateHash), client.String, store.Time(at)
	return r, nil
}
