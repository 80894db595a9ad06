//! Link previews end to end, against a real HTTP server on loopback (allowlisted for these
//! tests only) that serves pages, a picture, redirects and hostile answers, and a canary
//! listener on another loopback port that nothing may ever reach.

use std::collections::HashMap;
use std::io::Cursor;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use hearth_common::groups::{CreateGroupRequest, Group, Privacy, UpdateGroupRequest};
use hearth_common::posts::{CreatePostRequest, LinkPreview, Post, UpdatePostRequest};
use hearth_server::outbound::{Allowlist, Outbound, OutboundError, Wanted};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{assert_error, spawn_app_with, Backend, Session, TestApp};
use crate::on_both_databases;
use crate::stream::next_of;

on_both_databases!(
    spawn = crate::previews::spawn_with_fixture;
    a_link_gets_a_card_seen_exactly_by_who_sees_the_post,
    authors_remove_cards_and_communities_switch_them_off,
    an_edit_to_another_link_replaces_the_card,
);

/// The fixture: pages by path, with how often each was asked for.
pub struct Fixture {
    addr: SocketAddr,
    canary: SocketAddr,
    hits: Mutex<HashMap<String, usize>>,
    canary_hits: AtomicUsize,
}

impl Fixture {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

fn picture() -> Vec<u8> {
    let img = image::RgbImage::from_fn(120, 80, |x, y| image::Rgb([x as u8, y as u8, 200]));
    let mut png = Vec::new();
    img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

/// Started once for the whole test binary, on its own thread and runtime (each test has its
/// own runtime, which ends with the test).
pub fn fixture() -> &'static Arc<Fixture> {
    static FIXTURE: OnceLock<Arc<Fixture>> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let pages = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                let canary = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                let fixture = Arc::new(Fixture {
                    addr: pages.local_addr().unwrap(),
                    canary: canary.local_addr().unwrap(),
                    hits: Mutex::new(HashMap::new()),
                    canary_hits: AtomicUsize::new(0),
                });
                tx.send(fixture.clone()).unwrap();
                let counting = fixture.clone();
                tokio::spawn(async move {
                    loop {
                        if let Ok((mut socket, _)) = canary.accept().await {
                            counting.canary_hits.fetch_add(1, Ordering::SeqCst);
                            let _ = socket.shutdown().await;
                        }
                    }
                });
                loop {
                    let (socket, _) = pages.accept().await.unwrap();
                    tokio::spawn(serve(fixture.clone(), socket));
                }
            });
        });
        rx.recv().unwrap()
    })
}

async fn serve(fixture: Arc<Fixture>, mut socket: tokio::net::TcpStream) {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&request);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    *fixture
        .hits
        .lock()
        .unwrap()
        .entry(path.clone())
        .or_default() += 1;
    let canary = fixture.canary;
    let (status, kind, body): (&str, &str, Vec<u8>) = match path.as_str() {
        p if p.starts_with("/article") => (
            "200 OK",
            "text/html; charset=utf-8",
            format!(
                "<!doctype html><html><head><title>Fallback</title>\
                 <meta property=\"og:title\" content=\"Works council elections {p}\">\
                 <meta property=\"og:description\" content=\"Vote by 12 March &amp; have your say.\">\
                 <meta property=\"og:site_name\" content=\"Staff news\">\
                 <meta property=\"og:image\" content=\"/cover.png\">\
                 </head><body>Hello</body></html>"
            )
            .into_bytes(),
        ),
        "/plain" => (
            "200 OK",
            "text/html",
            b"<html><head><title>Canteen menu</title></head></html>".to_vec(),
        ),
        "/cover.png" => ("200 OK", "image/png", picture()),
        "/redirect-ok" => {
            return redirect(socket, "/plain").await;
        }
        "/redirect-canary" => {
            return redirect(socket, &format!("http://{canary}/stolen")).await;
        }
        "/redirect-loop" => {
            return redirect(socket, "/redirect-loop").await;
        }
        "/big" => ("200 OK", "text/html", vec![b' '; 600 * 1024]),
        "/json" => ("200 OK", "application/json", b"{\"title\":\"no\"}".to_vec()),
        "/slow" => {
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n<html>")
                .await;
            tokio::time::sleep(Duration::from_secs(8)).await;
            return;
        }
        _ => ("404 Not Found", "text/plain", b"missing".to_vec()),
    };
    let mut answer = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(&body);
    let _ = socket.write_all(&answer).await;
    let _ = socket.shutdown().await;
}

