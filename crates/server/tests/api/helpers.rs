//! `spawn_app` and the callers tests use.

use hearth_client::{Client, ClientError};
use hearth_common::admin::{RegistrationMode, UpdateSettingsRequest};
use hearth_common::auth::{AuthResponse, RegisterRequest};
use hearth_common::page::PageQuery;
use hearth_common::users::{AdminUpdateUserRequest, Role, User};
use hearth_db::{testing, DatabaseUrl};
use hearth_server::clock::Clock;
use hearth_server::config::Config;
use hearth_server::media::store::{S3Config, StoreConfig};
use hearth_server::startup::Application;

pub const PASSWORD: &str = "correct horse battery";
pub const JWT_SECRET: &str = "test-secret";

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    /// The database this server uses, for tests that must arrange what the API cannot (an
    /// expired invitation).
    pub database: DatabaseUrl,
    /// A client without a token.
    pub anon: Client,
    /// The server's clock for what people do: set it when the app was started at a fixed
    /// time (`spawn_at`).
    pub clock: Clock,
    _dir: tempfile::TempDir,
}

/// A signed-in person.
#[derive(Debug)]
pub struct Session {
    pub user: User,
    pub client: Client,
    pub auth: AuthResponse,
}

impl Session {
    pub fn id(&self) -> &str {
        &self.user.id
    }
}

/// Runs a test body on SQLite and on PostgreSQL: `on_both_databases!(name, …)` makes the
/// modules `name::sqlite` and `name::postgres` from `async fn name(app: TestApp)`.
/// `on_both_databases!(spawn = path; name, …)` starts each app with `path(backend)` instead
/// of `spawn_app`.
#[macro_export]
macro_rules! on_both_databases {
    (spawn = $spawn:path; $($test:ident),+ $(,)?) => {$(
        mod $test {
            use $crate::helpers::Backend;

            #[actix_web::test]
            async fn sqlite() {
                let app = $spawn(Backend::Sqlite).await.expect("SQLite is always there");
                super::$test(app).await;
            }

            #[actix_web::test]
            async fn postgres() {
                match $spawn(Backend::Postgres).await {
                    Some(app) => super::$test(app).await,
                    None => eprintln!("TEST_POSTGRES_URL not set: PostgreSQL run left out"),
                }
            }
        }
    )+};
    ($($test:ident),+ $(,)?) => {
        $crate::on_both_databases!(spawn = $crate::helpers::spawn_app; $($test),+);
    };
}

/// A new, empty PostgreSQL database on the test server; `None` when none is configured.
pub async fn fresh_postgres_url() -> Option<String> {
    let server = testing::postgres_server_url()?;
    Some(
        actix_web::rt::task::spawn_blocking(move || testing::fresh_postgres_database(&server))
            .await
            .unwrap(),
    )
}

/// A page as large as lists go, for tests that read a whole (small) list.
pub const EVERYTHING: PageQuery = PageQuery {
    limit: Some(100),
    cursor: None,
};

/// Starts Hearth on a free port with a new database; `None` for PostgreSQL when no test
/// server is configured.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

/// As `spawn_app`, with the configuration adjusted first.
pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = match backend {
        Backend::Sqlite => DatabaseUrl::Sqlite(dir.path().join("hearth.db")),
        Backend::Postgres => DatabaseUrl::parse(&fresh_postgres_url().await?).unwrap(),
    };
    let mut config = Config::new(url.clone(), dir.path().to_path_buf());
    config.jwt_secret = Some(JWT_SECRET.into());
    config.workers = Some(1);
    config.db_pool_size = 4;
    // Every test client shares 127.0.0.1; the limit has its own test.
    config.auth_rate_limit = None;
    // Tests count community health and send reminders when they ask for it.
    config.health_counting_every = None;
    config.duties_every = None;
    adjust(&mut config);
    let clock = config.clock.clone();
    let app = Application::build(config).await.expect("server starts");
    let addr = format!("http://{}", app.addr());
    actix_web::rt::spawn(app.run_until_stopped());
    Some(TestApp {
        database: url,
        anon: Client::new(&addr),
        clock,
        _dir: dir,
    })
}

/// As `spawn_app`, with the server's clock standing at `micros` until the test moves it.
pub async fn spawn_at(backend: Backend, micros: i64) -> Option<TestApp> {
    spawn_app_with(backend, |config| config.clock = Clock::manual(micros)).await
}

