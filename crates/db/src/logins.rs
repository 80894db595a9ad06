//! Sign-ins and their refresh tokens. A login is one chain of refresh tokens; each token is
//! used once, and a token presented again revokes its whole login (it was stolen or replayed).

use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{logins, refresh_tokens, users};
use crate::users::UserRow;

pub fn create(conn: &mut DbConnection, id: &str, user_id: &str, now: i64) -> DbResult<()> {
    diesel::insert_into(logins::table)
        .values((
            logins::id.eq(id),
            logins::user_id.eq(user_id),
            logins::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn add_refresh_token(
    conn: &mut DbConnection,
    login_id: &str,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> DbResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::login_id.eq(login_id),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// What presenting a refresh token led to.
#[derive(Debug, PartialEq)]
pub enum Refresh {
    /// The token was fresh and is now used up, or was used moments ago by the same login (see
    /// `use_refresh_token`); issue a new one for this login and user.
    Rotated { login_id: String, user_id: String },
    /// The token had been used before: its login is now revoked.
    Reused,
    /// Unknown, expired, or its login was revoked.
    Invalid,
}

/// A refresh token and the login it belongs to, as read when it is presented.
#[derive(Queryable)]
struct PresentedToken {
    used_at: Option<i64>,
    expires_at: i64,
    login_id: String,
    user_id: String,
    login_revoked_at: Option<i64>,
}

/// Uses a refresh token once. A token presented again revokes its login — unless it was
/// used less than `grace` microseconds ago and the token that replaced it has not been used
/// yet: that is the same person's other tab, or two calls of one page that both found the
/// access token expired, and they get a token of their own instead of being signed out.
/// Whoever stole a token and uses it after the person has moved on still kills the login.
pub fn use_refresh_token(
    conn: &mut DbConnection,
    token_hash: &str,
    now: i64,
    grace: i64,
) -> DbResult<Refresh> {
    // Simultaneous presentations of one token are judged one after the other.
    crate::backend::lock_for_update!(
        conn,
        refresh_tokens::table
            .find(token_hash)
            .select(refresh_tokens::token_hash)
    )?;
    let found: Option<PresentedToken> = refresh_tokens::table
        .inner_join(logins::table)
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select((
            refresh_tokens::used_at,
            refresh_tokens::expires_at,
            logins::id,
            logins::user_id,
            logins::revoked_at,
        ))
        .first(conn)
        .optional()?;
    let Some(PresentedToken {
        used_at,
        expires_at,
        login_id,
        user_id,
        login_revoked_at,
    }) = found
    else {
        return Ok(Refresh::Invalid);
    };
    if login_revoked_at.is_some() {
        return Ok(Refresh::Invalid);
    }
    if let Some(used_at) = used_at {
        if now - used_at < grace && !moved_on_since(conn, &login_id, used_at)? {
            return Ok(Refresh::Rotated { login_id, user_id });
        }
        revoke(conn, &login_id, now)?;
        return Ok(Refresh::Reused);
    }
    if expires_at <= now {
        return Ok(Refresh::Invalid);
    }
    diesel::update(refresh_tokens::table.find(token_hash))
        .set(refresh_tokens::used_at.eq(now))
        .execute(conn)?;
    Ok(Refresh::Rotated { login_id, user_id })
}

/// Whether a token of the login issued at or after `at` has itself been used.
fn moved_on_since(conn: &mut DbConnection, login_id: &str, at: i64) -> DbResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        refresh_tokens::table
            .filter(refresh_tokens::login_id.eq(login_id))
            .filter(refresh_tokens::created_at.ge(at))
            .filter(refresh_tokens::used_at.is_not_null()),
    ))
    .get_result(conn)?)
}

pub fn revoke(conn: &mut DbConnection, login_id: &str, now: i64) -> DbResult<()> {
    diesel::update(
        logins::table
            .find(login_id)
            .filter(logins::revoked_at.is_null()),
    )
    .set(logins::revoked_at.eq(now))
    .execute(conn)?;
    Ok(())
}

/// Revokes every login of a user except `keep` (the caller's own, on a password change).
pub fn revoke_all_of_user(
    conn: &mut DbConnection,
    user_id: &str,
    keep: Option<&str>,
    now: i64,
) -> DbResult<()> {
    let keep = keep.unwrap_or("");
    diesel::update(
        logins::table
            .filter(logins::user_id.eq(user_id))
            .filter(logins::id.ne(keep))
            .filter(logins::revoked_at.is_null()),
    )
    .set(logins::revoked_at.eq(now))
    .execute(conn)?;
    Ok(())
}

/// The user behind an access token's login, if that login is still live.
pub fn live_user(
    conn: &mut DbConnection,
    login_id: &str,
    user_id: &str,
) -> DbResult<Option<UserRow>> {
    Ok(logins::table
        .inner_join(users::table)
        .filter(logins::id.eq(login_id))
        .filter(logins::user_id.eq(user_id))
        .filter(logins::revoked_at.is_null())
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}
