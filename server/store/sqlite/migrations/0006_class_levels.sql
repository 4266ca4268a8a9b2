-- Class-only community levels (store.StateClassOnly): a level a pupil
-- publishes while in a class is seen only by that class until its teacher
-- approves it (moderation_log kind 'approve'), and is deleted with the
-- class. SQLite cannot change a CHECK constraint in place, so
-- community_levels and moderation_log are rebuilt (foreign keys are off
-- while migrating; the migration checks them before it commits), keeping
-- their rowids: community_search and report ids refer to them.

-- community_plays names community_levels: dropped while the table is
-- rebuilt, created again as it was.
DROP TRIGGER community_plays;

CREATE TABLE community_levels_v6 (
	seq        INTEGER PRIMARY KEY,
	id         TEXT NOT NULL UNIQUE,
	owner      INTEGER NOT NULL REFERENCES players (id),
	state      TEXT NOT NULL CHECK (state IN ('listed', 'reported', 'hidden', 'banned', 'deleted', 'class_only')),
	latest     INTEGER NOT NULL CHECK (latest >= 1),
	latest_at  INTEGER NOT NULL,
	plays      INTEGER NOT NULL DEFAULT 0,
	rating_sum INTEGER NOT NULL DEFAULT 0,
	ratings    INTEGER NOT NULL DEFAULT 0,
	-- The code of the class a class-only level belongs to (also while a
	-- moderator hides it); '' once approved and for every other level.
	class      TEXT NOT NULL DEFAULT ''
) STRICT;

INSERT INTO community_levels_v6 (seq, id, owner, state, latest, latest_at, plays, rating_sum, ratings)
	SELECT seq, id, owner, state, latest, latest_at, plays, rating_sum, ratings FROM community_levels;
DROP TABLE community_levels;
ALTER TABLE community_levels_v6 RENAME TO community_levels;

CREATE INDEX community_levels_owner ON community_levels (owner, state);
CREATE INDEX community_levels_new ON community_levels (state, latest_at DESC, id);
-- A class's levels, for its level list and its expiry.
CREATE INDEX community_levels_class ON community_levels (class) WHERE class != '';

CREATE TRIGGER community_plays AFTER INSERT ON runs BEGIN
	UPDATE community_levels SET plays = plays + 1
		WHERE id = (SELECT level FROM boards WHERE id = NEW.board_id);
END;

CREATE TABLE moderation_log_v6 (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	kind      TEXT NOT NULL CHECK (kind IN ('auto_hide', 'hide', 'restore', 'delete', 'ban', 'unban', 'approve')),
	level     TEXT NOT NULL,
	player_id INTEGER REFERENCES players (id),
	note      TEXT NOT NULL,
	at        INTEGER NOT NULL
) STRICT;

INSERT INTO moderation_log_v6 (id, kind, level, player_id, note, at)
	SELECT id, kind, level, player_id, note, at FROM moderation_log;
DROP TABLE moderation_log;
ALTER TABLE moderation_log_v6 RENAME TO moderation_log;
