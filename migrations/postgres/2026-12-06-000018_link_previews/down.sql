ALTER TABLE communities DROP COLUMN link_previews;
ALTER TABLE posts DROP COLUMN preview_url;
DROP TABLE link_preview_jobs;
DROP TABLE link_previews;
