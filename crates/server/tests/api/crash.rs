//! `kill -9` of the real `hearth` binary while it takes writes, on each database: after a
//! restart every acknowledged post is there, and so is its `post.created` event, for a
//! client resuming the stream from the start.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hearth_client::Client;
use hearth_common::events::EventBody;
use hearth_common::posts::CreatePostRequest;

use crate::helpers::{fresh_postgres_url, register_request};
use crate::processes::Process;

/// Writers posting at once, and how long they post before the kill.
const WRITERS: usize = 8;
const LOAD_FOR: Duration = Duration::from_millis(1500);

#[actix_web::test]
async fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("hearth.db").display());
    nothing_acknowledged_is_lost(&url).await;
}

#[actix_web::test]
async fn postgres() {
    let Some(url) = fresh_postgres_url().await else {
        eprintln!("TEST_POSTGRES_URL not set: PostgreSQL run left out");
        return;
    };
    nothing_acknowledged_is_lost(&url).await;
}

async fn start(url: &str) -> Process {
    let url = url.to_owned();
    actix_web::rt::task::spawn_blocking(move || Process::start(&url))
        .await
        .unwrap()
}

async fn nothing_acknowledged_is_lost(url: &str) {
    let first = start(url).await;
    let ann = first
        .client
        .register(&register_request("ann"))
        .await
        .unwrap();
    let writer = first.client.with_token(&ann.access_token);
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let (client, acknowledged, stop) = (writer.clone(), acknowledged.clone(), stop.clone());
        writers.push(actix_web::rt::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let request = CreatePostRequest {
                    body: format!("writer {w}, post {n}"),
                    title: None,
                    group_id: None,
                    attachments: Vec::new(),
                };
                match client.create_post(&request).await {
                    Ok(post) => acknowledged.lock().unwrap().push(post.id),
                    // The kill cuts requests off: those were never acknowledged.
                    Err(_) => return,
                }
            }
        }));
    }
    actix_web::rt::time::sleep(LOAD_FOR).await;
    first.kill();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in writers {
        let _ = w.await;
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 20,
        "only {} posts",
        acknowledged.len()
    );

    let second = start(url).await;
    let reader = second.client.with_token(&ann.access_token);
    for id in &acknowledged {
        reader
            .post(id)
            .await
            .unwrap_or_else(|e| panic!("acknowledged post {id} lost: {e:?}"));
    }
    let announced = created_events(&reader).await;
    let missing: Vec<_> = acknowledged
        .iter()
        .filter(|id| !announced.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged posts have no event: {missing:?}",
        missing.len(),
        acknowledged.len()
    );
    eprintln!(
        "crash test: {} acknowledged posts, all present with their events after kill -9",
        acknowledged.len()
    );
}

/// The ids of every `post.created` event a client resuming from the start receives.
async fn created_events(client: &Client) -> HashSet<String> {
    let mut stream = client.stream(Some(0)).await.expect("stream opens");
    let mut ids = HashSet::new();
    // The replay comes at once; a second of quiet means it is over.
    while let Ok(Ok(event)) = tokio::time::timeout(Duration::from_secs(1), stream.next()).await {
        if let EventBody::PostCreated(post) = event.body {
            ids.insert(post.id);
        }
    }
    ids
}
