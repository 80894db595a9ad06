//! Notifications: who is told what, and only what they may see.

use hearth_common::notifications::NotificationKind;
use hearth_common::page::PageQuery;
use hearth_common::posts::{CreateCommentRequest, UpdatePostRequest};

use crate::feeds::post;
use crate::helpers::{assert_error, Session, TestApp};
use crate::on_both_databases;

on_both_databases!(
    people_are_told_what_concerns_them,
    notifications_are_marked_read,
    opened_notifications_are_marked_read_one_by_one,
    the_unread_count_counts_lines_as_the_list_groups_them
);

async fn kinds(who: &Session) -> Vec<(NotificationKind, String)> {
    let page = who
        .client
        .notifications(&PageQuery::default())
        .await
        .unwrap();
    page.items
        .into_iter()
        .map(|n| (n.kind, n.actor.username))
        .collect()
}

/// Whether each of the person's notifications is read, newest first.
async fn read_flags(who: &Session) -> Vec<bool> {
    let page = who
        .client
        .notifications(&PageQuery::default())
        .await
        .unwrap();
    page.items.iter().map(|n| n.read).collect()
}

/// Ann, followed by three others: three notifications, newest first.
async fn followed_by_three(app: &TestApp) -> (Session, [Session; 3]) {
    let ann = app.register("ann").await;
    let fans = [
        app.register("bob").await,
        app.register("cyd").await,
        app.register("dee").await,
    ];
    for fan in &fans {
        fan.client.follow(ann.id()).await.unwrap();
    }
    (ann, fans)
}

async fn people_are_told_what_concerns_them(app: TestApp) {
    let cast = app.cast().await;
    let (ann, bob) = (&cast.member, &cast.manager);
    bob.client.follow(ann.id()).await.unwrap();
    bob.client.follow(ann.id()).await.unwrap();
    let p = post(ann, "Thoughts, @manager? Also @guest and @member").await;
    bob.client.react(&p.id, None).await.unwrap();
    bob.client
        .react(&p.id, Some(hearth_common::posts::ReactionKind::Celebrate))
        .await
        .unwrap();
    ann.client.react(&p.id, None).await.unwrap();
    let top = bob
        .client
        .comment(
            &p.id,
            &CreateCommentRequest {
                body: "yes".into(),
                parent_id: None,
                attachments: Vec::new(),
            },
        )
        .await
        .unwrap();
    ann.client
        .comment(
            &p.id,
            &CreateCommentRequest {
                body: "thanks".into(),
                parent_id: Some(top.id.clone()),
                attachments: Vec::new(),
            },
        )
        .await
        .unwrap();
    bob.client.share(&p.id, &Default::default()).await.unwrap();

    use NotificationKind::*;
    let manager = "manager".to_string();
    let member = "member".to_string();
    assert_eq!(
        kinds(ann).await,
        [
            (Share, manager.clone()),
            (Comment, manager.clone()),
            (Like, manager.clone()),
            (Follow, manager.clone())
        ],
        "one like for a changed reaction, nothing for one's own actions or self-mention"
    );
    assert_eq!(
        kinds(bob).await,
        [(Reply, member.clone()), (Mention, member.clone())]
    );
    assert!(
        kinds(&cast.guest).await.is_empty(),
        "the guest cannot see the post, so is not told"
    );

    // Editing tells only people newly mentioned.
    let edit = UpdatePostRequest {
        body: Some("Thoughts, @manager and @admin?".into()),
        title: None,
        attachments: None,
    };
    ann.client.update_post(&p.id, &edit).await.unwrap();
    assert_eq!(kinds(&cast.admin).await, [(Mention, member.clone())]);
    assert_eq!(kinds(bob).await.len(), 2);

    let first = ann
        .client
        .notifications(&PageQuery::default())
        .await
        .unwrap()
        .items;
    let about = first[1].post.clone().unwrap();
    assert_eq!(about.id, p.id);
    assert!(about.excerpt.starts_with("Thoughts"));
    assert_eq!(first[1].comment.as_deref(), Some(top.id.as_str()));

    // A deleted post takes its notifications out of sight.
    ann.client.delete_post(&p.id).await.unwrap();
    assert_eq!(kinds(ann).await, [(Follow, manager)]);
    assert_error(
        app.anon.notifications(&PageQuery::default()).await,
        401,
        "missing_token",
    );
}

