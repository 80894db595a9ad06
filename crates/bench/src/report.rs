//! BENCHMARKS.md, written from the measurements: the machine, the command, the data set, a
//! table per database, and the performance targets of ARCHITECTURE.md checked against them.

use std::time::Duration;

use crate::direct::Direct;
use crate::fanout::Delivery;
use crate::load::Measured;
use crate::seed::Shape;

/// The scenarios, by name; the targets look their rows up by these.
pub mod scenario {
    pub const HOME: &str = "S1 home feed, page 1";
    pub const HOME_PACED: &str = "S1 home feed, page 1, at 1,000 requests/s";
    pub const HOME_DEEP: &str = "S2 home feed, page 50";
    pub const COMMUNITY: &str = "S2 open community feed, page 1";
    pub const WRITES: &str = "S3 writes (posts, reactions, comments)";
    pub const MIXED_WRITES: &str = "S3 writes, beside S1";
    pub const MIXED_HOME: &str = "S3 home feed, beside the writes";
    pub const HEALTHZ: &str = "calibration: /healthz (no database)";
    pub const SEARCH: &str = "S8 search, two words (posts)";
    pub const INSIGHTS: &str =
        "S6 insights pages (organisation, every community, to-do, one community), 8 clients";
}

/// Everything measured on one database.
pub struct Run {
    pub database: &'static str,
    /// How long seeding took; `None` when the run used a database seeded before.
    pub seeded: Option<Duration>,
    pub started_in: Duration,
    pub idle_mb: f64,
    pub direct: Direct,
    pub rows: Vec<(&'static str, Measured)>,
    pub fanout: Delivery,
    /// S6: how long the first view of the day of each insights page took (it counts).
    pub first_views: Vec<(&'static str, Duration)>,
    /// S7: one round of finding ambassadors.
    pub ambassadors: Option<AmbassadorRound>,
    /// S9: photos uploaded and processed.
    pub uploads: Option<crate::uploads::Uploads>,
}

/// S7: a round of finding ambassadors, asked for over HTTP.
pub struct AmbassadorRound {
    /// Employees in the interaction graph.
    pub people: u64,
    pub candidates: u64,
    /// `exact` or `sampled`.
    pub betweenness: String,
    /// The round as the server timed it (graph read, computed, invitations written).
    pub server: Duration,
    /// The request, end to end.
    pub request: Duration,
}

impl Run {
    fn row(&self, name: &str) -> Option<&Measured> {
        self.rows.iter().find(|(n, _)| *n == name).map(|(_, m)| m)
    }

    fn per_second(&self, name: &str) -> f64 {
        self.row(name).map_or(0.0, Measured::per_second)
    }
}

/// How the load was shaped, for the header.
pub struct Setup {
    pub command: String,
    pub clients: usize,
    pub seconds: u64,
    pub signed_in: usize,
    pub stream_clients: usize,
    pub stream_posts: usize,
}

pub fn render(setup: &Setup, shape: &Shape, runs: &[Run]) -> String {
    let mut out = format!(
        "# Hearth benchmarks\n\n\
         Written by `{}` (hearth-bench); do not edit by hand.\n\n\
         - Machine: {}.\n\
         - Data set: {} people, {} communities, {} follows each, {} posts, {} reactions, {} comments, {} shares.\n\
         - Load: {} concurrent clients on loopback for {} s per scenario (S3 beside S1: half each), signed in as {} different people; the release `hearth` with its defaults, on the same cores as the load generator.\n\
         - Figures: requests/s, latency percentiles from send (from when it was due, for the paced run) to the last byte, the server's CPU time per request (user + system, from /proc; beside another load, the CPU over both loads' requests), its peak private memory (sampled `RssAnon`) and peak RSS, which on SQLite includes the pages of the memory-mapped database file (the OS's shared file cache). Ratios: to `/healthz` (HTTP with no database work) and, for the home feed, to the same page's database work run directly in the benchmark process, without HTTP, authentication or JSON.\n\
         - S4: {} live streams open, {} company-wide posts one after another; the delay from sending `POST /posts` to each stream having the `post.created` frame.\n\
         - S6: community health as an admin (days with a visit over the last 90 days seeded for everyone): the first view of each page, then the pages under load.\n\
         - S7: one round of finding ambassadors (`POST /ambassadors/rounds`): the interaction graph of the last 90 days, degree, reciprocity, bridging and betweenness, candidates invited.\n\
         - S9: photo uploads, one at a time, through `POST /media` until `media.processed`.\n",
        setup.command,
        machine(),
        shape.users,
        shape.groups,
        shape.follows_per_user,
        shape.posts,
        shape.reactions,
        shape.comments,
        shape.shares,
        setup.clients,
        setup.seconds,
        setup.signed_in,
        setup.stream_clients,
        setup.stream_posts,
    );
    out.push_str(&targets(runs));
    for run in runs {
        out.push_str(&section(run));
    }
    out
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let total_gb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| s.lines().next().map(str::to_owned))
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1_048_576.0);
    format!("{cores} cores ({cpu}), {total_gb:.0} GiB")
}

