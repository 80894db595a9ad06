ALTER TABLE communities DROP COLUMN archived_at;
