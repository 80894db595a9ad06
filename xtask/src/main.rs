//! `cargo xtask <task>`: the project's tasks, in Rust so they run wherever cargo does.
//!
//! - `run`      build the web app and the server (release), start Hearth on SQLite
//! - `test`     everything CI checks: formatting, lints, the wasm build of hearth-common, unit
//!   and integration tests on SQLite and PostgreSQL, the OpenAPI drift check, the
//!   dependency audit, the browser tests and a quick run of the benchmark harness. Installs
//!   what a fresh machine lacks.
//! - `web`      build the web app into `frontend/dist` (add `--dev` for a debug build)
//! - `openapi`  rewrite `openapi.yaml` from the code
//! - `demo`     as `run`, after filling a fresh instance (the database `run` uses) with a
//!   small organisation
//! - `bench`    seed, load and measure Hearth on SQLite and PostgreSQL; writes BENCHMARKS.md
//!   (add `--quick` for a small, short run that checks the harness)

mod bench;
mod cmd;
mod postgres;
mod run;
mod s3;
mod test;
mod tools;
mod web;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    let result = match args.first().map(String::as_str) {
        Some("run") => run::run(&root),
        Some("test") => test::run(&root),
        Some("web") => web::build(&root, args.iter().any(|a| a == "--dev")).map(|_| ()),
        Some("bench") => bench::run(&root, &args[1..]),
        Some("demo") => run::demo(&root),
        Some("openapi") => cmd::cargo(&root)
            .args(["test", "-p", "hearth-server", "--test", "api", "openapi"])
            .env("HEARTH_WRITE_OPENAPI", "1")
            .run(),
        _ => {
            eprintln!(
                "usage: cargo xtask <run | test | web [--dev] | openapi | demo | bench [--quick]>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The checkout this task runs for. Read at run time (`cargo run` sets it): the compiled-in
/// path would be that of whichever clone last built xtask into a shared target directory.
fn project_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
