//! Moderation: who may report and who handles what (an actor × action matrix), three
//! reports hide a post, a decision tells the author why and the reporters the outcome
//! without naming them, escalation after 48 hours (with a clock the test moves), and many
//! reports at once.

use std::time::Duration;

use futures_util::future::join_all;
use hearth_common::groups::{CreateGroupRequest, GroupRole, Privacy};
use hearth_common::moderation::{
    CreateReportRequest, DecisionRequest, LogAction, ModerationAction, ReportReason, ReportStatus,
    ReportTarget,
};
use hearth_common::notifications::NotificationKind;
use hearth_common::posts::{CreateCommentRequest, CreatePostRequest};
use hearth_db::health::day_start;

use crate::helpers::{assert_error, spawn_app_with, Backend, Session, TestApp, EVERYTHING};
use crate::on_both_databases;

const HOUR: i64 = 3_600_000_000;

fn t0() -> i64 {
    day_start(20_514) + 9 * HOUR
}

async fn spawn(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |config| {
        config.clock = hearth_server::clock::Clock::manual(t0());
        config.workers = Some(4);
        config.db_pool_size = 16;
        config.duties_every = Some(Duration::from_millis(50));
    })
    .await
}

on_both_databases!(
    spawn = super::spawn;
    who_reports_and_who_handles,
    three_reports_hide_a_post_until_reviewed,
    decisions_tell_the_author_why_and_never_who_reported,
    reports_left_open_reach_the_admins_after_48_hours,
    many_reports_at_once,
);

fn report(kind: ReportTarget, id: &str, reason: ReportReason) -> CreateReportRequest {
    CreateReportRequest {
        target_kind: kind,
        target_id: id.into(),
        reason,
        details: String::new(),
    }
}

fn decision(kind: ReportTarget, id: &str, action: ModerationAction, note: &str) -> DecisionRequest {
    DecisionRequest {
        target_kind: kind,
        target_id: id.into(),
        action,
        note: note.into(),
    }
}

async fn post_in(author: &Session, group: Option<&str>, body: &str) -> String {
    author
        .client
        .create_post(&CreatePostRequest {
            body: body.into(),
            title: None,
            group_id: group.map(str::to_owned),
            attachments: Vec::new(),
        })
        .await
        .unwrap()
        .id
}

/// A community with an owner and a moderator, and `members` joined.
async fn community(app: &TestApp, members: &[&Session]) -> (String, Session, Session) {
    let owner = app.register("owner").await;
    let moderator = app.register("moderator").await;
    let id = owner
        .client
        .create_group(&CreateGroupRequest {
            name: "Book Club".into(),
            description: String::new(),
            privacy: Privacy::Open,
            topics: None,
        })
        .await
        .unwrap()
        .id;
    moderator.client.join_group(&id).await.unwrap();
    owner
        .client
        .set_member_role(&id, moderator.id(), GroupRole::Moderator)
        .await
        .unwrap();
    for m in members {
        m.client.join_group(&id).await.unwrap();
    }
    (id, owner, moderator)
}

async fn queued(who: &Session) -> Vec<String> {
    who.client
        .moderation_queue()
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|i| i.target_id)
        .collect()
}

