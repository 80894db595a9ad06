//! Integration tests: each test starts the real server on port 0 with a fresh database and
//! talks to it over HTTP with hearth-client, once on SQLite and once on PostgreSQL (when
//! `TEST_POSTGRES_URL` is set).

mod helpers;

mod accounts;
mod admin;
mod ambassadors;
mod announcements;
mod concurrency;
mod conversations;
mod crash;
mod errors;
mod feeds;
mod group_matrix;
mod groups;
mod idempotency;
mod input;
mod insights;
mod limits;
mod media;
mod model_visibility;
mod moderation;
mod notifications;
mod openapi;
mod people;
mod post_access;
mod posts;
mod previews;
mod processes;
mod reactions;
mod search;
mod stream;
mod todo_live;
mod tokens;
mod web_app;
