-- Run identity, pots by best contribution, retention of replays, and the
-- rank tree. See docs/server.md ("Storage") for the rules.

-- The SHA-256 of a run's canonical inputs: with the seed fixed per board, it
-- identifies the run there. Runs stored before this migration have none
-- (NULL): their inputs hash could only be computed by decoding their replays
-- with the engine, which the store does not depend on, and they were played
-- on seeds of the client's choice, so a run on the server's seed never
-- matches them anyway. For them the client id alone detects a resend, as
-- before.
ALTER TABLE runs ADD COLUMN inputs BLOB CHECK (inputs IS NULL OR length(inputs) = 32);

-- One run per inputs and board, whoever played it: the same inputs again are
-- a resend (same player) or a copy (another player).
CREATE UNIQUE INDEX runs_inputs ON runs (board_id, inputs) WHERE inputs IS NOT NULL;

-- A player's runs on a board in the order stored: the retention of replays
-- finds the runs that leave the latest KeepRecent through it.
CREATE INDEX runs_player ON runs (board_id, player_id, id);

-- Retention (store.KeepRecent = 5): a run keeps its replay while it is its
-- player's best on the board or among their last 5 there; the others keep
-- their row (identity and verified values) with an empty replay.
UPDATE runs SET replay = x'' WHERE id IN (
	SELECT id FROM (
		SELECT id, row_number() OVER (PARTITION BY board_id, player_id ORDER BY id DESC) AS n FROM runs)
	WHERE n > 5)
	AND id NOT IN (SELECT run_id FROM best);

-- Each player's best contribution to each level's pot (only positive ones are
-- kept: a player without a row has a best of 0). A level's pot total is the
-- sum of its rows, so a run adds only what improves its player's best.
CREATE TABLE pot_players (
	level     TEXT NOT NULL,
	player_id INTEGER NOT NULL REFERENCES players (id),
	best      INTEGER NOT NULL CHECK (best > 0),
	PRIMARY KEY (level, player_id)
) STRICT, WITHOUT ROWID;

INSERT INTO pot_players (level, player_id, best)
	SELECT bd.level, r.player_id, max(r.pot) FROM runs r JOIN boards bd ON bd.id = r.board_id
	GROUP BY bd.level, r.player_id HAVING max(r.pot) > 0;

-- The totals are recomputed under the new rule: copies and repeats that
-- inflated a pot no longer count.
DELETE FROM pots;
INSERT INTO pots (level, total) SELECT level, sum(best) FROM pot_players GROUP BY level;

-- The rank tree: for each board, how many entries (best rows) have each
-- prefix of their rank order key. The key is the 24 hex digits of
-- rank_key with its sign bit flipped (so that unsigned order is rank order)
-- followed by ticks; level L counts the prefixes of 2*L digits (8 bits), for
-- L from 1 to 12. An entry's rank is 1 + the counts of the smaller siblings
-- along its path (at most 255 rows per level) + the entries with exactly its
-- score and ticks that come before it, instead of a count of every entry
-- above it. Triggers keep the tree in step with best, whoever writes it.
CREATE TABLE rank_counts (
	board_id INTEGER NOT NULL,
	level    INTEGER NOT NULL,
	prefix   TEXT NOT NULL,
	n        INTEGER NOT NULL CHECK (n >= 0), -- 0 only inside a trigger, which deletes it
	PRIMARY KEY (board_id, level, prefix)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER best_rank_insert AFTER INSERT ON best BEGIN
	INSERT INTO rank_counts (board_id, level, prefix, n)
		SELECT NEW.board_id, l.column1, substr(printf('%016x%08x', CASE WHEN NEW.rank_key < 0 THEN NEW.rank_key + 9223372036854775807 + 1 ELSE NEW.rank_key - 9223372036854775807 - 1 END, NEW.ticks), 1, 2 * l.column1), 1
		FROM (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12)) l WHERE true
		ON CONFLICT (board_id, level, prefix) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER best_rank_update AFTER UPDATE OF board_id, rank_key, ticks ON best
	WHEN OLD.board_id != NEW.board_id OR OLD.rank_key != NEW.rank_key OR OLD.ticks != NEW.ticks BEGIN
	UPDATE rank_counts SET n = n - 1 WHERE board_id = OLD.board_id AND (level, prefix) IN (
		SELECT l.column1, substr(printf('%016x%08x', CASE WHEN OLD.rank_key < 0 THEN OLD.rank_key + 9223372036854775807 + 1 ELSE OLD.rank_key - 9223372036854775807 - 1 END, OLD.ticks), 1, 2 * l.column1) FROM (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12)) l);
	DELETE FROM rank_counts WHERE board_id = OLD.board_id AND n = 0 AND (level, prefix) IN (
		SELECT l.column1, substr(printf('%016x%08x', CASE WHEN OLD.rank_key < 0 THEN OLD.rank_key + 9223372036854775807 + 1 ELSE OLD.rank_key - 9223372036854775807 - 1 END, OLD.ticks), 1, 2 * l.column1) FROM (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12)) l);
	INSERT INTO rank_counts (board_id, level, prefix, n)
		SELECT NEW.board_id, l.column1, substr(printf('%016x%08x', CASE WHEN NEW.rank_key < 0 THEN NEW.rank_key + 9223372036854775807 + 1 ELSE NEW.rank_key - 9223372036854775807 - 1 END, NEW.ticks), 1, 2 * l.column1), 1
		FROM (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12)) l WHERE true
		ON CONFLICT (board_id, level, prefix) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER best_rank_delete AFTER DELETE ON best BEGIN
	UPDATE rank_counts SET n = n - 1 WHERE board_id = OLD.board_id AND (level, prefix) IN (
		SELECT l.column1, substr(printf('%016x%08x', CASE WHEN OLD.rank_key < 0 THEN OLD.rank_key + 9223372036854775807 + 1 ELSE OLD.rank_key - 9223372036854775807 - 1 END, OLD.ticks), 1, 2 * l.column1) FROM (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12)) l);
	DELETE FROM rank_counts WHERE board_id = OLD.board_id AND n = 0 AND (level, prefix) IN (
		SELECT l.column1, substr(printf('%016x%08x', CASE WHEN OLD.rank_key < 0 THEN OLD.rank_key + 9223372036854775807 + 1 ELSE OLD.rank_key - 9223372036854775807 - 1 END, OLD.ticks), 1, 2 * l.column1) FROM (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12)) l);
END;

INSERT INTO rank_counts (board_id, level, prefix, n)
	SELECT b.board_id, l.column1, substr(printf('%016x%08x', CASE WHEN b.rank_key < 0 THEN b.rank_key + 9223372036854775807 + 1 ELSE b.rank_key - 9223372036854775807 - 1 END, b.ticks), 1, 2 * l.column1), count(*)
	FROM best b, (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12)) l
	GROUP BY 1, 2, 3;
