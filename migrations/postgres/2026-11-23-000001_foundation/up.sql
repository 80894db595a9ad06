-- Accounts, logins, tokens, follows and instance settings.
-- Ids are UUIDv7 text; times are microseconds since the Unix epoch (UTC), set by the server.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    title TEXT,
    department TEXT,
    location TEXT,
    bio TEXT,
    skills TEXT NOT NULL,
    avatar_url TEXT,
    search_text TEXT NOT NULL,
    suspended BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (username);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE logins (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX logins_user_id_idx ON logins (user_id);

CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    login_id TEXT NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX refresh_tokens_login_id_idx ON refresh_tokens (login_id);

CREATE TABLE personal_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    last_used_at BIGINT
);
CREATE UNIQUE INDEX personal_tokens_token_hash_key ON personal_tokens (token_hash);
CREATE INDEX personal_tokens_user_id_idx ON personal_tokens (user_id, created_at);

CREATE TABLE follows (
    follower_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followee_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
-- Lists of followers and of followed people, newest first, keyset on (created_at, other id).
CREATE INDEX follows_followee_idx ON follows (followee_id, created_at, follower_id);
CREATE INDEX follows_follower_idx ON follows (follower_id, created_at, followee_id);

CREATE TABLE instance_settings (
    id INTEGER PRIMARY KEY,
    registration_open BOOLEAN NOT NULL,
    group_member_cap INTEGER NOT NULL
);
INSERT INTO instance_settings (id, registration_open, group_member_cap) VALUES (1, TRUE, 150);
