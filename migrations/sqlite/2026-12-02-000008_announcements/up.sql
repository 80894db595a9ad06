-- Pinned posts and must-read announcements.

-- A post pinned at the top of its community's feed (scope: the community's id) or of
-- everyone's home feed (scope '': a company-wide post).
CREATE TABLE pins (
    scope TEXT NOT NULL,
    post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    pinned_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    pinned_at BIGINT NOT NULL,
    PRIMARY KEY (scope, post_id)
);

-- A post everyone in its audience is asked to acknowledge by a deadline.
CREATE TABLE must_reads (
    post_id TEXT PRIMARY KEY NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    marked_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    marked_at BIGINT NOT NULL,
    deadline BIGINT NOT NULL,
    -- Automatic reminders sent so far: 0, 1 (after 24 hours), 2 (after 72 hours).
    reminders_sent INTEGER NOT NULL,
    last_manual_reminder_at BIGINT
);
CREATE INDEX must_reads_reminders_idx ON must_reads (reminders_sent, marked_at);

-- Who was asked (fixed when the post was made a must-read) and when each acknowledged.
CREATE TABLE must_read_audience (
    post_id TEXT NOT NULL REFERENCES must_reads (post_id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    acknowledged_at BIGINT,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX must_read_audience_user_idx ON must_read_audience (user_id, acknowledged_at);
