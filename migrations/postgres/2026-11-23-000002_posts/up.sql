-- Posts, their earlier versions and topics, reactions, comments, notifications.
-- Counts live on the rows they count, so a feed page reads no aggregates.
CREATE TABLE posts (
    id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The community; NULL for a company-wide post.
    group_id TEXT,
    title TEXT,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    topics TEXT NOT NULL,
    mentions TEXT NOT NULL,
    shared_post_id TEXT REFERENCES posts (id),
    reactions_like INTEGER NOT NULL,
    reactions_celebrate INTEGER NOT NULL,
    reactions_support INTEGER NOT NULL,
    reactions_insightful INTEGER NOT NULL,
    reactions_curious INTEGER NOT NULL,
    comment_count INTEGER NOT NULL,
    share_count INTEGER NOT NULL,
    -- Kept in step with the author's suspension, so feeds filter on this table alone.
    author_suspended BOOLEAN NOT NULL,
    edited_at BIGINT,
    deleted_at BIGINT,
    created_at BIGINT NOT NULL
);
-- Feeds read newest first with keyset pagination on (created_at, id): each index leads with
-- what the feed filters on and ends with the sort key.
CREATE INDEX posts_author_idx ON posts (author_id, created_at, id);
CREATE INDEX posts_group_idx ON posts (group_id, created_at, id);
-- Company-wide posts in feed order. A partial index, because PostgreSQL cannot read
-- posts_group_idx in (created_at, id) order under `group_id IS NULL` and would sort.
CREATE INDEX posts_company_idx ON posts (created_at, id) WHERE group_id IS NULL;
CREATE INDEX posts_shared_post_idx ON posts (shared_post_id);

CREATE TABLE post_versions (
    id TEXT PRIMARY KEY,
    post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    title TEXT,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    replaced_at BIGINT NOT NULL
);
CREATE INDEX post_versions_post_idx ON post_versions (post_id, replaced_at, id);

CREATE TABLE post_topics (
    topic TEXT NOT NULL,
    post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (topic, post_id)
);
CREATE INDEX post_topics_feed_idx ON post_topics (topic, created_at, post_id);
CREATE INDEX post_topics_post_idx ON post_topics (post_id);

CREATE TABLE post_reactions (
    post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX post_reactions_list_idx ON post_reactions (post_id, created_at, user_id);

CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES comments (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    reactions_like INTEGER NOT NULL,
    reactions_celebrate INTEGER NOT NULL,
    reactions_support INTEGER NOT NULL,
    reactions_insightful INTEGER NOT NULL,
    reactions_curious INTEGER NOT NULL,
    edited_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX comments_post_idx ON comments (post_id, created_at, id);
CREATE INDEX comments_parent_idx ON comments (parent_id);

CREATE TABLE comment_reactions (
    comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id TEXT REFERENCES posts (id) ON DELETE CASCADE,
    comment_id TEXT REFERENCES comments (id) ON DELETE CASCADE,
    group_id TEXT,
    conversation_id TEXT,
    is_read BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at, id);
CREATE INDEX notifications_unread_idx ON notifications (user_id, is_read);
