package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/communs-arcade/arcade/server/store"
)

var _ store.Community = (*DB)(nil)

// versionColumns are the columns scanVersion reads, of community_versions v.
const versionColumns = `v.level, v.version, v.hash, v.size, v.owner, v.author, v.title_fr, v.title_en,
	v.summary_fr, v.summary_en, v.tags, v.languages, v.remix_of, v.remix_author, v.cover,
	v.max_ticks, v.pot, v.clear_score, v.clear_ticks, v.at`

// infoColumns are the columns scanInfo reads: the latest version v of level
// l, its state and counts.
const infoColumns = versionColumns + `, l.state, l.plays, l.ratings, l.rating_sum,
	(SELECT count(*) FROM community_reports r WHERE r.level = l.id AND r.open = 1), l.class`

// fromLatest joins each level l to its latest version v.
const fromLatest = " FROM community_levels l JOIN community_versions v ON v.level = l.id AND v.version = l.latest"

type scanner interface{ Scan(...any) error }

func versionDest(v *store.Version, hash, tags, langs *[]byte, maxTicks, clearTicks, at *int64) []any {
	return []any{&v.Level, &v.Version, hash, &v.Size, &v.Owner, &v.Author, &v.Title.FR, &v.Title.EN,
		&v.Summary.FR, &v.Summary.EN, tags, langs, &v.RemixOf, &v.RemixAuthor, &v.Cover,
		maxTicks, &v.Pot, &v.ClearScore, clearTicks, at}
}

// finishVersion converts what versionDest scanned.
func finishVersion(v *store.Version, hash, tags, langs []byte, maxTicks, clearTicks, at int64) error {
	copy(v.Hash[:], hash)
	var err error
	if v.Tags, err = decodeList(tags); err != nil {
		return err
	}
	if v.Languages, err = decodeList(langs); err != nil {
		return err
	}
	v.MaxTicks, v.ClearTicks, v.At = uint32(maxTicks), uint32(clearTicks), store.Time(at)
	return nil
}

func scanVersion(row scanner) (store.Version, error) {
	var v store.Version
	var hash, tags, langs []byte
	var maxTicks, clearTicks, at int64
	if err := row.Scan(versionDest(&v, &hash, &tags, &langs, &maxTicks, &clearTicks, &at)...); err != nil {
		return v, err
	}
	return v, finishVersion(&v, hash, tags, langs, maxTicks, clearTicks, at)
}

func scanInfo(row scanner) (store.LevelInfo, error) {
	var li store.LevelInfo
	var hash, tags, langs []byte
	var maxTicks, clearTicks, at int64
	dest := append(versionDest(&li.Latest, &hash, &tags, &langs, &maxTicks, &clearTicks, &at),
		&li.State, &li.Plays, &li.Ratings, &li.RatingSum, &li.Reports, &li.Class)
	if err := row.Scan(dest...); err != nil {
		return li, err
	}
	return li, finishVersion(&li.Latest, hash, tags, langs, maxTicks, clearTicks, at)
}

// encodeList stores a list of strings as a JSON array ([] when empty).
func encodeList(l []string) string {
	if len(l) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(l) // strings always marshal
	return string(b)
}

// decodeList reads encodeList's array; an empty list is nil.
func decodeList(b []byte) ([]string, error) {
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("list %q: %w", b, err)
	}
	if len(l) == 0 {
		return nil, nil
	}
	return l, nil
}

// searchText is a text as community_search indexes it: its words folded by
// store.SearchWords, the same folding every query gets.
func searchText(texts ...string) string {
	var words []string
	for _, t := range texts {
		words = append(words, store.SearchWords(t)...)
	}
	return strings.Join(words, " ")
}

// matchQuery builds the FTS5 MATCH expression of a player's text: every
// word quoted as a string (so that no word is an operator, a column filter
// or a syntax error: AND, NEAR, -, :, * are plain text inside quotes, and a
// quote is doubled) and followed by * (a prefix query); words side by side
// are ANDed. SearchWords leaves only letters and digits anyway, so the
// quoting is a second wall, not the only one. "" when the text has no
// word: it then matches every level.
func matchQuery(text string) string {
	words := store.SearchWords(text)
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(w, `"`, `""`))
		b.WriteString(`"*`)
	}
	return b.String()
}

