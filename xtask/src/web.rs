//! Building the web app: wasm32 release build, wasm-bindgen, wasm-opt when present, and the
//! static files, into `frontend/dist`.

use std::path::{Path, PathBuf};

use crate::cmd::{cargo, on_path, Cmd, Result};
use crate::tools;

/// Builds the app and returns the folder to serve.
pub fn build(root: &Path, dev: bool) -> Result<PathBuf> {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen(root)?;
    let profile = if dev { "dev" } else { "wasm-release" };
    cargo(root)
        .args([
            "build",
            "-p",
            "hearth-web",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            profile,
        ])
        .run()?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let profile_dir = if dev { "debug" } else { "wasm-release" };
    let wasm = target_dir
        .join("wasm32-unknown-unknown")
        .join(profile_dir)
        .join("hearth-web.wasm");

    let dist = root.join("frontend/dist");
    let pkg = dist.join("pkg");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("clean {}: {e}", dist.display()))?;
    }
    std::fs::create_dir_all(&pkg).map_err(|e| e.to_string())?;
    // wasm-opt runs on the compiler's output, before wasm-bindgen: Debian's binaryen is
    // older than wasm-bindgen and breaks the table wasm-bindgen adds if it runs after it.
    let input = if !dev && wasm_opt_available() {
        let optimised = target_dir.join("hearth-web.opt.wasm");
        Cmd::new("wasm-opt")
            .args([
                "-Oz",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "-o",
            ])
            .arg(&optimised)
            .arg(&wasm)
            .run()?;
        optimised
    } else {
        wasm
    };
    Cmd::new("wasm-bindgen")
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "hearth_web",
            "--out-dir",
        ])
        .arg(&pkg)
        .arg(&input)
        .run()?;
    for file in ["index.html", "style.css"] {
        std::fs::copy(root.join("frontend").join(file), dist.join(file))
            .map_err(|e| format!("copy {file}: {e}"))?;
    }
    report_size(&dist);
    Ok(dist)
}

/// wasm-opt (Debian's binaryen) shrinks the app by a fifth; it is installed when it can be,
/// and the build goes on without it when it cannot.
fn wasm_opt_available() -> bool {
    if !on_path("wasm-opt") {
        if let Err(e) = tools::ensure_debian_package("wasm-opt", &["binaryen"]) {
            eprintln!("notice: wasm-opt unavailable ({e}); the web app is not size-optimised");
        }
    }
    on_path("wasm-opt")
}

/// Prints the transfer size of the app (wasm + JS + CSS, gzip -9), as a browser fetches it.
fn report_size(dist: &Path) {
    let files = [
        dist.join("pkg/hearth_web_bg.wasm"),
        dist.join("pkg/hearth_web.js"),
        dist.join("style.css"),
        dist.join("index.html"),
    ];
    let mut total = 0u64;
    for file in &files {
        let compressed = Cmd::new("sh")
            .arg("-c")
            .arg(format!("gzip -9 -c '{}' | wc -c", file.display()))
            .read()
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok());
        match compressed {
            Some(bytes) => total += bytes,
            None => return,
        }
    }
    eprintln!(
        "web app: {:.1} KB gzip-compressed (wasm + JS + CSS + HTML)",
        total as f64 / 1024.0
    );
}
