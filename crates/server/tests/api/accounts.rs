//! Registration, login, refresh rotation, logout, password change, suspension.

use hearth_common::admin::{AuditAction, RegistrationMode, UpdateSettingsRequest};
use hearth_common::auth::{ChangePasswordRequest, RegisterRequest};
use hearth_common::users::{AdminUpdateUserRequest, Role};
use hearth_server::auth::tokens::JwtKeys;

use crate::helpers::{assert_error, error_fields, register_request, TestApp, JWT_SECRET, PASSWORD};
use crate::on_both_databases;

on_both_databases!(
    first_account_is_admin_then_members,
    registration_rejects_bad_fields_and_writes_nothing,
    usernames_and_emails_are_unique_ignoring_case,
    closed_registration_needs_an_invite,
    a_fresh_instance_is_closed_until_its_admin_chooses,
    login_by_username_or_email,
    refresh_rotates_and_reuse_revokes_the_login,
    a_token_used_moments_ago_by_the_same_login_is_not_reuse,
    logout_ends_the_login_at_once,
    password_change_revokes_other_logins,
    suspension_locks_the_account_out,
    bad_and_expired_access_tokens_are_refused,
);

async fn first_account_is_admin_then_members(app: TestApp) {
    let first = app.register("ann").await;
    assert_eq!(first.user.role, Role::Admin);
    assert_eq!(first.user.email.as_deref(), Some("ann@example.com"));
    assert!(first.auth.expires_in > 0 && !first.auth.refresh_token.is_empty());
    let second = app.register("bob").await;
    assert_eq!(second.user.role, Role::Member);
    let me = second.client.me().await.unwrap();
    assert_eq!(me.user.username, "bob");
}

async fn registration_rejects_bad_fields_and_writes_nothing(app: TestApp) {
    let admin = app.register("ann").await;
    let cases: Vec<(RegisterRequest, &str)> = vec![
        (
            RegisterRequest {
                username: "x".into(),
                ..register_request("bob")
            },
            "username",
        ),
        (
            RegisterRequest {
                username: "bob smith".into(),
                ..register_request("bob")
            },
            "username",
        ),
        (
            RegisterRequest {
                username: "b".repeat(31),
                ..register_request("bob")
            },
            "username",
        ),
        (
            RegisterRequest {
                email: "not-an-address".into(),
                ..register_request("bob")
            },
            "email",
        ),
        (
            RegisterRequest {
                password: "short".into(),
                ..register_request("bob")
            },
            "password",
        ),
        (
            RegisterRequest {
                password: "p".repeat(129),
                ..register_request("bob")
            },
            "password",
        ),
        (
            RegisterRequest {
                display_name: " ".into(),
                ..register_request("bob")
            },
            "display_name",
        ),
        (
            RegisterRequest {
                display_name: "n".repeat(81),
                ..register_request("bob")
            },
            "display_name",
        ),
    ];
    for (request, field) in cases {
        let err = assert_error(app.anon.register(&request).await, 422, "validation_failed");
        assert_eq!(error_fields(&err), vec![field.to_string()], "{request:?}");
    }
    let all_bad = RegisterRequest {
        username: "!".into(),
        email: "x".into(),
        password: "1".into(),
        display_name: "".into(),
        invite_code: None,
    };
    let err = assert_error(app.anon.register(&all_bad).await, 422, "validation_failed");
    assert_eq!(
        error_fields(&err),
        ["display_name", "email", "password", "username"]
    );
    // Nothing was written: the directory holds the admin alone.
    let people = admin.client.users(&Default::default()).await.unwrap();
    assert_eq!(people.items.len(), 1);
}

async fn usernames_and_emails_are_unique_ignoring_case(app: TestApp) {
    app.register("ann").await;
    let same_name = RegisterRequest {
        username: "ANN".into(),
        ..register_request("other")
    };
    let err = assert_error(app.anon.register(&same_name).await, 409, "already_taken");
    assert_eq!(error_fields(&err), ["username"]);
    let same_email = RegisterRequest {
        email: "Ann@Example.com".into(),
        ..register_request("other")
    };
    let err = assert_error(app.anon.register(&same_email).await, 409, "already_taken");
    assert_eq!(error_fields(&err), ["email"]);
    assert_eq!(app.register("Other").await.user.username, "other");
}

async fn closed_registration_needs_an_invite(app: TestApp) {
    let admin = app.register("ann").await;
    let closed = UpdateSettingsRequest {
        registration: Some(RegistrationMode::Invitation),
        ..UpdateSettingsRequest::default()
    };
    assert_eq!(
        admin
            .client
            .update_settings(&closed)
            .await
            .unwrap()
            .registration,
        RegistrationMode::Invitation
    );
    assert_error(
        app.anon.register(&register_request("bob")).await,
        403,
        "registration_closed",
    );
    let forged = RegisterRequest {
        invite_code: Some("made-up".into()),
        ..register_request("bob")
    };
    let err = assert_error(app.anon.register(&forged).await, 422, "validation_failed");
    assert_eq!(error_fields(&err), ["invite_code"]);
    assert_error(app.login("bob", PASSWORD).await, 401, "invalid_credentials");
}

