//! Check-then-act invariants under simultaneous requests: the member cap, the last owner,
//! one reaction per person with counts equal to the rows, single-use refresh tokens and
//! guest invite codes, one conversation per pair, a post's first answer equal to its earliest
//! comment by someone else. Each fires tens of requests at once at a
//! server with a pool of connections (so PostgreSQL really runs them side by side), asserts
//! the invariant, and repeats.

use futures_util::future::{join, join_all};
use hearth_common::admin::UpdateSettingsRequest;
use hearth_common::groups::{CreateGroupRequest, GroupRole, Privacy};
use hearth_common::page::PageQuery;
use hearth_common::posts::{CreateCommentRequest, CreatePostRequest, ReactionKind};

use crate::helpers::{register_request, spawn_app_with, Backend, Session, TestApp, EVERYTHING};
use crate::on_both_databases;

/// Rounds per invariant: each round is a fresh race.
const ROUNDS: usize = 5;

async fn racing_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |config| {
        config.workers = Some(4);
        config.db_pool_size = 16;
    })
    .await
}

on_both_databases!(
    spawn = super::racing_app;
    the_member_cap_holds,
    a_community_keeps_an_owner,
    reaction_counts_equal_the_reactions,
    simultaneous_refreshes_keep_the_login,
    a_guest_invite_code_is_used_once,
    one_conversation_per_pair,
    a_posts_first_answer_follows_its_comments,
    a_fresh_instance_gets_one_admin,
);

async fn people(app: &TestApp, prefix: &str, n: usize) -> Vec<Session> {
    let mut all = Vec::with_capacity(n);
    for i in 0..n {
        all.push(app.register(&format!("{prefix}{i:02}")).await);
    }
    all
}

async fn community(owner: &Session, name: &str) -> String {
    owner
        .client
        .create_group(&CreateGroupRequest {
            name: name.into(),
            description: String::new(),
            privacy: Privacy::Open,
            topics: None,
        })
        .await
        .unwrap()
        .id
}

async fn member_count(owner: &Session, group: &str) -> (u64, usize, usize) {
    let listed = owner
        .client
        .members(group, &EVERYTHING)
        .await
        .unwrap()
        .items;
    let owners = listed.iter().filter(|m| m.role == GroupRole::Owner).count();
    let count = owner.client.group(group).await.unwrap().member_count;
    (count, listed.len(), owners)
}

/// Cap 5, a community at 4, 20 people joining at once: exactly one gets in.
async fn the_member_cap_holds(app: TestApp) {
    let admin = app.register("admin").await;
    admin
        .client
        .update_settings(&UpdateSettingsRequest {
            group_member_cap: Some(5),
            ..UpdateSettingsRequest::default()
        })
        .await
        .unwrap();
    let crowd = people(&app, "joiner", 23).await;
    for round in 0..ROUNDS {
        let group = community(&admin, &format!("Capped {round}")).await;
        for early in &crowd[..3] {
            early.client.join_group(&group).await.unwrap();
        }
        let results = join_all(crowd[3..].iter().map(|p| p.client.join_group(&group))).await;
        let admitted = results.iter().filter(|r| r.is_ok()).count();
        for refused in results.iter().filter_map(|r| r.as_ref().err()) {
            assert_eq!(refused.code(), Some("group_full"), "{refused:?}");
        }
        assert_eq!(admitted, 1, "round {round}");
        let (count, listed, _) = member_count(&admin, &group).await;
        assert_eq!((count, listed), (5, 5), "round {round}");
    }
}

/// Two owners leaving at once, or demoting each other at once: one of them stays owner.
async fn a_community_keeps_an_owner(app: TestApp) {
    let first = app.register("first").await;
    let second = app.register("second").await;
    for round in 0..ROUNDS * 2 {
        let group = community(&first, &format!("Owned {round}")).await;
        second.client.join_group(&group).await.unwrap();
        first
            .client
            .set_member_role(&group, second.id(), GroupRole::Owner)
            .await
            .unwrap();
        if round % 2 == 0 {
            let (a, b) = join(
                first.client.leave_group(&group),
                second.client.leave_group(&group),
            )
            .await;
            assert!(a.is_ok() != b.is_ok(), "round {round}: {a:?} {b:?}");
            let left = if a.is_ok() { &second } else { &first };
            let (_, listed, owners) = member_count(left, &group).await;
            assert_eq!((listed, owners), (1, 1), "round {round}");
        } else {
            let (a, b) = join(
                first
                    .client
                    .set_member_role(&group, second.id(), GroupRole::Member),
                second
                    .client
                    .set_member_role(&group, first.id(), GroupRole::Member),
            )
            .await;
            assert!(a.is_ok() != b.is_ok(), "round {round}: {a:?} {b:?}");
            let (_, listed, owners) = member_count(&first, &group).await;
            assert_eq!((listed, owners), (2, 1), "round {round}");
        }
    }
}

