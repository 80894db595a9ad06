//! Personal access tokens for integrators, stored as hashes only.

use diesel::prelude::*;
use hearth_common::auth::PersonalToken;

use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{personal_tokens, users};
use crate::time::to_datetime;
use crate::users::UserRow;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = personal_tokens, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

impl TokenRow {
    pub fn to_api(&self) -> PersonalToken {
        PersonalToken {
            id: self.id.clone(),
            name: self.name.clone(),
            created_at: to_datetime(self.created_at),
            expires_at: self.expires_at.map(to_datetime),
            last_used_at: self.last_used_at.map(to_datetime),
        }
    }
}

pub struct NewToken<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub now: i64,
    pub expires_at: Option<i64>,
}

pub fn insert(conn: &mut DbConnection, new: NewToken<'_>) -> DbResult<TokenRow> {
    diesel::insert_into(personal_tokens::table)
        .values((
            personal_tokens::id.eq(new.id),
            personal_tokens::user_id.eq(new.user_id),
            personal_tokens::name.eq(new.name),
            personal_tokens::token_hash.eq(new.token_hash),
            personal_tokens::created_at.eq(new.now),
            personal_tokens::expires_at.eq(new.expires_at),
        ))
        .execute(conn)?;
    Ok(personal_tokens::table
        .find(new.id)
        .select(TokenRow::as_select())
        .first(conn)?)
}

/// A user's tokens, newest first. A person has few; no pagination needed.
pub fn list(conn: &mut DbConnection, user_id: &str) -> DbResult<Vec<TokenRow>> {
    Ok(personal_tokens::table
        .filter(personal_tokens::user_id.eq(user_id))
        .order((
            personal_tokens::created_at.desc(),
            personal_tokens::id.desc(),
        ))
        .select(TokenRow::as_select())
        .load(conn)?)
}

pub fn count(conn: &mut DbConnection, user_id: &str) -> DbResult<i64> {
    Ok(personal_tokens::table
        .filter(personal_tokens::user_id.eq(user_id))
        .count()
        .get_result(conn)?)
}

/// True when the token existed and belonged to the user.
pub fn delete(conn: &mut DbConnection, user_id: &str, id: &str) -> DbResult<bool> {
    let deleted = diesel::delete(
        personal_tokens::table
            .filter(personal_tokens::id.eq(id))
            .filter(personal_tokens::user_id.eq(user_id)),
    )
    .execute(conn)?;
    Ok(deleted > 0)
}

/// The token with this hash and its owner.
pub fn find_by_hash(
    conn: &mut DbConnection,
    token_hash: &str,
) -> DbResult<Option<(TokenRow, UserRow)>> {
    Ok(personal_tokens::table
        .inner_join(users::table)
        .filter(personal_tokens::token_hash.eq(token_hash))
        .select((TokenRow::as_select(), UserRow::as_select()))
        .first(conn)
        .optional()?)
}

pub fn touch(conn: &mut DbConnection, id: &str, now: i64) -> DbResult<()> {
    diesel::update(personal_tokens::table.find(id))
        .set(personal_tokens::last_used_at.eq(now))
        .execute(conn)?;
    Ok(())
}
