DROP INDEX health_snapshots_window_idx;
DROP INDEX posts_unanswered_idx;
ALTER TABLE posts DROP COLUMN answered_at;
