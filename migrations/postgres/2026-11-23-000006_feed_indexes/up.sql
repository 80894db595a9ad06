-- Feed walks read only (created_at, id) from these indexes, never the table: what every feed
-- filters out (deleted posts, posts of suspended people) is outside each index by its
-- predicate, and the predicate's columns are repeated at the end so that SQLite, too, sees
-- that the index covers the query. Queries must state the predicate literally to use them.
CREATE INDEX posts_group_feed_idx ON posts (group_id, created_at, id, deleted_at, author_suspended)
    WHERE deleted_at IS NULL AND NOT author_suspended;

DROP INDEX posts_company_idx;
CREATE INDEX posts_company_idx ON posts (created_at, id, group_id, deleted_at, author_suspended)
    WHERE group_id IS NULL AND deleted_at IS NULL AND NOT author_suspended;

DROP INDEX posts_company_feed_idx;
CREATE INDEX posts_company_feed_idx ON posts (created_at, id, in_company_feed, deleted_at, author_suspended)
    WHERE in_company_feed AND deleted_at IS NULL AND NOT author_suspended;
