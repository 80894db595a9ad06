//! The insights pages count each community's unanswered posts on every view: that count must
//! read only the posts of its window, the unanswered ones from their partial index, never
//! every post's comments.

mod plans;

use hearth_common::users::Role;
use hearth_common::validation::{DisplayName, Email, Username};
use hearth_db::comments::{self, NewComment};
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
        let all = health::unanswered_now(conn, None, 0, now)?;
        assert_eq!(all.get("g1"), Some(&4), "{all:?}");
        assert_eq!(all.get("g2"), Some(&4), "{all:?}");
        let one = health::unanswered_now(conn, Some("g2"), 0, now)?;
        assert_eq!(one.len(), 1);
        assert_eq!(one.get("g2"), Some(&4));
        // Since hour 6: p6..p11, of which p6 and p9 are answered.
        let recent = health::unanswered_now(conn, None, 6 * HOUR, now)?;
        assert_eq!(recent.values().sum::<u32>(), 4, "{recent:?}");

        for only in [None, Some("g1")] {
            let queries = plans_of(conn, |c| {
                health::unanswered_now(c, only, 0, now).unwrap();
            });
            for (sql, plan) in &queries {
                eprintln!("unanswered ({only:?}): {sql}\n  {}", plan.join("\n  "));
            }
            let [(sql, plan)] = &queries[..] else {
                panic!("one query, not {}", queries.len());
            };
            assert!(!sql.contains("comments"), "searches the comments: {sql}");
            // Every community: the window's unanswered posts from the index alone. One
            // community: that, or the community's posts of the window.
            let indexes: &[&str] = match only {
                None => &["posts_unanswered_idx"],
                Some(_) => &["posts_unanswered_idx", "posts_group_idx"],
            };
            assert!(
                plan.iter()
                    .any(|step| indexes.iter().any(|index| step.contains(index))),
                "expected one of {indexes:?} in {plan:#?}"
            );
            let sqlite = plan.iter().any(|step| step.starts_with("SEARCH"));
            if sqlite && only.is_none() {
                assert!(
                    plan.iter().any(|step| step.contains("COVERING INDEX")),
                    "reads the table: {plan:#?}"
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
        comments::delete(conn, &answer)?;
        let all = health::unanswered_now(conn, None, 0, now)?;
        assert_eq!(all.get("g1"), Some(&5), "{all:?}");
        assert_eq!(all.get("g2"), Some(&4), "{all:?}");
        Ok::<_, DbError>(())
    })
    .unwrap();
}
