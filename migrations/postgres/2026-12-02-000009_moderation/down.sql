ALTER TABLE notifications DROP COLUMN note;
ALTER TABLE posts DROP COLUMN hidden_at;
DROP TABLE moderation_log;
DROP TABLE reports;
