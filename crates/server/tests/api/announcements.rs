//! Pinned posts and must-read announcements: who pins and marks, an audience fixed when it
//! is published, pinned until acknowledged, reminders sent once each (with a clock the test
//! moves), idempotent and concurrent acknowledgements, and the names only for the author and
//! admins.

use std::time::Duration;

use futures_util::future::join_all;
use hearth_common::events::EventBody;
use hearth_common::groups::{CreateGroupRequest, GroupRole, Privacy};
use hearth_common::notifications::NotificationKind;
use hearth_common::posts::CreatePostRequest;
use hearth_common::users::{AdminUpdateUserRequest, Role};
use hearth_db::health::day_start;

use crate::helpers::{assert_error, spawn_app_with, Backend, Session, TestApp, EVERYTHING};
use crate::on_both_databases;

const HOUR: i64 = 3_600_000_000;
/// Monday 2 March 2026, 09:00 UTC.
fn t0() -> i64 {
    day_start(20_514) + 9 * HOUR
}

async fn spawn(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |config| {
        config.clock = hearth_server::clock::Clock::manual(t0());
        config.workers = Some(4);
        config.db_pool_size = 16;
    })
    .await
}

/// As `spawn`, sending due reminders every 50 ms.
async fn spawn_reminding(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |config| {
        config.clock = hearth_server::clock::Clock::manual(t0());
        config.duties_every = Some(Duration::from_millis(50));
    })
    .await
}

on_both_databases!(
    spawn = super::spawn;
    a_company_must_read_from_publication_to_acknowledgement,
    a_community_must_read_reaches_its_members_guests_included,
    who_pins_what,
    acknowledgements_and_marks_race,
);

on_both_databases!(
    spawn = super::spawn_reminding;
    reminders_go_out_once_each,
);

async fn company_post(author: &Session, body: &str) -> String {
    author
        .client
        .create_post(&CreatePostRequest {
            body: body.into(),
            title: None,
            group_id: None,
            attachments: Vec::new(),
        })
        .await
        .unwrap()
        .id
}

async fn make(app: &TestApp, who: &Session, role: Role) {
    who.client.me().await.unwrap();
    let admin = app.login("admin", crate::helpers::PASSWORD).await.unwrap();
    admin
        .client
        .admin_update_user(
            who.id(),
            &AdminUpdateUserRequest {
                role: Some(role),
                suspended: None,
            },
        )
        .await
        .unwrap();
}

async fn notified(who: &Session, kind: NotificationKind) -> usize {
    who.client
        .notifications(&EVERYTHING)
        .await
        .unwrap()
        .items
        .iter()
        .filter(|n| n.kind == kind)
        .count()
}

