//! Building the application: open the database, bind the listener, assemble the app. Binding
//! here (not in `run`) lets tests ask for port 0 and learn the port.

use hearth_common::error::ErrorCode;
use std::net::{SocketAddr, TcpListener};

use actix_web::dev::Server;
use actix_web::error::{JsonPayloadError, PayloadError};
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use hearth_db::{Db, DbError};

use crate::auth::tokens::{load_or_create_secret, JwtKeys};
use crate::config::Config;
use crate::duties;
use crate::error::ApiError;
use crate::input::check_input;
use crate::insights;
use crate::insights::presence::Visits;
use crate::media::cookie::CookieKey;
use crate::media::store::MediaStore;
use crate::media::MediaService;
use crate::middleware::around_request;
use crate::outbound::Outbound;
use crate::previews::{self, PreviewService};
use crate::rate_limit::RateLimiter;
use crate::state::AppState;
use crate::stream::{Hub, TypingGate};
use crate::{routes, web_app};

/// Request bodies above this are refused with 413.
pub const BODY_LIMIT: usize = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Db(#[from] DbError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub struct Application {
    addr: SocketAddr,
    server: Server,
}

impl Application {
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        let url = config.database_url.clone();
        let pool_size = config.db_pool_size;
        let db = actix_web::rt::task::spawn_blocking(move || Db::open(&url, pool_size))
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))??;
        let hub = Hub::start(
            db.clone(),
            config.database_url.clone(),
            config.stream.clone(),
        )?;
        let secret = load_or_create_secret(config.jwt_secret.as_deref(), &config.data_dir)?;
        let store = MediaStore::open(&config.media_store)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let media = MediaService::new(
            store,
            CookieKey::new(&secret),
            config
                .upload_rate_limit
                .map(|limit| RateLimiter::new(limit, None)),
            config.data_dir.join("spool"),
        );
        let state = web::Data::new(AppState {
            db,
            hub,
            stream: config.stream.clone(),
            typing: TypingGate::default(),
            jwt: JwtKeys::new(&secret),
            access_token_seconds: config.access_token_seconds,
            refresh_token_micros: micros(config.refresh_token_seconds),
            refresh_grace_micros: micros(config.refresh_grace_seconds),
            clock: config.clock.clone(),
            visits: Visits::default(),
            media,
            previews: PreviewService::new(Outbound::new(config.outbound_allow.clone())),
        });
        actix_web::rt::spawn(previews::worker(state.clone()));
        if let Some(every) = config.health_counting_every {
            actix_web::rt::spawn(insights::job::run(state.clone(), every));
        }
        if let Some(every) = config.duties_every {
            actix_web::rt::spawn(duties::run(state.clone(), every));
        }
        let web_dir = config
            .web_dir
            .clone()
            .filter(|dir| dir.join("index.html").is_file());
        if web_dir.is_none() {
            tracing::warn!("no built web app found; serving the API only");
        }

        let limiter = config
            .auth_rate_limit
            .map(|limit| web::Data::new(RateLimiter::new(limit, config.trusted_proxy)));
        let listener = TcpListener::bind(config.addr)?;
        let addr = listener.local_addr()?;
        let mut server = HttpServer::new(move || {
            let mut app = App::new()
                .app_data(state.clone())
                .app_data(json_config())
                .app_data(web::PayloadConfig::new(BODY_LIMIT))
                .app_data(query_config())
                .app_data(path_config())
                .wrap(from_fn(check_input))
                .wrap(from_fn(around_request))
                .configure(routes::configure);
            if let Some(limiter) = &limiter {
                app = app.app_data(limiter.clone());
            }
            match &web_dir {
                Some(dir) => app.service(web_app::service(dir.clone())),
                None => app.default_service(web::to(|| async {
                    Err::<actix_web::HttpResponse, _>(ApiError::NotFound)
                })),
            }
        })
        .listen(listener)?;
        if let Some(workers) = config.workers {
            server = server.workers(workers);
        }
        Ok(Application {
            addr,
            server: server.run(),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(BODY_LIMIT)
        .error_handler(|err, _req| {
            match err {
                JsonPayloadError::OverflowKnownLength { .. }
                | JsonPayloadError::Overflow { .. }
                | JsonPayloadError::Payload(PayloadError::Overflow) => ApiError::PayloadTooLarge,
                JsonPayloadError::ContentType => ApiError::bad_request(
                    ErrorCode::InvalidJson,
                    "send a JSON body with Content-Type: application/json",
                ),
                JsonPayloadError::Deserialize(e) => ApiError::bad_request(
                    ErrorCode::InvalidJson,
                    format!("the JSON body is not valid: {e}"),
                ),
                _ => ApiError::bad_request(
                    ErrorCode::InvalidJson,
                    "the request body could not be read",
                ),
            }
            .into()
        })
}

fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| {
        ApiError::bad_request(
            ErrorCode::InvalidQuery,
            format!("the query string is not valid: {err}"),
        )
        .into()
    })
}

fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_err, _req| ApiError::NotFound.into())
}

fn micros(seconds: u64) -> i64 {
    i64::try_from(seconds)
        .unwrap_or(i64::MAX)
        .saturating_mul(1_000_000)
}
