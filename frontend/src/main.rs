//! The Hearth web app: a client-side rendered Leptos app that talks to the JSON API through
//! hearth-client. Built to wasm by `cargo xtask web` and served by `hearth` at `/`.

mod api;
mod app;
mod components;
mod live;
mod pages;
mod session;
mod words;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