async fn who_reports_and_who_handles(app: TestApp) {
    let cast = app.cast().await;
    let (group, owner, moderator) = community(&app, &[&cast.member]).await;
    let company = post_in(&cast.member, None, "Company-wide post").await;
    let inside = post_in(&cast.member, Some(&group), "Book club post").await;
    let comment = cast
        .member
        .client
        .comment(
            &inside,
            &CreateCommentRequest {
                body: "A comment".into(),
                parent_id: None,
                attachments: Vec::new(),
            },
        )
        .await
        .unwrap()
        .id;
    let conversation = cast
        .member
        .client
        .start_conversation(&[cast.manager.id()])
        .await
        .unwrap();
    let message = cast
        .member
        .client
        .send_message(&conversation.id, "A message")
        .await
        .unwrap()
        .id;

    // Reporting: only what one may see, never one's own, once.
    assert_error(
        cast.guest
            .client
            .report(&report(ReportTarget::Post, &company, ReportReason::Spam))
            .await,
        404,
        "not_found",
    );
    assert_error(
        cast.admin
            .client
            .report(&report(ReportTarget::Message, &message, ReportReason::Spam))
            .await,
        404,
        "not_found",
    );
    assert_error(
        cast.member
            .client
            .report(&report(ReportTarget::Post, &company, ReportReason::Spam))
            .await,
        422,
        "own_content",
    );
    let bad = CreateReportRequest {
        details: "x".repeat(1001),
        ..report(ReportTarget::Post, &company, ReportReason::Other)
    };
    assert_eq!(
        cast.admin.client.report(&bad).await.unwrap_err().status(),
        Some(422)
    );
    for (reporter, kind, id) in [
        (&cast.admin, ReportTarget::Post, &company),
        (&owner, ReportTarget::Post, &inside),
        (&owner, ReportTarget::Comment, &comment),
        (&cast.manager, ReportTarget::Message, &message),
    ] {
        let filed = reporter
            .client
            .report(&report(kind, id, ReportReason::Harassment))
            .await
            .unwrap();
        assert_eq!(filed.status, ReportStatus::Open);
        assert_error(
            reporter
                .client
                .report(&report(kind, id, ReportReason::Spam))
                .await,
            409,
            "already_reported",
        );
    }

    // Who sees what in the queue.
    let mut community_items = vec![inside.clone(), comment.clone()];
    community_items.sort();
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sorted(queued(&moderator).await), community_items);
    assert_eq!(sorted(queued(&owner).await), community_items);
    let mut company_items = vec![company.clone(), message.clone()];
    company_items.sort();
    assert_eq!(sorted(queued(&cast.manager).await), company_items);
    assert_eq!(
        sorted(queued(&cast.admin).await),
        company_items,
        "not yet escalated"
    );
    assert!(queued(&cast.member).await.is_empty(), "never one's own");
    assert!(queued(&cast.guest).await.is_empty());
    assert_eq!(moderator.client.moderation_open_count().await.unwrap(), 2);

    // Deciding: only those who handle it; suspending is for admins.
    let remove = |id: &str| decision(ReportTarget::Post, id, ModerationAction::Remove, "");
    assert_error(
        cast.member.client.decide(&remove(&inside)).await,
        404,
        "not_found",
    );
    assert_error(
        cast.manager.client.decide(&remove(&inside)).await,
        404,
        "not_found",
    );
    assert_error(
        moderator
            .client
            .decide(&decision(
                ReportTarget::Post,
                &inside,
                ModerationAction::Suspend,
                "",
            ))
            .await,
        403,
        "admin_only",
    );
    assert_eq!(
        moderator.client.decide(&remove(&inside)).await.unwrap(),
        ReportStatus::Removed
    );
    assert_error(
        moderator.client.decide(&remove(&inside)).await,
        404,
        "not_found",
    );
    assert_error(cast.member.client.post(&inside).await, 404, "not_found");
    assert_eq!(
        moderator
            .client
            .decide(&decision(
                ReportTarget::Comment,
                &comment,
                ModerationAction::Dismiss,
                ""
            ))
            .await
            .unwrap(),
        ReportStatus::Dismissed
    );
    cast.manager
        .client
        .decide(&decision(
            ReportTarget::Message,
            &message,
            ModerationAction::Remove,
            "Not here.",
        ))
        .await
        .unwrap();
    let messages = cast
        .member
        .client
        .messages(&conversation.id, &EVERYTHING)
        .await
        .unwrap();
    assert_eq!(
        messages.items[0].body,
        "This message was removed by a moderator."
    );

    // The logs: the community's for its moderators, the company's for managers and admins.
    let log = moderator
        .client
        .moderation_log(Some(&group), &EVERYTHING)
        .await
        .unwrap();
    let actions: Vec<LogAction> = log.items.iter().map(|e| e.action).collect();
    assert_eq!(actions, vec![LogAction::Dismissed, LogAction::Removed]);
    assert_error(
        moderator.client.moderation_log(None, &EVERYTHING).await,
        403,
        "moderators_only",
    );
    assert_error(
        cast.member
            .client
            .moderation_log(Some(&group), &EVERYTHING)
            .await,
        403,
        "moderators_only",
    );
    let company_log = cast
        .admin
        .client
        .moderation_log(None, &EVERYTHING)
        .await
        .unwrap();
    assert_eq!(company_log.items.len(), 1);
    assert_eq!(company_log.items[0].action, LogAction::Removed);
}

