//! `cargo xtask run` and `cargo xtask demo`: from a fresh clone to a running Hearth on SQLite.
//! Both build the server and the demo filler in one cargo invocation, so that they share one
//! set of dependency features: running one after the other rebuilds nothing.

use std::path::{Path, PathBuf};

use crate::cmd::{cargo, Cmd, Result};
use crate::web;

/// Builds everything and starts Hearth.
pub fn run(root: &Path) -> Result {
    let dist = web::build(root, false)?;
    build(root)?;
    serve(root, &dist)
}

/// Builds everything, fills the instance with a small organisation, then starts Hearth.
pub fn demo(root: &Path) -> Result {
    let dist = web::build(root, false)?;
    build(root)?;
    Cmd::new(release_dir(root).join("hearth-demo"))
        .dir(root)
        .run()?;
    println!("sign in as amara (admin), noor (community manager) or anyone else; password hearth-demo-password");
    serve(root, &dist)
}

fn build(root: &Path) -> Result {
    cargo(root)
        .args([
            "build",
            "--release",
            "-p",
            "hearth-server",
            "-p",
            "hearth-demo",
            "--bin",
            "hearth",
            "--bin",
            "hearth-demo",
        ])
        .run()
}

fn serve(root: &Path, dist: &Path) -> Result {
    Cmd::new(release_dir(root).join("hearth"))
        .dir(root)
        .env("HEARTH_WEB_DIR", dist)
        .run()
}

fn release_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("release")
}
