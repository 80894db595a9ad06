//! `hearth-bench` (`cargo xtask bench`): seeds a fresh database, starts the release `hearth`
//! on loopback against it, drives it with many signed-in people and writes BENCHMARKS.md. On
//! SQLite, and on PostgreSQL when `TEST_POSTGRES_URL` names a server.
//!
//!     hearth-bench [--quick] [--seconds N] [--clients N] [--streams N] [--out FILE]
//!                  [--database URL]
//!
//! `--database` measures a database `hearth-seed` filled before, instead of seeding fresh
//! ones: for repeated runs while working on performance.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hearth_bench::load::{self, Call, Load, Pace, Pick};
use hearth_bench::random::Random;
use hearth_bench::report::{self, scenario, Run, Setup};
use hearth_bench::seed::{self, Shape};
use hearth_bench::{direct, fanout, uploads};
use hearth_db::users::UserRow;
use hearth_db::{bulk, logins, new_id, testing, time, users, DatabaseUrl, Db};
use hearth_server::auth::tokens::JwtKeys;
use reqwest::Method;

const JWT_SECRET: &str = "hearth-bench-secret";
/// People the load generator signs in as.
const SIGNED_IN: usize = 500;
/// Company-wide posts S4 sends to the open streams, and the time between two.
const FANOUT_POSTS: usize = 20;
const FANOUT_GAP: Duration = Duration::from_millis(250);

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
    streams: usize,
    out: PathBuf,
    database: Option<DatabaseUrl>,
}

fn options() -> Result<Options, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let mut options = Options {
        quick,
        seconds: if quick { 2 } else { 15 },
        clients: 32,
        streams: if quick { 100 } else { 1000 },
        out: PathBuf::from("BENCHMARKS.md"),
        database: None,
    };
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--quick" => {}
            flag @ ("--seconds" | "--clients" | "--streams" | "--out" | "--database") => {
                let value = args
                    .get(i + 1)
                    .ok_or_else(|| format!("{flag} needs a value"))?;
                let number = || {
                    value
                        .parse::<usize>()
                        .map_err(|_| format!("{flag}: a number"))
                };
                match flag {
                    "--seconds" => options.seconds = number()? as u64,
                    "--clients" => options.clients = number()?.max(2),
                    "--streams" => options.streams = number()?.max(1),
                    "--database" => {
                        options.database =
                            Some(DatabaseUrl::parse(value).map_err(|e| e.to_string())?)
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
    let databases = match &options.database {
        Some(url) => vec![(name_of(url), url.clone(), false)],
        None => {
            let mut fresh = vec![(
                "SQLite",
                DatabaseUrl::Sqlite(dir.path().join("bench.db")),
                true,
            )];
            if let Some(server) = testing::postgres_server_url() {
                let url = testing::fresh_postgres_database(&server);
                fresh.push((
                    "PostgreSQL",
                    DatabaseUrl::parse(&url).map_err(|e| e.to_string())?,
                    true,
                ));
            }
            fresh
        }
    };
    let bench = Bench {
        options: &options,
        shape: &shape,
        runtime,
        hearth,
        dir: dir.path(),
    };
    let mut runs = Vec::new();
    for (name, url, fresh) in databases {
        let run = bench.measure(name, &url, fresh);
        // A fresh PostgreSQL database holds gigabytes: it goes, measured or not.
        if let (true, DatabaseUrl::Postgres(database), Some(server)) =
            (fresh, &url, testing::postgres_server_url())
        {
            testing::drop_postgres_database(&server, database)?;
        }
        runs.push(run?);
    }
    let setup = Setup {
        command: if options.quick {
            "cargo xtask bench --quick".into()
        } else {
            "cargo xtask bench".into()
        },
        clients: options.clients,
        seconds: options.seconds,
        signed_in: SIGNED_IN.min(shape.users),
        stream_clients: options.streams,
        stream_posts: FANOUT_POSTS,
    };
    std::fs::write(&options.out, report::render(&setup, &shape, &runs))
        .map_err(|e| e.to_string())?;
    eprintln!("hearth-bench: wrote {}", options.out.display());
    Ok(())
}

fn name_of(url: &DatabaseUrl) -> &'static str {
    match url {
        DatabaseUrl::Sqlite(_) => "SQLite",
        DatabaseUrl::Postgres(_) => "PostgreSQL",
    }
}

/// What every database's run shares.
struct Bench<'a> {
    options: &'a Options,
    shape: &'a Shape,
    runtime: tokio::runtime::Runtime,
    hearth: PathBuf,
    dir: &'a std::path::Path,
}

