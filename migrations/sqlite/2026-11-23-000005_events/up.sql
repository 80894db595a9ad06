-- The live stream's log: what happened, to whom it may be shown, and the frame to send.
-- Ids are given out in commit order (see hearth-db's events module), so a client that has
-- seen id N has seen everything before it. Kept for a while for `?since=` replays, then pruned.
CREATE TABLE events (
    id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    -- Who may receive it, as JSON the server reads back (a post's place, or a list of people).
    audience TEXT NOT NULL,
    -- The frame's `data`, as JSON.
    data TEXT NOT NULL,
    -- For those who may see the event but not everything in it (a share of a post they
    -- cannot see): `data` with that part left out.
    redacted_data TEXT,
    -- The community the event is about, so its events can be forgotten when it becomes
    -- more private (a replay must not show them to people who may no longer see them).
    group_id TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX events_created_at_idx ON events (created_at);