// PublishVersion implements store.Community.
func (db *DB) PublishVersion(ctx context.Context, v store.Version) error {
	if err := store.CheckVersion(v); err != nil {
		return fmt.Errorf("sqlite: publish: %w", err)
	}
	if err := db.check("publish"); err != nil {
		return err
	}
	v.At = store.Stamp(v.At)
	err := db.write(ctx, func(tx *txn) error { return publish(ctx, tx, v) })
	if err != nil {
		return fmt.Errorf("sqlite: publish %s version %d: %w", v.Level, v.Version, err)
	}
	return nil
}

// publish does PublishVersion's work inside the writer's transaction.
func publish(ctx context.Context, tx *txn, v store.Version) error {
	if found, err := exists(ctx, tx, "SELECT 1 FROM players WHERE id = ?", v.Owner); err != nil || !found {
		return errOr(err, store.ErrNotFound)
	}
	if found, err := exists(ctx, tx, "SELECT 1 FROM bans WHERE player_id = ?", v.Owner); err != nil || found {
		return errOr(err, store.ErrBanned)
	}
	var seq, latest int64
	var owner store.PlayerID
	err := tx.QueryRowContext(ctx, "SELECT seq, owner, latest FROM community_levels WHERE id = ?", v.Level).Scan(&seq, &owner, &latest)
	had := err == nil
	switch {
	case had && owner != v.Owner:
		return store.ErrNotOwner
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if had {
		// The same content first: its manifest, hence its version, is the
		// same too, so ErrNotNewer would otherwise always hide it.
		if found, err := exists(ctx, tx, "SELECT 1 FROM community_versions WHERE level = ? AND hash = ?", v.Level, v.Hash[:]); err != nil || found {
			return errOr(err, store.ErrSameContent)
		}
		if int64(v.Version) <= latest {
			return store.ErrNotNewer
		}
		// Whatever its state, the level keeps it: a hidden level stays
		// hidden, a deleted one deleted.
		if _, err := tx.ExecContext(ctx, "UPDATE community_levels SET latest = ?, latest_at = ? WHERE seq = ?", v.Version, v.At.UnixNano(), seq); err != nil {
			return err
		}
	} else {
		// Runs stored on its boards before the level was listed (its
		// author's clear, when stored first) count as plays as well, as
		// the trigger would have counted them.
		state := store.StateListed
		if v.Class != "" {
			state = store.StateClassOnly
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO community_levels (id, owner, state, latest, latest_at, plays, class)
			VALUES (?1, ?2, ?5, ?3, ?4, (SELECT count(*) FROM runs r JOIN boards bd ON bd.id = r.board_id WHERE bd.level = ?1), ?6)`,
			v.Level, v.Owner, v.Version, v.At.UnixNano(), state, v.Class)
		if err != nil {
			return err
		}
		if seq, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO community_versions (level, version, hash, size, owner, author,
		title_fr, title_en, summary_fr, summary_en, tags, languages, remix_of, remix_author, cover,
		max_ticks, pot, clear_score, clear_ticks, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.Level, v.Version, v.Hash[:], v.Size, v.Owner, v.Author, v.Title.FR, v.Title.EN,
		v.Summary.FR, v.Summary.EN, encodeList(v.Tags), encodeList(v.Languages), v.RemixOf, v.RemixAuthor, v.Cover,
		int64(v.MaxTicks), v.Pot, v.ClearScore, int64(v.ClearTicks), v.At.UnixNano()); err != nil {
		return err
	}
	// The tags and the search index follow the latest version.
	if _, err := tx.ExecContext(ctx, "DELETE FROM community_tags WHERE level = ?", v.Level); err != nil {
		return err
	}
	for _, tag := range v.Tags {
		if _, err := tx.ExecContext(ctx, "INSERT INTO community_tags (tag, level) VALUES (?, ?) ON CONFLICT DO NOTHING", tag, v.Level); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM community_search WHERE rowid = ?", seq); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO community_search (rowid, title_fr, title_en, summary_fr, summary_en, tags, author)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, seq, searchText(v.Title.FR), searchText(v.Title.EN),
		searchText(v.Summary.FR), searchText(v.Summary.EN), searchText(v.Tags...), searchText(v.Author))
	return err
}

// CommunityLevel implements store.Community.
func (db *DB) CommunityLevel(ctx context.Context, id string) (store.LevelInfo, error) {
	if err := db.check("community level"); err != nil {
		return store.LevelInfo{}, err
	}
	var li store.LevelInfo
	err := db.read(ctx, func(tx *txn) (err error) {
		li, err = levelInfo(ctx, tx, id)
		return err
	})
	if err != nil {
		return store.LevelInfo{}, fmt.Errorf("sqlite: community level %s: %w", id, err)
	}
	return li, nil
}

// levelInfo reads a level that is not deleted, or store.ErrNotFound.
func levelInfo(ctx context.Context, q querier, id string) (store.LevelInfo, error) {
	li, err := scanInfo(q.QueryRowContext(ctx, "SELECT "+infoColumns+fromLatest+" WHERE l.id = ? AND l.state != 'deleted'", id))
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	return li, err
}

// LevelVersions implements store.Community.
func (db *DB) LevelVersions(ctx context.Context, id string) ([]store.Version, error) {
	if err := db.check("level versions"); err != nil {
		return nil, err
	}
	var out []store.Version
	err := db.read(ctx, func(tx *txn) error {
		if found, err := exists(ctx, tx, "SELECT 1 FROM community_levels WHERE id = ? AND state != 'deleted'", id); err != nil || !found {
			return errOr(err, store.ErrNotFound)
		}
		rows, err := tx.QueryContext(ctx, "SELECT "+versionColumns+" FROM community_versions v WHERE v.level = ? ORDER BY v.version", id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scanVersion(rows)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: versions of %s: %w", id, err)
	}
	return out, nil
}

// VersionByHash implements store.Community.
func (db *DB) VersionByHash(ctx context.Context, id string, hash [32]byte) (store.Version, error) {
	if err := db.check("version by hash"); err != nil {
		return store.Version{}, err
	}
	var v store.Version
	err := db.read(ctx, func(tx *txn) (err error) {
		v, err = scanVersion(tx.QueryRowContext(ctx, "SELECT "+versionColumns+` FROM community_versions v
			JOIN community_levels l ON l.id = v.level AND l.state != 'deleted'
			WHERE v.level = ? AND v.hash = ?`, id, hash[:]))
		if errors.Is(err, sql.ErrNoRows) {
			err = store.ErrNotFound
		}
		return err
	})
	if err != nil {
		return store.Version{}, fmt.Errorf("sqlite: version of %s by hash: %w", id, err)
	}
	return v, nil
}

// OwnerOf implements store.Community.
func (db *DB) OwnerOf(ctx context.Context, id string) (store.PlayerID, error) {
	if err := db.check("owner of"); err != nil {
		return 0, err
	}
	defer db.rc.fill(ctx) // once the connection is released
	var p store.PlayerID
	err := pool{db.rc}.QueryRowContext(ctx, "SELECT owner FROM community_levels WHERE id = ?", id).Scan(&p)
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: owner of %s: %w", id, err)
	}
	return p, nil
}

// searchOrders are the ORDER BY clauses of the sorts: each ends with the
// tie-breaks of store.Sort (newest version first, then id), so that the
// order is total and a page never overlaps the next.
// They read community_levels l alone (latest_at is the latest version's
// time), so that the page is chosen before any version is read.
var searchOrders = map[store.Sort]string{
	store.SortNew:    "l.latest_at DESC, l.id",
	store.SortTop:    "CASE WHEN l.ratings = 0 THEN 0.0 ELSE CAST(l.rating_sum AS REAL) / l.ratings END DESC, l.ratings DESC, l.latest_at DESC, l.id",
	store.SortPlayed: "l.plays DESC, l.latest_at DESC, l.id",
}

// searchPage is the query of a page of results: the inner query picks the
// page's levels from community_levels alone (their order needs nothing
// else), then only those are joined to their versions and report counts.
// Selecting every column before the LIMIT made SQLite read the version
// and count the reports of every matching level before sorting: 32 ms
// instead of a few for 10,000 levels.
func searchPage(q store.Query, match string) string {
	order := searchOrders[q.Sort]
	return "SELECT " + infoColumns + " FROM (SELECT l.seq FROM community_levels l" + searchWhere(q, match) +
		" ORDER BY " + order + " LIMIT ? OFFSET ?) page JOIN community_levels l ON l.seq = page.seq" +
		" JOIN community_versions v ON v.level = l.id AND v.version = l.latest ORDER BY " + order
}

// searchWhere is the WHERE clause of a search: its text comes from a fixed
// set (the query's values are parameters), so that the statement cache
// holds a few statements, not one per query.
func searchWhere(q store.Query, match string) string {
	w := " WHERE l.state = 'listed'"
	if q.All {
		w = " WHERE l.state != 'deleted'"
	}
	if match != "" {
		w += " AND l.seq IN (SELECT rowid FROM community_search WHERE community_search MATCH ?)"
	}
	if q.Tag != "" {
		w += " AND l.id IN (SELECT level FROM community_tags WHERE tag = ?)"
	}
	return w
}

// SearchLevels implements store.Community.
func (db *DB) SearchLevels(ctx context.Context, q store.Query) (store.Page, error) {
	q, err := store.CheckSearch(q)
	if err != nil {
		return store.Page{}, fmt.Errorf("sqlite: search: %w", err)
	}
	if err := db.check("search"); err != nil {
		return store.Page{}, err
	}
	match := matchQuery(q.Text)
	where := searchWhere(q, match)
	var args []any // in the order of searchWhere's parameters
	if match != "" {
		args = append(args, match)
	}
	if q.Tag != "" {
		args = append(args, q.Tag)
	}
	var p store.Page
	err = db.read(ctx, func(tx *txn) error {
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM community_levels l"+where, args...).Scan(&p.Total); err != nil {
			return err
		}
		if q.Limit == 0 || q.Offset >= p.Total {
			return nil
		}
		rows, err := tx.QueryContext(ctx, searchPage(q, match),
			append(args, q.Limit, q.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			li, err := scanInfo(rows)
			if err != nil {
				return err
			}
			p.Levels = append(p.Levels, li)
		}
		return rows.Err()
	})
	if err != nil {
		return store.Page{}, fmt.Errorf("sqlite: search %q: %w", q.Text, err)
	}
	return p, nil
}

// listedAndPlayed fails with store.ErrNotFound unless the level is listed, and with
// store.ErrNoVerifiedRun unless the player has a best entry (a verified
// run) on one of its boards.
func listedAndPlayed(ctx context.Context, tx *txn, level string, p store.PlayerID) error {
	if found, err := exists(ctx, tx, "SELECT 1 FROM community_levels WHERE id = ? AND state = 'listed'", level); err != nil || !found {
		return errOr(err, store.ErrNotFound)
	}
	found, err := exists(ctx, tx, "SELECT 1 FROM boards bd JOIN best b ON b.board_id = bd.id AND b.player_id = ? WHERE bd.level = ? LIMIT 1", p, level)
	if err != nil || !found {
		return errOr(err, store.ErrNoVerifiedRun)
	}
	return nil
}

// Rate implements store.Community.
func (db *DB) Rate(ctx context.Context, level string, p store.PlayerID, stars int) error {
	if stars < 1 || stars > 5 {
		return fmt.Errorf("sqlite: rate: %d stars (1 to 5)", stars)
	}
	if err := db.check("rate"); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *txn) error {
		if err := listedAndPlayed(ctx, tx, level, p); err != nil {
			return err
		}
		var old int
		err := tx.QueryRowContext(ctx, "SELECT stars FROM community_ratings WHERE level = ? AND player_id = ?", level, p).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		had := 0
		if err == nil {
			had = 1
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO community_ratings (level, player_id, stars) VALUES (?, ?, ?)
			ON CONFLICT DO UPDATE SET stars = excluded.stars`, level, p, stars); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE community_levels SET rating_sum = rating_sum + ?, ratings = ratings + ? WHERE id = ?",
			stars-old, 1-had, level)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: rate %s by player %d: %w", level, p, err)
	}
	return nil
}