impl Bench<'_> {
    /// Seeds (when `fresh`), calibrates, starts `hearth` and runs every scenario on one database.
    fn measure(&self, name: &'static str, url: &DatabaseUrl, fresh: bool) -> Result<Run, String> {
        let Bench {
            options,
            shape,
            runtime,
            hearth,
            dir,
        } = self;
        let db = Db::open(url, 4).map_err(|e| e.to_string())?;
        let seeded = if fresh {
            eprintln!("hearth-bench: {name}: seeding");
            let started = Instant::now();
            seed::seed(&db, shape, 1, time::now_micros())?;
            Some(started.elapsed())
        } else {
            None
        };
        let (people, tokens) = sign_in(&db, SIGNED_IN.min(shape.users))?;
        let groups = db
            .read(bulk::open_community_ids)
            .map_err(|e| e.to_string())?;
        let recent = db
            .read(|conn| bulk::recent_company_post_ids(conn, 1000))
            .map_err(|e| e.to_string())?;
        eprintln!("hearth-bench: {name}: the home feed's database work, directly");
        let direct = direct::home_feed(&db, &people, Duration::from_secs(options.seconds))?;
        drop(db);

        eprintln!("hearth-bench: {name}: starting hearth");
        let mut server = Server::start(hearth, url, dir)?;
        std::thread::sleep(Duration::from_millis(500));
        let idle_mb = load::memory_mb(server.pid(), "VmRSS:").unwrap_or(0.0);
        let deep = runtime.block_on(deep_cursors(&server.url, &tokens))?;

        let home: Pick = {
            let tokens = tokens.clone();
            Arc::new(move |r: &mut Random| Call::get("/api/v1/feed", r.pick::<String>(&tokens)))
        };
        let page50: Pick = Arc::new(move |r: &mut Random| {
            let (token, cursor) = r.pick(&deep);
            Call::get(format!("/api/v1/feed?cursor={cursor}"), token)
        });
        let community: Pick = {
            let tokens = tokens.clone();
            Arc::new(move |r: &mut Random| {
                let group = r.pick(&groups);
                Call::get(
                    format!("/api/v1/groups/{group}/posts"),
                    r.pick::<String>(&tokens),
                )
            })
        };
        let writes: Pick = {
            let tokens = tokens.clone();
            Arc::new(move |r: &mut Random| write(r, &tokens, &recent))
        };
        // Two words, in three shapes: a topic with a word of every post (the common case,
        // read in bounded steps), a topic with a title word, and a rare number.
        let search: Pick = {
            let tokens = tokens.clone();
            Arc::new(move |r: &mut Random| {
                let topic = r.pick(&seed::TOPICS);
                let q = match r.below(3) {
                    0 => format!("{topic}%20progress"),
                    1 => format!("notes%20{topic}"),
                    _ => format!("update%20{}", r.below(1_000_000)),
                };
                Call::get(format!("/api/v1/search?q={q}"), r.pick::<String>(&tokens))
            })
        };
        let health: Pick = Arc::new(|_: &mut Random| Call::get("/healthz", ""));

        let clients = options.clients;
        let flat = |pick: &Pick, clients: usize| Load {
            clients,
            pace: Pace::Flat,
            pick: pick.clone(),
        };
        let scenarios: Vec<(Vec<&'static str>, Vec<Load>)> = vec![
            (vec![scenario::HOME], vec![flat(&home, clients)]),
            (
                vec![scenario::HOME_PACED],
                vec![Load {
                    clients: clients * 4,
                    pace: Pace::PerSecond(1000.0),
                    pick: home.clone(),
                }],
            ),
            (vec![scenario::HOME_DEEP], vec![flat(&page50, clients)]),
            (vec![scenario::COMMUNITY], vec![flat(&community, clients)]),
            (vec![scenario::WRITES], vec![flat(&writes, clients)]),
            (
                vec![scenario::MIXED_WRITES, scenario::MIXED_HOME],
                vec![flat(&writes, clients / 2), flat(&home, clients / 2)],
            ),
            (vec![scenario::SEARCH], vec![flat(&search, clients)]),
            (vec![scenario::HEALTHZ], vec![flat(&health, clients)]),
        ];
        let mut rows = Vec::new();
        for (names, loads) in scenarios {
            eprintln!("hearth-bench: {name}: {}", names.join(" + "));
            let measured = runtime.block_on(load::drive(
                &server.url,
                server.pid(),
                Duration::from_secs(options.seconds),
                loads,
            ));
            rows.extend(names.into_iter().zip(measured));
        }
        eprintln!(
            "hearth-bench: {name}: S4 a post to {} streams",
            options.streams
        );
        let fanout = runtime.block_on(fanout::fan_out(
            &server.url,
            server.pid(),
            &tokens,
            options.streams,
            FANOUT_POSTS,
            FANOUT_GAP,
        ))?;
        eprintln!("hearth-bench: {name}: S6 community health");
        let insights = runtime.block_on(insights(
            &server.url,
            server.pid(),
            &people,
            &tokens,
            Duration::from_secs(options.seconds),
            clients,
        ))?;
        rows.push((scenario::INSIGHTS, insights.load));
        eprintln!("hearth-bench: {name}: S7 a round of finding ambassadors");
        let ambassadors = runtime.block_on(ambassador_round(&server.url, &people, &tokens))?;
        eprintln!("hearth-bench: {name}: S9 photo uploads");
        let photos = if options.quick { 2 } else { 10 };
        let uploads = runtime.block_on(uploads::photos(&server.url, &tokens[0], photos))?;
        server.stop();
        Ok(Run {
            database: name,
            seeded,
            started_in: server.started_in,
            idle_mb,
            direct,
            rows,
            fanout,
            first_views: insights.first_views,
            ambassadors: Some(ambassadors),
            uploads: Some(uploads),
        })
    }
}