async fn a_company_must_read_from_publication_to_acknowledgement(app: TestApp) {
    let cast = app.cast().await;
    let post = company_post(&cast.manager, "Please read the new travel policy").await;

    assert_error(
        cast.member.client.mark_must_read(&post, 3).await,
        403,
        "not_allowed",
    );
    assert_error(
        cast.guest.client.mark_must_read(&post, 3).await,
        404,
        "not_found",
    );
    for days in [0, 8] {
        let err = cast
            .manager
            .client
            .mark_must_read(&post, days)
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(422), "{days} days");
    }
    let status = cast.manager.client.mark_must_read(&post, 3).await.unwrap();
    assert_eq!(status.deadline.timestamp_micros(), t0() + 3 * 24 * HOUR);
    let progress = status.progress.expect("the marker follows it up");
    assert_eq!(
        (progress.acknowledged, progress.total),
        (0, 3),
        "admin, manager, member"
    );
    assert!(progress.names_visible);
    assert_error(
        cast.manager.client.mark_must_read(&post, 3).await,
        409,
        "already_must_read",
    );

    // The audience is fixed: someone who joins later is not asked.
    let late = app.register("late").await;
    assert_error(late.client.acknowledge(&post).await, 409, "not_asked");
    assert!(late.client.home_pinned().await.unwrap().items.is_empty());
    assert!(!late.client.must_read(&post).await.unwrap().asked_me);

    // A guest never sees a company must-read.
    assert_error(cast.guest.client.must_read(&post).await, 404, "not_found");
    assert_error(cast.guest.client.acknowledge(&post).await, 404, "not_found");
    assert!(cast
        .guest
        .client
        .home_pinned()
        .await
        .unwrap()
        .items
        .is_empty());
    assert_eq!(notified(&cast.guest, NotificationKind::MustRead).await, 0);

    // The member is told, finds it pinned, and it stays pinned until acknowledged.
    assert_eq!(notified(&cast.member, NotificationKind::MustRead).await, 1);
    let pinned = cast.member.client.home_pinned().await.unwrap().items;
    assert_eq!(pinned.len(), 1);
    assert_eq!(pinned[0].post.id, post);
    assert_eq!(pinned[0].must_read_deadline, Some(status.deadline));
    let mine = cast.member.client.must_read(&post).await.unwrap();
    assert!(mine.asked_me && mine.acknowledged_at.is_none() && mine.progress.is_none());
    let mut followed = crate::stream::connect(&cast.manager.client, None).await;
    app.clock.advance(HOUR);
    cast.member.client.acknowledge(&post).await.unwrap();
    app.clock.advance(HOUR);
    cast.member.client.acknowledge(&post).await.unwrap();
    // The one who made it a must-read sees the count move, live.
    let event = crate::stream::next_of(&mut followed, "must_read.acknowledged").await;
    match event.body {
        EventBody::MustReadAcknowledged(a) => {
            assert_eq!(
                (a.post_id.as_str(), a.acknowledged, a.total),
                (post.as_str(), 1, 3)
            );
        }
        other => panic!("{other:?}"),
    }
    let mine = cast.member.client.must_read(&post).await.unwrap();
    assert_eq!(
        mine.acknowledged_at.map(|at| at.timestamp_micros()),
        Some(t0() + HOUR),
        "the first acknowledgement counts"
    );
    assert!(cast
        .member
        .client
        .home_pinned()
        .await
        .unwrap()
        .items
        .is_empty());

    let progress = cast
        .manager
        .client
        .must_read(&post)
        .await
        .unwrap()
        .progress
        .unwrap();
    assert_eq!((progress.acknowledged, progress.total), (1, 3));
    assert_eq!(progress.departments.rows, vec![], "no department of 5");

    // Names: the marker and admins; another community manager follows up without them.
    let names = cast.manager.client.acknowledgements(&post).await.unwrap();
    let acknowledged: Vec<(&str, bool)> = names
        .iter()
        .map(|a| (a.user.username.as_str(), a.acknowledged_at.is_some()))
        .collect();
    assert_eq!(
        acknowledged,
        vec![("admin", false), ("manager", false), ("member", true)]
    );
    assert_eq!(
        cast.admin
            .client
            .acknowledgements(&post)
            .await
            .unwrap()
            .len(),
        3
    );
    let other_manager = app.register("othermanager").await;
    make(&app, &other_manager, Role::CommunityManager).await;
    let seen = other_manager.client.must_read(&post).await.unwrap();
    assert!(!seen.progress.unwrap().names_visible);
    assert_error(
        other_manager.client.acknowledgements(&post).await,
        403,
        "names_not_visible",
    );
    assert_error(
        cast.member.client.acknowledgements(&post).await,
        403,
        "names_not_visible",
    );

    let csv = cast
        .admin
        .client
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/posts/{post}/must-read/acknowledgements?format=csv"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        csv.headers()["content-type"].to_str().unwrap(),
        "text/csv; charset=utf-8"
    );
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "username,name,department,acknowledged_at");
    assert_eq!(lines.len(), 4);
    assert!(
        lines[3].starts_with("\"member\",\"member Example\",\"\",\"2026-03-02T10:00:00Z\""),
        "{text}"
    );

    // Withdrawn: nobody is asked any more.
    assert_error(
        cast.member.client.withdraw_must_read(&post).await,
        403,
        "not_allowed",
    );
    cast.manager.client.withdraw_must_read(&post).await.unwrap();
    assert_error(cast.admin.client.must_read(&post).await, 404, "not_found");
    assert!(cast
        .admin
        .client
        .home_pinned()
        .await
        .unwrap()
        .items
        .is_empty());
}

async fn community(owner: &Session, name: &str, privacy: Privacy) -> String {
    owner
        .client
        .create_group(&CreateGroupRequest {
            name: name.into(),
            description: String::new(),
            privacy,
            topics: None,
        })
        .await
        .unwrap()
        .id
}