/// One target: what it asks, and per run the figure and whether it holds.
struct Target {
    asks: &'static str,
    figure: fn(&Run) -> (String, bool),
}

const TARGETS: [Target; 12] = [
    Target {
        asks: "home feed page 1 ≥ 3,000 requests/s",
        figure: |r| {
            let rps = r.per_second(scenario::HOME);
            (format!("{rps:.0}/s"), rps >= 3000.0)
        },
    },
    Target {
        asks: "home feed p99 ≤ 25 ms at 1,000 requests/s",
        figure: |r| match r.row(scenario::HOME_PACED) {
            Some(m) => (
                format!("{:.1} ms ({:.0}/s served)", m.p99_ms, m.per_second()),
                m.p99_ms <= 25.0 && m.per_second() >= 990.0,
            ),
            None => ("not run".into(), false),
        },
    },
    Target {
        asks: "home feed ≥ 50 % of its SQL run directly",
        figure: |r| {
            let ratio = r.per_second(scenario::HOME) / r.direct.per_second().max(f64::MIN_POSITIVE);
            (format!("{:.0} %", ratio * 100.0), ratio >= 0.5)
        },
    },
    Target {
        asks: "page 50 costs ≤ 1.3× page 1",
        figure: |r| {
            let cost = r.per_second(scenario::HOME)
                / r.per_second(scenario::HOME_DEEP).max(f64::MIN_POSITIVE);
            (format!("{cost:.2}×"), cost <= 1.3)
        },
    },
    Target {
        asks: "post/reaction/comment writes ≥ 2,000/s",
        figure: |r| {
            let rps = r.per_second(scenario::WRITES);
            (format!("{rps:.0}/s"), rps >= 2000.0)
        },
    },
    Target {
        asks: "a post reaches 1,000 streams, p99 ≤ 250 ms",
        figure: |r| {
            let f = &r.fanout;
            let all = f.delivered == f.clients * f.posts;
            (
                format!("{:.0} ms to {} streams", f.p99_ms, f.clients),
                f.p99_ms <= 250.0 && f.clients >= 1000 && all,
            )
        },
    },
    Target {
        asks: "community insights p99 ≤ 1 s",
        figure: |r| match r.row(scenario::INSIGHTS) {
            Some(m) => (format!("{:.1} ms", m.p99_ms), m.p99_ms <= 1000.0),
            None => ("not run".into(), false),
        },
    },
    Target {
        asks: "search p99 ≤ 50 ms for a two-word query",
        figure: |r| match r.row(scenario::SEARCH) {
            Some(m) => (format!("{:.1} ms", m.p99_ms), m.p99_ms <= 50.0),
            None => ("not run".into(), false),
        },
    },
    Target {
        asks: "a 12-megapixel JPEG processed in ≤ 300 ms",
        figure: |r| match &r.uploads {
            Some(u) => {
                let ms = u.p50.as_secs_f64() * 1000.0;
                (format!("{ms:.0} ms"), ms <= 300.0)
            }
            None => ("not run".into(), false),
        },
    },
    Target {
        asks: "idle RSS ≤ 30 MB",
        figure: |r| (format!("{:.1} MB", r.idle_mb), r.idle_mb <= 30.0),
    },
    Target {
        asks: "start ≤ 200 ms",
        figure: |r| {
            let ms = r.started_in.as_secs_f64() * 1000.0;
            (format!("{ms:.0} ms"), ms <= 200.0)
        },
    },
    Target {
        asks: "no failed requests",
        figure: |r| {
            let errors: usize = r.rows.iter().map(|(_, m)| m.errors).sum();
            (format!("{errors}"), errors == 0)
        },
    },
];

