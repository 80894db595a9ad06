//! The Hearth server: the JSON API under `/api/v1`, the web app at `/`, health probes.
//! `startup` assembles it; `routes` is the table of every path and its handler.

pub mod accounts;
pub mod ambassadors;
pub mod announcements;
pub mod auth;
pub mod clock;
pub mod config;
pub mod content;
pub mod duties;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod input;
pub mod insights;
pub mod media;
pub mod membership;
pub mod middleware;
pub mod moderation;
pub mod notify;
pub mod openapi;
pub mod outbound;
pub mod pagination;
pub mod policy;
pub mod present;
pub mod previews;
pub mod rate_limit;
pub mod routes;
pub mod search;
pub mod startup;
pub mod state;
pub mod stream;
pub mod web_app;
