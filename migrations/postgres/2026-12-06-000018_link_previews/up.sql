-- Link previews: what a linked page says about itself, kept once per address (`url`,
-- normalised) and shown on every post that links to it. The preview image's bytes are
-- stored once by their hash (`image_sha256`); each post that shows it has its own `media`
-- row (attached_kind 'preview'), so that it is served exactly to who sees the post.
CREATE TABLE link_previews (
    url TEXT PRIMARY KEY NOT NULL,
    -- 'ready' (a card), or 'failed' (nothing to show; tried again after a while).
    status TEXT NOT NULL,
    title TEXT,
    description TEXT,
    site_name TEXT,
    image_sha256 TEXT,
    image_content_type TEXT,
    image_width INTEGER,
    image_height INTEGER,
    image_bytes BIGINT,
    fetched_at BIGINT NOT NULL
);

-- Cards to make: written in the post's transaction, taken by a background worker after
-- the commit; a taken job is leased until `due_at`, so a process that stops mid-way leaves
-- it to be taken again.
CREATE TABLE link_preview_jobs (
    post_id TEXT PRIMARY KEY NOT NULL,
    url TEXT NOT NULL,
    due_at BIGINT NOT NULL
);
CREATE INDEX link_preview_jobs_due ON link_preview_jobs (due_at);

-- The link a post's card is for; NULL when it has none, or its author removed it.
ALTER TABLE posts ADD COLUMN preview_url TEXT;

-- Communities may switch previews off.
ALTER TABLE communities ADD COLUMN link_previews BOOLEAN NOT NULL DEFAULT TRUE;