async fn a_community_must_read_reaches_its_members_guests_included(app: TestApp) {
    let cast = app.cast().await;
    let owner = app.register("owner").await;
    let moderator = app.register("moderator").await;
    let group = community(&owner, "Project Dune", Privacy::Closed).await;
    for who in [&moderator, &cast.member] {
        owner
            .client
            .invite_to_group(&group, who.id())
            .await
            .unwrap();
        who.client.join_group(&group).await.unwrap();
    }
    owner
        .client
        .set_member_role(&group, moderator.id(), GroupRole::Moderator)
        .await
        .unwrap();
    let invite = owner
        .client
        .guest_invite(&group, "gus@example.com")
        .await
        .unwrap();
    let gus = app.register_guest("gus", &invite.invite_code).await;
    let post = owner
        .client
        .create_post(&CreatePostRequest {
            body: "Kick-off is on Monday".into(),
            title: None,
            group_id: Some(group.clone()),
            attachments: Vec::new(),
        })
        .await
        .unwrap()
        .id;

    assert_error(
        moderator.client.mark_must_read(&post, 2).await,
        403,
        "not_allowed",
    );
    assert_error(
        cast.manager.client.mark_must_read(&post, 2).await,
        404,
        "not_found",
    );
    let status = owner.client.mark_must_read(&post, 2).await.unwrap();
    assert_eq!(
        status.progress.unwrap().total,
        4,
        "owner, moderator, member, guest"
    );

    assert_eq!(notified(&gus, NotificationKind::MustRead).await, 1);
    assert_eq!(
        gus.client.home_pinned().await.unwrap().items[0].post.id,
        post
    );
    gus.client.acknowledge(&post).await.unwrap();
    assert_eq!(
        notified(&cast.admin, NotificationKind::MustRead).await,
        0,
        "not a member"
    );
    assert_error(cast.admin.client.must_read(&post).await, 404, "not_found");

    let seen = moderator.client.must_read(&post).await.unwrap();
    let progress = seen.progress.expect("moderators follow up");
    assert_eq!((progress.acknowledged, progress.total), (1, 4));
    assert!(!progress.names_visible);

    // Someone who left is not reminded of what they can no longer read.
    cast.member.client.leave_group(&group).await.unwrap();
    owner.client.remind_must_read(&post).await.unwrap();
    assert_eq!(
        notified(&cast.member, NotificationKind::MustReadReminder).await,
        0
    );
    assert_eq!(
        notified(&moderator, NotificationKind::MustReadReminder).await,
        1
    );
    assert_eq!(
        notified(&gus, NotificationKind::MustReadReminder).await,
        0,
        "acknowledged"
    );
}

async fn who_pins_what(app: TestApp) {
    let cast = app.cast().await;
    let company = company_post(&cast.member, "Summer party on Friday").await;
    assert_error(
        cast.member.client.pin_post(&company).await,
        403,
        "not_allowed",
    );
    assert_error(cast.guest.client.pin_post(&company).await, 404, "not_found");
    cast.manager.client.pin_post(&company).await.unwrap();
    cast.manager.client.pin_post(&company).await.unwrap();

    let owner = app.register("owner").await;
    let group = community(&owner, "Gardening", Privacy::Open).await;
    cast.member.client.join_group(&group).await.unwrap();
    let inside = cast
        .member
        .client
        .create_post(&CreatePostRequest {
            body: "Tomatoes are in".into(),
            title: None,
            group_id: Some(group.clone()),
            attachments: Vec::new(),
        })
        .await
        .unwrap()
        .id;
    assert_error(
        cast.member.client.pin_post(&inside).await,
        403,
        "not_allowed",
    );
    assert_error(
        cast.manager.client.pin_post(&inside).await,
        403,
        "not_allowed",
    );
    app.clock.advance(HOUR);
    owner.client.pin_post(&inside).await.unwrap();

    let ids = |items: Vec<hearth_common::announcements::PinnedPost>| -> Vec<String> {
        items.into_iter().map(|p| p.post.id).collect()
    };
    assert_eq!(
        ids(cast.member.client.home_pinned().await.unwrap().items),
        vec![inside.clone(), company.clone()],
        "newest pin first"
    );
    assert_eq!(
        ids(cast.admin.client.home_pinned().await.unwrap().items),
        vec![company.clone()],
        "not a member of Gardening"
    );
    assert_eq!(
        ids(cast.admin.client.group_pinned(&group).await.unwrap().items),
        vec![inside.clone()]
    );
    assert!(cast
        .guest
        .client
        .home_pinned()
        .await
        .unwrap()
        .items
        .is_empty());
    assert_error(
        cast.guest.client.group_pinned(&group).await,
        404,
        "not_found",
    );

    owner.client.unpin_post(&inside).await.unwrap();
    cast.manager.client.unpin_post(&company).await.unwrap();
    assert!(cast
        .member
        .client
        .home_pinned()
        .await
        .unwrap()
        .items
        .is_empty());
    // A deleted post leaves the pins.
    cast.manager.client.pin_post(&company).await.unwrap();
    cast.member.client.delete_post(&company).await.unwrap();
    assert!(cast
        .admin
        .client
        .home_pinned()
        .await
        .unwrap()
        .items
        .is_empty());
}