/// The post's counts always equal its list of reactions: one person switching and taking
/// back reactions at once, and thirty people reacting and unreacting at once.
async fn reaction_counts_equal_the_reactions(app: TestApp) {
    let author = app.register("author").await;
    let crowd = people(&app, "fan", 30).await;
    let post = author
        .client
        .create_post(&CreatePostRequest {
            body: "React to this".into(),
            title: None,
            group_id: None,
            attachments: Vec::new(),
        })
        .await
        .unwrap();
    let check = |round: usize| {
        let author = &author;
        let post = &post.id;
        async move {
            let now = author.client.post(post).await.unwrap();
            let listed = author
                .client
                .reactions(post, &EVERYTHING)
                .await
                .unwrap()
                .items;
            assert_eq!(now.like_count as usize, listed.len(), "round {round}");
            for kind in ReactionKind::ALL {
                let rows = listed.iter().filter(|r| r.kind == kind).count() as u64;
                let counted = now.reaction_counts.get(&kind).copied().unwrap_or(0);
                assert_eq!(rows, counted, "round {round}: {kind:?}");
            }
        }
    };
    let one = &crowd[0];
    let post_id = post.id.as_str();
    for round in 0..ROUNDS * 2 {
        let calls = (0..6).map(|i| async move {
            match ReactionKind::ALL.get(i % 3) {
                Some(kind) if i % 3 != 2 => one.client.react(post_id, Some(*kind)).await,
                _ => one.client.unreact(post_id).await,
            }
        });
        for result in join_all(calls).await {
            result.unwrap();
        }
        check(round).await;
    }
    for round in 0..ROUNDS {
        let calls = crowd.iter().enumerate().map(|(i, p)| async move {
            if (i + round) % 3 == 0 {
                p.client.unreact(post_id).await.map(|_| ())
            } else {
                let kind = ReactionKind::ALL[(i + round) % ReactionKind::ALL.len()];
                p.client.react(post_id, Some(kind)).await.map(|_| ())
            }
        });
        for result in join_all(calls).await {
            result.unwrap();
        }
        check(round).await;
    }
}

/// One refresh token presented ten times at once (two tabs, a page's parallel calls): every
/// call gets a working pair, and the login lives on.
async fn simultaneous_refreshes_keep_the_login(app: TestApp) {
    let ann = app.register("ann").await;
    let mut token = ann.auth.refresh_token.clone();
    for round in 0..ROUNDS {
        let results = join_all((0..10).map(|_| app.anon.refresh(&token))).await;
        let pairs: Vec<_> = results
            .into_iter()
            .map(|r| r.unwrap_or_else(|e| panic!("round {round}: {e:?}")))
            .collect();
        for pair in &pairs {
            app.anon.with_token(&pair.access_token).me().await.unwrap();
        }
        token = pairs[round % pairs.len()].refresh_token.clone();
    }
    // The login moved on: the very first token is now a stolen one.
    let first = app.anon.refresh(&ann.auth.refresh_token).await;
    assert_eq!(first.unwrap_err().code(), Some("refresh_token_reused"));
}

/// Ten registrations with one guest invite code at once: one guest.
async fn a_guest_invite_code_is_used_once(app: TestApp) {
    let owner = app.register("owner").await;
    for round in 0..ROUNDS {
        let group = community(&owner, &format!("Guests {round}")).await;
        let email = format!("visitor{round}@example.com");
        let code = owner
            .client
            .guest_invite(&group, &email)
            .await
            .unwrap()
            .invite_code;
        let attempts = (0..10).map(|i| {
            let mut request = register_request(&format!("visitor{round}x{i}"));
            request.email = email.clone();
            request.invite_code = Some(code.clone());
            let anon = app.anon.clone();
            async move { anon.register(&request).await }
        });
        let results = join_all(attempts).await;
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "round {round}: {results:?}"
        );
        let (count, listed, _) = member_count(&owner, &group).await;
        assert_eq!((count, listed), (2, 2), "round {round}");
    }
}

