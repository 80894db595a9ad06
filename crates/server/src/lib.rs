//! The Hearth server: the JSON API under `/api/v1`, the web app at `/`, health probes.
//! `startup` assembles it; `routes` is the table of every path and its handler.

pub mod auth;
pub mod config;
pub mod error;
pub mod middleware;
pub mod openapi;
pub mod pagination;
pub mod policy;
pub mod routes;
pub mod startup;
pub mod state;
pub mod web_app;
