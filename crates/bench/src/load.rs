//! Driving a running `hearth` with many signed-in people at once, for a fixed time, and
//! reading what it cost: requests per second, latency percentiles, the server's CPU time per
//! request and its peak memory (from `/proc`).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::random::Random;

/// Chooses the next request: its path and the access token to send it with.
pub type Pick = Arc<dyn Fn(&mut Random) -> (String, String) + Send + Sync>;

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
    pub peak_rss_mb: f64,
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

/// Sends GET requests to the paths `pick` chooses (with the token it chooses), from
/// `clients` concurrent clients for `duration`.
pub async fn drive(
    base_url: &str,
    pid: u32,
    clients: usize,
    duration: Duration,
    pick: Pick,
) -> Measured {
    let http = reqwest::Client::new();
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(Mutex::new(0usize));
    let cpu_before = cpu_time(pid).unwrap_or_default();
    let started = Instant::now();
    let deadline = started + duration;
    let mut workers = Vec::new();
    for n in 0..clients {
        let (http, pick) = (http.clone(), pick.clone());
        let (latencies, errors) = (latencies.clone(), errors.clone());
        let base = base_url.to_owned();
        workers.push(tokio::spawn(async move {
            let mut random = Random::new(n as u64 + 1);
            let mut mine = Vec::new();
            let mut failed = 0;
            while Instant::now() < deadline {
                let (path, token) = pick(&mut random);
                let sent = Instant::now();
                let ok = match http
                    .get(format!("{base}{path}"))
                    .bearer_auth(token)
                    .send()
                    .await
                {
                    Ok(response) => {
                        let good = response.status().is_success();
                        good && response.bytes().await.is_ok()
                    }
                    Err(_) => false,
                };
                if ok {
                    mine.push(sent.elapsed());
                } else {
                    failed += 1;
                }
            }
            latencies
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend(mine);
            *errors.lock().unwrap_or_else(|p| p.into_inner()) += failed;
        }));
    }
    for worker in workers {
        let _ = worker.await;
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_time(pid).unwrap_or_default().saturating_sub(cpu_before);
    let mut all = std::mem::take(&mut *latencies.lock().unwrap_or_else(|p| p.into_inner()));
    all.sort();
    let requests = all.len();
    let errors = *errors.lock().unwrap_or_else(|p| p.into_inner());
    Measured {
        requests,
        errors,
        seconds,
        p50_ms: quantile(&all, 0.50),
        p95_ms: quantile(&all, 0.95),
        p99_ms: quantile(&all, 0.99),
        cpu_ms_per_request: cpu.as_secs_f64() * 1000.0 / requests.max(1) as f64,
        peak_rss_mb: memory_mb(pid, "VmHWM:").unwrap_or(0.0),
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
