-- When someone other than its author first commented on a post (among the comments still
-- there): unanswered posts, time to first reply and response rates read this column
-- instead of searching the comments of every post.
ALTER TABLE posts ADD COLUMN answered_at BIGINT;
UPDATE posts SET answered_at = (
    SELECT min(c.created_at) FROM comments c
    WHERE c.post_id = posts.id AND c.author_id <> posts.author_id
);
-- The to-do list counts each community's unanswered posts of the last weeks on every view,
-- by a seek per community into this index (the last two columns are there so that SQLite
-- need not read the table).
CREATE INDEX posts_unanswered_idx ON posts (group_id, created_at, answered_at, deleted_at)
    WHERE answered_at IS NULL AND deleted_at IS NULL;
-- A page listing every community reads all of a window's snapshots at once.
CREATE INDEX health_snapshots_window_idx ON health_snapshots (end_day, window_days);
