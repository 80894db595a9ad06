//! Feed queries must read O(page) rows at any size: each walks an index already in feed
//! order, newest first, and stops after the page; none sorts its candidates. This captures
//! the SQL diesel really runs and reads SQLite's plan for it.

use std::sync::{Arc, Mutex};

use diesel::connection::{Connection, InstrumentationEvent};
use diesel::prelude::*;
use diesel::sql_types::Text;
use hearth_common::users::Role;
use hearth_common::validation::{DisplayName, Email, Username};
use hearth_db::posts::{self, Audience, NewPost, Source};
use hearth_db::users::{self, NewUser};
use hearth_db::{DatabaseUrl, Db, DbConnection, DbError};

#[derive(QueryableByName)]
struct PlanRow {
    #[diesel(sql_type = Text)]
    detail: String,
}

/// The plan of the last query `work` ran, one line per step.
fn plan_of(conn: &mut DbConnection, work: impl FnOnce(&mut DbConnection)) -> Vec<String> {
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = seen.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            sink.lock().unwrap().push(query.to_string());
        }
    });
    work(conn);
    let sql = seen.lock().unwrap().last().cloned().expect("a query ran");
    let sql = sql.split(" -- binds:").next().unwrap().to_owned();
    let DbConnection::Sqlite(c) = conn else {
        panic!("SQLite only")
    };
    // Unbound parameters are NULL: the plan does not depend on their values.
    diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
        .load::<PlanRow>(c)
        .unwrap()
        .into_iter()
        .map(|r| r.detail)
        .collect()
}

fn seeded() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&DatabaseUrl::Sqlite(dir.path().join("plans.db")), 1).unwrap();
    db.write(|conn| {
        let username = Username::parse("ann").unwrap();
        let email = Email::parse("ann@example.com").unwrap();
        let name = DisplayName::parse("Ann").unwrap();
        let new = NewUser {
            id: "u1",
            username: &username,
            email: &email,
            password_hash: "x",
            display_name: &name,
            role: Role::Member,
            now: 1,
        };
        users::insert(conn, new)?;
        for i in 0..3 {
            let id = format!("p{i}");
            let topics = ["news".to_string()];
            let post = NewPost {
                id: &id,
                author_id: "u1",
                group_id: None,
                title: None,
                body: "b",
                body_html: "b",
                topics: &topics,
                mentions: &[],
                shared_post_id: None,
                now: i,
            };
            posts::insert(conn, post)?;
        }
        Ok::<_, DbError>(())
    })
    .unwrap();
    (dir, db)
}

#[track_caller]
fn assert_walks(plan: &[String], index: &str) {
    assert!(
        plan.iter().any(|step| step.contains(index)),
        "expected {index} in {plan:#?}"
    );
    assert!(
        !plan.iter().any(|step| step.contains("TEMP B-TREE")),
        "sorts: {plan:#?}"
    );
}

#[test]
fn every_feed_walks_its_index_without_sorting() {
    let (_dir, db) = seeded();
    // Company-wide posts are the `group_id IS NULL` range of the community index.
    let company = Audience {
        company_wide: true,
        groups: vec![],
    };
    let one_community = Audience {
        company_wide: false,
        groups: vec!["g1".into()],
    };
    let cases: [(&str, &Audience, Source<'_>, &str); 4] = [
        ("home/company", &company, Source::All, "posts_group_idx"),
        (
            "one community",
            &one_community,
            Source::All,
            "posts_group_idx",
        ),
        (
            "profile",
            &company,
            Source::Author("u1"),
            "posts_author_idx",
        ),
        (
            "topic",
            &company,
            Source::Topic("news"),
            "post_topics_feed_idx",
        ),
    ];
    db.read(|conn| {
        for (name, audience, source, index) in cases {
            for after in [None, Some((2, "p2".to_string()))] {
                let plan = plan_of(conn, |c| {
                    posts::feed(c, "u1", audience, source, after.clone(), 21).unwrap();
                });
                eprintln!("{name} (after {after:?}):\n  {}", plan.join("\n  "));
                assert_walks(&plan, index);
            }
        }
        Ok::<_, DbError>(())
    })
    .unwrap();
}
