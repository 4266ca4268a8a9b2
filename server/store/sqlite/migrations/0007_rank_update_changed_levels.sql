-- A new best moves its entry in the rank tree (migration 0002) from its old
-- key to its new one. The trigger of 0002 took 1 from every level of the old
-- key's path and added 1 to every level of the new key's path: 12 updates,
-- 12 deletion checks and 12 upserts, writing back every level's page, even
-- at the levels where both paths share their node and the count does not
-- change. A player who improves keeps the first digits of their key (their
-- score changes by little against the 64 bits of the key), so most levels
-- did that for nothing, and the pages they dirtied went to the WAL and its
-- fsync at every commit. This trigger moves the entry only at the levels
-- where the two paths differ (all of them if the board changes). The counts
-- it leaves are the same as before, so the tree is not rebuilt.
--
-- The tree key of each side is computed once (subquery k) instead of once
-- per level.

DROP TRIGGER best_rank_update;

CREATE TRIGGER best_rank_update AFTER UPDATE OF board_id, rank_key, ticks ON best
	WHEN OLD.board_id != NEW.board_id OR OLD.rank_key != NEW.rank_key OR OLD.ticks != NEW.ticks BEGIN
	UPDATE rank_counts SET n = n - 1 WHERE board_id = OLD.board_id AND (level, prefix) IN (
		SELECT l.column1, substr(k.o, 1, 2 * l.column1)
		FROM (SELECT
			printf('%016x%08x', CASE WHEN OLD.rank_key < 0 THEN OLD.rank_key + 9223372036854775807 + 1 ELSE OLD.rank_key - 9223372036854775807 - 1 END, OLD.ticks) AS o,
			printf('%016x%08x', CASE WHEN NEW.rank_key < 0 THEN NEW.rank_key + 9223372036854775807 + 1 ELSE NEW.rank_key - 9223372036854775807 - 1 END, NEW.ticks) AS n) k,
			(VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12)) l
		WHERE OLD.board_id != NEW.board_id OR substr(k.o, 1, 2 * l.column1) != substr(k.n, 1, 2 * l.column1));
	DELETE FROM rank_counts WHERE board_id = OLD.board_id AND n = 0 AND (level, prefix) IN (
		SELECT l.column1, substr(k.o, 1, 2 * l.column1)
		FROM (SELECT
			printf('%016x%08x', CASE WHEN OLD.rank_key < 0 THEN OLD.rank_key + 9223372036854775807 + 1 ELSE OLD.rank_key - 9223372036854775807 - 1 END, OLD.ticks) AS o,
			printf('%016x%08x', CASE WHEN NEW.rank_key < 0 THEN NEW.rank_key + 9223372036854775807 + 1 ELSE NEW.rank_key - 9223372036854775807 - 1 END, NEW.ticks) AS n) k,
			(VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12)) l
		WHERE OLD.board_id != NEW.board_id OR substr(k.o, 1, 2 * l.column1) != substr(k.n, 1, 2 * l.column1));
	INSERT INTO rank_counts (board_id, level, prefix, n)
		SELECT NEW.board_id, l.column1, substr(k.n, 1, 2 * l.column1), 1
		FROM (SELECT
			printf('%016x%08x', CASE WHEN OLD.rank_key < 0 THEN OLD.rank_key + 9223372036854775807 + 1 ELSE OLD.rank_key - 9223372036854775807 - 1 END, OLD.ticks) AS o,
			printf('%016x%08x', CASE WHEN NEW.rank_key < 0 THEN NEW.rank_key + 9223372036854775807 + 1 ELSE NEW.rank_key - 9223372036854775807 - 1 END, NEW.ticks) AS n) k,
			(VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12)) l
		WHERE OLD.board_id != NEW.board_id OR substr(k.o, 1, 2 * l.column1) != substr(k.n, 1, 2 * l.column1)
		ON CONFLICT (board_id, level, prefix) DO UPDATE SET n = n + 1;
END;
