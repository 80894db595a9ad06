-- Search in one's own conversations: the terms of each message, as post_terms and
-- comment_terms hold those of posts and comments.
CREATE TABLE message_terms (
    term TEXT NOT NULL,
    message_id TEXT NOT NULL,
    weight INTEGER NOT NULL,
    PRIMARY KEY (term, message_id)
);
CREATE INDEX message_terms_by_message ON message_terms (message_id);
-- Messages written before are indexed in the background, in id order after this one.
ALTER TABLE instance_settings ADD COLUMN message_backfill_after TEXT;
UPDATE instance_settings SET message_backfill_after = '' WHERE EXISTS (SELECT 1 FROM messages);
