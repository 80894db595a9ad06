//! `cargo xtask bench [--quick]`: builds the release `hearth` and hearth-bench, starts
//! PostgreSQL as `test` does, and runs the benchmark, which writes BENCHMARKS.md. `--quick`
//! uses a small data set and short runs: it checks the harness, its figures mean little.

use std::path::{Path, PathBuf};

use crate::cmd::{cargo, Cmd, Result};
use crate::postgres;

pub fn run(root: &Path, args: &[String]) -> Result {
    cargo(root)
        .args([
            "build",
            "--release",
            "-p",
            "hearth-server",
            "--bin",
            "hearth",
            "-p",
            "hearth-bench",
            "--bin",
            "hearth-bench",
        ])
        .run()?;
    let release = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("release");
    let postgres_url = postgres::ensure()?;
    Cmd::new(release.join("hearth-bench"))
        .args(args)
        .env("HEARTH_BIN", release.join("hearth"))
        .env("TEST_POSTGRES_URL", postgres_url)
        .dir(root)
        .run()
}
