//! Feed composition and pagination.

use hearth_common::groups::{CreateGroupRequest, Privacy};
use hearth_common::page::PageQuery;
use hearth_common::posts::{CreatePostRequest, Post, TopicQuery};
use hearth_common::users::AdminUpdateUserRequest;

use crate::helpers::{assert_error, Session, TestApp};
use crate::on_both_databases;

on_both_databases!(
    a_post_appears_in_exactly_the_feeds_it_should,
    pages_give_each_post_once_in_order_while_posts_arrive,
    topics_are_suggested_only_from_what_one_may_read,
);

pub async fn post(author: &Session, body: &str) -> Post {
    let request = CreatePostRequest {
        body: body.into(),
        ..Default::default()
    };
    author
        .client
        .create_post(&request)
        .await
        .unwrap_or_else(|e| panic!("post {body:?}: {e}"))
}

fn ids(page: hearth_common::page::Page<Post>) -> Vec<String> {
    page.items.into_iter().map(|p| p.id).collect()
}

async fn a_post_appears_in_exactly_the_feeds_it_should(app: TestApp) {
    let cast = app.cast().await;
    let (author, follower, other) = (&cast.member, &cast.manager, &cast.admin);
    follower.client.follow(author.id()).await.unwrap();
    let launch = post(author, "We launched! #Launch").await;
    let unrelated = post(other, "Lunch at noon #food").await;
    let first = PageQuery::default();

    // Company-wide posts reach every employee's home and company feeds, followed or not.
    for reader in [author, follower, other] {
        let home = ids(reader.client.home_feed(&first).await.unwrap());
        assert_eq!(
            home,
            [unrelated.id.clone(), launch.id.clone()],
            "{}'s home",
            reader.user.username
        );
        let company = ids(reader.client.company_feed(&first).await.unwrap());
        assert_eq!(company, [unrelated.id.clone(), launch.id.clone()]);
        let profile = ids(reader.client.user_posts(author.id(), &first).await.unwrap());
        assert_eq!(
            profile,
            vec![launch.id.clone()],
            "only the author's posts on a profile"
        );
        let topic = ids(reader.client.topic_posts("launch", &first).await.unwrap());
        assert_eq!(topic, vec![launch.id.clone()]);
        let other_topic = ids(reader.client.topic_posts("food", &first).await.unwrap());
        assert_eq!(other_topic, vec![unrelated.id.clone()]);
        assert!(reader
            .client
            .topic_posts("nothing", &first)
            .await
            .unwrap()
            .items
            .is_empty());
    }
    // Topics are matched ignoring case and a leading '#'.
    assert_eq!(
        ids(follower.client.topic_posts("LAUNCH", &first).await.unwrap()),
        vec![launch.id.clone()]
    );

    // A guest sees nothing company-wide, anywhere.
    let guest = &cast.guest;
    assert!(guest
        .client
        .home_feed(&first)
        .await
        .unwrap()
        .items
        .is_empty());
    assert_error(
        guest.client.company_feed(&first).await,
        403,
        "employees_only",
    );
    assert!(guest
        .client
        .topic_posts("launch", &first)
        .await
        .unwrap()
        .items
        .is_empty());
    assert_error(
        guest.client.user_posts(author.id(), &first).await,
        404,
        "not_found",
    );
    assert!(guest
        .client
        .user_posts(guest.id(), &first)
        .await
        .unwrap()
        .items
        .is_empty());

    // Each item carries the caller's own reaction.
    follower.client.react(&launch.id, None).await.unwrap();
    let seen = follower.client.home_feed(&first).await.unwrap().items;
    assert!(seen
        .iter()
        .any(|p| p.id == launch.id && p.my_reaction.is_some()));
    let seen_by_other = other.client.home_feed(&first).await.unwrap().items;
    assert!(seen_by_other.iter().all(|p| p.my_reaction.is_none()));

    // A suspended author's posts leave every feed, and come back when reinstated.
    let suspend = AdminUpdateUserRequest {
        role: None,
        suspended: Some(true),
    };
    other
        .client
        .admin_update_user(author.id(), &suspend)
        .await
        .unwrap();
    for reader in [follower, other] {
        assert_eq!(
            ids(reader.client.home_feed(&first).await.unwrap()),
            vec![unrelated.id.clone()]
        );
        assert!(reader
            .client
            .topic_posts("launch", &first)
            .await
            .unwrap()
            .items
            .is_empty());
        assert_error(reader.client.post(&launch.id).await, 404, "not_found");
    }
    let reinstate = AdminUpdateUserRequest {
        role: None,
        suspended: Some(false),
    };
    other
        .client
        .admin_update_user(author.id(), &reinstate)
        .await
        .unwrap();
    assert_eq!(
        ids(follower.client.home_feed(&first).await.unwrap()).len(),
        2
    );

    // A deleted post leaves every feed.
    other.client.delete_post(&unrelated.id).await.unwrap();
    assert_eq!(
        ids(follower.client.company_feed(&first).await.unwrap()),
        vec![launch.id.clone()]
    );
    assert!(follower
        .client
        .topic_posts("food", &first)
        .await
        .unwrap()
        .items
        .is_empty());
}

