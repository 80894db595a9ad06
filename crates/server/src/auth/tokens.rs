//! Access tokens (JWT, HS256, short-lived), refresh tokens and personal access tokens
//! (random, shown once, stored as SHA-256 hashes).

use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{
    decode, decode_header, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation,
};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Personal access tokens start with this, so the server knows not to parse them as JWTs.
pub const PERSONAL_TOKEN_PREFIX: &str = "hpat_";
const REFRESH_TOKEN_PREFIX: &str = "hrt_";
const GUEST_INVITE_PREFIX: &str = "hgi_";
/// Clock skew tolerated on `exp` and `iat`, in seconds.
const LEEWAY_SECONDS: u64 = 5;

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    /// The login (refresh-token chain) this token belongs to; revoking it ends the token too.
    pub sid: String,
    pub iat: u64,
    pub exp: u64,
}

/// The key that signs and checks access tokens, with its id (`kid`).
pub struct JwtKeys {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &str) -> JwtKeys {
        super::jwt_crypto::install();
        let kid = hex(&Sha256::digest(format!("hearth-kid:{secret}")))[..16].to_owned();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_exp = true;
        validation.set_required_spec_claims(&["exp", "iat", "sub"]);
        JwtKeys {
            kid,
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            validation,
        }
    }

    pub fn issue(&self, user_id: &str, login_id: &str, now: u64, ttl_seconds: u64) -> String {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        let claims = Claims {
            sub: user_id.to_owned(),
            sid: login_id.to_owned(),
            iat: now,
            exp: now + ttl_seconds,
        };
        // Encoding an HS256 token with a valid key cannot fail.
        encode(&header, &claims, &self.encoding).unwrap_or_default()
    }

    /// The claims of a token this server signed with this key and that has not expired.
    pub fn check(&self, token: &str, now: u64) -> Option<Claims> {
        let header = decode_header(token).ok()?;
        if header.alg != Algorithm::HS256 || header.kid.as_deref() != Some(self.kid.as_str()) {
            return None;
        }
        let claims = decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()?
            .claims;
        // Issued in the future: a token from a clock we do not share.
        if claims.iat > now + LEEWAY_SECONDS {
            return None;
        }
        Some(claims)
    }
}

/// The JWT secret: configured, or generated on first start and kept in `data_dir`.
pub fn load_or_create_secret(configured: Option<&str>, data_dir: &Path) -> std::io::Result<String> {
    if let Some(secret) = configured {
        return Ok(secret.to_owned());
    }
    let path = data_dir.join("jwt-secret");
    match std::fs::read_to_string(&path) {
        Ok(secret) if !secret.trim().is_empty() => return Ok(secret.trim().to_owned()),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    std::fs::create_dir_all(data_dir)?;
    let secret = random_token("");
    write_private(&path, &secret)?;
    Ok(secret)
}

#[cfg(unix)]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)
}

/// 256 random bits, URL-safe, after `prefix`.
fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

pub fn new_refresh_token() -> String {
    random_token(REFRESH_TOKEN_PREFIX)
}

pub fn new_personal_token() -> String {
    random_token(PERSONAL_TOKEN_PREFIX)
}

pub fn new_guest_invite_code() -> String {
    random_token(GUEST_INVITE_PREFIX)
}

/// What is stored for a random token. Unsalted SHA-256 is enough: the tokens carry 256 bits
/// of entropy, so there is nothing to guess.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_800_000_000;

    #[test]
    fn issued_tokens_check_until_they_expire() {
        let keys = JwtKeys::new("secret");
        let token = keys.issue("u1", "l1", NOW, 900);
        let claims = keys.check(&token, NOW).unwrap();
        assert_eq!((claims.sub.as_str(), claims.sid.as_str()), ("u1", "l1"));
        let expired = keys.issue("u1", "l1", 1_000, 900);
        assert!(keys.check(&expired, NOW).is_none());
    }

    #[test]
    fn other_keys_and_algorithms_are_refused() {
        let keys = JwtKeys::new("secret");
        let token = JwtKeys::new("another").issue("u1", "l1", NOW, 900);
        assert!(keys.check(&token, NOW).is_none());
        // alg "none" and garbage.
        let unsigned = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(format!(
                r#"{{"sub":"u1","sid":"l1","iat":{NOW},"exp":{}}}"#,
                NOW + 900
            ))
        );
        assert!(keys.check(&unsigned, NOW).is_none());
        assert!(keys.check("not.a.jwt", NOW).is_none());
    }

    #[test]
    fn random_tokens_are_distinct_and_hashed() {
        let a = new_personal_token();
        assert!(a.starts_with(PERSONAL_TOKEN_PREFIX));
        assert_ne!(a, new_personal_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn the_generated_secret_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create_secret(None, dir.path()).unwrap();
        assert_eq!(load_or_create_secret(None, dir.path()).unwrap(), first);
        assert_eq!(
            load_or_create_secret(Some("mine"), dir.path()).unwrap(),
            "mine"
        );
    }
}
