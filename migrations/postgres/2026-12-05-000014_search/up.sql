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