async fn a_fresh_instance_is_closed_until_its_admin_chooses(app: TestApp) {
    let fresh = app.anon.instance().await.unwrap();
    assert!(fresh.needs_admin);
    assert_eq!(fresh.registration, RegistrationMode::Undecided);
    // The first account, from any address, is the admin (app.register would open up).
    let first = RegisterRequest {
        email: "ann@private.example".into(),
        ..register_request("ann")
    };
    let auth = app.anon.register(&first).await.unwrap();
    assert_eq!(auth.user.role, Role::Admin);
    let admin = app.anon.with_token(&auth.access_token);
    assert!(!app.anon.instance().await.unwrap().needs_admin);
    // Then nobody, from any address, until the admin chooses.
    for email in ["bob@example.com", "bob@private.example"] {
        let request = RegisterRequest {
            email: email.into(),
            ..register_request("bob")
        };
        assert_error(
            app.anon.register(&request).await,
            403,
            "registration_closed",
        );
    }
    let settings = |registration, domains: &[&str]| UpdateSettingsRequest {
        registration,
        allowed_domains: Some(domains.iter().map(|d| d.to_string()).collect()),
        ..UpdateSettingsRequest::default()
    };
    // Domains need a domain; undecided cannot be chosen; domains are checked one by one.
    for (change, field) in [
        (
            settings(Some(RegistrationMode::Domains), &[]),
            "allowed_domains",
        ),
        (
            settings(Some(RegistrationMode::Undecided), &["acme.example"]),
            "registration",
        ),
        (
            settings(Some(RegistrationMode::Domains), &["acme"]),
            "allowed_domains",
        ),
        (
            settings(None, &["acme.example", "not a domain"]),
            "allowed_domains",
        ),
    ] {
        let err = assert_error(
            admin.update_settings(&change).await,
            422,
            "validation_failed",
        );
        assert_eq!(error_fields(&err), [field], "{change:?}");
    }
    let too_many: Vec<String> = (0..21).map(|n| format!("d{n}.example")).collect();
    let err = assert_error(
        admin
            .update_settings(&UpdateSettingsRequest {
                allowed_domains: Some(too_many),
                ..UpdateSettingsRequest::default()
            })
            .await,
        422,
        "validation_failed",
    );
    assert_eq!(error_fields(&err), ["allowed_domains"]);
    assert_eq!(
        admin.settings().await.unwrap().registration,
        RegistrationMode::Undecided,
        "a refused change changes nothing"
    );

    let chosen = admin
        .update_settings(&settings(
            Some(RegistrationMode::Domains),
            &["@Acme.example", "acme.example", "acme-labs.example"],
        ))
        .await
        .unwrap();
    assert_eq!(
        chosen.allowed_domains,
        ["acme.example", "acme-labs.example"]
    );
    let public = app.anon.instance().await.unwrap();
    assert_eq!(public.registration, RegistrationMode::Domains);
    assert_eq!(public.allowed_domains, chosen.allowed_domains);
    for (username, email, expected) in [
        (
            "bob",
            "bob@private.example",
            Err("email_domain_not_allowed"),
        ),
        (
            "bob",
            "bob@mail.acme.example",
            Err("email_domain_not_allowed"),
        ),
        ("bob", "Bob@ACME.example", Ok(Role::Member)),
        ("cyd", "cyd@acme-labs.example", Ok(Role::Member)),
    ] {
        let request = RegisterRequest {
            email: email.into(),
            ..register_request(username)
        };
        match expected {
            Ok(role) => assert_eq!(app.anon.register(&request).await.unwrap().user.role, role),
            Err(code) => {
                assert_error(app.anon.register(&request).await, 403, code);
            }
        }
    }
    admin
        .update_settings(&settings(Some(RegistrationMode::Open), &[]))
        .await
        .unwrap();
    assert!(app
        .anon
        .instance()
        .await
        .unwrap()
        .allowed_domains
        .is_empty());
    let dee = RegisterRequest {
        email: "dee@private.example".into(),
        ..register_request("dee")
    };
    assert_eq!(
        app.anon.register(&dee).await.unwrap().user.role,
        Role::Member
    );
    // Every choice is in the audit log.
    let log = admin.audit_log(&crate::helpers::EVERYTHING).await.unwrap();
    let details: Vec<&str> = log
        .items
        .iter()
        .filter(|e| e.action == AuditAction::SettingsChanged)
        .map(|e| e.detail.as_str())
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d.contains("registration: undecided → domains")
                && d.contains("allowed_domains:  → acme.example acme-labs.example")),
        "{details:?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.contains("registration: domains → open")),
        "{details:?}"
    );
}

