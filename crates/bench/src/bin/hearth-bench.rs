//! `hearth-bench` (`cargo xtask bench`): seeds a fresh database, starts the release `hearth`
//! on loopback against it, drives it with many signed-in people and writes BENCHMARKS.md. On
//! SQLite, and on PostgreSQL when `TEST_POSTGRES_URL` names a server.
//!
//!     hearth-bench [--quick] [--seconds N] [--clients N] [--out FILE]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hearth_bench::load::{self, Measured, Pick};
use hearth_bench::random::Random;
use hearth_bench::seed::{self, Shape};
use hearth_db::{logins, new_id, testing, time, users, DatabaseUrl, Db};
use hearth_server::auth::tokens::JwtKeys;

const JWT_SECRET: &str = "hearth-bench-secret";
/// People the load generator signs in as.
const SIGNED_IN: usize = 500;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hearth-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    quick: bool,
    seconds: u64,
    clients: usize,
    out: PathBuf,
}

fn options() -> Result<Options, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let mut options = Options {
        quick,
        seconds: if quick { 2 } else { 15 },
        clients: 32,
        out: PathBuf::from("BENCHMARKS.md"),
    };
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--quick" => {}
            flag @ ("--seconds" | "--clients" | "--out") => {
                let value = args
                    .get(i + 1)
                    .ok_or_else(|| format!("{flag} needs a value"))?;
                match flag {
                    "--seconds" => {
                        options.seconds = value.parse().map_err(|_| "--seconds: a number")?
                    }
                    "--clients" => {
                        options.clients = value.parse().map_err(|_| "--clients: a number")?
                    }
                    _ => options.out = PathBuf::from(value),
                }
                i += 1;
            }
            other => return Err(format!("unknown option {other}")),
        }
        i += 1;
    }
    Ok(options)
}

