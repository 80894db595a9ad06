//! The web app's files: the SPA fallback, and compressed copies for browsers that take them.

use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use reqwest::Method;

use crate::helpers::{spawn_app_with, Backend};

#[actix_web::test]
async fn app_files_are_sent_compressed_when_the_browser_accepts_it() {
    let web = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = web.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write("index.html", b"<!doctype html><title>Hearth</title>");
    write("pkg/app.js", b"plain javascript");
    write("pkg/app.js.gz", b"gzip bytes");
    write("pkg/app.js.br", b"brotli bytes");
    write("style.css", b"body {}");
    let dir = web.path().to_path_buf();
    let app = spawn_app_with(Backend::Sqlite, move |c| c.web_dir = Some(dir))
        .await
        .unwrap();
    let get = |path: &'static str, accept: &'static str| {
        let request = app.anon.request(Method::GET, path);
        async move {
            let request = if accept.is_empty() {
                request
            } else {
                request.header(ACCEPT_ENCODING, accept)
            };
            request.send().await.unwrap()
        }
    };

    let br = get("/pkg/app.js", "gzip, deflate, br").await;
    assert_eq!(br.headers()[CONTENT_ENCODING], "br");
    assert_eq!(br.headers()[VARY], "accept-encoding");
    assert!(br.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/javascript"));
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli bytes");

    let gz = get("/pkg/app.js", "gzip").await;
    assert_eq!(gz.headers()[CONTENT_ENCODING], "gzip");
    assert_eq!(gz.bytes().await.unwrap().as_ref(), b"gzip bytes");

    let refused = get("/pkg/app.js", "gzip;q=0, br;q=0").await;
    assert!(refused.headers().get(CONTENT_ENCODING).is_none());
    assert_eq!(refused.bytes().await.unwrap().as_ref(), b"plain javascript");

    // No compressed copy: the file as it is.
    let css = get("/style.css", "br").await;
    assert!(css.headers().get(CONTENT_ENCODING).is_none());
    assert_eq!(css.bytes().await.unwrap().as_ref(), b"body {}");

    // The app's own routes load the app; a file that is not there is missing.
    for screen in ["/people/42", "/people/@ann.lee", "/posts/42"] {
        let route = get(screen, "").await;
        assert_eq!(route.status(), 200, "{screen}");
        assert!(route
            .text()
            .await
            .unwrap()
            .contains("<title>Hearth</title>"));
    }
    assert_eq!(get("/favicon.ico", "").await.status(), 404);
}
