-- Classroom workshops (store.Classes): classes, their pupils, each pupil's
-- progress per level and quiz answers. Nothing here is personal: a class
-- has a name and the SHA-256 of its teacher's key; a pupil a pseudonym and
-- the hash of their secret picture. DeleteExpiredClasses deletes every row
-- of a class once it ended more than the retention ago (docs/privacy.md).
-- Times are Unix nanoseconds, as elsewhere.

CREATE TABLE classes (
	id           INTEGER PRIMARY KEY,
	-- store.ClassCodeAlphabet, store.ClassCodeLen; unique among stored
	-- classes (ended ones too, until they are deleted).
	code         TEXT NOT NULL UNIQUE,
	name         TEXT NOT NULL,
	levels       TEXT NOT NULL, -- JSON array of level ids, in order
	teacher_hash BLOB NOT NULL CHECK (length(teacher_hash) = 32),
	created_at   INTEGER NOT NULL,
	ends_at      INTEGER NOT NULL,
	paused       INTEGER NOT NULL DEFAULT 0,
	message      TEXT NOT NULL DEFAULT '',
	locked       TEXT NOT NULL DEFAULT '[]' -- JSON array, sorted
) STRICT;

-- The expiry job finds ended classes by their end.
CREATE INDEX classes_ends ON classes (ends_at);

CREATE TABLE class_pupils (
	id               INTEGER PRIMARY KEY,
	class_id         INTEGER NOT NULL REFERENCES classes (id),
	pseudonym        TEXT NOT NULL,
	-- store.FoldPseudonym(pseudonym): unique in the class, checked in the
	-- writer's transaction (as players' keys are, see 0003).
	pseudonym_key    TEXT NOT NULL,
	picture_hash     BLOB NOT NULL CHECK (length(picture_hash) = 32),
	player_id        INTEGER REFERENCES players (id), -- NULL until linked
	joined_at        INTEGER NOT NULL,
	last_progress_at INTEGER NOT NULL DEFAULT 0       -- 0: none
) STRICT;

CREATE INDEX class_pupils_class ON class_pupils (class_id, pseudonym_key);
CREATE INDEX class_pupils_player ON class_pupils (player_id) WHERE player_id IS NOT NULL;

-- A pupil's progress on a level of their class, from verified runs only.
CREATE TABLE class_progress (
	pupil_id INTEGER NOT NULL REFERENCES class_pupils (id),
	level    TEXT NOT NULL,
	status   TEXT NOT NULL CHECK (status IN ('not_started', 'playing', 'won', 'lost')),
	best     INTEGER NOT NULL,
	attempts INTEGER NOT NULL,
	PRIMARY KEY (pupil_id, level)
) STRICT, WITHOUT ROWID;

-- How often a pupil chose each answer of a quiz question, in verified runs.
CREATE TABLE class_answers (
	pupil_id INTEGER NOT NULL REFERENCES class_pupils (id),
	level    TEXT NOT NULL,
	question TEXT NOT NULL,
	choice   INTEGER NOT NULL,
	correct  INTEGER NOT NULL,
	n        INTEGER NOT NULL,
	PRIMARY KEY (pupil_id, level, question, choice, correct)
) STRICT, WITHOUT ROWID;
