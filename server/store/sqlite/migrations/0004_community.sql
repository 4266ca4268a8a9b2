-- Community levels (store.Community): their versions, search index, ratings,
-- plays, reports, moderation log and bans. See docs/server.md ("Community
-- levels") for what is kept and why.

-- A community level: the id its first publisher owns, and what players made
-- of it across its versions. seq is the rowid of its row in
-- community_search (FTS5 links rows by integer rowid, not by text key).
-- plays, rating_sum and ratings are kept here rather than counted at each
-- search, so that sorting 10,000 levels by them reads one row per level;
-- Check verifies them against runs and community_ratings.
CREATE TABLE community_levels (
	seq        INTEGER PRIMARY KEY,
	id         TEXT NOT NULL UNIQUE,
	owner      INTEGER NOT NULL REFERENCES players (id),
	state      TEXT NOT NULL CHECK (state IN ('listed', 'reported', 'hidden', 'banned', 'deleted')),
	latest     INTEGER NOT NULL CHECK (latest >= 1), -- the highest version published
	latest_at  INTEGER NOT NULL,                     -- its time (Unix ns), for sorting without a join
	plays      INTEGER NOT NULL DEFAULT 0,           -- runs stored on the level's boards
	rating_sum INTEGER NOT NULL DEFAULT 0,
	ratings    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Ban hides a player's listed levels.
CREATE INDEX community_levels_owner ON community_levels (owner, state);

-- The default sort (newest first) of the listed levels, read in order
-- without sorting them all.
CREATE INDEX community_levels_new ON community_levels (state, latest_at DESC, id);

-- Every version of a community level, as the listing shows it: the fields of
-- store.Version. Tags and languages are JSON arrays of strings: they are
-- read back whole, and the tag filter uses community_tags instead.
CREATE TABLE community_versions (
	level        TEXT NOT NULL REFERENCES community_levels (id),
	version      INTEGER NOT NULL CHECK (version >= 1),
	hash         BLOB NOT NULL CHECK (length(hash) = 32),
	size         INTEGER NOT NULL,
	owner        INTEGER NOT NULL REFERENCES players (id),
	author       TEXT NOT NULL,
	title_fr     TEXT NOT NULL,
	title_en     TEXT NOT NULL,
	summary_fr   TEXT NOT NULL,
	summary_en   TEXT NOT NULL,
	tags         TEXT NOT NULL,
	languages    TEXT NOT NULL,
	remix_of     TEXT NOT NULL,
	remix_author TEXT NOT NULL,
	cover        INTEGER NOT NULL CHECK (cover IN (0, 1)),
	max_ticks    INTEGER NOT NULL CHECK (max_ticks BETWEEN 0 AND 4294967295),
	pot          INTEGER NOT NULL CHECK (pot IN (0, 1)),
	clear_score  INTEGER NOT NULL,
	clear_ticks  INTEGER NOT NULL CHECK (clear_ticks BETWEEN 0 AND 4294967295),
	at           INTEGER NOT NULL, -- Unix nanoseconds
	PRIMARY KEY (level, version),
	UNIQUE (level, hash)
) STRICT, WITHOUT ROWID;

-- The tags of each level's latest version, one row each, so that the tag
-- filter is an index lookup instead of decoding every level's JSON.
CREATE TABLE community_tags (
	tag   TEXT NOT NULL,
	level TEXT NOT NULL REFERENCES community_levels (id),
	PRIMARY KEY (tag, level)
) STRICT, WITHOUT ROWID;

CREATE INDEX community_tags_level ON community_tags (level);

-- The search index of each level's latest version (rowid =
-- community_levels.seq). The texts are stored already folded by
-- store.SearchWords (accents dropped, case folded, words joined by spaces),
-- the same folding memstore and every query get, so that both backends
-- find the same levels; unicode61 with remove_diacritics 2 then folds
-- nothing more but keeps any text indexed without it accent-insensitive.
-- prefix '2 3' indexes the 2- and 3-character prefixes: a player's query is
-- a prefix query of every word, and the short ones would otherwise scan
-- every token that starts with them. (A virtual table cannot be STRICT.)
CREATE VIRTUAL TABLE community_search USING fts5 (
	title_fr, title_en, summary_fr, summary_en, tags, author,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);

-- Plays count every run stored on any board of a community level, in the
-- run's own transaction (AddRun's): a duplicate is not stored, so it is not
-- counted; a built-in level has no row here, so nothing happens.
CREATE TRIGGER community_plays AFTER INSERT ON runs BEGIN
	UPDATE community_levels SET plays = plays + 1
		WHERE id = (SELECT level FROM boards WHERE id = NEW.board_id);
END;

-- One rating per player and level, replaced by the next.
CREATE TABLE community_ratings (
	level     TEXT NOT NULL REFERENCES community_levels (id),
	player_id INTEGER NOT NULL REFERENCES players (id),
	stars     INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
	PRIMARY KEY (level, player_id)
) STRICT, WITHOUT ROWID;

-- Reports. A player has at most one open report per level (a second one
-- replaces it); a moderator's restore settles them (open = 0) and they stay
-- for the record. AUTOINCREMENT: a report id is never given twice.
CREATE TABLE community_reports (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	level     TEXT NOT NULL REFERENCES community_levels (id),
	player_id INTEGER NOT NULL REFERENCES players (id),
	reason    TEXT NOT NULL CHECK (reason IN ('hate', 'harassment', 'personal_data', 'illegal', 'broken', 'other')),
	note      TEXT NOT NULL CHECK (length(CAST(note AS BLOB)) <= 500),
	at        INTEGER NOT NULL,
	open      INTEGER NOT NULL CHECK (open IN (0, 1))
) STRICT;

CREATE UNIQUE INDEX community_reports_open ON community_reports (level, player_id) WHERE open = 1;
CREATE INDEX community_reports_list ON community_reports (open, at, id);

-- The moderation audit log, append only. player_id is NULL when the action
-- names no player, level '' when it names no level.
CREATE TABLE moderation_log (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	kind      TEXT NOT NULL CHECK (kind IN ('auto_hide', 'hide', 'restore', 'delete', 'ban', 'unban')),
	level     TEXT NOT NULL,
	player_id INTEGER REFERENCES players (id),
	note      TEXT NOT NULL,
	at        INTEGER NOT NULL
) STRICT;

-- Banned players. Unban deletes the row: the audit log keeps the history.
CREATE TABLE bans (
	player_id INTEGER PRIMARY KEY REFERENCES players (id),
	at        INTEGER NOT NULL,
	note      TEXT NOT NULL
) STRICT;
