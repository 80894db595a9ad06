//! Reading the plan of the SQL diesel really runs, on either database: for the tests that
//! hold queries to their indexes.

use std::sync::{Arc, Mutex};

use diesel::connection::{Connection, InstrumentationEvent, SimpleConnection};
use diesel::prelude::*;
use diesel::sql_types::Text;
use hearth_db::DbConnection;

#[derive(QueryableByName)]
struct SqlitePlanRow {
    #[diesel(sql_type = Text)]
    detail: String,
}

#[derive(QueryableByName)]
struct PgPlanRow {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

/// `["u1", false, 21, ["g1"]]` (diesel's debug output of the binds) as SQL literals.
fn literals(binds: &str) -> Vec<String> {
    let inner = binds
        .trim()
        .strip_prefix('[')
        .and_then(|b| b.strip_suffix(']'));
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut depth) = (false, 0);
    for c in inner.unwrap_or_default().chars() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                out.push(literal(&std::mem::take(&mut current)));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(literal(&current));
    }
    out
}

fn literal(value: &str) -> String {
    let value = value.trim();
    if value.starts_with('[') {
        return format!("ARRAY[{}]::text[]", literals(value).join(", "));
    }
    match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(text) => format!("'{}'", text.replace('\'', "''")),
        None => value.to_owned(),
    }
}

/// The SQL of every query `work` ran, with its plan, one line per step.
pub fn plans_of(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection),
) -> Vec<(String, Vec<String>)> {
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = seen.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            sink.lock().unwrap().push(query.to_string());
        }
    });
    work(conn);
    let queries = std::mem::take(&mut *seen.lock().unwrap());
    queries
        .into_iter()
        .map(|query| {
            let (sql, binds) = query.split_once(" -- binds:").expect("query with binds");
            let plan = plan(conn, sql, binds);
            (sql.to_owned(), plan)
        })
        .collect()
}

fn plan(conn: &mut DbConnection, sql: &str, binds: &str) -> Vec<String> {
    match conn {
        DbConnection::Sqlite(c) => {
            // Unbound parameters are NULL: the plan does not depend on their values.
            diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
                .load::<SqlitePlanRow>(c)
                .unwrap()
                .into_iter()
                .map(|r| r.detail)
                .collect()
        }
        DbConnection::Pg(c) => {
            let mut sql = sql.to_owned();
            // From the highest number down, so $1 does not match inside $10.
            for (i, value) in literals(binds).iter().enumerate().rev() {
                sql = sql.replace(&format!("${}", i + 1), value);
            }
            // With a handful of rows a sequential scan and a sort would be cheapest; ruling
            // them out shows whether an index serves the query in feed order.
            c.batch_execute("SET enable_seqscan = off; SET enable_sort = off")
                .unwrap();
            diesel::sql_query(format!("EXPLAIN {sql}"))
                .load::<PgPlanRow>(c)
                .unwrap()
                .into_iter()
                .map(|r| r.line)
                .collect()
        }
    }
}