fn run() -> Result<(), String> {
    let options = options()?;
    let hearth = std::env::var_os("HEARTH_BIN")
        .map(PathBuf::from)
        .or_else(|| Some(std::env::current_exe().ok()?.with_file_name("hearth")))
        .filter(|p| p.is_file())
        .ok_or("set HEARTH_BIN to the release hearth binary")?;
    let shape = if options.quick {
        Shape::quick()
    } else {
        Shape::full()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;

    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut databases = vec![("SQLite", DatabaseUrl::Sqlite(dir.path().join("bench.db")))];
    if let Some(server) = testing::postgres_server_url() {
        let url = testing::fresh_postgres_database(&server);
        databases.push((
            "PostgreSQL",
            DatabaseUrl::parse(&url).map_err(|e| e.to_string())?,
        ));
    }
    let mut report = Report::new(&options, &shape);
    for (name, url) in databases {
        eprintln!("hearth-bench: {name}: seeding");
        let db = Db::open(&url, 4).map_err(|e| e.to_string())?;
        let started = Instant::now();
        seed::seed(&db, &shape, 1, time::now_micros())?;
        let seeded = started.elapsed();
        let tokens = sign_in(&db, SIGNED_IN.min(shape.users))?;
        let groups = open_groups(&db)?;
        drop(db);

        eprintln!("hearth-bench: {name}: starting hearth");
        let mut server = Server::start(&hearth, &url, dir.path())?;
        std::thread::sleep(Duration::from_millis(500));
        let idle_mb = load::memory_mb(server.pid(), "VmRSS:").unwrap_or(0.0);
        let deep = runtime.block_on(deep_cursors(&server.url, &tokens))?;

        let duration = Duration::from_secs(options.seconds);
        let home: Pick = {
            let tokens = tokens.clone();
            Arc::new(move |r: &mut Random| ("/api/v1/feed".into(), r.pick(&tokens).clone()))
        };
        let page50: Pick = {
            let deep = deep.clone();
            Arc::new(move |r: &mut Random| {
                let (token, cursor) = r.pick(&deep).clone();
                (format!("/api/v1/feed?cursor={cursor}"), token)
            })
        };
        let community: Pick = {
            let (tokens, groups) = (tokens.clone(), groups.clone());
            Arc::new(move |r: &mut Random| {
                let group = r.pick(&groups);
                (
                    format!("/api/v1/groups/{group}/posts"),
                    r.pick(&tokens).clone(),
                )
            })
        };
        let health: Pick = Arc::new(|_: &mut Random| ("/healthz".into(), String::new()));
        let mut rows = Vec::new();
        for (scenario, pick) in [
            ("S1 home feed, page 1", home),
            ("S2 home feed, page 50", page50),
            ("S2 open community feed, page 1", community),
            ("calibration: /healthz (no database)", health),
        ] {
            eprintln!("hearth-bench: {name}: {scenario}");
            let measured = runtime.block_on(load::drive(
                &server.url,
                server.pid(),
                options.clients,
                duration,
                pick,
            ));
            rows.push((scenario, measured));
        }
        report.add(name, seeded, server.started_in, idle_mb, rows);
        server.stop();
    }
    std::fs::write(&options.out, report.render()).map_err(|e| e.to_string())?;
    eprintln!("hearth-bench: wrote {}", options.out.display());
    Ok(())
}

/// Signs in the first `count` people: a login row each and an access token for it.
fn sign_in(db: &Db, count: usize) -> Result<Vec<String>, String> {
    let names: Vec<String> = (0..count).map(|n| format!("user{n:05}")).collect();
    let keys = JwtKeys::new(JWT_SECRET);
    let now = u64::try_from(time::now_micros() / 1_000_000).unwrap_or(0);
    db.write(|conn| {
        let people = users::by_usernames(conn, &names)?;
        let mut tokens = Vec::with_capacity(people.len());
        for person in people {
            let login = new_id();
            logins::create(conn, &login, &person.id, time::now_micros())?;
            tokens.push(keys.issue(&person.id, &login, now, 24 * 3600));
        }
        Ok::<_, hearth_db::DbError>(tokens)
    })
    .map_err(|e| e.to_string())
}

fn open_groups(db: &Db) -> Result<Vec<String>, String> {
    db.read(hearth_db::bulk::open_community_ids)
        .map_err(|e| e.to_string())
}

/// For 20 people, the cursor of their home feed's page 50 (walking the 49 pages before it).
async fn deep_cursors(base: &str, tokens: &[String]) -> Result<Vec<(String, String)>, String> {
    let http = reqwest::Client::new();
    let mut found = Vec::new();
    for token in tokens.iter().take(20) {
        let mut cursor: Option<String> = None;
        for _ in 0..49 {
            let path = match &cursor {
                Some(c) => format!("{base}/api/v1/feed?cursor={c}"),
                None => format!("{base}/api/v1/feed"),
            };
            let page: serde_json::Value = http
                .get(path)
                .bearer_auth(token)
                .send()
                .await
                .map_err(|e| e.to_string())?
                .json()
                .await
                .map_err(|e| e.to_string())?;
            cursor = page["next_cursor"].as_str().map(str::to_owned);
            if cursor.is_none() {
                break;
            }
        }
        if let Some(cursor) = cursor {
            found.push((token.clone(), cursor));
        }
    }
    if found.is_empty() {
        return Err("no home feed reaches page 50; seed more posts".into());
    }
    Ok(found)
}

/// The `hearth` process under test.
struct Server {
    child: Child,
    url: String,
    started_in: Duration,
}

impl Server {
    fn start(
        bin: &std::path::Path,
        url: &DatabaseUrl,
        dir: &std::path::Path,
    ) -> Result<Server, String> {
        let database_url = match url {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => url.clone(),
        };
        let started = Instant::now();
        let mut child = Command::new(bin)
            .env("DATABASE_URL", database_url)
            .env("HEARTH_ADDR", "127.0.0.1:0")
            .env("HEARTH_DATA_DIR", dir)
            .env("HEARTH_JWT_SECRET", JWT_SECRET)
            .env("HEARTH_WEB_DIR", dir.join("no-web-app"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", bin.display()))?;
        let mut line = String::new();
        let stdout = child.stdout.take().ok_or("no stdout")?;
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let started_in = started.elapsed();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .ok_or_else(|| format!("hearth said {line:?}"))?
            .to_owned();
        Ok(Server {
            child,
            url,
            started_in,
        })
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// BENCHMARKS.md, written from the measurements.
struct Report {
    header: String,
    sections: Vec<String>,
}

impl Report {
    fn new(options: &Options, shape: &Shape) -> Report {
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
        let command = if options.quick {
            "cargo xtask bench --quick"
        } else {
            "cargo xtask bench"
        };
        let header = format!(
            "# Hearth benchmarks\n\n\
             Written by `{command}` (hearth-bench); do not edit by hand.\n\n\
             - Machine: {cores} cores ({cpu}), {total_gb:.0} GiB.\n\
             - Data set: {} people, {} communities, {} follows each, {} posts, {} reactions, {} comments, {} shares.\n\
             - Load: {} concurrent clients on loopback for {} s per scenario, signed in as {} different people; the release `hearth` with its defaults.\n\
             - Figures: requests/s, latency percentiles from send to the last byte, the server's CPU time per request (user + system, from /proc), its peak RSS.\n",
            shape.users, shape.groups, shape.follows_per_user, shape.posts, shape.reactions,
            shape.comments, shape.shares, options.clients, options.seconds, SIGNED_IN.min(shape.users),
        );
        Report {
            header,
            sections: Vec::new(),
        }
    }

    fn add(
        &mut self,
        database: &str,
        seeded: Duration,
        started_in: Duration,
        idle_mb: f64,
        rows: Vec<(&str, Measured)>,
    ) {
        let calibration = rows
            .iter()
            .find(|(s, _)| s.starts_with("calibration"))
            .map_or(1.0, |(_, m)| m.per_second());
        let mut section = format!(
            "\n## {database}\n\n\
             Data set loaded in {:.1} s. S5: `hearth` listening {:.0} ms after start; idle RSS {idle_mb:.1} MB.\n\n\
             | scenario | requests/s | vs. /healthz | p50 ms | p95 ms | p99 ms | CPU ms/request | errors | peak RSS MB |\n\
             |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
            seeded.as_secs_f64(),
            started_in.as_secs_f64() * 1000.0
        );
        for (scenario, m) in rows {
            section.push_str(&format!(
                "| {scenario} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {:.3} | {} | {:.1} |\n",
                m.per_second(),
                m.per_second() / calibration,
                m.p50_ms,
                m.p95_ms,
                m.p99_ms,
                m.cpu_ms_per_request,
                m.errors,
                m.peak_rss_mb
            ));
        }
        self.sections.push(section);
    }

    fn render(&self) -> String {
        format!(
            "{}{}\n\nNot measured yet: S3 (writes beside S1), S4 (a post fanned out to 1,000 stream clients) and the calibration of the feed SQL without the web layer.\n",
            self.header,
            self.sections.concat()
        )
    }
}
