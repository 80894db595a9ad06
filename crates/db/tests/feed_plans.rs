//! Feed queries must read O(page) rows at any size: each walk reads an index already in feed
//! order, newest first, and stops after the page; none sorts its candidates; the page's posts
//! are then read by primary key. This captures the SQL diesel really runs and reads each
//! database's plan for it.

mod plans;

use hearth_db::posts::{self, Audience, NewPost, Source};
use hearth_db::{DatabaseUrl, Db, DbError};
use plans::plans_of;

fn seeded(url: &DatabaseUrl) -> Db {
    let db = Db::open(url, 1).unwrap();
    db.write(|conn| {
        hearth_db::testing::insert_ann(conn)?;
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
                in_company_feed: true,
                preview_url: None,
                now: i,
            };
            posts::insert(conn, post)?;
        }
        Ok::<_, DbError>(())
    })
    .unwrap();
    db
}

#[track_caller]
fn assert_uses(plan: &[String], indexes: &[&str]) {
    assert!(
        plan.iter()
            .any(|step| indexes.iter().any(|index| step.contains(index))),
        "expected one of {indexes:?} in {plan:#?}"
    );
    let sorts = |step: &String| step.contains("TEMP B-TREE") || step.contains("Sort");
    assert!(!plan.iter().any(sorts), "sorts: {plan:#?}");
}

#[test]
fn every_feed_walks_its_index_without_sorting_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    check_plans(
        &seeded(&DatabaseUrl::Sqlite(dir.path().join("plans.db"))),
        false,
    );
}

#[test]
fn every_feed_walks_its_index_without_sorting_on_postgres() {
    let Some(server) = hearth_db::testing::postgres_server_url() else {
        eprintln!("TEST_POSTGRES_URL not set: PostgreSQL plans not checked");
        return;
    };
    let url = DatabaseUrl::parse(&hearth_db::testing::fresh_postgres_database(&server)).unwrap();
    check_plans(&seeded(&url), true);
}

fn check_plans(db: &Db, postgres: bool) {
    // PostgreSQL reads company-wide posts from their partial index; SQLite may read them as
    // the `group_id IS NULL` range of the community index. Both are in feed order.
    let company_wide: &[&str] = if postgres {
        &["posts_company_idx"]
    } else {
        &["posts_company_idx", "posts_group_feed_idx"]
    };
    // On a handful of rows PostgreSQL may read a profile through the company feed's index
    // (also in feed order); with real statistics it takes the author's.
    let author: &[&str] = if postgres {
        &["posts_author_idx", "posts_company_feed_idx"]
    } else {
        &["posts_author_idx"]
    };
    let employee = Audience {
        company: true,
        groups: vec!["g1".into()],
    };
    let groups = ["g1".to_string(), "g2".to_string()];
    // The walks that read the index alone, never the table (on SQLite, which says so).
    let covered = [
        "home, company-wide part",
        "home, community part",
        "company",
        "community",
    ];
    let followed = ["u1".to_string()];
    let cases: [(&str, Source<'_>, &[&str]); 7] = [
        (
            "home, company-wide part",
            Source::Home {
                company_wide: true,
                groups: &[],
                followed: &[],
            },
            company_wide,
        ),
        // The last of the merged walks: one followed person's.
        (
            "home, followed people part",
            Source::Home {
                company_wide: true,
                groups: &[],
                followed: &followed,
            },
            author,
        ),
        // The last of the merged walks: one community's.
        (
            "home, community part",
            Source::Home {
                company_wide: true,
                groups: &groups,
                followed: &[],
            },
            &["posts_group_feed_idx"],
        ),
        ("company", Source::Company, &["posts_company_feed_idx"]),
        ("community", Source::Group("g1"), &["posts_group_feed_idx"]),
        ("profile", Source::Author("u1"), author),
        ("topic", Source::Topic("news"), &["post_topics_feed_idx"]),
    ];
    db.read(|conn| {
        for (name, source, indexes) in cases {
            for after in [None, Some((2, "p2".to_string()))] {
                let queries = plans_of(conn, |c| {
                    posts::feed(c, "u1", &employee, source, after.clone(), 21).unwrap();
                });
                for (sql, plan) in &queries {
                    eprintln!("{name} (after {after:?}): {sql}\n  {}", plan.join("\n  "));
                }
                // The walks are ordered; the last one ran is the source's own.
                let (_, walk) = queries
                    .iter()
                    .rfind(|(sql, _)| sql.contains("ORDER BY"))
                    .expect("a walk");
                assert_uses(walk, indexes);
                if !postgres && covered.contains(&name) {
                    assert!(
                        walk.iter().any(|step| step.contains("COVERING INDEX")),
                        "{name} reads the table: {walk:#?}"
                    );
                }
                // Then the page's posts, when there are any, by primary key (PostgreSQL may
                // take any index for three rows).
                let page = queries.last().filter(|(sql, _)| !sql.contains("ORDER BY"));
                if let Some((_, page)) = page {
                    let by_id = if postgres {
                        "Index"
                    } else {
                        "sqlite_autoindex_posts_1"
                    };
                    assert_uses(page, &[by_id]);
                }
            }
        }
        Ok::<_, DbError>(())
    })
    .unwrap();
}
