//! The insights pages count each community's unanswered posts on every view: that count must
//! seek each community's unanswered posts of the window in their partial index, never search
//! every post's comments nor read posts that were answered.

mod plans;

use hearth_common::groups::Privacy;
use hearth_common::users::Role;
use hearth_common::validation::{DisplayName, Email, Username};
use hearth_db::comments::{self, NewComment};
use hearth_db::communities::{self, Fields};
use hearth_db::health;
use hearth_db::posts::{self, NewPost};
use hearth_db::users::{self, NewUser};
use hearth_db::{DatabaseUrl, Db, DbError};
use plans::plans_of;

const HOUR: i64 = 3_600_000_000;

fn seeded(url: &DatabaseUrl) -> Db {
    let db = Db::open(url, 1).unwrap();
    db.write(|conn| {
        for name in ["ann", "bob"] {
            let username = Username::parse(name).unwrap();
            let email = Email::parse(&format!("{name}@example.com")).unwrap();
            let display = DisplayName::parse(name).unwrap();
            users::insert(
                conn,
                NewUser {
                    id: name,
                    username: &username,
                    email: &email,
                    password_hash: "x",
                    display_name: &display,
                    role: Role::Member,
                    now: 1,
                },
            )?;
        }
        for (id, name) in [("g1", "Garden"), ("g2", "Gaming"), ("g3", "Quiet")] {
            let fields = Fields {
                name,
                description: "",
                privacy: Privacy::Open,
                topics: &[],
            };
            communities::insert(conn, id, fields, "ann", 1)?;
        }
        // Posts by ann in g1 and g2, one hour apart; bob answers every third.
        for i in 0..12 {
            let id = format!("p{i}");
            let group = format!("g{}", 1 + i % 2);
            posts::insert(
                conn,
                NewPost {
                    id: &id,
                    author_id: "ann",
                    group_id: Some(&group),
                    title: None,
                    body: "b",
                    body_html: "b",
                    topics: &[],
                    mentions: &[],
                    shared_post_id: None,
                    in_company_feed: false,
                    preview_url: None,
                    now: i * HOUR,
                },
            )?;
            if i % 3 == 0 {
                let comment = format!("c{i}");
                comments::insert(
                    conn,
                    NewComment {
                        id: &comment,
                        post_id: &id,
                        parent_id: None,
                        author_id: "bob",
                        body: "b",
                        body_html: "b",
                        now: i * HOUR + 1,
                    },
                )?;
            }
            // The author's own comment is no answer.
            let own = format!("o{i}");
            comments::insert(
                conn,
                NewComment {
                    id: &own,
                    post_id: &id,
                    parent_id: None,
                    author_id: "ann",
                    body: "b",
                    body_html: "b",
                    now: i * HOUR + 2,
                },
            )?;
        }
        Ok::<_, DbError>(())
    })
    .unwrap();
    db
}

#[test]
fn unanswered_posts_are_counted_from_their_index_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    check(&seeded(&DatabaseUrl::Sqlite(dir.path().join("plans.db"))));
}

#[test]
fn unanswered_posts_are_counted_from_their_index_on_postgres() {
    let Some(server) = hearth_db::testing::postgres_server_url() else {
        eprintln!("TEST_POSTGRES_URL not set: PostgreSQL plans not checked");
        return;
    };
    let url = DatabaseUrl::parse(&hearth_db::testing::fresh_postgres_database(&server)).unwrap();
    check(&seeded(&url));
}

fn check(db: &Db) {
    // At hour 60 the posts of hours 0..12 are all over 48 hours old.
    let now = 60 * HOUR;
    db.read(|conn| {
        // The counts first: bob answered p0, p3, p6 and p9 (two in each community).
        let unanswered = |conn: &mut _, only, since| -> Result<Vec<(String, u32)>, DbError> {
            let mut all: Vec<(String, u32)> = health::live(conn, only, since, now)?
                .into_iter()
                .map(|(id, live)| (id, live.unanswered_posts))
                .collect();
            all.sort();
            Ok(all)
        };
        let counts = |list: &[(&str, u32)]| -> Vec<(String, u32)> {
            list.iter().map(|(id, n)| (id.to_string(), *n)).collect()
        };
        assert_eq!(
            unanswered(conn, None, 0)?,
            counts(&[("g1", 4), ("g2", 4), ("g3", 0)])
        );
        assert_eq!(unanswered(conn, Some("g2"), 0)?, counts(&[("g2", 4)]));
        // Since hour 6: p6..p11, of which p6 and p9 are answered.
        assert_eq!(
            unanswered(conn, None, 6 * HOUR)?,
            counts(&[("g1", 2), ("g2", 2), ("g3", 0)])
        );
        let live = health::live(conn, None, 0, now)?;
        assert_eq!(live["g1"].last_post_at, Some(10 * HOUR));
        assert_eq!(live["g2"].last_post_at, Some(11 * HOUR));
        assert_eq!(live["g3"].last_post_at, None);

        for only in [None, Some("g1")] {
            let queries = plans_of(conn, |c| {
                health::live(c, only, 0, now).unwrap();
            });
            for (sql, plan) in &queries {
                eprintln!("live ({only:?}): {sql}\n  {}", plan.join("\n  "));
            }
            let [(sql, plan)] = &queries[..] else {
                panic!("one query, not {}", queries.len());
            };
            assert!(!sql.contains("comments"), "searches the comments: {sql}");
            assert!(
                plan.iter()
                    .any(|step| step.contains("posts_unanswered_idx")),
                "unanswered posts not from their index: {plan:#?}"
            );
            // SQLite says whether it seeks (SEARCH … group_id=?) and reads the index alone.
            if plan.iter().any(|step| step.contains("SEARCH")) {
                assert!(
                    plan.iter().any(
                        |step| step.contains("COVERING INDEX posts_unanswered_idx (group_id=?")
                    ),
                    "not a seek into the index alone: {plan:#?}"
                );
            }
        }
        Ok::<_, DbError>(())
    })
    .unwrap();

    // Deleting the only answer makes a post unanswered again; the author's own comment on
    // it still does not count.
    db.write(|conn| {
        let answer = comments::find(conn, "c0")?.expect("bob's answer");
        comments::delete(conn, &answer, 0)?;
        let live = health::live(conn, None, 0, now)?;
        assert_eq!(live["g1"].unanswered_posts, 5, "{live:?}");
        assert_eq!(live["g2"].unanswered_posts, 4, "{live:?}");
        Ok::<_, DbError>(())
    })
    .unwrap();
}