// Rating implements store.Community.
func (db *DB) Rating(ctx context.Context, level string, p store.PlayerID) (int, error) {
	if err := db.check("rating"); err != nil {
		return 0, err
	}
	defer db.rc.fill(ctx) // once the connection is released
	var stars int
	err := pool{db.rc}.QueryRowContext(ctx, "SELECT stars FROM community_ratings WHERE level = ? AND player_id = ?", level, p).Scan(&stars)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: rating of %s by player %d: %w", level, p, err)
	}
	return stars, nil
}

// Report implements store.Community.
func (db *DB) Report(ctx context.Context, r store.Report, threshold int) (hidden bool, err error) {
	if err := store.CheckReport(r); err != nil {
		return false, fmt.Errorf("sqlite: report: %w", err)
	}
	if err := db.check("report"); err != nil {
		return false, err
	}
	at := store.Stamp(r.At).UnixNano()
	err = db.write(ctx, func(tx *txn) error {
		if err := listedAndPlayed(ctx, tx, r.Level, r.Player); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE community_reports SET reason = ?, note = ?, at = ? WHERE level = ? AND player_id = ? AND open = 1",
			r.Reason, r.Note, at, r.Level, r.Player)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO community_reports (level, player_id, reason, note, at, open) VALUES (?, ?, ?, ?, ?, 1)",
				r.Level, r.Player, r.Reason, r.Note, at); err != nil {
				return err
			}
		}
		if threshold <= 0 {
			return nil
		}
		var open int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM community_reports WHERE level = ? AND open = 1", r.Level).Scan(&open); err != nil {
			return err
		}
		if open < threshold {
			return nil
		}
		// The level is listed (checked above): it is hidden now.
		if _, err := tx.ExecContext(ctx, "UPDATE community_levels SET state = 'reported' WHERE id = ?", r.Level); err != nil {
			return err
		}
		hidden = true
		return logAction(ctx, tx, store.Action{Kind: store.ActionAutoHide, Level: r.Level,
			Note: fmt.Sprintf("%d open reports (threshold %d)", open, threshold)}, at)
	})
	if err != nil {
		return false, fmt.Errorf("sqlite: report of %s by player %d: %w", r.Level, r.Player, err)
	}
	return hidden, nil
}

