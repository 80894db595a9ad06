//! Driving a running `hearth` with many signed-in people at once, for a fixed time, and
//! reading what it cost: requests per second, latency percentiles, the server's CPU time per
//! request and its peak memory (from `/proc`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::random::Random;

/// One request a load sends: method, path (from the root), access token and JSON body.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: reqwest::Method,
    pub path: String,
    pub token: String,
    pub body: Option<String>,
}

impl Call {
    pub fn get(path: impl Into<String>, token: &str) -> Call {
        Call {
            method: reqwest::Method::GET,
            path: path.into(),
            token: token.to_owned(),
            body: None,
        }
    }

    pub fn with_body(
        method: reqwest::Method,
        path: impl Into<String>,
        token: &str,
        body: String,
    ) -> Call {
        Call {
            method,
            path: path.into(),
            token: token.to_owned(),
            body: Some(body),
        }
    }
}

/// Chooses the next request.
pub type Pick = Arc<dyn Fn(&mut Random) -> Call + Send + Sync>;

/// How fast a load's clients send.
#[derive(Debug, Clone, Copy)]
pub enum Pace {
    /// Each client sends its next request as soon as the last one is answered.
    Flat,
    /// The clients together send this many requests per second, on a fixed schedule; a
    /// request's latency counts from when it was due, so a server that falls behind is
    /// charged for the wait.
    PerSecond(f64),
}

/// A set of clients sending one kind of request.
#[derive(Clone)]
pub struct Load {
    pub clients: usize,
    pub pace: Pace,
    pub pick: Pick,
}

/// What one scenario measured.
#[derive(Debug, Clone)]
pub struct Measured {
    pub requests: usize,
    pub errors: usize,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    /// Server CPU time (user + system) per request, in milliseconds.
    pub cpu_ms_per_request: f64,
    /// Peak resident memory, including the pages of files the server maps (SQLite maps its
    /// database: those pages are the OS's file cache, shared and reclaimable).
    pub peak_rss_mb: f64,
    /// Peak private (anonymous) resident memory, sampled: what the server itself holds.
    pub peak_private_mb: f64,
}

impl Measured {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.seconds
    }
}

/// The `q` quantile (0..=1) of sorted latencies, in milliseconds.
pub fn quantile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

/// CPU time (user + system) the process has used so far, from `/proc/PID/stat`.
pub fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_secs_f64(
        ticks as f64 / clock_ticks_per_second(),
    ))
}

fn clock_ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// A memory figure of the process from `/proc/PID/status` (`VmRSS`, `VmHWM`), in MB.
pub fn memory_mb(pid: u32, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1000.0)
}

/// Runs `loads` side by side against the server for `duration` and measures each. The CPU
/// time per request is the server's whole CPU time over all loads' requests, since one
/// process serves them all.
pub async fn drive(
    base_url: &str,
    pid: u32,
    duration: Duration,
    loads: Vec<Load>,
) -> Vec<Measured> {
    let http = reqwest::Client::new();
    let cpu_before = cpu_time(pid).unwrap_or_default();
    let started = Instant::now();
    let deadline = started + duration;
    let private = tokio::spawn(peak_private_mb(pid, deadline));
    let mut running = Vec::new();
    let mut seed = 0;
    for load in loads {
        let mut workers = Vec::new();
        for n in 0..load.clients {
            seed += 1;
            let worker = Worker {
                http: http.clone(),
                base: base_url.to_owned(),
                pick: load.pick.clone(),
                random: Random::new(seed),
                // Client n of c sends at n/rate, (n + c)/rate, …: evenly spread.
                schedule: match load.pace {
                    Pace::Flat => None,
                    Pace::PerSecond(rate) => Some((
                        started + Duration::from_secs_f64(n as f64 / rate),
                        Duration::from_secs_f64(load.clients as f64 / rate),
                    )),
                },
            };
            workers.push(tokio::spawn(worker.run(deadline)));
        }
        running.push(workers);
    }
    let mut results = Vec::new();
    for workers in running {
        let (mut latencies, mut errors) = (Vec::new(), 0);
        for worker in workers {
            if let Ok((mine, failed)) = worker.await {
                latencies.extend(mine);
                errors += failed;
            }
        }
        latencies.sort();
        results.push((latencies, errors));
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_time(pid).unwrap_or_default().saturating_sub(cpu_before);
    let total: usize = results.iter().map(|(l, _)| l.len()).sum();
    let peak_rss_mb = memory_mb(pid, "VmHWM:").unwrap_or(0.0);
    let peak_private_mb = private.await.unwrap_or(0.0);
    results
        .into_iter()
        .map(|(all, errors)| Measured {
            requests: all.len(),
            errors,
            seconds,
            p50_ms: quantile(&all, 0.50),
            p95_ms: quantile(&all, 0.95),
            p99_ms: quantile(&all, 0.99),
            cpu_ms_per_request: cpu.as_secs_f64() * 1000.0 / total.max(1) as f64,
            peak_rss_mb,
            peak_private_mb,
        })
        .collect()
}

/// The highest private resident memory (`RssAnon`) of the process until `until`, sampled
/// every 50 ms, in MB.
pub async fn peak_private_mb(pid: u32, until: Instant) -> f64 {
    let mut peak: f64 = 0.0;
    while Instant::now() < until {
        peak = peak.max(memory_mb(pid, "RssAnon:").unwrap_or(0.0));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    peak
}

/// One client of a load.
struct Worker {
    http: reqwest::Client,
    base: String,
    pick: Pick,
    random: Random,
    /// When the first request is due, and the time between two.
    schedule: Option<(Instant, Duration)>,
}

impl Worker {
    /// Sends until `deadline`; the latencies of the answered requests and the failures.
    async fn run(mut self, deadline: Instant) -> (Vec<Duration>, usize) {
        let (mut latencies, mut failed) = (Vec::new(), 0);
        let mut due = self.schedule.map(|(first, _)| first);
        loop {
            let sent = match due {
                Some(at) => {
                    tokio::time::sleep_until(at.into()).await;
                    at
                }
                None => Instant::now(),
            };
            if sent >= deadline {
                break;
            }
            if let (Some(at), Some((_, every))) = (due.as_mut(), self.schedule) {
                *at += every;
            }
            let call = (self.pick)(&mut self.random);
            let mut request = self
                .http
                .request(call.method, format!("{}{}", self.base, call.path))
                .bearer_auth(call.token);
            if let Some(body) = call.body {
                request = request
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body);
            }
            let ok = match request.send().await {
                Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
                Err(_) => false,
            };
            if ok {
                latencies.push(sent.elapsed());
            } else {
                failed += 1;
            }
        }
        (latencies, failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_nearest_rank() {
        let ms = |n: u64| Duration::from_millis(n);
        let sorted: Vec<Duration> = (1..=100).map(ms).collect();
        assert_eq!(quantile(&sorted, 0.50), 50.0);
        assert_eq!(quantile(&sorted, 0.99), 99.0);
        assert_eq!(quantile(&sorted, 1.0), 100.0);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }

    #[test]
    fn this_process_has_cpu_time_and_memory() {
        let pid = std::process::id();
        assert!(cpu_time(pid).is_some());
        assert!(memory_mb(pid, "VmRSS:").is_some_and(|mb| mb > 0.0));
    }
}