async fn login_by_username_or_email(app: TestApp) {
    app.register("ann").await;
    let by_name = app.login("Ann", PASSWORD).await.unwrap();
    assert_eq!(by_name.user.username, "ann");
    let by_email = app.login("ANN@example.com", PASSWORD).await.unwrap();
    assert_eq!(by_email.client.me().await.unwrap().user.username, "ann");
    let wrong = assert_error(
        app.login("ann", "wrong password").await,
        401,
        "invalid_credentials",
    );
    let nobody = assert_error(
        app.login("nobody", PASSWORD).await,
        401,
        "invalid_credentials",
    );
    assert_eq!(
        wrong.body(),
        nobody.body(),
        "same answer whether or not the account exists"
    );
}

async fn refresh_rotates_and_reuse_revokes_the_login(app: TestApp) {
    let ann = app.register("ann").await;
    let first_refresh = ann.auth.refresh_token.clone();
    let rotated = app.anon.refresh(&first_refresh).await.unwrap();
    assert_ne!(rotated.refresh_token, first_refresh);
    let fresh = app.anon.with_token(&rotated.access_token);
    assert_eq!(fresh.me().await.unwrap().user.id, ann.user.id);

    // The person moves on: the rotated token is used in turn.
    let third = app.anon.refresh(&rotated.refresh_token).await.unwrap();
    let fresh = app.anon.with_token(&third.access_token);

    // The first token again, after the login moved past its successor: reuse. The whole
    // login is revoked, newer tokens included.
    assert_error(
        app.anon.refresh(&first_refresh).await,
        401,
        "refresh_token_reused",
    );
    assert_error(
        app.anon.refresh(&third.refresh_token).await,
        401,
        "invalid_token",
    );
    assert_error(fresh.me().await, 401, "invalid_token");
    assert_error(ann.client.me().await, 401, "invalid_token");
    // Other logins are not affected.
    let other = app.login("ann", PASSWORD).await.unwrap();
    other.client.me().await.unwrap();
    assert_error(
        app.anon.refresh("hrt_not-a-token").await,
        401,
        "invalid_token",
    );
}

/// Two tabs (or two calls of one page) refreshing with the same token at once: both stay
/// signed in, each with a token of its own, as long as the login has not moved past it.
async fn a_token_used_moments_ago_by_the_same_login_is_not_reuse(app: TestApp) {
    let ann = app.register("ann").await;
    let token = ann.auth.refresh_token.clone();
    let tab_one = app.anon.refresh(&token).await.unwrap();
    let tab_two = app.anon.refresh(&token).await.unwrap();
    assert_ne!(tab_one.refresh_token, tab_two.refresh_token);
    for pair in [&tab_one, &tab_two] {
        app.anon.with_token(&pair.access_token).me().await.unwrap();
    }
    let next_one = app.anon.refresh(&tab_one.refresh_token).await.unwrap();
    let next_two = app.anon.refresh(&tab_two.refresh_token).await.unwrap();
    app.anon
        .with_token(&next_one.access_token)
        .me()
        .await
        .unwrap();
    app.anon
        .with_token(&next_two.access_token)
        .me()
        .await
        .unwrap();
}

async fn logout_ends_the_login_at_once(app: TestApp) {
    let ann = app.register("ann").await;
    let other = app.login("ann", PASSWORD).await.unwrap();
    ann.client.logout().await.unwrap();
    assert_error(ann.client.me().await, 401, "invalid_token");
    assert_error(
        app.anon.refresh(&ann.auth.refresh_token).await,
        401,
        "invalid_token",
    );
    other.client.me().await.unwrap();
    assert_error(app.anon.logout().await, 401, "missing_token");
}

async fn password_change_revokes_other_logins(app: TestApp) {
    let ann = app.register("ann").await;
    let other = app.login("ann", PASSWORD).await.unwrap();
    let wrong = ChangePasswordRequest {
        current_password: "not it".into(),
        new_password: "a new password".into(),
    };
    let err = assert_error(
        ann.client.change_password(&wrong).await,
        422,
        "validation_failed",
    );
    assert_eq!(error_fields(&err), ["current_password"]);
    let too_short = ChangePasswordRequest {
        current_password: PASSWORD.into(),
        new_password: "short".into(),
    };
    let err = assert_error(
        ann.client.change_password(&too_short).await,
        422,
        "validation_failed",
    );
    assert_eq!(error_fields(&err), ["new_password"]);
    // Rejected changes changed nothing.
    other.client.me().await.unwrap();
    app.login("ann", PASSWORD).await.unwrap();

    let change = ChangePasswordRequest {
        current_password: PASSWORD.into(),
        new_password: "a new password".into(),
    };
    ann.client.change_password(&change).await.unwrap();
    ann.client.me().await.unwrap();
    assert_error(other.client.me().await, 401, "invalid_token");
    assert_error(
        app.anon.refresh(&other.auth.refresh_token).await,
        401,
        "invalid_token",
    );
    assert_error(app.login("ann", PASSWORD).await, 401, "invalid_credentials");
    app.login("ann", "a new password").await.unwrap();
}

