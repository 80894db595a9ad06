//! A PostgreSQL server for the tests: `TEST_POSTGRES_URL` when given; otherwise the local
//! Debian cluster, installed and started when needed, with a role for the tests.

use crate::cmd::{on_path, Cmd, Result};
use crate::tools;

const ROLE: &str = "hearth_test";
const LOCAL_URL: &str = "postgres://hearth_test:hearth_test@127.0.0.1:5432/postgres";

/// The URL the tests use, with the server running and stale test databases dropped.
pub fn ensure() -> Result<String> {
    if let Some(url) = std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        return Ok(url);
    }
    if !on_path("pg_lsclusters") {
        tools::ensure_debian_package("pg_lsclusters", &["postgresql"])?;
    }
    start_cluster()?;
    psql(&format!(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN \
         CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{ROLE}'; END IF; END $$;"
    ))?;
    drop_stale_databases()?;
    Ok(LOCAL_URL.to_owned())
}

fn start_cluster() -> Result {
    let clusters = Cmd::new("pg_lsclusters").arg("--no-header").read()?;
    let Some(cluster) = clusters.lines().find(|l| !l.trim().is_empty()) else {
        return Err("no PostgreSQL cluster; create one with pg_createcluster".into());
    };
    let fields: Vec<&str> = cluster.split_whitespace().collect();
    if fields.get(3) == Some(&"online") {
        return Ok(());
    }
    Cmd::new("pg_ctlcluster")
        .args(["--skip-systemctl-redirect", fields[0], fields[1], "start"])
        .run()
}

fn psql(sql: &str) -> Result<String> {
    Cmd::new("runuser")
        .args([
            "-u",
            "postgres",
            "--",
            "psql",
            "-X",
            "-q",
            "-t",
            "-A",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
        ])
        .read()
}

/// Test databases of earlier runs (each test makes its own).
fn drop_stale_databases() -> Result {
    let names = psql("SELECT datname FROM pg_database WHERE datname LIKE 'hearth\\_test\\_%'")?;
    for name in names.lines().filter(|n| !n.trim().is_empty()) {
        psql(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            name.trim()
        ))?;
    }
    Ok(())
}
