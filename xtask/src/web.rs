//! Building the web app: wasm32 release build, wasm-bindgen, wasm-opt when present, and the
//! static files, into `frontend/dist`, each with gzip (and, when `brotli` is there, Brotli)
//! copies that `hearth` sends to browsers that accept them.

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
                // A Rust module's own memory starts zeroed and its first KiB is never used
                // (the stack grows down towards it): two facts wasm-opt may build on.
                "--zero-filled-memory",
                "--low-memory-unused",
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
    for file in ["index.html", "style.css", "favicon.svg"] {
        std::fs::copy(root.join("frontend").join(file), dist.join(file))
            .map_err(|e| format!("copy {file}: {e}"))?;
    }
    if !dev {
        compress(&dist)?;
    }
    Ok(dist)
}

/// The files a browser fetches to start the app.
const APP_FILES: [&str; 4] = [
    "pkg/hearth_web_bg.wasm",
    "pkg/hearth_web.js",
    "style.css",
    "index.html",
];

/// Writes `FILE.gz` and `FILE.br` beside each app file and prints what a browser downloads.
fn compress(dist: &Path) -> Result {
    let brotli = on_path("brotli")
        || tools::ensure_debian_package("brotli", &["brotli"]).is_ok() && on_path("brotli");
    if !brotli {
        eprintln!("notice: brotli unavailable; the web app is served gzip-compressed only");
    }
    let (mut gzip_total, mut brotli_total) = (0u64, 0u64);
    for name in APP_FILES {
        let file = dist.join(name);
        Cmd::new("gzip")
            .args(["-9", "-k", "-f", "-n"])
            .arg(&file)
            .run()?;
        gzip_total += size(&dist.join(format!("{name}.gz")))?;
        if brotli {
            Cmd::new("brotli")
                .args(["-q", "11", "-k", "-f"])
                .arg(&file)
                .run()?;
            brotli_total += size(&dist.join(format!("{name}.br")))?;
        }
    }
    let kib = |bytes: u64| bytes as f64 / 1024.0;
    if brotli {
        eprintln!(
            "web app: {:.1} KiB Brotli-compressed, {:.1} KiB gzip (wasm + JS + CSS + HTML)",
            kib(brotli_total),
            kib(gzip_total)
        );
    } else {
        eprintln!(
            "web app: {:.1} KiB gzip-compressed (wasm + JS + CSS + HTML)",
            kib(gzip_total)
        );
    }
    Ok(())
}

fn size(file: &Path) -> Result<u64> {
    std::fs::metadata(file)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", file.display()))
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