struct Insights {
    first_views: Vec<(&'static str, Duration)>,
    load: load::Measured,
}

/// S6: as the admin, the first view of the day of each insights page (which counts its
/// windows: the background counting is off in this run), then the pages under load.
async fn insights(
    base: &str,
    pid: u32,
    people: &[UserRow],
    tokens: &[String],
    seconds: Duration,
    clients: usize,
) -> Result<Insights, String> {
    let admin = admin_token(people, tokens)?;
    let http = reqwest::Client::new();
    let mut first_views = Vec::new();
    for (label, path) in [
        (
            "organisation, 90 days",
            "/api/v1/insights/organisation?window=90",
        ),
        (
            "organisation, 28 days",
            "/api/v1/insights/organisation?window=28",
        ),
        (
            "organisation, 7 days",
            "/api/v1/insights/organisation?window=7",
        ),
        ("every community, 28 days", "/api/v1/insights/communities"),
        ("to-do list", "/api/v1/insights/todo"),
    ] {
        let started = Instant::now();
        let answer = http
            .get(format!("{base}{path}"))
            .bearer_auth(&admin)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !answer.status().is_success() {
            return Err(format!("{path}: {}", answer.status()));
        }
        answer.bytes().await.map_err(|e| e.to_string())?;
        first_views.push((label, started.elapsed()));
    }
    let list: serde_json::Value = http
        .get(format!("{base}/api/v1/insights/communities"))
        .bearer_auth(&admin)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let communities: Vec<String> = list["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["community"]["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let pages: Pick = Arc::new(move |r: &mut Random| {
        let path = match r.below(4) {
            0 => "/api/v1/insights/organisation".to_owned(),
            1 => "/api/v1/insights/communities".to_owned(),
            2 => "/api/v1/insights/todo".to_owned(),
            _ => format!("/api/v1/insights/communities/{}", r.pick(&communities)),
        };
        Call::get(path, &admin)
    });
    let measured = load::drive(
        base,
        pid,
        seconds,
        vec![Load {
            clients: clients.min(8),
            pace: Pace::Flat,
            pick: pages,
        }],
    )
    .await;
    Ok(Insights {
        first_views,
        load: measured.into_iter().next().ok_or("no measurement")?,
    })
}

/// The signed-in admin's token.
fn admin_token(people: &[UserRow], tokens: &[String]) -> Result<String, String> {
    people
        .iter()
        .position(|p| p.role == "admin")
        .map(|i| tokens[i].clone())
        .ok_or_else(|| "no admin among the signed-in people".to_owned())
}

/// S7: as the admin, switches finding ambassadors on and asks for a round.
async fn ambassador_round(
    base: &str,
    people: &[UserRow],
    tokens: &[String],
) -> Result<hearth_bench::report::AmbassadorRound, String> {
    let admin = admin_token(people, tokens)?;
    let http = reqwest::Client::new();
    let settings = http
        .patch(format!("{base}/api/v1/admin/settings"))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"analytics_mode": "aggregate_personal_and_ambassadors"}))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !settings.status().is_success() {
        return Err(format!("/admin/settings: {}", settings.status()));
    }
    let started = Instant::now();
    let answer = http
        .post(format!("{base}/api/v1/ambassadors/rounds"))
        .bearer_auth(&admin)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !answer.status().is_success() {
        return Err(format!("/ambassadors/rounds: {}", answer.status()));
    }
    let round: serde_json::Value = answer.json().await.map_err(|e| e.to_string())?;
    Ok(hearth_bench::report::AmbassadorRound {
        people: round["people"].as_u64().unwrap_or(0),
        candidates: round["candidates"].as_u64().unwrap_or(0),
        betweenness: round["betweenness"].as_str().unwrap_or("").to_owned(),
        server: Duration::from_millis(round["millis"].as_u64().unwrap_or(0)),
        request: started.elapsed(),
    })
}

