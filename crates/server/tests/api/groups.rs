//! Communities: lifecycle, membership, the member cap, guest invites and guest isolation.

use diesel::prelude::*;
use hearth_common::admin::UpdateSettingsRequest;
use hearth_common::groups::{
    CreateGroupRequest, GroupQuery, GroupRole, MembershipStatus, Privacy, UpdateGroupRequest,
};
use hearth_common::notifications::NotificationKind;
use hearth_common::page::PageQuery;
use hearth_common::posts::{
    CreateCommentRequest, CreatePostRequest, UpdateCommentRequest, UpdatePostRequest,
};
use hearth_common::users::{DirectoryQuery, Role};

use crate::helpers::{assert_error, error_fields, register_request, Session, TestApp, PASSWORD};
use crate::on_both_databases;

on_both_databases!(
    communities_are_created_listed_changed_and_deleted,
    joining_requests_roles_and_leaving,
    the_member_cap_holds,
    guest_invite_codes_are_checked,
    guests_see_only_their_communities,
    an_archived_community_is_read_only_until_reopened,
);

async fn create(owner: &Session, name: &str, privacy: Privacy) -> String {
    let request = CreateGroupRequest {
        name: name.into(),
        description: format!("About {name}"),
        privacy,
        topics: None,
    };
    owner.client.create_group(&request).await.unwrap().id
}

async fn post_in(who: &Session, group: &str, body: &str) -> String {
    let request = CreatePostRequest {
        body: body.into(),
        title: None,
        group_id: Some(group.into()),
        attachments: Vec::new(),
    };
    who.client.create_post(&request).await.unwrap().id
}

fn names(page: hearth_common::page::Page<hearth_common::groups::Group>) -> Vec<String> {
    page.items.into_iter().map(|g| g.name).collect()
}

