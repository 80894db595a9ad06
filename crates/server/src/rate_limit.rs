//! Rate limits for the endpoints that guess-and-check attacks target (sign-in, registration,
//! token refresh, password change). A token bucket per client address: a burst, then a
//! steady rate. The address is the socket's peer, unless that peer is the configured trusted
//! proxy, whose `X-Forwarded-For` then names the client.

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

pub struct RateLimiter {
    limit: Limit,
    trusted_proxy: Option<IpAddr>,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    pub fn new(limit: Limit, trusted_proxy: Option<IpAddr>) -> RateLimiter {
        RateLimiter {
            limit,
            trusted_proxy,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client`; when none is left, how long until one is.
    fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let burst = f64::from(self.limit.burst);
        let per_second = 1.0 / self.limit.every.as_secs_f64().max(f64::EPSILON);
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_TRACKED {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() * per_second < burst
            });
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
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
        if let Some(client) = limiter.client(&req) {
            if let Err(wait) = limiter.take(client, Instant::now()) {
                let mut response = ApiError::RateLimited.error_response();
                let seconds = wait.as_secs() + 1;
                if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                    response.headers_mut().insert(RETRY_AFTER, value);
                }
                return Ok(req.into_response(response));
            }
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_a_steady_rate_per_client() {
        let limiter = RateLimiter::new(
            Limit {
                burst: 3,
                every: Duration::from_secs(10),
            },
            None,
        );
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take(a, start).is_ok());
        }
        let wait = limiter.take(a, start).unwrap_err();
        assert!(wait <= Duration::from_secs(10) && wait > Duration::from_secs(9));
        assert!(
            limiter.take(b, start).is_ok(),
            "clients have their own buckets"
        );
        assert!(
            limiter.take(a, start + Duration::from_secs(10)).is_ok(),
            "one earned back"
        );
        assert!(limiter.take(a, start + Duration::from_secs(10)).is_err());
    }
}