/// One write of S3: a company-wide post, a reaction or a comment on one of the newest
/// company-wide posts, in equal shares.
fn write(r: &mut Random, tokens: &[String], recent: &[String]) -> Call {
    const KINDS: [&str; 5] = ["like", "celebrate", "support", "insightful", "curious"];
    let token = r.pick(tokens);
    let post = r.pick(recent);
    match r.below(3) {
        0 => Call::with_body(
            Method::POST,
            "/api/v1/posts",
            token,
            serde_json::json!({ "body": format!("Benchmark post {} #launch", r.next_u64()) })
                .to_string(),
        ),
        1 => Call::with_body(
            Method::PUT,
            format!("/api/v1/posts/{post}/like"),
            token,
            serde_json::json!({ "kind": r.pick(&KINDS) }).to_string(),
        ),
        _ => Call::with_body(
            Method::POST,
            format!("/api/v1/posts/{post}/comments"),
            token,
            serde_json::json!({ "body": "Agreed, thanks for sharing." }).to_string(),
        ),
    }
}

/// Signs in the first `count` people: a login row each and an access token for it.
fn sign_in(db: &Db, count: usize) -> Result<(Vec<UserRow>, Vec<String>), String> {
    let names: Vec<String> = (0..count).map(|n| format!("user{n:05}")).collect();
    let keys = JwtKeys::new(JWT_SECRET);
    let now = u64::try_from(time::now_micros() / 1_000_000).unwrap_or(0);
    db.write(|conn| {
        let people = users::by_usernames(conn, &names)?;
        let mut tokens = Vec::with_capacity(people.len());
        for person in &people {
            let login = new_id();
            logins::create(conn, &login, &person.id, time::now_micros())?;
            tokens.push(keys.issue(&person.id, &login, now, 24 * 3600));
        }
        Ok::<_, hearth_db::DbError>((people, tokens))
    })
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
            // S6 measures the first view of the day, which counts what the background would.
            .env("HEARTH_HEALTH_COUNTING_SECONDS", "0")
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