fn targets(runs: &[Run]) -> String {
    let mut out = String::from("\n## Targets (ARCHITECTURE.md)\n\n| target |");
    for run in runs {
        out.push_str(&format!(" {} | holds |", run.database));
    }
    out.push_str("\n|---|");
    out.push_str(&"---:|:-:|".repeat(runs.len()));
    out.push('\n');
    for target in &TARGETS {
        out.push_str(&format!("| {} |", target.asks));
        for run in runs {
            let (figure, holds) = (target.figure)(run);
            out.push_str(&format!(
                " {figure} | {} |",
                if holds { "yes" } else { "no" }
            ));
        }
        out.push('\n');
    }
    out
}

fn section(run: &Run) -> String {
    let healthz = run.per_second(scenario::HEALTHZ).max(f64::MIN_POSITIVE);
    let direct = run.direct.per_second().max(f64::MIN_POSITIVE);
    let seeded = match run.seeded {
        Some(took) => format!("Data set loaded in {:.1} s. ", took.as_secs_f64()),
        None => "Data set loaded before the run. ".into(),
    };
    let mut out = format!(
        "\n## {}\n\n{seeded}S5: `hearth` listening {:.0} ms after start; idle RSS {:.1} MB.\n\n\
         | scenario | requests/s | vs. /healthz | vs. direct | p50 ms | p95 ms | p99 ms | CPU ms/request | errors | peak private MB | peak RSS MB |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        run.database,
        run.started_in.as_secs_f64() * 1000.0,
        run.idle_mb,
    );
    for (name, m) in &run.rows {
        let vs_direct = if name.starts_with("S1") {
            format!("{:.2}", m.per_second() / direct)
        } else {
            "–".into()
        };
        out.push_str(&format!(
            "| {name} | {:.0} | {:.3} | {vs_direct} | {:.2} | {:.2} | {:.2} | {:.3} | {} | {:.1} | {:.1} |\n",
            m.per_second(),
            m.per_second() / healthz,
            m.p50_ms,
            m.p95_ms,
            m.p99_ms,
            m.cpu_ms_per_request,
            m.errors,
            m.peak_private_mb,
            m.peak_rss_mb,
        ));
    }
    let d = &run.direct;
    out.push_str(&format!(
        "| calibration: home feed page 1, database work only ({} threads, no HTTP) | {:.0} | {:.3} | 1.00 | {:.2} | – | {:.2} | – | 0 | – | – |\n",
        d.threads,
        d.per_second(),
        d.per_second() / healthz,
        d.p50_ms,
        d.p99_ms,
    ));
    let f = &run.fanout;
    out.push_str(&format!(
        "\nS4: {} posts to {} open streams: {} of {} deliveries; delay p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {:.3} ms of server CPU per delivered frame; private memory with the streams open {:.1} MB.\n",
        f.posts,
        f.clients,
        f.delivered,
        f.clients * f.posts,
        f.p50_ms,
        f.p95_ms,
        f.p99_ms,
        f.max_ms,
        f.cpu_ms_per_delivery,
        f.private_mb,
    ));
    if !run.first_views.is_empty() {
        let views: Vec<String> = run
            .first_views
            .iter()
            .map(|(page, took)| format!("{page} {:.0} ms", took.as_secs_f64() * 1000.0))
            .collect();
        out.push_str(&format!(
            "\nS6: the first view of the day of each insights page, which counts its windows and keeps them (the hourly background counting does this before anyone looks; it is off in this run): {}.\n",
            views.join(", ")
        ));
    }
    if let Some(u) = &run.uploads {
        out.push_str(&format!(
            "\nS9: {} photos of {:.0} megapixels ({:.1} MB JPEG) uploaded one after another, each from its first byte sent to `media.processed` on the stream (three copies encoded, stored): median {:.0} ms, slowest {:.0} ms.\n",
            u.photos,
            u.megapixels,
            u.bytes as f64 / 1_048_576.0,
            u.p50.as_secs_f64() * 1000.0,
            u.max.as_secs_f64() * 1000.0
        ));
    }
    if let Some(a) = &run.ambassadors {
        out.push_str(&format!(
            "\nS7: a round of finding ambassadors over {} people ({} betweenness): {} candidates, {:.0} ms in the server, {:.0} ms for the request.\n",
            a.people,
            a.betweenness,
            a.candidates,
            a.server.as_secs_f64() * 1000.0,
            a.request.as_secs_f64() * 1000.0
        ));
    }
    out
}