// logAction appends an action to the audit log.
func logAction(ctx context.Context, tx *txn, a store.Action, at int64) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO moderation_log (kind, level, player_id, note, at) VALUES (?, ?, ?, ?, ?)",
		a.Kind, a.Level, sql.NullInt64{Int64: int64(a.Player), Valid: a.Player != 0}, a.Note, at)
	return err
}

// Reports implements store.Community.
func (db *DB) Reports(ctx context.Context, all bool, offset, limit int) ([]store.Report, error) {
	if offset < 0 || limit < 0 {
		return nil, fmt.Errorf("sqlite: reports: negative offset %d or limit %d", offset, limit)
	}
	if err := db.check("reports"); err != nil {
		return nil, err
	}
	query := "SELECT id, level, player_id, reason, note, at, open FROM community_reports WHERE open = 1 ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"
	if all {
		query = "SELECT id, level, player_id, reason, note, at, open FROM community_reports ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"
	}
	var out []store.Report
	err := db.read(ctx, func(tx *txn) error {
		rows, err := tx.QueryContext(ctx, query, limit, offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r store.Report
			var at int64
			if err := rows.Scan(&r.ID, &r.Level, &r.Player, &r.Reason, &r.Note, &at, &r.Open); err != nil {
				return err
			}
			r.At = store.Time(at)
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: reports: %w", err)
	}
	return out, nil
}

// Moderate implements store.Community.
func (db *DB) Moderate(ctx context.Context, a store.Action) error {
	if err := db.check("moderate"); err != nil {
		return err
	}
	at := store.Stamp(a.At).UnixNano()
	err := db.write(ctx, func(tx *txn) error {
		switch a.Kind {
		case store.ActionHide, store.ActionRestore, store.ActionDelete:
			if found, err := exists(ctx, tx, "SELECT 1 FROM community_levels WHERE id = ? AND state != 'deleted'", a.Level); err != nil || !found {
				return errOr(err, store.ErrNotFound)
			}
			state := map[store.ActionKind]store.LevelState{
				store.ActionHide: store.StateHidden, store.ActionRestore: store.StateListed, store.ActionDelete: store.StateDeleted,
			}[a.Kind]
			// A class-only level hidden meanwhile goes back to its class.
			if _, err := tx.ExecContext(ctx, `UPDATE community_levels
				SET state = CASE WHEN ?1 = 'listed' AND class != '' THEN 'class_only' ELSE ?1 END WHERE id = ?2`, state, a.Level); err != nil {
				return err
			}
			if a.Kind == store.ActionRestore {
				if _, err := tx.ExecContext(ctx, "UPDATE community_reports SET open = 0 WHERE level = ? AND open = 1", a.Level); err != nil {
					return err
				}
			}
		case store.ActionBan, store.ActionUnban:
			if found, err := exists(ctx, tx, "SELECT 1 FROM players WHERE id = ?", a.Player); err != nil || !found {
				return errOr(err, store.ErrNotFound)
			}
			var err error
			if a.Kind == store.ActionBan {
				if _, err = tx.ExecContext(ctx, "INSERT INTO bans (player_id, at, note) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", a.Player, at, a.Note); err == nil {
					_, err = tx.ExecContext(ctx, "UPDATE community_levels SET state = 'banned' WHERE owner = ? AND state = 'listed'", a.Player)
				}
			} else {
				if _, err = tx.ExecContext(ctx, "DELETE FROM bans WHERE player_id = ?", a.Player); err == nil {
					_, err = tx.ExecContext(ctx, "UPDATE community_levels SET state = 'listed' WHERE owner = ? AND state = 'banned'", a.Player)
				}
			}
			if err != nil {
				return err
			}
		default:
			return fmt.Errorf("not a moderator's action: %q", a.Kind)
		}
		return logAction(ctx, tx, a, at)
	})
	if err != nil {
		return fmt.Errorf("sqlite: moderate %s %s player %d: %w", a.Kind, a.Level, a.Player, err)
	}
	return nil
}

// Banned implements store.Community.
func (db *DB) Banned(ctx context.Context, p store.PlayerID) (bool, error) {
	if err := db.check("banned"); err != nil {
		return false, err
	}
	defer db.rc.fill(ctx) // once the connection is released
	found, err := exists(ctx, pool{db.rc}, "SELECT 1 FROM bans WHERE player_id = ?", p)
	if err != nil {
		return false, fmt.Errorf("sqlite: banned player %d: %w", p, err)
	}
	return found, nil
}

// Audit implements store.Community.
func (db *DB) Audit(ctx context.Context, offset, limit int) ([]store.Action, error) {
	if offset < 0 || limit < 0 {
		return nil, fmt.Errorf("sqlite: audit: negative offset %d or limit %d", offset, limit)
	}
	if err := db.check("audit"); err != nil {
		return nil, err
	}
	var out []store.Action
	err := db.read(ctx, func(tx *txn) error {
		rows, err := tx.QueryContext(ctx, "SELECT id, kind, level, player_id, note, at FROM moderation_log ORDER BY id DESC LIMIT ? OFFSET ?", limit, offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a store.Action
			var player sql.NullInt64
			var at int64
			if err := rows.Scan(&a.ID, &a.Kind, &a.Level, &player, &a.Note, &at); err != nil {
				return err
			}
			a.Player, a.At = store.PlayerID(player.Int64), store.Time(at)
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: audit: %w", err)
	}
	return out, nil
}

// ClassLevels implements store.Community.
func (db *DB) ClassLevels(ctx context.Context, class string) ([]store.LevelInfo, error) {
	if err := db.check("class levels"); err != nil {
		return nil, err
	}
	var out []store.LevelInfo
	err := db.read(ctx, func(tx *txn) error {
		out = nil
		rows, err := tx.QueryContext(ctx, "SELECT "+infoColumns+fromLatest+
			" WHERE l.class = ? AND l.state = 'class_only' ORDER BY l.latest_at DESC, l.id", class)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			li, err := scanInfo(rows)
			if err != nil {
				return err
			}
			out = append(out, li)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: class levels of %s: %w", class, err)
	}
	return out, nil
}

// ApproveClassLevel implements store.Community.
func (db *DB) ApproveClassLevel(ctx context.Context, class, level, note string, at time.Time) error {
	if err := db.check("approve class level"); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE community_levels SET state = 'listed', class = ''
			WHERE id = ? AND class = ? AND class != '' AND state = 'class_only'`, level, class)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errOr(err, store.ErrNotFound)
		}
		return logAction(ctx, tx, store.Action{Kind: store.ActionApprove, Level: level, Note: note}, store.Stamp(at).UnixNano())
	})
	if err != nil {
		return fmt.Errorf("sqlite: approve %s in class %s: %w", level, class, err)
	}
	return nil
}

// deleteClassLevels deletes everything of the levels of the classes that
// ended at or before cut (DeleteExpiredClasses calls it in its
// transaction, before it deletes the classes) and counts the levels.
func deleteClassLevels(ctx context.Context, tx *txn, cut int64) (int, error) {
	const of = "(SELECT id FROM community_levels WHERE class != '' AND class IN (SELECT code FROM classes WHERE ends_at <= ?))"
	for _, q := range []string{
		"DELETE FROM community_search WHERE rowid IN (SELECT seq FROM community_levels WHERE class != '' AND class IN (SELECT code FROM classes WHERE ends_at <= ?))",
		"DELETE FROM community_tags WHERE level IN " + of,
		"DELETE FROM community_ratings WHERE level IN " + of,
		"DELETE FROM community_reports WHERE level IN " + of,
		"DELETE FROM community_versions WHERE level IN " + of,
	} {
		if _, err := tx.ExecContext(ctx, q, cut); err != nil {
			return 0, err
		}
	}
	res, err := tx.ExecContext(ctx, "DELETE FROM community_levels WHERE class != '' AND class IN (SELECT code FROM classes WHERE ends_at <= ?)", cut)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