/// Both people of a pair starting their conversation at once, several times: one
/// conversation.
async fn one_conversation_per_pair(app: TestApp) {
    let crowd = people(&app, "talker", 2 * ROUNDS).await;
    for pair in crowd.chunks(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let calls = (0..10).map(|i| async move {
            let (from, to) = if i % 2 == 0 { (a, b) } else { (b, a) };
            from.client.start_conversation(&[to.id()]).await
        });
        let ids: Vec<String> = join_all(calls)
            .await
            .into_iter()
            .map(|r| r.unwrap().id)
            .collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
        let listed = a
            .client
            .conversations(&PageQuery::default())
            .await
            .unwrap()
            .items;
        assert_eq!(listed.len(), 1);
    }
}

/// A post's `answered_at` (what unanswered posts and time to first reply read) against its
/// comments, as stored and as counted from them.
async fn first_answer(app: &TestApp, post: &str) -> (Option<i64>, Option<i64>) {
    use diesel::prelude::*;
    use hearth_db::schema::{comments, posts};
    let database = app.database.clone();
    let post = post.to_owned();
    actix_web::rt::task::spawn_blocking(move || {
        let mut conn = database.connect().unwrap();
        let (author, stored): (String, Option<i64>) = posts::table
            .find(&post)
            .select((posts::author_id, posts::answered_at))
            .first(&mut conn)
            .unwrap();
        let counted: Option<i64> = comments::table
            .filter(comments::post_id.eq(&post))
            .filter(comments::author_id.ne(&author))
            .select(diesel::dsl::min(comments::created_at))
            .first(&mut conn)
            .unwrap();
        (stored, counted)
    })
    .await
    .unwrap()
}

/// Answers written and deleted at once, with the author's own comments among them: the
/// post's first answer is always its earliest comment by someone else, or none.
async fn a_posts_first_answer_follows_its_comments(app: TestApp) {
    let author = app.register("author").await;
    let crowd = people(&app, "answerer", 12).await;
    let post = author
        .client
        .create_post(&CreatePostRequest {
            body: "Who knows the answer?".into(),
            title: None,
            group_id: None,
            attachments: Vec::new(),
        })
        .await
        .unwrap();
    let answer = CreateCommentRequest {
        body: "I think so".into(),
        parent_id: None,
        attachments: Vec::new(),
    };
    let thanks = CreateCommentRequest {
        body: "Thanks".into(),
        parent_id: None,
        attachments: Vec::new(),
    };
    let mut written: Vec<String> = Vec::new();
    for round in 0..ROUNDS {
        // Everyone answers, the author comments too, and what was there is deleted.
        let answers = crowd.iter().map(|p| p.client.comment(&post.id, &answer));
        let own = author.client.comment(&post.id, &thanks);
        let deletions = written.iter().map(|id| {
            let by = crowd.iter().chain([&author]);
            async move {
                // Only its author may delete a comment; the others get 403 or 404.
                for p in by {
                    if p.client.delete_comment(id).await.is_ok() {
                        return;
                    }
                }
            }
        });
        let (answers, (own, ())) = join(
            join_all(answers),
            join(own, async {
                join_all(deletions).await;
            }),
        )
        .await;
        written = answers.into_iter().map(|c| c.unwrap().id).collect();
        written.push(own.unwrap().id);
        let (stored, counted) = first_answer(&app, &post.id).await;
        assert!(counted.is_some(), "round {round}");
        assert_eq!(stored, counted, "round {round}");
    }
    // Every answer deleted at once, the author's own comment left: unanswered.
    let own = written.pop().unwrap();
    let deletions = crowd
        .iter()
        .zip(&written)
        .map(|(p, id)| p.client.delete_comment(id));
    for result in join_all(deletions).await {
        result.unwrap();
    }
    assert_eq!(first_answer(&app, &post.id).await, (None, None));
    author.client.delete_comment(&own).await.unwrap();
    assert_eq!(first_answer(&app, &post.id).await, (None, None));
}

/// Twenty people registering at once on a fresh instance: exactly one becomes the admin, and
/// the others are refused, because the instance stays closed until that admin chooses.
async fn a_fresh_instance_gets_one_admin(app: TestApp) {
    let attempts = (0..20).map(|i| {
        let anon = app.anon.clone();
        async move {
            anon.register(&register_request(&format!("early{i:02}")))
                .await
        }
    });
    let results = join_all(attempts).await;
    let admins: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(admins.len(), 1, "{results:?}");
    assert_eq!(admins[0].user.role, hearth_common::users::Role::Admin);
    for refused in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(refused.code(), Some("registration_closed"), "{refused}");
    }
    let admin = app.anon.with_token(&admins[0].access_token);
    assert_eq!(
        admin.users(&Default::default()).await.unwrap().items.len(),
        1
    );
}