async fn three_reports_hide_a_post_until_reviewed(app: TestApp) {
    let cast = app.cast().await;
    let readers = [
        app.register("reader1").await,
        app.register("reader2").await,
        app.register("reader3").await,
    ];
    let post = post_in(&cast.member, None, "Borderline joke").await;
    for (n, reader) in readers.iter().enumerate() {
        reader
            .client
            .report(&report(ReportTarget::Post, &post, ReportReason::Hate))
            .await
            .unwrap();
        let visible = cast.admin.client.post(&post).await.is_ok();
        assert_eq!(visible, n < 2, "after {} reports", n + 1);
    }
    let feed = cast.admin.client.home_feed(&EVERYTHING).await.unwrap();
    assert!(feed.items.iter().all(|p| p.id != post), "out of the feed");
    assert_error(cast.member.client.post(&post).await, 404, "not_found");
    let queue = cast.manager.client.moderation_queue().await.unwrap().items;
    assert_eq!(queue.len(), 1);
    assert!(queue[0].hidden);
    assert_eq!(queue[0].reports, 3);
    assert_eq!(queue[0].excerpt, "Borderline joke");

    cast.manager
        .client
        .decide(&decision(
            ReportTarget::Post,
            &post,
            ModerationAction::Dismiss,
            "",
        ))
        .await
        .unwrap();
    assert_eq!(
        cast.admin.client.post(&post).await.unwrap().id,
        post,
        "shown again"
    );
    let log = cast
        .admin
        .client
        .moderation_log(None, &EVERYTHING)
        .await
        .unwrap();
    let actions: Vec<(LogAction, bool)> = log
        .items
        .iter()
        .map(|e| (e.action, e.actor.is_some()))
        .collect();
    assert_eq!(
        actions,
        vec![(LogAction::Dismissed, true), (LogAction::Hidden, false)]
    );
}

async fn decisions_tell_the_author_why_and_never_who_reported(app: TestApp) {
    let cast = app.cast().await;
    let reporter = app.register("whistle").await;
    let post = post_in(&cast.member, None, "Leaked roadmap numbers").await;
    reporter
        .client
        .report(&CreateReportRequest {
            details: "These are confidential".into(),
            ..report(ReportTarget::Post, &post, ReportReason::Confidential)
        })
        .await
        .unwrap();
    let queue = cast.admin.client.moderation_queue().await.unwrap();
    let text = format!("{queue:?}");
    assert!(
        !text.contains(reporter.id()) && !text.contains("whistle"),
        "{text}"
    );
    assert_eq!(queue.items[0].details, vec!["These are confidential"]);

    cast.manager
        .client
        .decide(&decision(
            ReportTarget::Post,
            &post,
            ModerationAction::Remove,
            "Roadmap numbers are confidential until the launch.",
        ))
        .await
        .unwrap();
    let told = cast
        .member
        .client
        .notifications(&EVERYTHING)
        .await
        .unwrap()
        .items;
    let removed = told
        .iter()
        .find(|n| n.kind == NotificationKind::ContentRemoved)
        .expect("the author is told");
    assert_eq!(removed.actor.id, cast.manager.user.id);
    assert!(removed
        .note
        .as_deref()
        .unwrap()
        .ends_with("Roadmap numbers are confidential until the launch."));
    let everything_the_author_sees = format!(
        "{told:?} {:?}",
        cast.member.client.my_reports().await.unwrap()
    );
    assert!(
        !everything_the_author_sees.contains(reporter.id())
            && !everything_the_author_sees.contains("whistle"),
        "{everything_the_author_sees}"
    );

    let outcome = reporter
        .client
        .notifications(&EVERYTHING)
        .await
        .unwrap()
        .items;
    let outcome = outcome
        .iter()
        .find(|n| n.kind == NotificationKind::ReportOutcome)
        .expect("the reporter hears the outcome");
    assert!(outcome.note.as_deref().unwrap().contains("removed"));
    assert_eq!(outcome.actor.id, reporter.user.id, "no one else named");
    assert_eq!(
        reporter.client.my_reports().await.unwrap()[0].status,
        ReportStatus::Removed
    );

    // Warnings and suspensions.
    let second = post_in(&cast.member, None, "Another one").await;
    reporter
        .client
        .report(&report(ReportTarget::Post, &second, ReportReason::Spam))
        .await
        .unwrap();
    cast.admin
        .client
        .decide(&decision(
            ReportTarget::Post,
            &second,
            ModerationAction::Suspend,
            "Repeated leaks.",
        ))
        .await
        .unwrap();
    assert_eq!(
        cast.member.client.me().await.unwrap_err().status(),
        Some(401),
        "signed out"
    );
    let audit = cast.admin.client.audit_log(&EVERYTHING).await.unwrap();
    assert!(audit
        .items
        .iter()
        .any(|e| e.detail == "suspended: false → true"));
}

