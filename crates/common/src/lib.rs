//! The types of Hearth's JSON API (`/api/v1`), shared by the server, hearth-client and the web
//! app, and the validation newtypes every input goes through. serde only: this crate must build
//! for wasm32 without any server dependency.

pub mod admin;
pub mod announcements;
pub mod auth;
pub mod conversations;
pub mod error;
pub mod events;
pub mod groups;
pub mod insights;
pub mod moderation;
pub mod notifications;
pub mod page;
pub mod posts;
pub mod users;
pub mod validation;

// Conventions: ids are opaque strings (UUIDv7 made by the server); times are RFC 3339 in UTC.
