//! Configuration, read from the environment once at start and passed explicitly from then on.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use hearth_db::DatabaseUrl;

use crate::clock::Clock;
use crate::media::store::{S3Config, StoreConfig};
use crate::rate_limit::Limit;
use crate::stream::StreamConfig;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: DatabaseUrl,
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Where Hearth keeps its files (the generated JWT secret, the default SQLite database).
    pub data_dir: PathBuf,
    /// Signs access tokens. When absent, one is generated once and kept in `data_dir`.
    pub jwt_secret: Option<String>,
    /// The built web app, served at `/`; absent or missing: the API alone.
    pub web_dir: Option<PathBuf>,
    /// HTTP worker threads; `None`: one per core.
    pub workers: Option<usize>,
    pub db_pool_size: u32,
    /// How long an access token lives.
    pub access_token_seconds: u64,
    /// How long a refresh token may wait before it is used.
    pub refresh_token_seconds: u64,
    /// How long after a refresh token is used the same login may present it again and get a
    /// token of its own (two tabs refreshing at once) instead of being signed out.
    pub refresh_grace_seconds: u64,
    /// Attempts per client address at sign-in, registration, refresh and password change;
    /// `None` turns the limit off.
    pub auth_rate_limit: Option<Limit>,
    /// A reverse proxy whose `X-Forwarded-For` names the client (`HEARTH_TRUSTED_PROXY`).
    pub trusted_proxy: Option<IpAddr>,
    /// The live stream's queue, retention and heartbeat.
    pub stream: StreamConfig,
    /// The time of what people do; the system clock but in tests.
    pub clock: Clock,
    /// How often community health is counted (see `insights::job`); `None`: never (tests
    /// that count on their own).
    pub health_counting_every: Option<Duration>,
    /// Where uploads are kept (`HEARTH_MEDIA_STORE`, see `from_env`).
    pub media_store: StoreConfig,
    /// Uploads per person: a burst, then a steady rate; `None` turns the limit off.
    pub upload_rate_limit: Option<Limit>,
    /// How often timed duties run (must-read reminders, report escalation; see `duties`);
    /// `None`: never (tests that run them when they choose).
    pub duties_every: Option<Duration>,
    /// Internal sites link previews may read (`HEARTH_OUTBOUND_ALLOW`, `host:port,…`); every
    /// other private address is refused (see `outbound`).
    pub outbound_allow: crate::outbound::Allowlist,
}

#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

