//! Profiles, the directory and follows, and who may see whom.

use hearth_common::page::PageQuery;
use hearth_common::users::{AdminUpdateUserRequest, DirectoryQuery, UpdateProfileRequest};

use crate::helpers::{assert_error, error_fields, TestApp};
use crate::on_both_databases;

on_both_databases!(
    profile_edits_apply_and_bad_ones_change_nothing,
    directory_searches_and_pages,
    follows_are_idempotent_and_counted,
    guests_see_only_themselves_until_they_share_a_community,
    suspended_people_are_hidden_from_all_but_admins,
);

async fn profile_edits_apply_and_bad_ones_change_nothing(app: TestApp) {
    let ann = app.register("ann").await;
    let edit = UpdateProfileRequest {
        display_name: Some("Ann Lee".into()),
        title: Some("Engineer".into()),
        department: Some("Platform".into()),
        location: Some("Ghent".into()),
        bio: Some("Builds things.\nLikes tea.".into()),
        skills: Some(vec!["Rust".into(), "rust".into(), "SQL".into()]),
    };
    let me = ann.client.update_me(&edit).await.unwrap();
    assert_eq!(me.user.display_name, "Ann Lee");
    assert_eq!(me.user.title.as_deref(), Some("Engineer"));
    assert_eq!(me.user.skills, ["Rust", "SQL"]);

    let bad = UpdateProfileRequest {
        display_name: Some("x".repeat(81)),
        bio: Some("b".repeat(2001)),
        skills: Some(vec!["s".into(); 31]),
        title: Some("t".repeat(101)),
        ..Default::default()
    };
    let err = assert_error(ann.client.update_me(&bad).await, 422, "validation_failed");
    assert_eq!(
        error_fields(&err),
        ["bio", "display_name", "skills", "title"]
    );
    let half_bad = UpdateProfileRequest {
        location: Some("Brussels".into()),
        bio: Some("b".repeat(2001)),
        ..Default::default()
    };
    assert_error(
        ann.client.update_me(&half_bad).await,
        422,
        "validation_failed",
    );
    let unchanged = ann.client.me().await.unwrap();
    assert_eq!(unchanged.user, me.user, "a rejected edit changes nothing");

    let clear = UpdateProfileRequest {
        title: Some("".into()),
        ..Default::default()
    };
    let cleared = ann.client.update_me(&clear).await.unwrap();
    assert_eq!(cleared.user.title, None);
    assert_eq!(cleared.user.department.as_deref(), Some("Platform"));
    assert_error(app.anon.update_me(&clear).await, 401, "missing_token");
}

async fn directory_searches_and_pages(app: TestApp) {
    let ann = app.register("ann").await;
    for (name, department, skill) in [
        ("bob", "Sales", "Negotiation"),
        ("cid", "Platform", "Rust"),
        ("dee", "Finance", "Excel"),
    ] {
        let person = app.register(name).await;
        let edit = UpdateProfileRequest {
            department: Some(department.into()),
            skills: Some(vec![skill.into()]),
            ..Default::default()
        };
        person.client.update_me(&edit).await.unwrap();
    }
    let search = |q: &str| DirectoryQuery {
        q: Some(q.into()),
        ..Default::default()
    };
    let names = |page: hearth_common::page::Page<hearth_common::users::User>| {
        page.items
            .into_iter()
            .map(|u| u.username)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(ann.client.users(&search("PLATFORM")).await.unwrap()),
        ["cid"]
    );
    assert_eq!(
        names(ann.client.users(&search("excel")).await.unwrap()),
        ["dee"]
    );
    assert_eq!(
        names(ann.client.users(&search("bob ex")).await.unwrap()),
        ["bob"]
    );
    assert!(ann
        .client
        .users(&search("100%"))
        .await
        .unwrap()
        .items
        .is_empty());

    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = ann
            .client
            .users(&DirectoryQuery {
                q: None,
                limit: Some(3),
                cursor: cursor.clone(),
            })
            .await
            .unwrap();
        assert!(page.items.len() <= 3);
        seen.extend(names(page.clone()));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, ["ann", "bob", "cid", "dee"]);

    let bad_limit = DirectoryQuery {
        limit: Some(0),
        ..Default::default()
    };
    assert_error(ann.client.users(&bad_limit).await, 400, "invalid_query");
    let bad_cursor = DirectoryQuery {
        cursor: Some("%%%".into()),
        ..Default::default()
    };
    assert_error(ann.client.users(&bad_cursor).await, 400, "invalid_cursor");
    assert_error(
        ann.client.users(&search(&"q".repeat(101))).await,
        400,
        "invalid_query",
    );
    assert_error(
        app.anon.users(&Default::default()).await,
        401,
        "missing_token",
    );
}

