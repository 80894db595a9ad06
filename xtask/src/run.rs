//! `cargo xtask run`: from a fresh clone to a running Hearth on SQLite.

use std::path::Path;

use crate::cmd::{cargo, Result};
use crate::web;

pub fn run(root: &Path) -> Result {
    let dist = web::build(root, false)?;
    cargo(root)
        .args(["run", "--release", "-p", "hearth-server", "--bin", "hearth"])
        .env("HEARTH_WEB_DIR", &dist)
        .run()
}
