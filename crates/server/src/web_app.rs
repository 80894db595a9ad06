//! Serves the built web app at `/`. Paths that are not files get `index.html`, so the app's
//! own routes (`/people/…`) survive a reload. A browser that accepts Brotli or gzip gets the
//! compressed copy the build wrote beside a file (`FILE.br`, `FILE.gz`): the app's wasm is a
//! quarter of its size that way, without compressing on every request.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{fn_service, HttpServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, Error};

/// The folder the app is served from.
#[derive(Clone)]
struct WebDir(PathBuf);

pub fn service(dir: PathBuf) -> impl HttpServiceFactory {
    let index = dir.join("index.html");
    let files = Files::new("/", &dir)
        .index_file("index.html")
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                // A file the build did not write (`/favicon.ico`) is missing, not the app.
                if asks_for_a_file(req.path()) {
                    let (req, _) = req.into_parts();
                    return Ok(ServiceResponse::new(
                        req,
                        actix_web::HttpResponse::NotFound().finish(),
                    ));
                }
                let (req, _) = req.into_parts();
                let file = NamedFile::open_async(index).await?;
                let res = file.into_response(&req);
                Ok(ServiceResponse::new(req, res))
            }
        }));
    web::scope("")
        .app_data(web::Data::new(WebDir(dir)))
        .wrap(from_fn(precompressed))
        .service(files)
}

/// Answers with `FILE.br` or `FILE.gz` when the browser accepts it and the build wrote it.
async fn precompressed(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let dir = req.app_data::<web::Data<WebDir>>().map(|d| d.0.clone());
    let accepted = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if let (Some(dir), Some(relative)) = (dir, app_file(req.path())) {
        for (suffix, encoding) in [
            (".br", ContentEncoding::Brotli),
            (".gz", ContentEncoding::Gzip),
        ] {
            let token = if encoding == ContentEncoding::Brotli {
                "br"
            } else {
                "gzip"
            };
            let compressed = dir.join(format!("{relative}{suffix}"));
            if !accepts(&accepted, token) || !compressed.is_file() {
                continue;
            }
            let file = NamedFile::open_async(&compressed)
                .await?
                .set_content_type(content_type(Path::new(relative)))
                .set_content_encoding(encoding);
            let (req, _) = req.into_parts();
            let mut res = file.into_response(&req);
            res.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            return Ok(ServiceResponse::new(req, res));
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}

/// The app file a path names, when it is one that may have compressed copies: plain names
/// only (no `..`, nothing hidden), so no path outside the folder can be reached.
fn app_file(path: &str) -> Option<&str> {
    let relative = path.strip_prefix('/')?;
    let plain = !relative.is_empty()
        && relative.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        });
    let compressible = [".wasm", ".js", ".css", ".html"]
        .iter()
        .any(|ext| relative.ends_with(ext));
    (plain && compressible).then_some(relative)
}

fn accepts(accept_encoding: &str, token: &str) -> bool {
    accept_encoding.split(',').any(|part| {
        let mut pieces = part.split(';');
        let name = pieces.next().unwrap_or("").trim();
        let refused = pieces.any(|p| {
            matches!(
                p.trim().replace(' ', "").as_str(),
                "q=0" | "q=0.0" | "q=0.00" | "q=0.000"
            )
        });
        name == token && !refused
    })
}

/// A path naming a static file by its extension, rather than one of the app's screens
/// (which never end in one of these; `/people/@ann.lee` does not).
fn asks_for_a_file(path: &str) -> bool {
    const FILE_TYPES: [&str; 12] = [
        "ico",
        "png",
        "jpg",
        "svg",
        "txt",
        "xml",
        "json",
        "js",
        "css",
        "wasm",
        "map",
        "webmanifest",
    ];
    path.rsplit('/')
        .next()
        .and_then(|last| last.rsplit_once('.'))
        .is_some_and(|(_, ext)| FILE_TYPES.contains(&ext))
}

fn content_type(file: &Path) -> mime::Mime {
    match file.extension().and_then(|e| e.to_str()) {
        Some("wasm") => "application/wasm"
            .parse()
            .unwrap_or(mime::APPLICATION_OCTET_STREAM),
        Some("js") => mime::APPLICATION_JAVASCRIPT_UTF_8,
        Some("css") => mime::TEXT_CSS_UTF_8,
        _ => mime::TEXT_HTML_UTF_8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_that_are_not_there_are_missing_and_screens_are_the_app() {
        for file in [
            "/favicon.ico",
            "/robots.txt",
            "/pkg/other.js",
            "/apple-touch-icon.png",
        ] {
            assert!(asks_for_a_file(file), "{file}");
        }
        for screen in [
            "/",
            "/people/@ann.lee",
            "/posts/0190-abc",
            "/topics/release-2.0",
            "/search",
        ] {
            assert!(!asks_for_a_file(screen), "{screen}");
        }
    }

    #[test]
    fn only_plain_app_files_are_looked_up() {
        assert_eq!(
            app_file("/pkg/hearth_web_bg.wasm"),
            Some("pkg/hearth_web_bg.wasm")
        );
        assert_eq!(app_file("/style.css"), Some("style.css"));
        assert_eq!(app_file("/../secret.js"), None);
        assert_eq!(app_file("/pkg/.hidden.js"), None);
        assert_eq!(app_file("/people/42"), None);
        assert_eq!(app_file("/"), None);
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=1.0, br;q=0.5", "br"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(!accepts("gzip", "br"));
        assert!(!accepts("", "gzip"));
    }
}
