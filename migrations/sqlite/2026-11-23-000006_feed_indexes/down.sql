DROP INDEX posts_company_feed_idx;
CREATE INDEX posts_company_feed_idx ON posts (created_at, id) WHERE in_company_feed;

DROP INDEX posts_company_idx;
CREATE INDEX posts_company_idx ON posts (created_at, id) WHERE group_id IS NULL;

DROP INDEX posts_group_feed_idx;
