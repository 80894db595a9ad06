//! How a browser fetches media. `<img src>` sends no bearer token, so the web app asks for a
//! media cookie (`POST /api/v1/media/session`) after signing in and whenever it renews its
//! token. The cookie names the sign-in and the person and is signed by the server; it is
//! sent only to `/api/v1/media` and only by this site's own pages (`SameSite=Strict`,
//! `HttpOnly`). Each fetch still checks that the sign-in is live, the person not suspended,
//! and that they may see what the file belongs to, so a URL copied elsewhere grants nothing.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::auth::tokens::hex;

pub const NAME: &str = "hearth_media";
/// The path the cookie is sent to.
pub const PATH: &str = "/api/v1/media";
/// How long a cookie is accepted: a working day, renewed with every token refresh.
pub const LIFETIME_SECONDS: u64 = 12 * 3600;

/// The key media cookies are signed with, derived from the server's secret.
#[derive(Clone)]
pub struct CookieKey([u8; 32]);

/// Whom a valid cookie names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub login_id: String,
    pub user_id: String,
}

impl CookieKey {
    pub fn new(secret: &str) -> CookieKey {
        CookieKey(Sha256::digest(format!("hearth-media-cookie:{secret}")).into())
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length");
        mac.update(payload.as_bytes());
        mac
    }

    /// `<login>.<person>.<expiry>.<signature>`
    pub fn issue(&self, holder: &Holder, expires_at: u64) -> String {
        let payload = format!("{}.{}.{expires_at}", holder.login_id, holder.user_id);
        let signature = hex(&self.mac(&payload).finalize().into_bytes());
        format!("{payload}.{signature}")
    }

    /// The holder of a cookie that this server signed and that has not expired at `now`.
    pub fn check(&self, value: &str, now: u64) -> Option<Holder> {
        let (payload, signature) = value.rsplit_once('.')?;
        let signature = unhex(signature)?;
        self.mac(payload).verify_slice(&signature).ok()?;
        let mut parts = payload.split('.');
        let (login_id, user_id, expires_at) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || expires_at.parse::<u64>().ok()? <= now {
            return None;
        }
        Some(Holder {
            login_id: login_id.to_owned(),
            user_id: user_id.to_owned(),
        })
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_signed_and_expire() {
        let key = CookieKey::new("secret");
        let holder = Holder {
            login_id: "l1".into(),
            user_id: "u1".into(),
        };
        let cookie = key.issue(&holder, 100);
        assert_eq!(key.check(&cookie, 99), Some(holder.clone()));
        assert_eq!(key.check(&cookie, 100), None, "expired");
        assert_eq!(CookieKey::new("other").check(&cookie, 1), None);
        let forged = cookie.replacen("u1", "u2", 1);
        assert_eq!(key.check(&forged, 1), None);
        let later = cookie.replacen(".100.", ".999.", 1);
        assert_eq!(key.check(&later, 1), None);
        for junk in ["", ".", "a.b.c.d", "l1.u1.100.zz", "l1.u1.x.00"] {
            assert_eq!(key.check(junk, 1), None, "{junk}");
        }
    }
}
