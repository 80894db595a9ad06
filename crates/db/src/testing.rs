//! Fresh databases for tests: a temporary SQLite file, or a new PostgreSQL database on the
//! server named by `TEST_POSTGRES_URL`. When `HEARTH_REQUIRE_POSTGRES` is set (CI), a missing
//! `TEST_POSTGRES_URL` fails the tests instead of leaving PostgreSQL out.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::Connection;

/// The PostgreSQL server to test against, if any.
pub fn postgres_server_url() -> Option<String> {
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            if std::env::var_os("HEARTH_REQUIRE_POSTGRES").is_some() {
                panic!("HEARTH_REQUIRE_POSTGRES is set but TEST_POSTGRES_URL is not");
            }
            None
        }
    }
}

/// Creates an empty database `hearth_test_…` on the server and returns its URL.
pub fn fresh_postgres_database(server_url: &str) -> String {
    let name = format!("hearth_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin = PgConnection::establish(server_url)
        .unwrap_or_else(|e| panic!("cannot reach TEST_POSTGRES_URL: {e}"));
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create test database");
    with_database(server_url, &name)
}

/// Drops a database `fresh_postgres_database` made (named by its URL), for runs that leave
/// gigabytes behind (the benchmark).
pub fn drop_postgres_database(server_url: &str, database_url: &str) -> Result<(), String> {
    let name = database_url
        .split('?')
        .next()
        .and_then(|base| base.rsplit('/').next())
        .filter(|name| name.starts_with("hearth_test_"))
        .ok_or_else(|| format!("{database_url} is not a test database"))?;
    let mut admin = PgConnection::establish(server_url).map_err(|e| e.to_string())?;
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .map_err(|e| e.to_string())
}

/// `url` with its database name replaced.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{database}?{query}"),
        None => format!("{server}/{database}"),
    }
}

/// Adds the member `ann` with id `u1`, for query-plan and search tests to write posts as.
pub fn insert_ann(conn: &mut crate::DbConnection) -> crate::error::DbResult<()> {
    use hearth_common::users::Role;
    use hearth_common::validation::{DisplayName, Email, Username};
    let (username, email, name) = (
        Username::parse("ann").expect("a valid username"),
        Email::parse("ann@example.com").expect("a valid address"),
        DisplayName::parse("Ann").expect("a valid name"),
    );
    let new = crate::users::NewUser {
        id: "u1",
        username: &username,
        email: &email,
        password_hash: "x",
        display_name: &name,
        role: Role::Member,
        now: 1,
    };
    crate::users::insert(conn, new)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            with_database("postgres://u@localhost:5432/postgres", "t1"),
            "postgres://u@localhost:5432/t1"
        );
        assert_eq!(
            with_database("postgres://localhost", "t1"),
            "postgres://localhost/t1"
        );
        assert_eq!(
            with_database("postgresql://u:p@h/db?sslmode=disable", "t1"),
            "postgresql://u:p@h/t1?sslmode=disable"
        );
    }
}