async fn notifications_are_marked_read(app: TestApp) {
    let (ann, fans) = followed_by_three(&app).await;
    // Three follows are one line ("Bob and 2 others followed you"), and count once.
    assert_eq!(ann.client.unread_notifications().await.unwrap(), 1);
    let list = ann
        .client
        .notifications(&PageQuery::default())
        .await
        .unwrap()
        .items;
    // Up to the second newest: it and the oldest are read, the newest is not.
    ann.client
        .mark_notifications_read(Some(&list[1].id))
        .await
        .unwrap();
    assert_eq!(ann.client.unread_notifications().await.unwrap(), 1);
    let read = read_flags(&ann).await;
    assert_eq!(read, [false, true, true]);
    assert_error(
        fans[0]
            .client
            .mark_notifications_read(Some(&list[0].id))
            .await,
        404,
        "not_found",
    );
    assert_eq!(
        ann.client.unread_notifications().await.unwrap(),
        1,
        "someone else's id changes nothing"
    );
    ann.client.mark_notifications_read(None).await.unwrap();
    assert_eq!(ann.client.unread_notifications().await.unwrap(), 0);
}

async fn opened_notifications_are_marked_read_one_by_one(app: TestApp) {
    let (ann, fans) = followed_by_three(&app).await;
    let list = ann
        .client
        .notifications(&PageQuery::default())
        .await
        .unwrap()
        .items;
    // The newest and the oldest are opened: the middle one stays unread.
    let opened = [list[0].id.clone(), list[2].id.clone()];
    // Someone else's ids change nothing, and say nothing.
    fans[0]
        .client
        .mark_these_notifications_read(&opened)
        .await
        .unwrap();
    assert_eq!(read_flags(&ann).await, [false, false, false]);
    ann.client
        .mark_these_notifications_read(&opened)
        .await
        .unwrap();
    let read = read_flags(&ann).await;
    assert_eq!(read, [true, false, true]);
    assert_eq!(ann.client.unread_notifications().await.unwrap(), 1);
    let too_many: Vec<String> = (0..101).map(|n| format!("id-{n}")).collect();
    assert_error(
        ann.client.mark_these_notifications_read(&too_many).await,
        422,
        "validation_failed",
    );
}

async fn the_unread_count_counts_lines_as_the_list_groups_them(app: TestApp) {
    let (ann, fans) = followed_by_three(&app).await;
    let p = post(&ann, "Launch plan").await;
    let comment = CreateCommentRequest {
        body: "on it".into(),
        parent_id: None,
        attachments: Vec::new(),
    };
    for fan in &fans {
        fan.client.react(&p.id, None).await.unwrap();
        fan.client.comment(&p.id, &comment).await.unwrap();
    }
    post(&fans[0], "Ideas for the launch, @ann?").await;
    // Follows, reactions to the post, comments on it: one line each; the mention stands alone.
    assert_eq!(ann.client.unread_notifications().await.unwrap(), 4);
    let items = ann
        .client
        .notifications(&PageQuery::default())
        .await
        .unwrap()
        .items;
    assert_eq!(items.len(), 10);
    let reactions: Vec<String> = items
        .iter()
        .filter(|n| n.kind == NotificationKind::Like)
        .map(|n| n.id.clone())
        .collect();
    ann.client
        .mark_these_notifications_read(&reactions)
        .await
        .unwrap();
    assert_eq!(ann.client.unread_notifications().await.unwrap(), 3);
    // One of the three comments read leaves the line unread.
    let one_comment = items
        .iter()
        .find(|n| n.kind == NotificationKind::Comment)
        .map(|n| n.id.clone())
        .unwrap();
    ann.client
        .mark_these_notifications_read(&[one_comment])
        .await
        .unwrap();
    assert_eq!(ann.client.unread_notifications().await.unwrap(), 3);
}
