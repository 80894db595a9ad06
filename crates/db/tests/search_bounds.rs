//! Search reads a bounded number of postings whatever its words: with more matches than it
//! reads, it still answers the newest of them, and a rare word still finds its post among
//! thousands that share the other word.

use hearth_db::posts::{self, Audience, NewPost};
use hearth_db::search::{self, terms::query_words};
use hearth_db::{DatabaseUrl, Db, DbError};

/// More posts than search reads postings of one word.
const POSTS: usize = 2_100;

fn seeded(url: &DatabaseUrl) -> Db {
    let db = Db::open(url, 1).unwrap();
    db.write(|conn| {
        hearth_db::testing::insert_ann(conn)?;
        for i in 0..POSTS {
            // Ids in time order, as the server's UUIDv7 are.
            let id = format!("p{i:05}");
            let body = if i == 7 {
                "weekly update, with the rare word zeppelin".to_string()
            } else {
                format!("weekly update number {i}")
            };
            let post = NewPost {
                id: &id,
                author_id: "u1",
                group_id: None,
                title: None,
                body: &body,
                body_html: &body,
                topics: &[],
                mentions: &[],
                shared_post_id: None,
                in_company_feed: true,
                preview_url: None,
                now: i as i64,
            };
            posts::insert(conn, post)?;
        }
        Ok::<_, DbError>(())
    })
    .unwrap();
    db
}

fn found(db: &Db, q: &str) -> Vec<String> {
    let audience = Audience {
        company: true,
        groups: Vec::new(),
    };
    db.read(|conn| {
        let mut words = Vec::new();
        for word in query_words(q) {
            words.push(search::matching_terms(conn, &word)?);
        }
        search::posts(conn, &audience, &words, 200)
    })
    .unwrap()
    .into_iter()
    .map(|hit| hit.id)
    .collect()
}

fn check(db: &Db) {
    let common = found(db, "weekly update");
    assert_eq!(common.len(), 200, "a page's worth of the newest");
    assert_eq!(common[0], format!("p{:05}", POSTS - 1), "newest first");
    assert_eq!(
        found(db, "weekly zeppelin"),
        ["p00007"],
        "the rare word drives"
    );
    assert_eq!(found(db, "update 1234"), ["p01234"]);
    assert!(found(db, "weekly nothing").is_empty());
}

#[test]
fn common_words_are_bounded_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    check(&seeded(&DatabaseUrl::Sqlite(dir.path().join("search.db"))));
}

#[test]
fn common_words_are_bounded_on_postgres() {
    let Some(server) = hearth_db::testing::postgres_server_url() else {
        eprintln!("TEST_POSTGRES_URL not set: PostgreSQL search not checked");
        return;
    };
    let url = DatabaseUrl::parse(&hearth_db::testing::fresh_postgres_database(&server)).unwrap();
    check(&seeded(&url));
}
