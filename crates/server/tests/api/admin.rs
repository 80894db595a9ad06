//! `/admin/*`: only admins, and never leaving the instance without one.

use hearth_common::admin::UpdateSettingsRequest;
use hearth_common::users::{AdminUpdateUserRequest, Role};

use crate::helpers::{assert_error, error_fields, TestApp};
use crate::on_both_databases;

on_both_databases!(
    only_admins_administer,
    roles_change_but_never_the_last_admin,
    settings_are_validated
);

async fn only_admins_administer(app: TestApp) {
    let cast = app.cast().await;
    let promote = AdminUpdateUserRequest {
        role: Some(Role::Admin),
        suspended: None,
    };
    let open = UpdateSettingsRequest {
        registration: Some(hearth_common::admin::RegistrationMode::Invitation),
        ..UpdateSettingsRequest::default()
    };
    for who in [&cast.manager, &cast.member, &cast.guest] {
        assert_error(
            who.client.admin_update_user(who.id(), &promote).await,
            403,
            "admin_only",
        );
        assert_error(who.client.settings().await, 403, "admin_only");
        assert_error(who.client.update_settings(&open).await, 403, "admin_only");
    }
    assert_error(app.anon.settings().await, 401, "missing_token");
    assert_error(
        app.anon.admin_update_user(cast.member.id(), &promote).await,
        401,
        "missing_token",
    );
    // Nothing changed.
    assert_eq!(
        cast.admin
            .client
            .user(cast.member.id())
            .await
            .unwrap()
            .user
            .role,
        Role::Member
    );
    assert_eq!(
        cast.admin.client.settings().await.unwrap().registration,
        hearth_common::admin::RegistrationMode::Domains
    );
    assert_error(
        cast.admin
            .client
            .admin_update_user("no-such-user", &promote)
            .await,
        404,
        "not_found",
    );
}

async fn roles_change_but_never_the_last_admin(app: TestApp) {
    let cast = app.cast().await;
    let demote = AdminUpdateUserRequest {
        role: Some(Role::Member),
        suspended: None,
    };
    let suspend = AdminUpdateUserRequest {
        role: None,
        suspended: Some(true),
    };
    assert_error(
        cast.admin
            .client
            .admin_update_user(cast.admin.id(), &demote)
            .await,
        409,
        "last_admin",
    );
    assert_error(
        cast.admin
            .client
            .admin_update_user(cast.admin.id(), &suspend)
            .await,
        409,
        "last_admin",
    );
    assert_eq!(cast.admin.client.me().await.unwrap().user.role, Role::Admin);

    let promote = AdminUpdateUserRequest {
        role: Some(Role::Admin),
        suspended: None,
    };
    let promoted = cast
        .admin
        .client
        .admin_update_user(cast.member.id(), &promote)
        .await
        .unwrap();
    assert_eq!(promoted.role, Role::Admin);
    // Roles are read on every request: the new admin may administer at once.
    cast.member.client.settings().await.unwrap();
    cast.member
        .client
        .admin_update_user(cast.admin.id(), &demote)
        .await
        .unwrap();
    assert_error(cast.admin.client.settings().await, 403, "admin_only");
    let bad_role = cast
        .member
        .client
        .request(
            reqwest::Method::PATCH,
            &format!("/api/v1/admin/users/{}", cast.admin.id()),
        )
        .json(&serde_json::json!({"role": "emperor"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_role.status(), 400);
}

async fn settings_are_validated(app: TestApp) {
    let admin = app.register("ann").await;
    let defaults = admin.client.settings().await.unwrap();
    assert_eq!(
        defaults.registration,
        hearth_common::admin::RegistrationMode::Domains
    );
    assert_eq!(defaults.group_member_cap, 150);
    let change = UpdateSettingsRequest {
        group_member_cap: Some(40),
        ..UpdateSettingsRequest::default()
    };
    let changed = admin.client.update_settings(&change).await.unwrap();
    assert_eq!(
        (changed.registration, changed.group_member_cap),
        (hearth_common::admin::RegistrationMode::Domains, 40)
    );
    for cap in [0, 1, 100_001] {
        let bad = UpdateSettingsRequest {
            registration: Some(hearth_common::admin::RegistrationMode::Invitation),
            group_member_cap: Some(cap),
            ..UpdateSettingsRequest::default()
        };
        let err = assert_error(
            admin.client.update_settings(&bad).await,
            422,
            "validation_failed",
        );
        assert_eq!(error_fields(&err), ["group_member_cap"]);
    }
    assert_eq!(
        admin.client.settings().await.unwrap(),
        changed,
        "rejected changes change nothing"
    );
}
