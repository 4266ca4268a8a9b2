-- The first schema of the score server. Nothing here is personal: a player
-- is the SHA-256 of a random token and a pseudonym; no email, no name, no
-- address, no IP.

-- 'CArc': marks the file as a Communs Arcade database, so that Open refuses
-- to migrate some other application's SQLite file.
PRAGMA application_id = 1128362595;

CREATE TABLE players (
	id            INTEGER PRIMARY KEY,
	token_hash    BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	pseudonym     TEXT NOT NULL,
	-- store.FoldPseudonym(pseudonym): case- and accent-composition-insensitive
	-- uniqueness for every script, which SQLite's NOCASE (ASCII only) is not.
	pseudonym_key TEXT NOT NULL UNIQUE
) STRICT;

-- A board is a level at one content hash.
CREATE TABLE boards (
	id      INTEGER PRIMARY KEY,
	level   TEXT NOT NULL,
	hash    BLOB NOT NULL CHECK (length(hash) = 32),
	-- the number of rows in best for this board, so Top's total costs one
	-- row instead of a count over the whole board
	entries INTEGER NOT NULL DEFAULT 0,
	UNIQUE (level, hash)
) STRICT;

-- Every accepted run, with its replay, so any score can be re-verified.
-- AUTOINCREMENT: a run id is never given twice, even after a deletion.
CREATE TABLE runs (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	board_id   INTEGER NOT NULL REFERENCES boards (id),
	player_id  INTEGER NOT NULL REFERENCES players (id),
	score      INTEGER NOT NULL,
	ticks      INTEGER NOT NULL CHECK (ticks BETWEEN 0 AND 4294967295),
	won        INTEGER NOT NULL CHECK (won IN (0, 1)),
	state_hash INTEGER NOT NULL, -- the uint64's bits as a signed integer
	replay     BLOB NOT NULL,
	pot        INTEGER NOT NULL,
	client     TEXT, -- NULL when the client gave no id
	at         INTEGER NOT NULL -- Unix nanoseconds
) STRICT;

-- A client id is counted once per player and board.
CREATE UNIQUE INDEX runs_client ON runs (player_id, board_id, client) WHERE client IS NOT NULL;

-- Each player's best run per board: the leaderboards. rank_key is ~score
-- (bitwise not: -score-1, which never overflows), so that the rank order
-- (score descending, then ticks, time and run id ascending) is ascending in
-- every column: one index serves Top, the rank count and Around as plain
-- ranges, including row-value comparisons.
CREATE TABLE best (
	board_id  INTEGER NOT NULL REFERENCES boards (id),
	player_id INTEGER NOT NULL REFERENCES players (id),
	run_id    INTEGER NOT NULL REFERENCES runs (id),
	rank_key  INTEGER NOT NULL,
	ticks     INTEGER NOT NULL,
	at        INTEGER NOT NULL,
	PRIMARY KEY (board_id, player_id)
) STRICT, WITHOUT ROWID;

-- The rank order. The table's key (board_id, player_id) is part of every
-- entry of an index on a WITHOUT ROWID table, so this index covers
-- player_id too: ranking never reads the table.
CREATE INDEX best_rank ON best (board_id, rank_key, ticks, at, run_id);

-- The shared pot of each level, across its versions.
CREATE TABLE pots (
	level TEXT PRIMARY KEY,
	total INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
