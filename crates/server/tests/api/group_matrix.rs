//! The visibility matrix of communities: who gets what status from each endpoint, for every
//! kind of person and every privacy. Each cell is written out, not computed.

use hearth_common::groups::{CreateGroupRequest, GroupRole, Privacy, UpdateGroupRequest};
use hearth_common::posts::{CreateCommentRequest, CreatePostRequest};
use hearth_common::users::{AdminUpdateUserRequest, Role};
use reqwest::Method;
use serde_json::json;

use crate::helpers::{Session, TestApp};
use crate::on_both_databases;

on_both_databases!(
    open_community_matrix,
    closed_community_matrix,
    secret_community_matrix,
    archived_community_matrix
);

const ENDPOINTS: [&str; 10] = [
    "GET group",
    "members",
    "posts",
    "post",
    "comments",
    "like",
    "share",
    "join",
    "invite",
    "requests",
];

struct World {
    admin: Session,
    manager: Session,
    owner: Session,
    moderator: Session,
    member: Session,
    outsider: Session,
    pending: Session,
    guest_in: Session,
    guest_out: Session,
    suspended: Session,
    invitee: Session,
    group: String,
    post: String,
}

async fn create(owner: &Session, name: &str, privacy: Privacy) -> String {
    let request = CreateGroupRequest {
        name: name.into(),
        description: "".into(),
        privacy,
        topics: None,
    };
    owner.client.create_group(&request).await.unwrap().id
}

/// Makes `who` an active member, as the privacy allows.
async fn admit(owner: &Session, who: &Session, group: &str, privacy: Privacy) {
    match privacy {
        Privacy::Open => {
            who.client.join_group(group).await.unwrap();
        }
        Privacy::Closed => {
            who.client.join_group(group).await.unwrap();
            owner.client.approve_request(group, who.id()).await.unwrap();
        }
        Privacy::Secret => {
            owner.client.invite_to_group(group, who.id()).await.unwrap();
            who.client.join_group(group).await.unwrap();
        }
    }
}

/// The world of one community; `archived`: its owner archives it once it is set up.
async fn world(app: &TestApp, privacy: Privacy, archived: bool) -> World {
    let admin = app.register("admin").await;
    let manager = app.register("manager").await;
    let promote = AdminUpdateUserRequest {
        role: Some(Role::CommunityManager),
        suspended: None,
    };
    admin
        .client
        .admin_update_user(manager.id(), &promote)
        .await
        .unwrap();
    let owner = app.register("owner").await;
    let moderator = app.register("moderator").await;
    let member = app.register("member").await;
    let outsider = app.register("outsider").await;
    let pending = app.register("pending").await;
    let suspended = app.register("suspended").await;
    let invitee = app.register("invitee").await;

    let group = create(&owner, "The community", privacy).await;
    for who in [&moderator, &member, &suspended] {
        admit(&owner, who, &group, privacy).await;
    }
    owner
        .client
        .set_member_role(&group, moderator.id(), GroupRole::Moderator)
        .await
        .unwrap();
    if privacy == Privacy::Closed {
        pending.client.join_group(&group).await.unwrap();
    }
    let code = owner
        .client
        .guest_invite(&group, "guest_in@example.com")
        .await
        .unwrap()
        .invite_code;
    let guest_in = app.register_guest("guest_in", &code).await;
    let elsewhere = create(&owner, "Elsewhere", Privacy::Open).await;
    let code = owner
        .client
        .guest_invite(&elsewhere, "guest_out@example.com")
        .await
        .unwrap()
        .invite_code;
    let guest_out = app.register_guest("guest_out", &code).await;

    let request = CreatePostRequest {
        body: "inside".into(),
        title: None,
        group_id: Some(group.clone()),
        attachments: Vec::new(),
    };
    let post = member.client.create_post(&request).await.unwrap().id;
    owner
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
        .unwrap();
    let suspend = AdminUpdateUserRequest {
        role: None,
        suspended: Some(true),
    };
    admin
        .client
        .admin_update_user(suspended.id(), &suspend)
        .await
        .unwrap();
    if archived {
        let archive = UpdateGroupRequest {
            archived: Some(true),
            ..Default::default()
        };
        owner.client.update_group(&group, &archive).await.unwrap();
    }

    World {
        admin,
        manager,
        owner,
        moderator,
        member,
        outsider,
        pending,
        guest_in,
        guest_out,
        suspended,
        invitee,
        group,
        post,
    }
}

async fn statuses(who: &Session, w: &World) -> [u16; 10] {
    let (g, p) = (&w.group, &w.post);
    let calls: [(Method, String, Option<serde_json::Value>); 10] = [
        (Method::GET, format!("/api/v1/groups/{g}"), None),
        (Method::GET, format!("/api/v1/groups/{g}/members"), None),
        (Method::GET, format!("/api/v1/groups/{g}/posts"), None),
        (Method::GET, format!("/api/v1/posts/{p}"), None),
        (Method::GET, format!("/api/v1/posts/{p}/comments"), None),
        (Method::PUT, format!("/api/v1/posts/{p}/like"), None),
        (
            Method::POST,
            format!("/api/v1/posts/{p}/shares"),
            Some(json!({"body": "look"})),
        ),
        (Method::POST, format!("/api/v1/groups/{g}/join"), None),
        (
            Method::POST,
            format!("/api/v1/groups/{g}/invites"),
            Some(json!({"user_id": w.invitee.id()})),
        ),
        (Method::GET, format!("/api/v1/groups/{g}/requests"), None),
    ];
    let mut out = [0u16; 10];
    for (i, (method, path, body)) in calls.into_iter().enumerate() {
        let mut request = who.client.request(method, &path);
        if let Some(body) = body {
            request = request.json(&body);
        }
        out[i] = request.send().await.unwrap().status().as_u16();
    }
    out
}