/// Many marks at once make one must-read; many acknowledgements at once count each person
/// once.
async fn acknowledgements_and_marks_race(app: TestApp) {
    let cast = app.cast().await;
    let mut crowd = Vec::new();
    for i in 0..20 {
        crowd.push(app.register(&format!("crowd{i:02}")).await);
    }
    for round in 0..3 {
        let post = company_post(&cast.manager, &format!("Round {round}")).await;
        let marks = join_all((0..10).map(|_| cast.manager.client.mark_must_read(&post, 1))).await;
        assert_eq!(marks.iter().filter(|m| m.is_ok()).count(), 1, "{marks:?}");
        for failed in marks.iter().filter_map(|m| m.as_ref().err()) {
            assert_eq!(failed.code(), Some("already_must_read"));
        }
        let acks = join_all(
            crowd
                .iter()
                .chain(&crowd)
                .map(|p| p.client.acknowledge(&post)),
        )
        .await;
        assert!(acks.iter().all(Result::is_ok), "{acks:?}");
        let progress = cast
            .manager
            .client
            .must_read(&post)
            .await
            .unwrap()
            .progress
            .unwrap();
        assert_eq!(
            (progress.acknowledged, progress.total),
            (20, 23),
            "round {round}"
        );

        // A manual reminder at most once a day, however many are asked for at once.
        let reminders =
            join_all((0..10).map(|_| cast.manager.client.remind_must_read(&post))).await;
        assert_eq!(
            reminders.iter().filter(|r| r.is_ok()).count(),
            1,
            "{reminders:?}"
        );
        for refused in reminders.iter().filter_map(|r| r.as_ref().err()) {
            assert_eq!(refused.code(), Some("reminded_recently"));
        }
        assert_eq!(
            notified(&cast.member, NotificationKind::MustReadReminder).await,
            round + 1,
            "one reminder per round"
        );
    }
}

/// Waits (up to 5 s) until `who` has `n` reminders, then checks it stays at `n`.
async fn reminders_settle(who: &Session, n: usize) {
    for _ in 0..100 {
        if notified(who, NotificationKind::MustReadReminder).await >= n {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(notified(who, NotificationKind::MustReadReminder).await, n);
}

async fn reminders_go_out_once_each(app: TestApp) {
    let cast = app.cast().await;
    let post = company_post(&cast.manager, "Security training by Friday").await;
    cast.manager.client.mark_must_read(&post, 7).await.unwrap();
    cast.admin.client.acknowledge(&post).await.unwrap();

    app.clock.set(t0() + 23 * HOUR);
    reminders_settle(&cast.member, 0).await;
    app.clock.set(t0() + 25 * HOUR);
    reminders_settle(&cast.member, 1).await;
    assert_eq!(
        notified(&cast.admin, NotificationKind::MustReadReminder).await,
        0,
        "acknowledged"
    );
    app.clock.set(t0() + 73 * HOUR);
    reminders_settle(&cast.member, 2).await;
    app.clock.set(t0() + 200 * HOUR);
    reminders_settle(&cast.member, 2).await;

    // By hand: once a day.
    assert_error(
        cast.member.client.remind_must_read(&post).await,
        403,
        "not_allowed",
    );
    cast.manager.client.remind_must_read(&post).await.unwrap();
    assert_error(
        cast.manager.client.remind_must_read(&post).await,
        409,
        "reminded_recently",
    );
    reminders_settle(&cast.member, 3).await;
    app.clock.advance(25 * HOUR);
    cast.manager.client.remind_must_read(&post).await.unwrap();
    reminders_settle(&cast.member, 4).await;

    // Both automatic reminders due at once (the server was down): one goes out.
    let later = company_post(&cast.manager, "Expense deadline").await;
    cast.manager.client.mark_must_read(&later, 7).await.unwrap();
    app.clock.advance(100 * HOUR);
    reminders_settle(&cast.member, 5).await;
}