pub fn register_request(username: &str) -> RegisterRequest {
    RegisterRequest {
        username: username.into(),
        email: format!("{username}@example.com"),
        password: PASSWORD.into(),
        display_name: format!("{username} Example"),
        invite_code: None,
    }
}

impl TestApp {
    /// Registers `username` at example.com. The first one becomes the admin and, as a fresh
    /// instance's admin does, opens registration (to example.com addresses).
    pub async fn register(&self, username: &str) -> Session {
        let auth = self
            .anon
            .register(&register_request(username))
            .await
            .unwrap_or_else(|e| panic!("register {username}: {e}"));
        let session = Session {
            user: auth.user.clone(),
            client: self.anon.with_token(&auth.access_token),
            auth,
        };
        if self.anon.instance().await.unwrap().registration == RegistrationMode::Undecided {
            session
                .client
                .update_settings(&UpdateSettingsRequest {
                    registration: Some(RegistrationMode::Domains),
                    allowed_domains: Some(vec!["example.com".into()]),
                    ..UpdateSettingsRequest::default()
                })
                .await
                .expect("the first account opens registration");
        }
        session
    }

    /// Signs `username` in again: a second, separate login.
    /// Registers with a guest invite code.
    pub async fn register_guest(&self, username: &str, code: &str) -> Session {
        let request = RegisterRequest {
            invite_code: Some(code.into()),
            ..register_request(username)
        };
        let auth = self
            .anon
            .register(&request)
            .await
            .unwrap_or_else(|e| panic!("register guest {username}: {e}"));
        Session {
            user: auth.user.clone(),
            client: self.anon.with_token(&auth.access_token),
            auth,
        }
    }

    pub async fn login(&self, username: &str, password: &str) -> Result<Session, ClientError> {
        let auth = self
            .anon
            .login(&hearth_common::auth::LoginRequest {
                login: username.into(),
                password: password.into(),
            })
            .await?;
        Ok(Session {
            user: auth.user.clone(),
            client: self.anon.with_token(&auth.access_token),
            auth,
        })
    }

    /// An admin, a community manager, a member and a guest, for authorization matrices.
    pub async fn cast(&self) -> Cast {
        let admin = self.register("admin").await;
        let manager = self.register("manager").await;
        let member = self.register("member").await;
        let guest = self.register("guest").await;
        for (who, role) in [(&manager, Role::CommunityManager), (&guest, Role::Guest)] {
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
        Cast {
            admin,
            manager,
            member,
            guest,
        }
    }
}

pub struct Cast {
    pub admin: Session,
    pub manager: Session,
    pub member: Session,
    pub guest: Session,
}

/// Asserts an API error's status and code.
#[track_caller]
pub fn assert_error<T: std::fmt::Debug>(
    result: Result<T, ClientError>,
    status: u16,
    code: &str,
) -> ClientError {
    let err = result.expect_err("expected an error");
    assert_eq!(err.status(), Some(status), "{err:?}");
    assert_eq!(err.code(), Some(code), "{err:?}");
    err
}

/// The field names of a `validation_failed` error.
pub fn error_fields(err: &ClientError) -> Vec<String> {
    err.body()
        .map(|b| b.error.fields.keys().cloned().collect())
        .unwrap_or_default()
}

/// As `spawn_app`, with uploads kept in a new bucket on the S3-compatible server named by
/// `TEST_S3_ENDPOINT` (the test command starts one); `None` when none is configured, unless
/// `HEARTH_REQUIRE_S3` is set.
pub async fn spawn_on_s3(backend: Backend) -> Option<TestApp> {
    let endpoint = match std::env::var("TEST_S3_ENDPOINT") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            assert!(
                std::env::var_os("HEARTH_REQUIRE_S3").is_none(),
                "HEARTH_REQUIRE_S3 is set but TEST_S3_ENDPOINT is not"
            );
            return None;
        }
    };
    let bucket = format!("hearth-test-{}", uuid::Uuid::now_v7().simple());
    let created = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .expect("the S3 server answers");
    assert!(
        created.status().is_success(),
        "bucket: {}",
        created.status()
    );
    spawn_app_with(backend, |config| {
        config.media_store = StoreConfig::S3(S3Config {
            endpoint,
            bucket,
            region: "us-east-1".into(),
            path_style: true,
            access_key_id: Some("test".into()),
            secret_access_key: Some("test".into()),
            session_token: None,
        });
    })
    .await
}
