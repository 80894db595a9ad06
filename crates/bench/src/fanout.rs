//! S4: how long a post takes to reach many open live streams. Opens the streams with
//! hearth-client, posts company-wide a number of times, and times each post from the moment
//! its `POST /posts` was sent to the moment each stream had its `post.created` frame.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use hearth_client::Client;
use hearth_common::events::EventBody;
use hearth_common::posts::CreatePostRequest;
use tokio::sync::mpsc;

use crate::load::{cpu_time, memory_mb, quantile};

/// What S4 measured.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub clients: usize,
    pub posts: usize,
    /// Deliveries that arrived: clients × posts when none was lost.
    pub delivered: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// The server's CPU time per delivered frame, in milliseconds.
    pub cpu_ms_per_delivery: f64,
    /// The server's private resident memory with every stream open.
    pub private_mb: f64,
}

/// Opens `clients` streams (as the people of `tokens`, in turn), has `poster` post `posts`
/// times company-wide, `gap` apart, and waits up to 10 s after the last for every delivery.
pub async fn fan_out(
    base: &str,
    pid: u32,
    tokens: &[String],
    clients: usize,
    posts: usize,
    gap: Duration,
) -> Result<Delivery, String> {
    let client = Client::new(base);
    let (arrived, mut deliveries) = mpsc::unbounded_channel::<(String, Instant)>();
    let mut readers = Vec::with_capacity(clients);
    // Opened a batch at a time, so the server's accept queue is never what is measured.
    for batch in (0..clients).collect::<Vec<_>>().chunks(100) {
        let opened = futures_util::future::join_all(batch.iter().map(|n| {
            let client = client.with_token(&tokens[n % tokens.len()]);
            async move { client.stream(None).await }
        }))
        .await;
        for stream in opened {
            let mut stream = stream.map_err(|e| format!("opening a stream: {e}"))?;
            let arrived = arrived.clone();
            readers.push(tokio::spawn(async move {
                while let Ok(event) = stream.next().await {
                    if let EventBody::PostCreated(post) = event.body {
                        if arrived.send((post.id, Instant::now())).is_err() {
                            break;
                        }
                    }
                }
            }));
        }
    }
    drop(arrived);

    let cpu_before = cpu_time(pid).unwrap_or_default();
    let poster = client.with_token(&tokens[0]);
    let mut sent: HashMap<String, Instant> = HashMap::new();
    let mut delays = Vec::with_capacity(clients * posts);
    let collect = |sent: &HashMap<String, Instant>,
                   delays: &mut Vec<Duration>,
                   (id, at): (String, Instant)| {
        if let Some(sent) = sent.get(&id) {
            delays.push(at.saturating_duration_since(*sent));
        }
    };
    // Frames that arrive before the POST's answer names the post wait in the channel until
    // its id is known.
    for n in 0..posts {
        let started = Instant::now();
        let post = poster
            .create_post(&CreatePostRequest {
                body: format!("Fan-out {n}: a post every open stream should see at once."),
                title: None,
                group_id: None,
                attachments: Vec::new(),
            })
            .await
            .map_err(|e| format!("posting: {e}"))?;
        sent.insert(post.id, started);
        while let Ok(delivery) = deliveries.try_recv() {
            collect(&sent, &mut delays, delivery);
        }
        let next = started + gap;
        while let Ok(Some(delivery)) = tokio::time::timeout_at(next.into(), deliveries.recv()).await
        {
            collect(&sent, &mut delays, delivery);
        }
    }
    let last = Instant::now() + Duration::from_secs(10);
    while delays.len() < clients * posts {
        match tokio::time::timeout_at(last.into(), deliveries.recv()).await {
            Ok(Some(delivery)) => collect(&sent, &mut delays, delivery),
            _ => break,
        }
    }
    let cpu = cpu_time(pid).unwrap_or_default().saturating_sub(cpu_before);
    let private_mb = memory_mb(pid, "RssAnon:").unwrap_or(0.0);
    for reader in readers {
        reader.abort();
    }
    delays.sort();
    Ok(Delivery {
        clients,
        posts,
        delivered: delays.len(),
        p50_ms: quantile(&delays, 0.50),
        p95_ms: quantile(&delays, 0.95),
        p99_ms: quantile(&delays, 0.99),
        max_ms: quantile(&delays, 1.0),
        cpu_ms_per_delivery: cpu.as_secs_f64() * 1000.0 / delays.len().max(1) as f64,
        private_mb,
    })
}