async fn follows_are_idempotent_and_counted(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let cid = app.register("cid").await;
    ann.client.follow(bob.id()).await.unwrap();
    ann.client.follow(bob.id()).await.unwrap();
    cid.client.follow(bob.id()).await.unwrap();
    let profile = ann.client.user(bob.id()).await.unwrap();
    assert_eq!((profile.follower_count, profile.following_count), (2, 0));
    assert!(profile.followed_by_me);
    assert_eq!(
        profile.user.email.as_deref(),
        Some("bob@example.com"),
        "admins see e-mail"
    );
    assert_eq!(
        cid.client.user(bob.id()).await.unwrap().user.email,
        None,
        "e-mail is private"
    );
    assert!(!bob.client.user(bob.id()).await.unwrap().followed_by_me);

    let first = ann
        .client
        .followers(
            bob.id(),
            &PageQuery {
                limit: Some(1),
                cursor: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(first.items.len(), 1);
    assert_eq!(first.items[0].username, "cid", "newest follow first");
    let rest = ann
        .client
        .followers(
            bob.id(),
            &PageQuery {
                limit: Some(1),
                cursor: first.next_cursor,
            },
        )
        .await
        .unwrap();
    assert_eq!(rest.items[0].username, "ann");
    assert!(rest.next_cursor.is_none());
    let following = ann
        .client
        .following(ann.id(), &PageQuery::default())
        .await
        .unwrap();
    assert_eq!(following.items.len(), 1);

    ann.client.unfollow(bob.id()).await.unwrap();
    ann.client.unfollow(bob.id()).await.unwrap();
    assert_eq!(ann.client.user(bob.id()).await.unwrap().follower_count, 1);

    assert_error(ann.client.follow(ann.id()).await, 422, "cannot_follow_self");
    assert_error(ann.client.follow("no-such-user").await, 404, "not_found");
    assert_error(ann.client.user("no-such-user").await, 404, "not_found");
    assert_error(
        ann.client
            .followers("no-such-user", &PageQuery::default())
            .await,
        404,
        "not_found",
    );
    assert_error(app.anon.follow(bob.id()).await, 401, "missing_token");
}

async fn guests_see_only_themselves_until_they_share_a_community(app: TestApp) {
    let cast = app.cast().await;
    let guest = &cast.guest;
    let page = guest.client.users(&Default::default()).await.unwrap();
    assert_eq!(
        page.items
            .iter()
            .map(|u| u.username.as_str())
            .collect::<Vec<_>>(),
        ["guest"]
    );
    for other in [&cast.admin, &cast.manager, &cast.member] {
        assert_error(guest.client.user(other.id()).await, 404, "not_found");
        assert_error(guest.client.follow(other.id()).await, 404, "not_found");
        assert_error(
            guest
                .client
                .followers(other.id(), &PageQuery::default())
                .await,
            404,
            "not_found",
        );
    }
    // Employees see the guest, marked as one; the guest's list of followers hides them.
    let seen = cast.member.client.user(guest.id()).await.unwrap();
    assert_eq!(seen.user.role, hearth_common::users::Role::Guest);
    cast.member.client.follow(guest.id()).await.unwrap();
    let followers = guest
        .client
        .followers(guest.id(), &PageQuery::default())
        .await
        .unwrap();
    assert!(followers.items.is_empty());
    assert_eq!(guest.client.me().await.unwrap().follower_count, 1);
}

async fn suspended_people_are_hidden_from_all_but_admins(app: TestApp) {
    let cast = app.cast().await;
    let gone = app.register("gone").await;
    let suspend = AdminUpdateUserRequest {
        role: None,
        suspended: Some(true),
    };
    cast.admin
        .client
        .admin_update_user(gone.id(), &suspend)
        .await
        .unwrap();
    assert_error(cast.member.client.user(gone.id()).await, 404, "not_found");
    let listed = |page: hearth_common::page::Page<hearth_common::users::User>| {
        page.items.iter().any(|u| u.username == "gone")
    };
    assert!(!listed(
        cast.member.client.users(&Default::default()).await.unwrap()
    ));
    assert!(listed(
        cast.admin.client.users(&Default::default()).await.unwrap()
    ));
    let seen = cast.admin.client.user(gone.id()).await.unwrap();
    assert!(seen.user.suspended);
    assert_eq!(seen.user.email.as_deref(), Some("gone@example.com"));
}