async fn reports_left_open_reach_the_admins_after_48_hours(app: TestApp) {
    let cast = app.cast().await;
    let (group, _owner, moderator) = community(&app, &[&cast.member]).await;
    let post = post_in(&cast.member, Some(&group), "Nobody looks at this").await;
    let reporter = app.register("reporter").await;
    reporter.client.join_group(&group).await.unwrap();
    reporter
        .client
        .report(&report(ReportTarget::Post, &post, ReportReason::Spam))
        .await
        .unwrap();

    app.clock.set(t0() + 47 * HOUR);
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    assert!(queued(&cast.admin).await.is_empty());
    app.clock.set(t0() + 49 * HOUR);
    let mut escalated = Vec::new();
    for _ in 0..100 {
        escalated = cast.admin.client.moderation_queue().await.unwrap().items;
        if !escalated.is_empty() {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(escalated.len(), 1);
    assert!(escalated[0].escalated);
    assert!(
        queued(&cast.manager).await.is_empty(),
        "admins, not community managers"
    );
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let told = cast
        .admin
        .client
        .notifications(&EVERYTHING)
        .await
        .unwrap()
        .items;
    assert_eq!(
        told.iter()
            .filter(|n| n.kind == NotificationKind::ReportEscalated)
            .count(),
        1,
        "once"
    );
    let log = moderator
        .client
        .moderation_log(Some(&group), &EVERYTHING)
        .await
        .unwrap();
    assert_eq!(log.items[0].action, LogAction::Escalated);
    cast.admin
        .client
        .decide(&decision(
            ReportTarget::Post,
            &post,
            ModerationAction::Warn,
            "Keep it on topic.",
        ))
        .await
        .unwrap();
    let warned = cast
        .member
        .client
        .notifications(&EVERYTHING)
        .await
        .unwrap()
        .items;
    assert!(warned
        .iter()
        .any(|n| n.kind == NotificationKind::ModerationWarning));
    assert_eq!(
        cast.member.client.post(&post).await.unwrap().id,
        post,
        "a warning keeps it"
    );
}

/// Many reports of one post at once: each person counted once, the post hidden once; once
/// it is hidden it cannot be reported (it is out of view).
async fn many_reports_at_once(app: TestApp) {
    let cast = app.cast().await;
    let mut crowd = Vec::new();
    for i in 0..12 {
        crowd.push(app.register(&format!("crowd{i:02}")).await);
    }
    for round in 0..3 {
        let post = post_in(&cast.member, None, &format!("Round {round}")).await;
        let request = report(ReportTarget::Post, &post, ReportReason::Spam);
        let filed = join_all(
            crowd
                .iter()
                .chain(&crowd)
                .map(|p| p.client.report(&request)),
        )
        .await;
        let ok = filed.iter().filter(|r| r.is_ok()).count();
        assert!((3..=12).contains(&ok), "round {round}: {filed:?}");
        for failed in filed.iter().filter_map(|r| r.as_ref().err()) {
            assert!(
                matches!(failed.code(), Some("already_reported" | "not_found")),
                "{failed:?}"
            );
        }
        let queue = cast.admin.client.moderation_queue().await.unwrap().items;
        let item = queue.iter().find(|i| i.target_id == post).unwrap();
        assert_eq!((item.reports as usize, item.hidden), (ok, true));
        let log = cast
            .admin
            .client
            .moderation_log(None, &EVERYTHING)
            .await
            .unwrap();
        let hidden = log
            .items
            .iter()
            .filter(|e| e.action == LogAction::Hidden && e.target_id == post)
            .count();
        assert_eq!(hidden, 1, "round {round}");
    }
}
