-- Moderation: reports of posts, comments and messages, and an append-only log of what
-- moderators did.

CREATE TABLE reports (
    id TEXT PRIMARY KEY NOT NULL,
    -- post | comment | message
    target_kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    -- Where the content is: its post (for a comment too), its conversation (a message), its
    -- community (none: company-wide, or a message).
    post_id TEXT,
    conversation_id TEXT,
    group_id TEXT,
    author_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reporter_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- spam | harassment | hate | misinformation | confidential | other
    reason TEXT NOT NULL,
    details TEXT NOT NULL,
    -- The reported text as it was when reported, for the moderators' review.
    excerpt TEXT NOT NULL,
    -- open | dismissed | removed | warned | suspended
    status TEXT NOT NULL,
    -- Open for 48 hours: admins were brought in.
    escalated BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    decided_by TEXT
);
-- One report per person per thing.
CREATE UNIQUE INDEX reports_reporter_idx ON reports (target_kind, target_id, reporter_id);
CREATE INDEX reports_open_idx ON reports (status, created_at);

CREATE TABLE moderation_log (
    id TEXT PRIMARY KEY NOT NULL,
    -- The community (none: company-wide content and messages).
    group_id TEXT,
    actor_id TEXT NOT NULL,
    -- hidden | escalated | dismissed | removed | warned | suspended
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX moderation_log_group_idx ON moderation_log (group_id, created_at, id);

-- A post with three open reports from different people is out of every view, as a deleted
-- one is (`deleted_at` is set), until a moderator restores it (`hidden_at` tells the two
-- apart) or removes it.
ALTER TABLE posts ADD COLUMN hidden_at BIGINT;

-- What a moderator told the author or the reporter (a removal's reason, a warning).
ALTER TABLE notifications ADD COLUMN note TEXT;