impl Config {
    /// Reads `DATABASE_URL`, `HEARTH_ADDR`, `HEARTH_DATA_DIR`, `HEARTH_JWT_SECRET`,
    /// `HEARTH_WEB_DIR`, `HEARTH_WORKERS`, `HEARTH_TRUSTED_PROXY`, `HEARTH_ACCESS_TOKEN_SECONDS`,
    /// `HEARTH_REFRESH_TOKEN_SECONDS`, `HEARTH_REFRESH_GRACE_SECONDS` and
    /// `HEARTH_HEALTH_COUNTING_SECONDS`; for media `HEARTH_MEDIA_STORE` (`local`, the default:
    /// `<data dir>/media`; or `s3` with `HEARTH_S3_ENDPOINT`, `HEARTH_S3_BUCKET`,
    /// `HEARTH_S3_REGION`, `HEARTH_S3_PATH_STYLE` and the `AWS_*` credentials); for link
    /// previews `HEARTH_OUTBOUND_ALLOW`.
    pub fn from_env() -> Result<Config, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let data_dir = PathBuf::from(var("HEARTH_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = match var("DATABASE_URL") {
            Some(url) => DatabaseUrl::parse(&url).map_err(|e| ConfigError(e.to_string()))?,
            None => DatabaseUrl::Sqlite(data_dir.join("hearth.db")),
        };
        let addr = var("HEARTH_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|e| ConfigError(format!("HEARTH_ADDR: {e}")))?;
        let workers = match var("HEARTH_WORKERS") {
            Some(n) => Some(
                n.parse()
                    .map_err(|e| ConfigError(format!("HEARTH_WORKERS: {e}")))?,
            ),
            None => None,
        };
        let trusted_proxy = match var("HEARTH_TRUSTED_PROXY") {
            Some(ip) => Some(
                ip.parse()
                    .map_err(|e| ConfigError(format!("HEARTH_TRUSTED_PROXY: {e}")))?,
            ),
            None => None,
        };
        let seconds = |name: &str, default: u64| -> Result<u64, ConfigError> {
            match var(name) {
                Some(n) => n.parse().map_err(|e| ConfigError(format!("{name}: {e}"))),
                None => Ok(default),
            }
        };
        let defaults = Config::defaults();
        let access_token_seconds =
            seconds("HEARTH_ACCESS_TOKEN_SECONDS", defaults.access_token_seconds)?.max(1);
        let refresh_token_seconds = seconds(
            "HEARTH_REFRESH_TOKEN_SECONDS",
            defaults.refresh_token_seconds,
        )?
        .max(1);
        let refresh_grace_seconds = seconds(
            "HEARTH_REFRESH_GRACE_SECONDS",
            defaults.refresh_grace_seconds,
        )?;
        // 0: never (a benchmark that measures the first view of the day).
        let counting = seconds("HEARTH_HEALTH_COUNTING_SECONDS", 3600)?;
        let web_dir = var("HEARTH_WEB_DIR")
            .map(PathBuf::from)
            .or_else(|| Some(PathBuf::from("frontend/dist")));
        let media_store = match var("HEARTH_MEDIA_STORE").as_deref() {
            None | Some("local") => StoreConfig::Local(data_dir.join("media")),
            Some("s3") => {
                let required = |name: &str| {
                    var(name).ok_or_else(|| ConfigError(format!("{name} is needed for S3 media")))
                };
                StoreConfig::S3(S3Config {
                    endpoint: required("HEARTH_S3_ENDPOINT")?,
                    bucket: required("HEARTH_S3_BUCKET")?,
                    region: var("HEARTH_S3_REGION").unwrap_or_else(|| "us-east-1".into()),
                    path_style: var("HEARTH_S3_PATH_STYLE").as_deref() != Some("false"),
                    access_key_id: var("AWS_ACCESS_KEY_ID"),
                    secret_access_key: var("AWS_SECRET_ACCESS_KEY"),
                    session_token: var("AWS_SESSION_TOKEN"),
                })
            }
            Some(other) => {
                return Err(ConfigError(format!(
                    "HEARTH_MEDIA_STORE: {other:?} (local or s3)"
                )))
            }
        };
        let outbound_allow =
            crate::outbound::Allowlist::parse(&var("HEARTH_OUTBOUND_ALLOW").unwrap_or_default())
                .map_err(|e| ConfigError(format!("HEARTH_OUTBOUND_ALLOW: {e}")))?;
        Ok(Config {
            media_store,
            outbound_allow,
            database_url,
            addr,
            data_dir,
            jwt_secret: var("HEARTH_JWT_SECRET"),
            web_dir,
            workers,
            trusted_proxy,
            access_token_seconds,
            refresh_token_seconds,
            refresh_grace_seconds,
            health_counting_every: (counting > 0).then(|| Duration::from_secs(counting)),
            ..defaults
        })
    }

    /// Everything but the database and the address at its default: for tests and tools.
    pub fn new(database_url: DatabaseUrl, data_dir: PathBuf) -> Config {
        Config {
            media_store: StoreConfig::Local(data_dir.join("media")),
            database_url,
            data_dir,
            ..Config::defaults()
        }
    }

    fn defaults() -> Config {
        Config {
            database_url: DatabaseUrl::Sqlite(PathBuf::from("./data/hearth.db")),
            media_store: StoreConfig::Local(PathBuf::from("./data/media")),
            // Thirty at once (a photo album), then one every two seconds.
            upload_rate_limit: Some(Limit {
                burst: 30,
                every: Duration::from_secs(2),
            }),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: PathBuf::from("./data"),
            jwt_secret: None,
            web_dir: None,
            workers: None,
            db_pool_size: 10,
            access_token_seconds: 15 * 60,
            refresh_token_seconds: 30 * 86_400,
            refresh_grace_seconds: 30,
            // Ten attempts at once, then one every six seconds: plenty for people, slow for
            // password guessing.
            auth_rate_limit: Some(Limit {
                burst: 10,
                every: Duration::from_secs(6),
            }),
            trusted_proxy: None,
            stream: StreamConfig::default(),
            clock: Clock::system(),
            health_counting_every: Some(Duration::from_secs(3600)),
            duties_every: Some(Duration::from_secs(60)),
            outbound_allow: crate::outbound::Allowlist::default(),
        }
    }
}
