//! Rate limits for the endpoints that guess-and-check attacks target (sign-in, registration,
//! token refresh, password change), and for uploads (per person, with a limit of their own). Token buckets — a burst, then a steady rate — each for
//! one action and one key, so that exhausting one (forty wrong sign-ins) never blocks another
//! (the same office's refreshes):
//! - per action and client address, for every guarded route (`guard`);
//! - per account, for failed sign-ins only (`RateLimiter::account_*`), so that guessing one
//!   person's password from many addresses is slow too;
//! - per refresh token, so a login's refreshes are limited by the login and not only by the
//!   address it shares with others.
//!
//! The address is the socket's peer, unless that peer is the configured trusted proxy, whose
//! `X-Forwarded-For` then names the client.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use actix_web::middleware::Next;
use actix_web::{web, ResponseError};

use crate::error::ApiError;

/// Buckets kept before full ones are forgotten, so memory stays bounded.
const MAX_TRACKED: usize = 10_000;

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Requests allowed at once.
    pub burst: u32,
    /// Time to earn one more.
    pub every: Duration,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// What a bucket counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Action {
    SignIn,
    Register,
    Refresh,
    Password,
    /// Failed sign-ins of one account.
    FailedSignIn,
    /// Uses of one refresh token.
    RefreshToken,
    /// Uploads of one person.
    Upload,
}

impl Action {
    /// The guarded route's action, from its path.
    fn of_path(path: &str) -> Option<Action> {
        match path.rsplit('/').next()? {
            "login" => Some(Action::SignIn),
            "register" => Some(Action::Register),
            "refresh" => Some(Action::Refresh),
            "password" => Some(Action::Password),
            _ => None,
        }
    }
}

pub struct RateLimiter {
    limit: Limit,
    trusted_proxy: Option<IpAddr>,
    buckets: Mutex<HashMap<(Action, String), Bucket>>,
}

impl RateLimiter {
    pub fn new(limit: Limit, trusted_proxy: Option<IpAddr>) -> RateLimiter {
        RateLimiter {
            limit,
            trusted_proxy,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether the account named by `login` may try to sign in now; how long to wait if not.
    pub fn account_may_try(&self, login: &str) -> Result<(), Duration> {
        self.peek((Action::FailedSignIn, login.to_owned()), Instant::now())
    }

    /// Counts a failed sign-in against the account named by `login`.
    pub fn account_failed(&self, login: &str) {
        let _ = self.take((Action::FailedSignIn, login.to_owned()), Instant::now());
    }

    /// Counts a use of the refresh token with this hash; how long to wait if it is over.
    pub fn refresh_token_used(&self, token_hash: &str) -> Result<(), Duration> {
        self.take(
            (Action::RefreshToken, token_hash.to_owned()),
            Instant::now(),
        )
    }

    /// Counts an upload by this person; how long to wait if they are over the limit.
    pub fn person_uploads(&self, user_id: &str) -> Result<(), Duration> {
        self.take((Action::Upload, user_id.to_owned()), Instant::now())
    }

    /// Whether a token is left, without taking it.
    fn peek(&self, key: (Action, String), now: Instant) -> Result<(), Duration> {
        let buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let Some(bucket) = buckets.get(&key) else {
            return Ok(());
        };
        let per_second = self.per_second();
        let tokens = (bucket.tokens
            + now.duration_since(bucket.updated).as_secs_f64() * per_second)
            .min(f64::from(self.limit.burst));
        if tokens >= 1.0 {
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - tokens) / per_second))
        }
    }

    fn per_second(&self) -> f64 {
        1.0 / self.limit.every.as_secs_f64().max(f64::EPSILON)
    }

    /// Takes one token for `key`; when none is left, how long until one is.
    fn take(&self, key: (Action, String), now: Instant) -> Result<(), Duration> {
        let burst = f64::from(self.limit.burst);
        let per_second = self.per_second();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_TRACKED {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() * per_second < burst
            });
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
        let earned = now.duration_since(bucket.updated).as_secs_f64() * per_second;
        bucket.tokens = (bucket.tokens + earned).min(burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }

    fn client(&self, req: &ServiceRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        if Some(peer) != self.trusted_proxy {
            return Some(peer);
        }
        // The proxy appends the address it saw last; anything before it the client could forge.
        req.headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok())
            .or(Some(peer))
    }
}

/// Middleware for the guarded routes: 429 `rate_limited` with `Retry-After` past the limit.
pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if let Some(limiter) = req.app_data::<web::Data<RateLimiter>>() {
        let action = Action::of_path(req.path());
        if let (Some(client), Some(action)) = (limiter.client(&req), action) {
            if let Err(wait) = limiter.take((action, client.to_string()), Instant::now()) {
                return Ok(req.into_response(too_many(wait)));
            }
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// 429 `rate_limited`, with `Retry-After` in whole seconds.
pub fn too_many(wait: Duration) -> actix_web::HttpResponse {
    let mut response = ApiError::RateLimited.error_response();
    let seconds = wait.as_secs() + 1;
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(RETRY_AFTER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_a_steady_rate_per_client_and_action() {
        let limiter = RateLimiter::new(
            Limit {
                burst: 3,
                every: Duration::from_secs(10),
            },
            None,
        );
        let key = |action, who: &str| (action, who.to_owned());
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take(key(Action::SignIn, "a"), start).is_ok());
        }
        let wait = limiter.take(key(Action::SignIn, "a"), start).unwrap_err();
        assert!(wait <= Duration::from_secs(10) && wait > Duration::from_secs(9));
        assert!(
            limiter.take(key(Action::SignIn, "b"), start).is_ok(),
            "clients have their own buckets"
        );
        assert!(
            limiter.take(key(Action::Refresh, "a"), start).is_ok(),
            "actions have their own buckets"
        );
        assert!(
            limiter
                .take(key(Action::SignIn, "a"), start + Duration::from_secs(10))
                .is_ok(),
            "one earned back"
        );
        assert!(limiter
            .take(key(Action::SignIn, "a"), start + Duration::from_secs(10))
            .is_err());
    }

    #[test]
    fn failed_sign_ins_count_per_account() {
        let limiter = RateLimiter::new(
            Limit {
                burst: 2,
                every: Duration::from_secs(60),
            },
            None,
        );
        assert!(limiter.account_may_try("ann").is_ok());
        limiter.account_failed("ann");
        assert!(
            limiter.account_may_try("ann").is_ok(),
            "peeking takes nothing"
        );
        limiter.account_failed("ann");
        assert!(limiter.account_may_try("ann").is_err());
        assert!(limiter.account_may_try("bob").is_ok());
    }

    #[test]
    fn guarded_paths_name_their_action() {
        assert_eq!(Action::of_path("/api/v1/auth/login"), Some(Action::SignIn));
        assert_eq!(
            Action::of_path("/api/v1/auth/refresh"),
            Some(Action::Refresh)
        );
        assert_eq!(Action::of_path("/api/v1/me"), None);
    }
}