/// Runs every actor's row and compares it with the table; reports every differing cell.
async fn check(app: TestApp, privacy: Privacy, archived: bool, table: [(&str, [u16; 10]); 10]) {
    let w = world(&app, privacy, archived).await;
    let mut wrong = Vec::new();
    for (actor, expected) in table {
        let who = match actor {
            "admin" => &w.admin,
            "community manager" => &w.manager,
            "owner" => &w.owner,
            "moderator" => &w.moderator,
            "member" => &w.member,
            "non-member employee" => &w.outsider,
            "pending requester" => &w.pending,
            "guest in this community" => &w.guest_in,
            "guest elsewhere" => &w.guest_out,
            "suspended user" => &w.suspended,
            other => panic!("unknown actor {other}"),
        };
        let got = statuses(who, &w).await;
        for (i, (g, e)) in got.iter().zip(expected).enumerate() {
            if *g != e {
                wrong.push(format!(
                    "{privacy:?} (archived: {archived}) / {actor} / {}: got {g}, expected {e}",
                    ENDPOINTS[i]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

//                                  GET   members posts post  comm  like  share join  invite requests
async fn open_community_matrix(app: TestApp) {
    check(
        app,
        Privacy::Open,
        false,
        [
            ("admin", [200, 200, 200, 200, 200, 200, 201, 200, 403, 403]),
            (
                "community manager",
                [200, 200, 200, 200, 200, 200, 201, 200, 403, 403],
            ),
            ("owner", [200, 200, 200, 200, 200, 200, 201, 409, 204, 200]),
            (
                "moderator",
                [200, 200, 200, 200, 200, 200, 201, 409, 204, 200],
            ),
            ("member", [200, 200, 200, 200, 200, 200, 201, 409, 403, 403]),
            (
                "non-member employee",
                [200, 200, 200, 200, 200, 200, 201, 200, 403, 403],
            ),
            // Open communities have no requests: joining is immediate.
            (
                "pending requester",
                [200, 200, 200, 200, 200, 200, 201, 200, 403, 403],
            ),
            (
                "guest in this community",
                [200, 200, 200, 200, 200, 200, 403, 409, 403, 403],
            ),
            (
                "guest elsewhere",
                [404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
            ),
            (
                "suspended user",
                [401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
            ),
        ],
    )
    .await;
}

async fn closed_community_matrix(app: TestApp) {
    check(
        app,
        Privacy::Closed,
        false,
        [
            ("admin", [200, 403, 403, 404, 404, 404, 404, 202, 403, 403]),
            (
                "community manager",
                [200, 403, 403, 404, 404, 404, 404, 202, 403, 403],
            ),
            ("owner", [200, 200, 200, 200, 200, 200, 403, 409, 204, 200]),
            (
                "moderator",
                [200, 200, 200, 200, 200, 200, 403, 409, 204, 200],
            ),
            ("member", [200, 200, 200, 200, 200, 200, 403, 409, 403, 403]),
            (
                "non-member employee",
                [200, 403, 403, 404, 404, 404, 404, 202, 403, 403],
            ),
            (
                "pending requester",
                [200, 403, 403, 404, 404, 404, 404, 202, 403, 403],
            ),
            (
                "guest in this community",
                [200, 200, 200, 200, 200, 200, 403, 409, 403, 403],
            ),
            (
                "guest elsewhere",
                [404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
            ),
            (
                "suspended user",
                [401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
            ),
        ],
    )
    .await;
}

async fn secret_community_matrix(app: TestApp) {
    check(
        app,
        Privacy::Secret,
        false,
        [
            ("admin", [404, 404, 404, 404, 404, 404, 404, 404, 404, 404]),
            (
                "community manager",
                [404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
            ),
            ("owner", [200, 200, 200, 200, 200, 200, 403, 409, 204, 200]),
            (
                "moderator",
                [200, 200, 200, 200, 200, 200, 403, 409, 204, 200],
            ),
            ("member", [200, 200, 200, 200, 200, 200, 403, 409, 403, 403]),
            (
                "non-member employee",
                [404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
            ),
            // A secret community cannot be asked to join: this person has no membership.
            (
                "pending requester",
                [404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
            ),
            (
                "guest in this community",
                [200, 200, 200, 200, 200, 200, 403, 409, 403, 403],
            ),
            (
                "guest elsewhere",
                [404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
            ),
            (
                "suspended user",
                [401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
            ),
        ],
    )
    .await;
}

/// An archived open community: everything reads as before; every reaction, join and
/// invitation is refused with 409 (`group_archived`), after the usual 404 and 403.
async fn archived_community_matrix(app: TestApp) {
    check(
        app,
        Privacy::Open,
        true,
        [
            ("admin", [200, 200, 200, 200, 200, 409, 201, 409, 403, 403]),
            (
                "community manager",
                [200, 200, 200, 200, 200, 409, 201, 409, 403, 403],
            ),
            ("owner", [200, 200, 200, 200, 200, 409, 201, 409, 409, 200]),
            (
                "moderator",
                [200, 200, 200, 200, 200, 409, 201, 409, 409, 200],
            ),
            ("member", [200, 200, 200, 200, 200, 409, 201, 409, 403, 403]),
            (
                "non-member employee",
                [200, 200, 200, 200, 200, 409, 201, 409, 403, 403],
            ),
            (
                "pending requester",
                [200, 200, 200, 200, 200, 409, 201, 409, 403, 403],
            ),
            (
                "guest in this community",
                [200, 200, 200, 200, 200, 409, 403, 409, 403, 403],
            ),
            (
                "guest elsewhere",
                [404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
            ),
            (
                "suspended user",
                [401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
            ),
        ],
    )
    .await;
}
