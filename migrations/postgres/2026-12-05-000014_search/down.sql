ALTER TABLE instance_settings DROP COLUMN search_backfill_after;
DROP TABLE search_terms;
DROP TABLE comment_terms;
DROP TABLE post_terms;
