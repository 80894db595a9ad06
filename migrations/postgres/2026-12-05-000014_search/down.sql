DROP TABLE search_terms;
DROP TABLE comment_terms;
DROP TABLE post_terms;
