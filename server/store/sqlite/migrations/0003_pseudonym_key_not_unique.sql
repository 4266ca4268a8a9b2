-- Pseudonym keys (store.FoldPseudonym) now fold accents and look-alike
-- letters of other scripts too, so two players accepted under the old key
-- ("Zoé" and "Zoe", "Alice" and "Аlice" with a Cyrillic А) may share the
-- new one. Both keep their names: they were accepted. The key is therefore
-- no longer UNIQUE; the store refuses a new name or a rename whose key any
-- other player holds, in the writer's IMMEDIATE transaction, so that check
-- cannot race. Open recomputes every key after migrating (see rekey).
--
-- SQLite cannot drop a column's UNIQUE constraint: the table is rebuilt by
-- its documented procedure (foreign keys are off while migrating, and the
-- migration is checked with foreign_key_check before it commits). Player
-- ids are kept, so runs and best rows still reference their players.

CREATE TABLE players_new (
	id            INTEGER PRIMARY KEY,
	token_hash    BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	pseudonym     TEXT NOT NULL,
	-- store.FoldPseudonym(pseudonym), recomputed at every Open: equal keys
	-- are the same name. Unique for every player created or renamed since
	-- this migration; older players may share one.
	pseudonym_key TEXT NOT NULL
) STRICT;

INSERT INTO players_new (id, token_hash, pseudonym, pseudonym_key)
	SELECT id, token_hash, pseudonym, pseudonym_key FROM players;

DROP TABLE players;
ALTER TABLE players_new RENAME TO players;

CREATE INDEX players_key ON players (pseudonym_key);
