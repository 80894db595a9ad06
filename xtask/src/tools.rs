//! Installing what a fresh machine lacks: the wasm target, the wasm-bindgen CLI matching
//! Cargo.lock, Debian packages, cargo-audit, pinned Python tools.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cmd::{cargo, on_path, Cmd, Result};

pub fn ensure_wasm_target() -> Result {
    let installed = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .read()
        .unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    Cmd::new("rustup")
        .args(["target", "add", "wasm32-unknown-unknown"])
        .run()
}

/// The wasm-bindgen version in Cargo.lock: the CLI must be exactly this version.
pub fn wasm_bindgen_version(root: &Path) -> Result<String> {
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

pub fn ensure_wasm_bindgen(root: &Path) -> Result {
    let version = wasm_bindgen_version(root)?;
    let current = Cmd::new("wasm-bindgen")
        .arg("--version")
        .read()
        .unwrap_or_default();
    if current.split_whitespace().nth(1) == Some(version.as_str()) {
        return Ok(());
    }
    cargo(root)
        .args([
            "install",
            "--locked",
            "wasm-bindgen-cli",
            "--version",
            &version,
        ])
        .run()
}

pub fn ensure_cargo_audit(root: &Path) -> Result {
    if cargo(root).args(["audit", "--version"]).succeeds() {
        return Ok(());
    }
    cargo(root)
        .args(["install", "--locked", "cargo-audit"])
        .run()
}

/// A pinned PyPI package in its own virtual environment under the target directory (kept
/// between runs like the build cache); returns the path of its `program`.
pub fn ensure_python_tool(root: &Path, package: &str, program: &str) -> Result<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let venv = target
        .join("python-tools")
        .join(package.replace(['=', '[', ']'], "-"));
    let bin = venv.join("bin");
    if bin.join(program).exists() {
        return Ok(bin.join(program));
    }
    ensure_debian_package("python3", &["python3", "python3-venv"])?;
    Cmd::new("python3").arg("-m").arg("venv").arg(&venv).run()?;
    Cmd::new(bin.join("pip"))
        .args(["install", "-q", "--disable-pip-version-check", package])
        .run()?;
    Ok(bin.join(program))
}

static APT_UPDATED: AtomicBool = AtomicBool::new(false);

/// Installs Debian packages that provide `program` when it is missing.
pub fn ensure_debian_package(program: &str, packages: &[&str]) -> Result {
    if on_path(program) {
        return Ok(());
    }
    if !on_path("apt-get") {
        return Err(format!(
            "{program} is missing; install {}",
            packages.join(" ")
        ));
    }
    if !APT_UPDATED.swap(true, Ordering::SeqCst) {
        Cmd::new("apt-get").args(["update", "-q"]).run()?;
    }
    Cmd::new("apt-get")
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()
}
