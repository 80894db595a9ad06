-- Ambassadors (informal leaders): people invited because of their place in the interaction
-- graph, and whether they accepted. No score or ranking is ever stored: only who was
-- invited, and their answer.

-- Accepted ambassadors carry a badge wherever they appear.
ALTER TABLE users ADD COLUMN ambassador BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE ambassadors (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- invited | accepted | declined | stepped_down
    status TEXT NOT NULL,
    invited_at BIGINT NOT NULL,
    answered_at BIGINT
);
CREATE INDEX ambassadors_status_idx ON ambassadors (status, answered_at);

-- One round of finding candidates per day at most (two processes claim the same day once).
CREATE TABLE ambassador_rounds (
    day INTEGER PRIMARY KEY NOT NULL,
    ran_at BIGINT NOT NULL,
    people INTEGER NOT NULL,
    candidates INTEGER NOT NULL,
    -- exact | sampled
    betweenness TEXT NOT NULL,
    millis BIGINT NOT NULL
);

-- The ambassadors' own (secret) community.
CREATE TABLE ambassador_spaces (
    community_id TEXT PRIMARY KEY NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
