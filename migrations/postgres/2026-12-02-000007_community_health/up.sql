-- Community health: what insights are counted from, and nothing more (see the in-app page
-- "What Hearth counts"). No table here holds what anyone read, or a per-person score.

-- Spans of active membership: the size of a community on a past day, and who joined or left
-- in a window. A span closes when the membership ends.
CREATE TABLE membership_spans (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at BIGINT NOT NULL,
    left_at BIGINT,
    PRIMARY KEY (community_id, user_id, joined_at)
);
CREATE INDEX membership_spans_user_idx ON membership_spans (user_id, community_id);
INSERT INTO membership_spans (community_id, user_id, joined_at, left_at)
    SELECT community_id, user_id, created_at, NULL FROM community_members WHERE status = 'active';

-- One row per person per day (days since the Unix epoch, UTC) with any visit: kept 90 days,
-- only ever counted, never shown per person.
CREATE TABLE presence_days (
    day INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (day, user_id)
);

-- The counts of one community (or of the organisation: scope '') over the window of
-- `window_days` whole days ending before `end_day`, as JSON; kept two years.
CREATE TABLE health_snapshots (
    scope TEXT NOT NULL,
    window_days INTEGER NOT NULL,
    end_day INTEGER NOT NULL,
    data TEXT NOT NULL,
    computed_at BIGINT NOT NULL,
    PRIMARY KEY (scope, window_days, end_day)
);

-- What admins changed (roles, suspensions, settings, the analytics mode): append only.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL,
    target_user_id TEXT,
    target_group_id TEXT,
    -- JSON: what changed, from what to what.
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_time_idx ON audit_log (created_at, id);

ALTER TABLE instance_settings ADD COLUMN analytics_mode TEXT NOT NULL DEFAULT 'aggregate';
-- A person's own insights are computed only while this is on (they can opt out).
ALTER TABLE users ADD COLUMN personal_insights BOOLEAN NOT NULL DEFAULT TRUE;

-- Windows over the whole organisation read these by time.
CREATE INDEX posts_created_idx ON posts (created_at);
CREATE INDEX comments_created_idx ON comments (created_at);
CREATE INDEX post_reactions_created_idx ON post_reactions (created_at);
CREATE INDEX comment_reactions_created_idx ON comment_reactions (created_at);