async fn redirect(mut socket: tokio::net::TcpStream, to: &str) {
    let answer = format!(
        "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    let _ = socket.write_all(answer.as_bytes()).await;
    let _ = socket.shutdown().await;
}

/// Hearth with the fixture's port, and only it, allowed.
pub async fn spawn_with_fixture(backend: Backend) -> Option<TestApp> {
    let allow = Allowlist::parse(&fixture().addr.to_string()).unwrap();
    spawn_app_with(backend, move |config| config.outbound_allow = allow).await
}

async fn post(who: &Session, body: &str, group: Option<&Group>) -> Post {
    who.client
        .create_post(&CreatePostRequest {
            body: body.into(),
            group_id: group.map(|g| g.id.clone()),
            ..Default::default()
        })
        .await
        .unwrap()
}

/// The post's card, once it has arrived (the page is read after the post is answered).
async fn card(who: &Session, post_id: &str) -> LinkPreview {
    for _ in 0..200 {
        if let Some(card) = who.client.post(post_id).await.unwrap().link_preview {
            return card;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no card for {post_id}");
}

async fn get_status(app: &TestApp, path: &str, who: &Session) -> u16 {
    reqwest::Client::new()
        .get(format!("{}{path}", app.anon.base_url()))
        .bearer_auth(who.client.token().unwrap())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn closed_group(owner: &Session, members: &[&Session]) -> Group {
    let group = owner
        .client
        .create_group(&CreateGroupRequest {
            name: "Works council".into(),
            description: String::new(),
            privacy: Privacy::Closed,
            topics: None,
        })
        .await
        .unwrap();
    for member in members {
        owner
            .client
            .invite_to_group(&group.id, member.id())
            .await
            .unwrap();
        member.client.join_group(&group.id).await.unwrap();
    }
    group
}

async fn a_link_gets_a_card_seen_exactly_by_who_sees_the_post(app: TestApp) {
    let f = fixture();
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let cyd = app.register("cyd").await;
    let group = closed_group(&ann, &[&bob]).await;
    let mut bobs_stream = bob.client.stream(None).await.unwrap();
    // Its own address: the fixture serves the tests on both databases at once.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let page = &format!("/article-one-{}", RUNS.fetch_add(1, Ordering::SeqCst));
    let written = post(
        &ann,
        &format!("Vote! {}#top, please.", f.url(page)),
        Some(&group),
    )
    .await;
    assert_eq!(written.link_preview, None, "the card comes later");

    // Live, to a member who has the page open.
    let event = next_of(&mut bobs_stream, "post.preview").await;
    let hearth_common::events::EventBody::PostPreview(live) = event.body else {
        unreachable!()
    };
    assert_eq!(live.post_id, written.id);
    let shown = card(&bob, &written.id).await;
    assert_eq!(live.preview.as_ref(), Some(&shown));
    assert_eq!(shown.url, f.url(page), "kept without the fragment");
    assert_eq!(
        shown.title.as_deref(),
        Some(format!("Works council elections {page}").as_str())
    );
    assert_eq!(
        shown.description.as_deref(),
        Some("Vote by 12 March & have your say.")
    );
    assert_eq!(shown.site_name.as_deref(), Some("Staff news"));
    let image = shown.image.clone().expect("the page's picture");
    assert_eq!((image.width, image.height), (Some(120), Some(80)));
    let src = image.thumb_url.clone().unwrap();

    // The picture is the post's: a member sees it, someone outside the community does not
    // (and gets the same answer as for a file that does not exist).
    assert_eq!(get_status(&app, &src, &bob).await, 200);
    assert_eq!(get_status(&app, &src, &cyd).await, 404);
    assert_error(cyd.client.post(&written.id).await, 404, "not_found");
    let missing = src.replace(&image.id, "0000000000000000");
    assert_eq!(get_status(&app, &missing, &bob).await, 404);

    // The page is read once: a second post linking there gets the kept card, company-wide,
    // with a picture row of its own that Cyd may load.
    let again = post(&bob, &format!("Also {}", f.url(page)), None).await;
    let second = card(&cyd, &again.id).await;
    assert_eq!(second.title, shown.title);
    let second_image = second.image.unwrap();
    assert_ne!(second_image.id, image.id);
    assert_eq!(
        get_status(&app, &second_image.thumb_url.unwrap(), &cyd).await,
        200
    );
    assert_eq!(f.hits(page), 1, "one fetch per address");
    assert_eq!(f.canary_hits.load(Ordering::SeqCst), 0);

    // Deleting the post takes its card's picture with it.
    ann.client.delete_post(&written.id).await.unwrap();
    assert_eq!(get_status(&app, &src, &bob).await, 404);
}

async fn authors_remove_cards_and_communities_switch_them_off(app: TestApp) {
    let f = fixture();
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let group = closed_group(&ann, &[&bob]).await;
    let written = post(
        &bob,
        &format!("Lunch: {}", f.url("/redirect-ok")),
        Some(&group),
    )
    .await;
    let shown = card(&ann, &written.id).await;
    assert_eq!(
        shown.title.as_deref(),
        Some("Canteen menu"),
        "through one redirect"
    );
    assert_eq!(shown.image, None);

    // Only the author removes it; it stays gone.
    assert_error(
        ann.client.remove_link_preview(&written.id).await,
        403,
        "not_author",
    );
    let mut anns_stream = ann.client.stream(None).await.unwrap();
    bob.client.remove_link_preview(&written.id).await.unwrap();
    let event = next_of(&mut anns_stream, "post.preview").await;
    let hearth_common::events::EventBody::PostPreview(gone) = event.body else {
        unreachable!()
    };
    assert_eq!(
        (gone.post_id.as_str(), gone.preview),
        (written.id.as_str(), None)
    );
    assert_eq!(
        ann.client.post(&written.id).await.unwrap().link_preview,
        None
    );
    bob.client.remove_link_preview(&written.id).await.unwrap();

    // The owner switches cards off: those shown go, new posts get none.
    let other = post(
        &ann,
        &format!("Read {}", f.url("/article-two")),
        Some(&group),
    )
    .await;
    card(&bob, &other.id).await;
    let off = ann
        .client
        .update_group(
            &group.id,
            &UpdateGroupRequest {
                link_previews: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(!off.link_previews);
    assert_eq!(bob.client.post(&other.id).await.unwrap().link_preview, None);
    let later = post(
        &ann,
        &format!("And {}", f.url("/article-three")),
        Some(&group),
    )
    .await;
    // A company-wide post with a link of its own, made after it, gets its card; by then a
    // job for the community post would have run too.
    let company = post(&ann, &format!("See {}", f.url("/article-four")), None).await;
    card(&bob, &company.id).await;
    assert_eq!(bob.client.post(&later.id).await.unwrap().link_preview, None);
    assert_eq!(f.hits("/article-three"), 0, "not even read");
}

async fn an_edit_to_another_link_replaces_the_card(app: TestApp) {
    let f = fixture();
    let ann = app.register("ann").await;
    let written = post(&ann, &format!("Old: {}", f.url("/article-five")), None).await;
    let first = card(&ann, &written.id).await;
    let edited = |body: String| UpdatePostRequest {
        body: Some(body),
        title: None,
        attachments: None,
    };
    // A change elsewhere in the text keeps the card.
    let same = ann
        .client
        .update_post(
            &written.id,
            &edited(format!("Old, still: {}", f.url("/article-five"))),
        )
        .await
        .unwrap();
    assert_eq!(same.link_preview, Some(first.clone()));
    ann.client
        .update_post(
            &written.id,
            &edited(format!("New: {}", f.url("/article-six"))),
        )
        .await
        .unwrap();
    let mut second = card(&ann, &written.id).await;
    for _ in 0..100 {
        if second.url != first.url {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        second = card(&ann, &written.id).await;
    }
    assert_eq!(second.url, f.url("/article-six"));
    let gone = first.image.unwrap().thumb_url.unwrap();
    assert_eq!(
        get_status(&app, &gone, &ann).await,
        404,
        "the old picture went"
    );
    // Without a link, no card.
    let plain = ann
        .client
        .update_post(&written.id, &edited("No link now.".into()))
        .await
        .unwrap();
    assert_eq!(plain.link_preview, None);
}

/// The outbound client alone: what it refuses, and that nothing ever reaches the canary.
#[actix_web::test]
async fn the_outbound_client_keeps_to_its_rules() {
    let f = fixture();
    let out = Outbound::new(Allowlist::parse(&f.addr.to_string()).unwrap());
    let page = Wanted {
        types: &["text/html"],
        max_bytes: 512 * 1024,
    };
    let got = out.get(&f.url("/redirect-ok"), page).await.unwrap();
    assert_eq!(got.url.path(), "/plain");
    assert!(String::from_utf8_lossy(&got.body).contains("Canteen menu"));
    let canary = format!("http://{}/direct", f.canary);
    let refused: Vec<(String, OutboundError)> = vec![
        (canary, OutboundError::NotAllowed("only ports 80 and 443")),
        (
            f.url("/redirect-canary"),
            OutboundError::NotAllowed("only ports 80 and 443"),
        ),
        (f.url("/redirect-loop"), OutboundError::Redirects),
        (f.url("/big"), OutboundError::TooLarge(512 * 1024)),
        (f.url("/json"), OutboundError::WrongType),
        (f.url("/missing"), OutboundError::Status(404)),
        (f.url("/slow"), OutboundError::Timeout),
        // The allowlisted host on another port is not allowlisted.
        (
            format!("http://{}:80/", f.addr.ip()),
            OutboundError::NotAllowed("an internal address"),
        ),
    ];
    for (url, why) in refused {
        assert_eq!(out.get(&url, page).await.unwrap_err(), why, "{url}");
    }
    assert_eq!(
        f.canary_hits.load(Ordering::SeqCst),
        0,
        "the canary was reached"
    );
}

/// Two `hearth` processes on one PostgreSQL database take the jobs of posts written through
/// both at once: every page is read exactly once, and every post gets its card.
#[actix_web::test]
async fn two_processes_read_each_page_once() {
    let Some(url) = crate::helpers::fresh_postgres_url().await else {
        eprintln!("TEST_POSTGRES_URL not set: the two-process test needs PostgreSQL");
        return;
    };
    let f = fixture();
    let allow = vec![("HEARTH_OUTBOUND_ALLOW", f.addr.to_string())];
    let (a, b) = actix_web::rt::task::spawn_blocking(move || {
        use crate::processes::Process;
        (
            Process::start_with(&url, &allow),
            Process::start_with(&url, &allow),
        )
    })
    .await
    .unwrap();
    let auth = a
        .client
        .register(&crate::helpers::register_request("ann"))
        .await
        .unwrap();
    let (on_a, on_b) = (
        a.client.with_token(&auth.access_token),
        b.client.with_token(&auth.access_token),
    );
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::SeqCst);
    let pages: Vec<String> = (0..20)
        .map(|i| format!("/article-both-{run}-{i}"))
        .collect();
    let writes = pages.iter().enumerate().map(|(i, page)| {
        let client = if i % 2 == 0 {
            on_a.clone()
        } else {
            on_b.clone()
        };
        let body = format!("Read {}", f.url(page));
        async move {
            client
                .create_post(&CreatePostRequest {
                    body,
                    ..Default::default()
                })
                .await
                .unwrap()
                .id
        }
    });
    let posted = futures_util::future::join_all(writes).await;
    for id in &posted {
        let mut shown = None;
        for _ in 0..200 {
            shown = on_b.post(id).await.unwrap().link_preview;
            if shown.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(shown.is_some(), "no card for {id}");
    }
    for page in &pages {
        assert_eq!(f.hits(page), 1, "{page} read once");
    }
}