async fn pages_give_each_post_once_in_order_while_posts_arrive(app: TestApp) {
    let ann = app.register("ann").await;
    let mut written = Vec::new();
    for i in 0..45 {
        written.push(post(&ann, &format!("post {i}")).await.id);
    }
    written.reverse();

    let mut seen = Vec::new();
    let mut cursor = None;
    let mut pages = 0;
    loop {
        let page = ann
            .client
            .home_feed(&PageQuery {
                limit: Some(20),
                cursor: cursor.clone(),
            })
            .await
            .unwrap();
        pages += 1;
        seen.extend(page.items.into_iter().map(|p| p.id));
        // New posts arrive between page requests; they belong before page 1, not in later pages.
        post(&ann, &format!("arrived during page {pages}")).await;
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, written, "each post once, newest first, no gaps");

    // The same holds on the profile feed, and for a limit of 1.
    let first = ann
        .client
        .user_posts(
            ann.id(),
            &PageQuery {
                limit: Some(1),
                cursor: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(first.items.len(), 1);
    let second = ann
        .client
        .user_posts(
            ann.id(),
            &PageQuery {
                limit: Some(1),
                cursor: first.next_cursor,
            },
        )
        .await
        .unwrap();
    assert_ne!(first.items[0].id, second.items[0].id);
    assert_error(
        ann.client
            .home_feed(&PageQuery {
                limit: Some(101),
                cursor: None,
            })
            .await,
        400,
        "invalid_query",
    );
    assert_error(
        ann.client
            .home_feed(&PageQuery {
                limit: None,
                cursor: Some("bogus".into()),
            })
            .await,
        400,
        "invalid_cursor",
    );
}

async fn topics_are_suggested_only_from_what_one_may_read(app: TestApp) {
    let cast = app.cast().await;
    let (ann, bob, cyd) = (&cast.member, &cast.manager, &cast.admin);
    post(ann, "Launch plan #Launch #lunch").await;
    let board = bob
        .client
        .create_group(&CreateGroupRequest {
            name: "Board".into(),
            description: "Secret".into(),
            privacy: Privacy::Secret,
            topics: None,
        })
        .await
        .unwrap()
        .id;
    bob.client
        .create_post(&CreatePostRequest {
            body: "Quietly #launchdate and #layoffs".into(),
            title: None,
            group_id: Some(board.clone()),
            attachments: Vec::new(),
        })
        .await
        .unwrap();
    let gone = post(ann, "Gone soon #lastcall").await;
    ann.client.delete_post(&gone.id).await.unwrap();
    let suggest = |who: &Session, q: &str, limit: Option<u32>| {
        let client = who.client.clone();
        let query = TopicQuery { q: q.into(), limit };
        async move { client.topics(&query).await.map(|t| t.topics) }
    };
    // The board's member sees its topics; nobody else learns they exist (admins included,
    // as with its posts); a deleted post's topic is gone.
    assert_eq!(
        suggest(bob, "#LA", None).await.unwrap(),
        ["launch", "launchdate", "layoffs"]
    );
    for outsider in [ann, cyd] {
        assert_eq!(suggest(outsider, "la", None).await.unwrap(), ["launch"]);
    }
    assert_eq!(suggest(ann, "l", None).await.unwrap(), ["launch", "lunch"]);
    assert_eq!(
        suggest(bob, "l", Some(2)).await.unwrap(),
        ["launch", "launchdate"]
    );
    // A guest in no community reads nothing, so hears of no topic.
    assert!(suggest(&cast.guest, "l", None).await.unwrap().is_empty());
    for (q, limit, field) in [
        ("", None, "q"),
        ("#", None, "q"),
        (&*"a".repeat(51), None, "q"),
        ("la", Some(0), "limit"),
        ("la", Some(21), "limit"),
    ] {
        let err = assert_error(suggest(ann, q, limit).await, 422, "validation_failed");
        assert_eq!(
            crate::helpers::error_fields(&err),
            [field],
            "{q:?} {limit:?}"
        );
    }
}