async fn suspension_locks_the_account_out(app: TestApp) {
    let admin = app.register("ann").await;
    let bob = app.register("bob").await;
    let suspend = AdminUpdateUserRequest {
        role: None,
        suspended: Some(true),
    };
    let updated = admin
        .client
        .admin_update_user(bob.id(), &suspend)
        .await
        .unwrap();
    assert!(updated.suspended);
    assert_error(bob.client.me().await, 401, "invalid_token");
    assert_error(
        app.anon.refresh(&bob.auth.refresh_token).await,
        401,
        "invalid_token",
    );
    assert_error(app.login("bob", PASSWORD).await, 403, "account_suspended");
    let lift = AdminUpdateUserRequest {
        role: None,
        suspended: Some(false),
    };
    admin
        .client
        .admin_update_user(bob.id(), &lift)
        .await
        .unwrap();
    app.login("bob", PASSWORD)
        .await
        .unwrap()
        .client
        .me()
        .await
        .unwrap();
}

async fn bad_and_expired_access_tokens_are_refused(app: TestApp) {
    let ann = app.register("ann").await;
    assert_error(app.anon.me().await, 401, "missing_token");
    assert_error(
        app.anon.with_token("garbage").me().await,
        401,
        "invalid_token",
    );
    let login_id = {
        // The login id travels in the token's `sid` claim; a token for it that expired an
        // hour ago must be refused even though the login is live.
        let payload = ann.auth.access_token.split('.').nth(1).unwrap();
        use base64::Engine;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap();
        let claims: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        claims["sid"].as_str().unwrap().to_owned()
    };
    let now = chrono::Utc::now().timestamp() as u64;
    let keys = JwtKeys::new(JWT_SECRET);
    let expired = keys.issue(ann.id(), &login_id, now - 7200, 3600);
    assert_error(
        app.anon.with_token(&expired).me().await,
        401,
        "invalid_token",
    );
    let valid = keys.issue(ann.id(), &login_id, now, 60);
    app.anon.with_token(&valid).me().await.unwrap();
    let other_key = JwtKeys::new("another secret").issue(ann.id(), &login_id, now, 60);
    assert_error(
        app.anon.with_token(&other_key).me().await,
        401,
        "invalid_token",
    );
}

mod sign_in_attempts_are_rate_limited {
    use std::time::Duration;

    use hearth_server::rate_limit::Limit;

    use crate::helpers::{assert_error, spawn_app_with, Backend, TestApp, PASSWORD};

    async fn limited(backend: Backend) -> Option<TestApp> {
        spawn_app_with(backend, |config| {
            config.auth_rate_limit = Some(Limit {
                burst: 3,
                every: Duration::from_secs(60),
            });
        })
        .await
    }

    async fn check(app: TestApp) {
        let ann = app.register("ann").await;
        let bob = app.register("bob").await;
        for _ in 0..3 {
            assert_error(app.login("ann", "wrong").await, 401, "invalid_credentials");
        }
        // Sign-ins from this address are used up; refreshes (their own bucket, and keyed by
        // the token too) and registration go on.
        assert_error(app.login("bob", "wrong").await, 429, "rate_limited");
        let renewed = app.anon.refresh(&bob.auth.refresh_token).await.unwrap();
        app.anon.refresh(&renewed.refresh_token).await.unwrap();
        app.register("cem").await;
        let err = assert_error(app.login("ann", PASSWORD).await, 429, "rate_limited");
        assert!(err.body().is_some());
        let raw = app
            .anon
            .request(reqwest::Method::POST, "/api/v1/auth/login")
            .json(&serde_json::json!({"login": "ann", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(raw.status(), 429);
        let retry: u64 = raw.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=61).contains(&retry), "{retry}");
        // Other endpoints are not limited, and signed-in work goes on.
        for _ in 0..5 {
            ann.client.me().await.unwrap();
        }
    }

    #[actix_web::test]
    async fn sqlite() {
        check(limited(Backend::Sqlite).await.unwrap()).await;
    }

    #[actix_web::test]
    async fn postgres() {
        match limited(Backend::Postgres).await {
            Some(app) => check(app).await,
            None => eprintln!("TEST_POSTGRES_URL not set: PostgreSQL run left out"),
        }
    }
}
