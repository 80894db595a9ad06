//! The data set is consistent: the counts kept on rows match the rows, and posts of closed
//! and secret communities stay out of the company feed. On SQLite, and on PostgreSQL when
//! `TEST_POSTGRES_URL` is set.

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use hearth_bench::seed::{seed, Shape};
use hearth_db::{testing, DatabaseUrl, Db, DbConnection, DbError};

const SHAPE: Shape = Shape {
    users: 60,
    groups: 6,
    follows_per_user: 5,
    posts: 300,
    reactions: 1_500,
    comments: 600,
    shares: 40,
};

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn number(conn: &mut DbConnection, sql: &str) -> i64 {
    let found: Result<Number, diesel::result::Error> = match conn {
        DbConnection::Pg(c) => diesel::sql_query(sql).get_result(c),
        DbConnection::Sqlite(c) => diesel::sql_query(sql).get_result(c),
    };
    found.unwrap_or_else(|e| panic!("{sql}: {e}")).n
}

fn check(db: &Db) {
    let timings = seed(db, &SHAPE, 42, hearth_db::time::now_micros()).expect("seeds");
    assert!(timings
        .parts
        .iter()
        .any(|(part, rows, _)| *part == "posts" && *rows == 300));
    db.read(|conn| {
        let mut n = |sql: &str| number(conn, sql);
        assert_eq!(n("SELECT COUNT(*) AS n FROM users"), 60);
        assert_eq!(n("SELECT COUNT(*) AS n FROM follows"), 60 * 5);
        assert_eq!(n("SELECT COUNT(*) AS n FROM posts WHERE shared_post_id IS NULL"), 300);
        assert_eq!(n("SELECT COUNT(*) AS n FROM posts WHERE shared_post_id IS NOT NULL"), 40);
        let reactions = n("SELECT COUNT(*) AS n FROM post_reactions");
        assert!(reactions > 1_000, "{reactions} reactions");
        assert_eq!(
            n("SELECT CAST(SUM(reactions_like + reactions_celebrate + reactions_support + reactions_insightful + reactions_curious) AS BIGINT) AS n FROM posts"),
            reactions
        );
        assert_eq!(
            n("SELECT CAST(SUM(comment_count) AS BIGINT) AS n FROM posts"),
            n("SELECT COUNT(*) AS n FROM comments")
        );
        assert_eq!(
            n("SELECT CAST(SUM(share_count) AS BIGINT) AS n FROM posts"),
            40
        );
        assert_eq!(
            n("SELECT CAST(SUM(member_count) AS BIGINT) AS n FROM communities"),
            n("SELECT COUNT(*) AS n FROM community_members")
        );
        assert_eq!(
            n("SELECT COUNT(*) AS n FROM posts p JOIN communities c ON c.id = p.group_id WHERE c.privacy <> 'open' AND p.in_company_feed"),
            0
        );
        Ok::<_, DbError>(())
    })
    .unwrap();
    // A second load into the same database is refused.
    assert!(seed(db, &SHAPE, 42, hearth_db::time::now_micros()).is_err());
}

#[test]
fn a_small_data_set_on_sqlite_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&DatabaseUrl::Sqlite(dir.path().join("seed.db")), 2).unwrap();
    check(&db);
}

#[test]
fn a_small_data_set_on_postgres_is_consistent() {
    let Some(server) = testing::postgres_server_url() else {
        eprintln!("TEST_POSTGRES_URL not set: PostgreSQL run left out");
        return;
    };
    let url = DatabaseUrl::parse(&testing::fresh_postgres_database(&server)).unwrap();
    check(&Db::open(&url, 2).unwrap());
}
