-- Search: Hearth's own inverted index, the same on both databases (see search/terms.rs).
-- A term of a post or comment, with the weight of where it stands (title 2, body 1).
CREATE TABLE post_terms (
    term TEXT NOT NULL,
    post_id TEXT NOT NULL,
    weight INTEGER NOT NULL,
    PRIMARY KEY (term, post_id)
);
CREATE INDEX post_terms_by_post ON post_terms (post_id);
CREATE TABLE comment_terms (
    term TEXT NOT NULL,
    comment_id TEXT NOT NULL,
    weight INTEGER NOT NULL,
    PRIMARY KEY (term, comment_id)
);
CREATE INDEX comment_terms_by_comment ON comment_terms (comment_id);
-- Every term ever indexed, once: query words are matched inside these (parts of compounds)
-- without reading the postings.
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY NOT NULL
);
-- Posts written before search existed are indexed in the background, in id order after this
-- one ('' to start; NULL when there is nothing left, as on a fresh instance).
ALTER TABLE instance_settings ADD COLUMN search_backfill_after TEXT;
UPDATE instance_settings SET search_backfill_after = '' WHERE EXISTS (SELECT 1 FROM posts);
