ALTER TABLE communities DROP COLUMN cover_url;
