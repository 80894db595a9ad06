-- Uploaded files. The bytes live in the media store (the file system or S3) under keys made
-- from their SHA-256, so one file uploaded twice is stored once; a row is one upload.
CREATE TABLE media (
    id TEXT PRIMARY KEY,
    uploader_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    content_type TEXT NOT NULL,
    file_name TEXT NOT NULL,
    byte_size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    width INTEGER,
    height INTEGER,
    alt_text TEXT NOT NULL DEFAULT '',
    -- What it belongs to: 'post' (attached_id: the post) or 'avatar' (the person); none
    -- while it waits to be used.
    attached_kind TEXT,
    attached_id TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    -- Set when what it belonged to went; its bytes go after a grace period.
    deleted_at BIGINT
);
CREATE INDEX media_by_attachment ON media (attached_kind, attached_id, position);
CREATE INDEX media_by_content ON media (sha256);
CREATE INDEX media_by_uploader ON media (uploader_id);
CREATE INDEX media_by_age ON media (created_at);
