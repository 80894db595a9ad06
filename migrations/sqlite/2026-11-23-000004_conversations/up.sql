-- Direct messages: conversations of 2 to 50 people.
CREATE TABLE conversations (
    id TEXT PRIMARY KEY NOT NULL,
    -- For a conversation of two: the two user ids, sorted and joined, so it exists once.
    pair_key TEXT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX conversations_pair_key ON conversations (pair_key);

CREATE TABLE conversation_participants (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_read_message_id TEXT,
    unread_count INTEGER NOT NULL,
    -- When the conversation last had a message (or was created), per person, so "my
    -- conversations, most recent first" is one index walk.
    last_activity_at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_participants_inbox_idx ON conversation_participants (user_id, last_activity_at, conversation_id);

CREATE TABLE messages (
    id TEXT PRIMARY KEY NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, created_at, id);
