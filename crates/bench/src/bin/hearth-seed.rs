//! `hearth-seed`: fills an empty database (`DATABASE_URL`, as for `hearth`) with the benchmark
//! data set, and reports how long each part took and how big the database became.
//!
//!     hearth-seed [--quick] [--users N] [--groups N] [--follows N] [--posts N]
//!                 [--reactions N] [--comments N] [--shares N] [--seed N]

use std::process::ExitCode;
use std::time::Instant;

use hearth_bench::seed::{self, Shape, PASSWORD};
use hearth_db::{bulk, time, DatabaseUrl, Db};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hearth-seed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut shape = if args.iter().any(|a| a == "--quick") {
        Shape::quick()
    } else {
        Shape::full()
    };
    let mut seed_value = 1;
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        if flag == "--quick" {
            i += 1;
            continue;
        }
        let value: usize = args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{flag} needs a number"))?;
        match flag {
            "--users" => shape.users = value.max(2),
            "--groups" => shape.groups = value,
            "--follows" => shape.follows_per_user = value,
            "--posts" => shape.posts = value.max(1),
            "--reactions" => shape.reactions = value,
            "--comments" => shape.comments = value,
            "--shares" => shape.shares = value,
            "--seed" => seed_value = value as u64,
            other => return Err(format!("unknown option {other}")),
        }
        i += 2;
    }
    let url = std::env::var("DATABASE_URL").map_err(|_| "set DATABASE_URL".to_string())?;
    let url = DatabaseUrl::parse(&url).map_err(|e| e.to_string())?;
    let db = Db::open(&url, 4).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let timings = seed::seed(&db, &shape, seed_value, time::now_micros())?;
    let total = started.elapsed();
    let size = db.read(bulk::database_size).map_err(|e| e.to_string())?;
    println!("seeded {shape:?}");
    for (part, rows, took) in &timings.parts {
        println!(
            "  {part:<12} {rows:>10} rows  {:>7.1} s",
            took.as_secs_f64()
        );
    }
    println!(
        "total {:.1} s; database {:.1} MB; every account's password is {PASSWORD:?}",
        total.as_secs_f64(),
        size as f64 / 1_000_000.0
    );
    Ok(())
}
