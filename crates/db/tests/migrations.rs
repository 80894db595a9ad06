//! The two migration trees must describe the same schema, and both must go down cleanly.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use hearth_db::{migrations, testing, DatabaseUrl, DbConnection};

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Text)]
    nullable: String,
}

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Index {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = Text)]
    columns: String,
    #[diesel(sql_type = Bool)]
    is_unique: bool,
}

const SQLITE_COLUMNS: &str = r#"
    SELECT m.name AS table_name, p.name AS column_name, lower(p.type) AS data_type,
           CASE WHEN p."notnull" = 1 OR p.pk > 0 THEN 'NO' ELSE 'YES' END AS nullable
    FROM sqlite_master m, pragma_table_info(m.name) p
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
      AND m.name <> '__diesel_schema_migrations'"#;

const SQLITE_INDEXES: &str = r#"
    SELECT m.tbl_name AS table_name, m.name AS index_name,
           (SELECT group_concat(name, ',') FROM
              (SELECT i.name FROM pragma_index_info(m.name) i ORDER BY i.seqno)) AS columns,
           (SELECT l."unique" = 1 FROM pragma_index_list(m.tbl_name) l WHERE l.name = m.name)
             AS is_unique
    FROM sqlite_master m
    WHERE m.type = 'index' AND m.name NOT LIKE 'sqlite_autoindex%'"#;

const PG_COLUMNS: &str = r#"
    SELECT c.table_name::text AS table_name, c.column_name::text AS column_name,
           c.data_type::text AS data_type, c.is_nullable::text AS nullable
    FROM information_schema.columns c
    WHERE c.table_schema = 'public' AND c.table_name <> '__diesel_schema_migrations'"#;

const PG_INDEXES: &str = r#"
    SELECT t.relname::text AS table_name, i.relname::text AS index_name,
           string_agg(a.attname::text, ',' ORDER BY array_position(x.indkey::int2[], a.attnum))
             AS columns,
           x.indisunique AS is_unique
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey)
    WHERE t.relnamespace = 'public'::regnamespace AND NOT x.indisprimary
      AND t.relname <> '__diesel_schema_migrations'
    GROUP BY t.relname, i.relname, x.indisunique"#;

fn schema(conn: &mut DbConnection) -> (BTreeSet<Column>, BTreeSet<Index>) {
    match conn {
        DbConnection::Sqlite(c) => (
            diesel::sql_query(SQLITE_COLUMNS)
                .load(c)
                .unwrap()
                .into_iter()
                .collect(),
            diesel::sql_query(SQLITE_INDEXES)
                .load(c)
                .unwrap()
                .into_iter()
                .collect(),
        ),
        DbConnection::Pg(c) => (
            diesel::sql_query(PG_COLUMNS)
                .load(c)
                .unwrap()
                .into_iter()
                .collect(),
            diesel::sql_query(PG_INDEXES)
                .load(c)
                .unwrap()
                .into_iter()
                .collect(),
        ),
    }
}

fn sqlite() -> (tempfile::TempDir, DbConnection) {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite(dir.path().join("schema.db"));
    let conn = url.connect().unwrap();
    (dir, conn)
}

#[test]
fn sqlite_migrations_go_up_and_down() {
    let (_dir, mut conn) = sqlite();
    migrations::run(&mut conn).unwrap();
    let (columns, indexes) = schema(&mut conn);
    assert!(columns.iter().any(|c| c.table_name == "users"));
    assert!(indexes
        .iter()
        .any(|i| i.index_name == "users_username_key" && i.is_unique));
    migrations::revert_all(&mut conn).unwrap();
    let (columns, indexes) = schema(&mut conn);
    assert!(
        columns.is_empty() && indexes.is_empty(),
        "down left {columns:?} {indexes:?}"
    );
    migrations::run(&mut conn).unwrap();
}

#[test]
fn both_migration_trees_give_the_same_schema() {
    let Some(server) = testing::postgres_server_url() else {
        eprintln!("TEST_POSTGRES_URL not set: PostgreSQL schema comparison not run");
        return;
    };
    let (_dir, mut lite) = sqlite();
    migrations::run(&mut lite).unwrap();
    let mut pg = DatabaseUrl::parse(&testing::fresh_postgres_database(&server))
        .unwrap()
        .connect()
        .unwrap();
    migrations::run(&mut pg).unwrap();

    let (lite_columns, lite_indexes) = schema(&mut lite);
    let (pg_columns, pg_indexes) = schema(&mut pg);
    assert!(!lite_columns.is_empty());
    assert_eq!(
        lite_columns,
        pg_columns,
        "columns only in SQLite: {:?}; only in PostgreSQL: {:?}",
        lite_columns.difference(&pg_columns).collect::<Vec<_>>(),
        pg_columns.difference(&lite_columns).collect::<Vec<_>>()
    );
    assert_eq!(
        lite_indexes,
        pg_indexes,
        "indexes only in SQLite: {:?}; only in PostgreSQL: {:?}",
        lite_indexes.difference(&pg_indexes).collect::<Vec<_>>(),
        pg_indexes.difference(&lite_indexes).collect::<Vec<_>>()
    );

    migrations::revert_all(&mut pg).unwrap();
    let (columns, indexes) = schema(&mut pg);
    assert!(
        columns.is_empty() && indexes.is_empty(),
        "down left {columns:?} {indexes:?}"
    );
}

#[derive(QueryableByName)]
struct JournalMode {
    #[diesel(sql_type = Text)]
    journal_mode: String,
}

#[derive(QueryableByName)]
struct ForeignKeys {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    foreign_keys: i32,
}

#[derive(QueryableByName)]
struct BusyTimeout {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    timeout: i32,
}

#[test]
fn sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite(dir.path().join("nested/folder/hearth.db"));
    let db = hearth_db::Db::open(&url, 2).expect("creates the folder and the file");
    db.read(|conn| {
        let DbConnection::Sqlite(c) = conn else {
            panic!("expected SQLite")
        };
        let mode: JournalMode = diesel::sql_query("PRAGMA journal_mode").get_result(c)?;
        assert_eq!(mode.journal_mode, "wal");
        let fk: ForeignKeys = diesel::sql_query("PRAGMA foreign_keys").get_result(c)?;
        assert_eq!(fk.foreign_keys, 1);
        let busy: BusyTimeout = diesel::sql_query("PRAGMA busy_timeout").get_result(c)?;
        assert!(busy.timeout >= 1000);
        Ok::<_, hearth_db::DbError>(())
    })
    .unwrap();
    // A follow of someone who does not exist is refused by the foreign key.
    let refused = db.write(|conn| hearth_db::follows::follow(conn, "nobody", "no one", 1));
    assert!(refused.is_err());
}
