//! The calibration for the feed: the home feed's database work run directly, without HTTP,
//! authentication or JSON, from as many threads as there are cores. The web layer's share of
//! a feed request is what the HTTP figure loses against this one.

use std::time::{Duration, Instant};

use hearth_common::page::PageQuery;
use hearth_db::users::UserRow;
use hearth_db::Db;
use hearth_server::routes::feeds::{load_page, Feed};

use crate::load::quantile;
use crate::random::Random;

/// Pages per second and latency percentiles of the direct runs.
#[derive(Debug, Clone)]
pub struct Direct {
    pub threads: usize,
    pub pages: usize,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl Direct {
    pub fn per_second(&self) -> f64 {
        self.pages as f64 / self.seconds
    }
}

/// Loads home feed page 1 for people picked at random from `people` for `duration`.
pub fn home_feed(db: &Db, people: &[UserRow], duration: Duration) -> Result<Direct, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let results = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|n| {
                scope.spawn(move || {
                    let mut random = Random::new(n as u64 + 1);
                    let mut latencies = Vec::new();
                    while Instant::now() < deadline {
                        let viewer = random.pick(people).clone();
                        let sent = Instant::now();
                        db.read(|conn| load_page(conn, viewer, &Feed::Home, &PageQuery::default()))
                            .map_err(|e| e.to_string())?;
                        latencies.push(sent.elapsed());
                    }
                    Ok::<_, String>(latencies)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|_| Err("a thread panicked".into())))
            .collect::<Result<Vec<_>, String>>()
    })?;
    let seconds = started.elapsed().as_secs_f64();
    let mut all: Vec<Duration> = results.into_iter().flatten().collect();
    all.sort();
    Ok(Direct {
        threads,
        pages: all.len(),
        seconds,
        p50_ms: quantile(&all, 0.50),
        p99_ms: quantile(&all, 0.99),
    })
}
