//! `cargo xtask test`: every check, in the order that fails fastest.

use std::path::Path;

use crate::cmd::{cargo, Cmd, Result};
use crate::{bench, postgres, s3, tools, web};

pub fn run(root: &Path) -> Result {
    tools::ensure_wasm_target()?;
    cargo(root).args(["fmt", "--all", "--check"]).run()?;
    cargo(root)
        .args([
            "clippy",
            "--workspace",
            "--exclude",
            "hearth-web",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .run()?;
    cargo(root)
        .args([
            "clippy",
            "-p",
            "hearth-web",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ])
        .run()?;
    common_builds_for_wasm(root)?;

    let postgres_url = postgres::ensure()?;
    let s3 = s3::start(root)?;
    cargo(root)
        .args(["test", "--workspace"])
        .env("TEST_POSTGRES_URL", &postgres_url)
        .env("HEARTH_REQUIRE_POSTGRES", "1")
        .env("TEST_S3_ENDPOINT", &s3.endpoint)
        .env("HEARTH_REQUIRE_S3", "1")
        .run()?;
    drop(s3);

    audit(root)?;
    contract(root)?;
    e2e(root)?;
    // The benchmark harness, on a small set: that it runs, not what it measures.
    let quick_report = std::env::temp_dir().join("hearth-benchmarks-quick.md");
    bench::run(
        root,
        &[
            "--quick".into(),
            "--out".into(),
            quick_report.display().to_string(),
        ],
    )?;
    eprintln!("xtask test: all checks passed");
    Ok(())
}

/// hearth-common is shared with the browser: it must build for wasm32, and pull in neither
/// the database nor the web server.
fn common_builds_for_wasm(root: &Path) -> Result {
    cargo(root)
        .args([
            "build",
            "-p",
            "hearth-common",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .run()?;
    let tree = cargo(root)
        .args([
            "tree",
            "-p",
            "hearth-common",
            "--target",
            "wasm32-unknown-unknown",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .read()?;
    for forbidden in ["diesel", "actix", "libsqlite3-sys", "pq-sys", "tokio"] {
        if tree.lines().any(|l| l.starts_with(forbidden)) {
            return Err(format!("hearth-common depends on {forbidden}"));
        }
    }
    Ok(())
}

/// The RustSec snapshot sits beside the repository in CI; elsewhere the audit is skipped.
fn audit(root: &Path) -> Result {
    let db = root.join("../shared/advisory-db");
    if !db.join("crates").is_dir() {
        eprintln!("notice: ../shared/advisory-db not found; dependency audit skipped");
        return Ok(());
    }
    tools::ensure_cargo_audit(root)?;
    cargo(root)
        .args(["audit", "--no-fetch", "--stale", "--db"])
        .arg(&db)
        .run()
}

/// Browser tests: the release web app, served by a debug server, driven in Debian's Chromium.
/// The API document, checked by a third-party validator of the OpenAPI specification (the
/// test suite has already checked that it is what the server generates).
fn contract(root: &Path) -> Result {
    let validator = tools::ensure_python_tool(
        root,
        "openapi-spec-validator==0.7.2",
        "openapi-spec-validator",
    )?;
    Cmd::new(validator).arg(root.join("openapi.yaml")).run()
}

fn e2e(root: &Path) -> Result {
    tools::ensure_debian_package("chromium", &["chromium"])?;
    tools::ensure_debian_package("npm", &["nodejs", "npm"])?;
    let dist = web::build(root, false)?;
    cargo(root)
        .args(["build", "-p", "hearth-server", "--bin", "hearth"])
        .run()?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let e2e_dir = root.join("e2e");
    Cmd::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .dir(&e2e_dir)
        .run()?;
    Cmd::new("npm")
        .args(["test"])
        .dir(&e2e_dir)
        .env("HEARTH_BIN", target_dir.join("debug/hearth"))
        .env("HEARTH_WEB_DIR", dist)
        .run()
}