async fn communities_are_created_listed_changed_and_deleted(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let request = CreateGroupRequest {
        name: "Rust guild".into(),
        description: "Crabs".into(),
        privacy: Privacy::Open,
        topics: Some(vec!["#Rust".into(), "rust".into(), "wasm".into()]),
    };
    let g = ann.client.create_group(&request).await.unwrap();
    assert_eq!(
        (g.topics.clone(), g.member_count, g.member_cap),
        (vec!["rust".to_string(), "wasm".to_string()], 1, 150)
    );
    assert_eq!(g.my_membership.unwrap().role, GroupRole::Owner);
    let bad = CreateGroupRequest {
        name: " ".into(),
        description: "".into(),
        privacy: Privacy::Open,
        topics: Some(vec!["a b".into()]),
    };
    let err = assert_error(
        ann.client.create_group(&bad).await,
        422,
        "validation_failed",
    );
    assert_eq!(error_fields(&err), ["name", "topics"]);
    create(&ann, "Board", Privacy::Secret).await;
    create(&ann, "Apéro", Privacy::Closed).await;

    let all = GroupQuery::default();
    assert_eq!(
        names(ann.client.groups(&all).await.unwrap()),
        ["Apéro", "Board", "Rust guild"]
    );
    assert_eq!(
        names(bob.client.groups(&all).await.unwrap()),
        ["Apéro", "Rust guild"],
        "secret hidden"
    );
    let search = GroupQuery {
        q: Some("CRABS".into()),
        ..Default::default()
    };
    assert_eq!(
        names(bob.client.groups(&search).await.unwrap()),
        ["Rust guild"]
    );
    let mine = GroupQuery {
        mine: Some(true),
        ..Default::default()
    };
    assert!(bob.client.groups(&mine).await.unwrap().items.is_empty());
    let first = bob
        .client
        .groups(&GroupQuery {
            limit: Some(1),
            ..Default::default()
        })
        .await
        .unwrap();
    let second = bob
        .client
        .groups(&GroupQuery {
            limit: Some(1),
            cursor: first.next_cursor.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (names(first.clone()), names(second)),
        (vec!["Apéro".to_string()], vec!["Rust guild".to_string()])
    );

    // Changes: owners only. Closing the community takes its posts out of the company feed.
    bob.client.join_group(&g.id).await.unwrap();
    let post = post_in(&bob, &g.id, "open thoughts").await;
    let carl = app.register("carl").await;
    assert!(carl
        .client
        .company_feed(&PageQuery::default())
        .await
        .unwrap()
        .items
        .iter()
        .any(|p| p.id == post));
    let close = UpdateGroupRequest {
        privacy: Some(Privacy::Closed),
        ..Default::default()
    };
    assert_error(
        bob.client.update_group(&g.id, &close).await,
        403,
        "owners_only",
    );
    let closed = ann.client.update_group(&g.id, &close).await.unwrap();
    assert_eq!(closed.privacy, Privacy::Closed);
    assert!(carl
        .client
        .company_feed(&PageQuery::default())
        .await
        .unwrap()
        .items
        .is_empty());
    assert_error(carl.client.post(&post).await, 404, "not_found");
    bob.client.post(&post).await.unwrap();

    assert_error(bob.client.delete_group(&g.id).await, 403, "owners_only");
    ann.client.delete_group(&g.id).await.unwrap();
    assert_error(bob.client.group(&g.id).await, 404, "not_found");
    assert_error(bob.client.post(&post).await, 404, "not_found");
}

async fn joining_requests_roles_and_leaving(app: TestApp) {
    let owner = app.register("owner").await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let g = create(&owner, "Closed", Privacy::Closed).await;
    let post = post_in(&owner, &g, "members only").await;

    let asked = ann.client.join_group(&g).await.unwrap();
    assert_eq!(
        asked.my_membership.unwrap().status,
        MembershipStatus::Pending
    );
    bob.client.join_group(&g).await.unwrap();
    let requests = owner
        .client
        .join_requests(&g, &PageQuery::default())
        .await
        .unwrap();
    assert_eq!(requests.items.len(), 2);
    let told = owner
        .client
        .notifications(&PageQuery::default())
        .await
        .unwrap();
    assert_eq!(told.items.len(), 2, "owners hear of join requests");
    assert_error(
        ann.client.join_requests(&g, &PageQuery::default()).await,
        403,
        "moderators_only",
    );
    owner.client.approve_request(&g, ann.id()).await.unwrap();
    owner.client.deny_request(&g, bob.id()).await.unwrap();
    assert_error(
        owner.client.approve_request(&g, bob.id()).await,
        404,
        "not_found",
    );
    assert_eq!(owner.client.group(&g).await.unwrap().member_count, 2);
    ann.client.post(&post).await.unwrap();
    assert_error(bob.client.post(&post).await, 404, "not_found");
    // The one approved is told, naming the community; the one denied is not.
    let approved = ann
        .client
        .notifications(&PageQuery::default())
        .await
        .unwrap()
        .items;
    assert_eq!(approved.len(), 1, "{approved:?}");
    assert_eq!(approved[0].kind, NotificationKind::JoinApproved);
    assert_eq!(
        approved[0].group.as_ref().map(|c| c.id.as_str()),
        Some(g.as_str())
    );
    assert_eq!(approved[0].actor.id, owner.user.id);
    let denied = bob
        .client
        .notifications(&PageQuery::default())
        .await
        .unwrap();
    assert!(denied.items.is_empty(), "{:?}", denied.items);

    // Roles: owners only; the last owner cannot step down or leave.
    assert_error(
        ann.client
            .set_member_role(&g, ann.id(), GroupRole::Owner)
            .await,
        403,
        "owners_only",
    );
    assert_error(
        owner
            .client
            .set_member_role(&g, owner.id(), GroupRole::Member)
            .await,
        409,
        "last_owner",
    );
    assert_error(owner.client.leave_group(&g).await, 409, "last_owner");
    owner
        .client
        .set_member_role(&g, ann.id(), GroupRole::Owner)
        .await
        .unwrap();
    owner.client.leave_group(&g).await.unwrap();
    assert_error(owner.client.leave_group(&g).await, 409, "not_member");

    // Leaving a closed community takes its posts away at once.
    let cid = app.register("cid").await;
    ann.client.invite_to_group(&g, cid.id()).await.unwrap();
    cid.client.join_group(&g).await.unwrap();
    cid.client.post(&post).await.unwrap();
    cid.client.leave_group(&g).await.unwrap();
    assert_error(cid.client.post(&post).await, 404, "not_found");
    assert_error(
        cid.client.members(&g, &PageQuery::default()).await,
        403,
        "members_only",
    );
    ann.client.invite_to_group(&g, cid.id()).await.unwrap();
    cid.client.join_group(&g).await.unwrap();
    ann.client.remove_member(&g, cid.id()).await.unwrap();
    assert_error(
        cid.client.group_posts(&g, &PageQuery::default()).await,
        403,
        "members_only",
    );
    assert_error(
        ann.client.remove_member(&g, cid.id()).await,
        404,
        "not_found",
    );
}

async fn the_member_cap_holds(app: TestApp) {
    let admin = app.register("admin").await;
    let g = create(&admin, "Everyone", Privacy::Open).await;
    let closed = create(&admin, "Asked", Privacy::Closed).await;
    let mut people = Vec::new();
    for i in 0..150 {
        people.push(app.register(&format!("person{i:03}")).await);
    }
    // The owner is the first member; 149 more fill it.
    for person in &people[..149] {
        person.client.join_group(&g).await.unwrap();
    }
    assert_eq!(admin.client.group(&g).await.unwrap().member_count, 150);
    let last = &people[149];
    assert_error(last.client.join_group(&g).await, 409, "group_full");
    let seen = last.client.group(&g).await.unwrap();
    assert_eq!(
        (seen.member_count, seen.my_membership),
        (150, None),
        "nothing was written"
    );

    // A lowered cap blocks new members, by any way in, and removes nobody.
    let lower = UpdateSettingsRequest {
        group_member_cap: Some(2),
        ..UpdateSettingsRequest::default()
    };
    admin.client.update_settings(&lower).await.unwrap();
    assert_eq!(admin.client.group(&g).await.unwrap().member_count, 150);
    people[0].client.join_group(&closed).await.unwrap();
    people[1].client.join_group(&closed).await.unwrap();
    admin
        .client
        .approve_request(&closed, people[0].id())
        .await
        .unwrap();
    assert_error(
        admin.client.approve_request(&closed, people[1].id()).await,
        409,
        "group_full",
    );
    admin
        .client
        .invite_to_group(&closed, people[2].id())
        .await
        .unwrap();
    assert_error(
        people[2].client.join_group(&closed).await,
        409,
        "group_full",
    );
    let code = admin
        .client
        .guest_invite(&closed, "late@example.com")
        .await
        .unwrap()
        .invite_code;
    let late = hearth_common::auth::RegisterRequest {
        email: "late@example.com".into(),
        invite_code: Some(code),
        ..register_request("late")
    };
    assert_error(app.anon.register(&late).await, 409, "group_full");
    assert_error(
        app.login("late", PASSWORD).await,
        401,
        "invalid_credentials",
    );
}

async fn guest_invite_codes_are_checked(app: TestApp) {
    let owner = app.register("owner").await;
    let member = app.register("member").await;
    let g = create(&owner, "Project", Privacy::Closed).await;
    // A non-member (and a pending one) of a closed community sees it, but may not invite.
    member.client.join_group(&g).await.unwrap();
    assert_error(
        member.client.guest_invite(&g, "x@example.com").await,
        403,
        "moderators_only",
    );
    assert_error(
        owner.client.guest_invite(&g, "not an address").await,
        422,
        "validation_failed",
    );

    let invite = owner
        .client
        .guest_invite(&g, "Client@Example.com")
        .await
        .unwrap();
    assert!(invite.expires_at > chrono::Utc::now() + chrono::Duration::days(6));
    let with = |username: &str, email: &str, code: &str| hearth_common::auth::RegisterRequest {
        email: email.into(),
        invite_code: Some(code.into()),
        ..register_request(username)
    };
    let err = assert_error(
        app.anon
            .register(&with("client", "other@example.com", &invite.invite_code))
            .await,
        422,
        "validation_failed",
    );
    assert_eq!(error_fields(&err), ["email"]);
    let err = assert_error(
        app.anon
            .register(&with("client", "client@example.com", "hgi_forged"))
            .await,
        422,
        "validation_failed",
    );
    assert_eq!(error_fields(&err), ["invite_code"]);
    // Registration closed does not stop an invited guest.
    let closed = UpdateSettingsRequest {
        registration: Some(hearth_common::admin::RegistrationMode::Invitation),
        ..UpdateSettingsRequest::default()
    };
    owner.client.update_settings(&closed).await.unwrap();
    let guest = app
        .anon
        .register(&with("client", "client@example.com", &invite.invite_code))
        .await
        .unwrap();
    assert_eq!(guest.user.role, Role::Guest);
    let err = assert_error(
        app.anon
            .register(&with("again", "client@example.com", &invite.invite_code))
            .await,
        422,
        "validation_failed",
    );
    assert_eq!(
        err.body().unwrap().error.fields["invite_code"],
        "has already been used"
    );

    let expiring = owner
        .client
        .guest_invite(&g, "late@example.com")
        .await
        .unwrap();
    let database = app.database.clone();
    actix_web::rt::task::spawn_blocking(move || {
        use hearth_db::schema::guest_invites;
        let mut conn = database.connect().unwrap();
        diesel::update(guest_invites::table.filter(guest_invites::email.eq("late@example.com")))
            .set(guest_invites::expires_at.eq(1_i64))
            .execute(&mut conn)
            .unwrap();
    })
    .await
    .unwrap();
    let err = assert_error(
        app.anon
            .register(&with("late", "late@example.com", &expiring.invite_code))
            .await,
        422,
        "validation_failed",
    );
    assert!(err.body().unwrap().error.fields["invite_code"].contains("expired"));
    assert_error(
        app.login("late", PASSWORD).await,
        401,
        "invalid_credentials",
    );
}

async fn guests_see_only_their_communities(app: TestApp) {
    let owner = app.register("owner").await;
    let colleague = app.register("colleague").await;
    let project = create(&owner, "Project", Privacy::Closed).await;
    let other = create(&owner, "Other", Privacy::Open).await;
    post_in(&owner, &project, "for the project").await;
    post_in(&owner, &other, "not for guests").await;
    owner
        .client
        .create_post(&CreatePostRequest {
            body: "company news".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let code = owner
        .client
        .guest_invite(&project, "client@example.com")
        .await
        .unwrap()
        .invite_code;
    let request = hearth_common::auth::RegisterRequest {
        email: "client@example.com".into(),
        invite_code: Some(code),
        ..register_request("client")
    };
    let auth = app.anon.register(&request).await.unwrap();
    let guest = app.anon.with_token(&auth.access_token);

    assert_eq!(
        names(guest.groups(&GroupQuery::default()).await.unwrap()),
        ["Project"]
    );
    let home: Vec<String> = guest
        .home_feed(&PageQuery::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.body)
        .collect();
    assert_eq!(home, ["for the project"]);
    assert_error(
        guest.company_feed(&PageQuery::default()).await,
        403,
        "employees_only",
    );
    let people: Vec<String> = guest
        .users(&DirectoryQuery::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(people, ["client", "owner"], "only fellow members");
    assert_error(guest.user(colleague.id()).await, 404, "not_found");
    assert_eq!(guest.user(owner.id()).await.unwrap().user.username, "owner");
    assert_error(guest.group(&other).await, 404, "not_found");
    assert_error(guest.join_group(&other).await, 404, "not_found");
    let new = CreateGroupRequest {
        name: "Mine".into(),
        description: "".into(),
        privacy: Privacy::Open,
        topics: None,
    };
    assert_error(guest.create_group(&new).await, 403, "employees_only");
    assert_error(
        guest
            .create_post(&CreatePostRequest {
                body: "hi all".into(),
                ..Default::default()
            })
            .await,
        403,
        "company_wide_not_allowed",
    );
    assert_error(
        owner
            .client
            .set_member_role(&project, &auth.user.id, GroupRole::Moderator)
            .await,
        422,
        "guest_cannot_moderate",
    );
    assert_error(
        owner.client.invite_to_group(&other, &auth.user.id).await,
        422,
        "guest_invite_needed",
    );
    // Everyone else sees the guest marked as one.
    let members = owner
        .client
        .members(&project, &PageQuery::default())
        .await
        .unwrap();
    assert!(members
        .items
        .iter()
        .any(|m| m.user.username == "client" && m.user.role == Role::Guest));
}

async fn an_archived_community_is_read_only_until_reopened(app: TestApp) {
    let owner = app.register("owner").await;
    let member = app.register("member").await;
    let asker = app.register("asker").await;
    let g = create(&owner, "Launch 2026", Privacy::Closed).await;
    member.client.join_group(&g).await.unwrap();
    owner.client.approve_request(&g, member.id()).await.unwrap();
    asker.client.join_group(&g).await.unwrap();
    let post = post_in(&member, &g, "Launch day notes").await;
    let comment = member
        .client
        .comment(
            &post,
            &CreateCommentRequest {
                body: "first".into(),
                parent_id: None,
                attachments: Vec::new(),
            },
        )
        .await
        .unwrap()
        .id;
    let archive = UpdateGroupRequest {
        archived: Some(true),
        ..Default::default()
    };
    assert_error(
        member.client.update_group(&g, &archive).await,
        403,
        "owners_only",
    );
    let archived = owner.client.update_group(&g, &archive).await.unwrap();
    assert!(archived.archived_at.is_some());

    // It leaves the list, and is listed with the archived ones.
    let active = GroupQuery::default();
    assert!(!names(member.client.groups(&active).await.unwrap()).contains(&"Launch 2026".into()));
    let gone = GroupQuery {
        archived: Some(true),
        ..Default::default()
    };
    assert_eq!(
        names(member.client.groups(&gone).await.unwrap()),
        ["Launch 2026"]
    );

    // Everything reads as before, and says it is archived.
    let read = member.client.post(&post).await.unwrap();
    assert!(read.group.as_ref().is_some_and(|g| g.archived), "{read:?}");
    assert_eq!(
        member
            .client
            .group_posts(&g, &PageQuery::default())
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert_eq!(
        member
            .client
            .comments(&post, &PageQuery::default())
            .await
            .unwrap()
            .items
            .len(),
        1
    );

    // Nothing new goes in.
    let refused = "group_archived";
    let new_post = CreatePostRequest {
        body: "one more".into(),
        title: None,
        group_id: Some(g.clone()),
        attachments: Vec::new(),
    };
    assert_error(member.client.create_post(&new_post).await, 409, refused);
    let reply = CreateCommentRequest {
        body: "late".into(),
        parent_id: None,
        attachments: Vec::new(),
    };
    assert_error(member.client.comment(&post, &reply).await, 409, refused);
    assert_error(member.client.react(&post, None).await, 409, refused);
    assert_error(
        member.client.react_to_comment(&comment, None).await,
        409,
        refused,
    );
    let edit = UpdatePostRequest {
        body: Some("rewritten".into()),
        ..Default::default()
    };
    assert_error(member.client.update_post(&post, &edit).await, 409, refused);
    let edit_comment = UpdateCommentRequest {
        body: "rewritten".into(),
    };
    assert_error(
        member.client.update_comment(&comment, &edit_comment).await,
        409,
        refused,
    );
    let outsider = app.register("outsider").await;
    assert_error(outsider.client.join_group(&g).await, 409, refused);
    assert_error(
        owner.client.invite_to_group(&g, outsider.id()).await,
        409,
        refused,
    );
    assert_error(
        owner.client.guest_invite(&g, "late@example.com").await,
        409,
        refused,
    );
    // The open request ended with the archiving.
    assert!(owner
        .client
        .join_requests(&g, &PageQuery::default())
        .await
        .unwrap()
        .items
        .is_empty());
    assert!(asker
        .client
        .group(&g)
        .await
        .unwrap()
        .my_membership
        .is_none());

    // Moderation and leaving go on.
    owner.client.delete_comment(&comment).await.unwrap();
    member.client.leave_group(&g).await.unwrap();

    // Reopened, it takes posts and members again.
    let reopen = UpdateGroupRequest {
        archived: Some(false),
        ..Default::default()
    };
    let reopened = owner.client.update_group(&g, &reopen).await.unwrap();
    assert!(reopened.archived_at.is_none());
    owner.client.create_post(&new_post).await.unwrap();
    owner.client.react(&post, None).await.unwrap();
    member.client.join_group(&g).await.unwrap();
    assert!(names(member.client.groups(&active).await.unwrap()).contains(&"Launch 2026".into()));
}
