-- Communities, their members, and guest invitations.
CREATE TABLE communities (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    privacy TEXT NOT NULL,
    topics TEXT NOT NULL,
    -- Lower-cased name, description and topics, for the list's search.
    search_text TEXT NOT NULL,
    member_count INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX communities_name_idx ON communities (name, id);

CREATE TABLE community_members (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    -- active, pending (asked to join) or invited.
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_members_user_idx ON community_members (user_id, status, community_id);
CREATE INDEX community_members_list_idx ON community_members (community_id, status, created_at, user_id);

CREATE TABLE guest_invites (
    code_hash TEXT PRIMARY KEY NOT NULL,
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

-- Company-wide posts and posts of open communities: what the company feed shows.
ALTER TABLE posts ADD COLUMN in_company_feed BOOLEAN NOT NULL DEFAULT TRUE;
CREATE INDEX posts_company_feed_idx ON posts (created_at, id) WHERE in_company_feed;
