//! Accounts and profiles.

use diesel::prelude::*;
use hearth_common::users::{Role, User};
use hearth_common::validation::{DisplayName, Email, Username};

use crate::backend;
use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::users;
use crate::time::to_datetime;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub title: Option<String>,
    pub department: Option<String>,
    pub location: Option<String>,
    pub bio: Option<String>,
    pub skills: String,
    pub avatar_url: Option<String>,
    pub suspended: bool,
    pub created_at: i64,
    pub ambassador: bool,
}

impl UserRow {
    pub fn role(&self) -> Role {
        // Only valid roles are ever written; an unknown one gets the least power.
        Role::parse(&self.role).unwrap_or(Role::Guest)
    }

    pub fn skills(&self) -> Vec<String> {
        serde_json::from_str(&self.skills).unwrap_or_default()
    }

    /// The API view; the e-mail address only for the person themself and admins.
    pub fn to_api(&self, show_email: bool) -> User {
        User {
            id: self.id.clone(),
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role(),
            title: self.title.clone(),
            department: self.department.clone(),
            location: self.location.clone(),
            bio: self.bio.clone(),
            skills: self.skills(),
            avatar_url: self.avatar_url.clone(),
            suspended: self.suspended,
            created_at: to_datetime(self.created_at),
            email: show_email.then(|| self.email.clone()),
            ambassador: self.ambassador,
        }
    }
}

/// The editable part of a profile, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub display_name: String,
    pub title: Option<String>,
    pub department: Option<String>,
    pub location: Option<String>,
    pub bio: Option<String>,
    pub skills: Vec<String>,
}

impl Profile {
    pub fn of(row: &UserRow) -> Profile {
        Profile {
            display_name: row.display_name.clone(),
            title: row.title.clone(),
            department: row.department.clone(),
            location: row.location.clone(),
            bio: row.bio.clone(),
            skills: row.skills(),
        }
    }
}

/// What the directory search matches: lower-cased, one string per person.
pub(crate) fn search_text(username: &str, profile: &Profile) -> String {
    let mut parts = vec![profile.display_name.as_str(), username];
    parts.extend(
        [&profile.title, &profile.department]
            .into_iter()
            .flatten()
            .map(String::as_str),
    );
    parts.extend(profile.skills.iter().map(String::as_str));
    parts.join("\n").to_lowercase()
}

pub struct NewUser<'a> {
    pub id: &'a str,
    pub username: &'a Username,
    pub email: &'a Email,
    pub password_hash: &'a str,
    pub display_name: &'a DisplayName,
    pub role: Role,
    pub now: i64,
}

pub fn insert(conn: &mut DbConnection, new: NewUser<'_>) -> DbResult<UserRow> {
    let profile = Profile {
        display_name: new.display_name.to_string(),
        title: None,
        department: None,
        location: None,
        bio: None,
        skills: vec![],
    };
    diesel::insert_into(users::table)
        .values((
            users::id.eq(new.id),
            users::username.eq(new.username.as_str()),
            users::email.eq(new.email.as_str()),
            users::password_hash.eq(new.password_hash),
            users::display_name.eq(new.display_name.as_str()),
            users::role.eq(new.role.as_str()),
            users::skills.eq("[]"),
            users::search_text.eq(search_text(new.username.as_str(), &profile)),
            users::suspended.eq(false),
            users::created_at.eq(new.now),
            users::updated_at.eq(new.now),
        ))
        .execute(conn)?;
    get(conn, new.id)
}

/// Holds registrations back until this transaction ends, so that "the first account becomes
/// admin" is decided by exactly one of two simultaneous registrations.
pub fn lock_registrations(conn: &mut DbConnection) -> DbResult<()> {
    Ok(backend::lock_instance_settings(conn)?)
}

pub fn count(conn: &mut DbConnection) -> DbResult<i64> {
    Ok(users::table.count().get_result(conn)?)
}

/// Which of a username and an e-mail address are already in use: (username, email).
pub fn taken(conn: &mut DbConnection, username: &str, email: &str) -> DbResult<(bool, bool)> {
    let rows: Vec<(String, String)> = users::table
        .filter(users::username.eq(username).or(users::email.eq(email)))
        .select((users::username, users::email))
        .load(conn)?;
    Ok((
        rows.iter().any(|(u, _)| u == username),
        rows.iter().any(|(_, e)| e == email),
    ))
}

/// The row that must exist (just written, or checked before).
pub fn get(conn: &mut DbConnection, id: &str) -> DbResult<UserRow> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)?)
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<UserRow>> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// The ids among `ids` of suspended accounts.
pub fn suspended_among(conn: &mut DbConnection, ids: &[String]) -> DbResult<Vec<String>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .filter(users::suspended)
        .select(users::id)
        .load(conn)?)
}

/// The accounts with these usernames (for @mentions).
/// Everyone with one of these roles.
pub fn with_roles(
    conn: &mut DbConnection,
    roles: &[hearth_common::users::Role],
) -> DbResult<Vec<UserRow>> {
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    Ok(users::table
        .filter(users::role.eq_any(names))
        .select(UserRow::as_select())
        .load(conn)?)
}

/// Every active (not suspended) employee: a company-wide must-read's audience.
pub fn active_employees(conn: &mut DbConnection) -> DbResult<Vec<UserRow>> {
    Ok(users::table
        .filter(users::role.ne("guest"))
        .filter(users::suspended.eq(false))
        .select(UserRow::as_select())
        .load(conn)?)
}

/// The departments of active employees, by name.
pub fn departments(conn: &mut DbConnection) -> DbResult<Vec<String>> {
    let names: Vec<Option<String>> = users::table
        .filter(users::role.ne("guest"))
        .filter(users::suspended.eq(false))
        .filter(users::department.is_not_null())
        .select(users::department)
        .distinct()
        .order(users::department.asc())
        .load(conn)?;
    Ok(names.into_iter().flatten().collect())
}

pub fn by_ids(conn: &mut DbConnection, ids: &[String]) -> DbResult<Vec<UserRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select(UserRow::as_select())
        .load(conn)?)
}

pub fn by_usernames(conn: &mut DbConnection, usernames: &[String]) -> DbResult<Vec<UserRow>> {
    if usernames.is_empty() {
        return Ok(Vec::new());
    }
    Ok(users::table
        .filter(users::username.eq_any(usernames))
        .select(UserRow::as_select())
        .load(conn)?)
}

/// The account and password hash for a login name (username or e-mail, already lower-cased).
pub fn find_for_login(conn: &mut DbConnection, login: &str) -> DbResult<Option<(UserRow, String)>> {
    Ok(users::table
        .filter(users::username.eq(login).or(users::email.eq(login)))
        .select((UserRow::as_select(), users::password_hash))
        .first(conn)
        .optional()?)
}

pub fn password_hash(conn: &mut DbConnection, id: &str) -> DbResult<String> {
    Ok(users::table
        .find(id)
        .select(users::password_hash)
        .first(conn)?)
}

pub fn set_password_hash(conn: &mut DbConnection, id: &str, hash: &str, now: i64) -> DbResult<()> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

pub fn update_profile(
    conn: &mut DbConnection,
    row: &UserRow,
    profile: &Profile,
    now: i64,
) -> DbResult<UserRow> {
    let skills = serde_json::to_string(&profile.skills).unwrap_or_else(|_| "[]".into());
    diesel::update(users::table.find(&row.id))
        .set((
            users::display_name.eq(&profile.display_name),
            users::title.eq(&profile.title),
            users::department.eq(&profile.department),
            users::location.eq(&profile.location),
            users::bio.eq(&profile.bio),
            users::skills.eq(skills),
            users::search_text.eq(search_text(&row.username, profile)),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    get(conn, &row.id)
}

pub fn set_role_and_suspension(
    conn: &mut DbConnection,
    id: &str,
    role: Role,
    suspended: bool,
    now: i64,
) -> DbResult<UserRow> {
    diesel::update(users::table.find(id))
        .set((
            users::role.eq(role.as_str()),
            users::suspended.eq(suspended),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    get(conn, id)
}

pub fn count_active_admins(conn: &mut DbConnection) -> DbResult<i64> {
    Ok(users::table
        .filter(users::role.eq(Role::Admin.as_str()))
        .filter(users::suspended.eq(false))
        .count()
        .get_result(conn)?)
}

/// Who the directory may show the caller.
pub enum Audience {
    /// Everyone, suspended accounts too (admins).
    All,
    /// Everyone not suspended (employees).
    Active,
    /// Only these people, and not suspended ones (guests: those sharing a community).
    Only(Vec<String>),
}

/// The directory, ordered by username; `after` is the last username of the previous page.
pub fn directory(
    conn: &mut DbConnection,
    audience: Audience,
    query: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> DbResult<Vec<UserRow>> {
    let mut select = users::table
        .select(UserRow::as_select())
        .order(users::username.asc())
        .limit(limit)
        .into_boxed();
    match audience {
        Audience::All => {}
        Audience::Active => select = select.filter(users::suspended.eq(false)),
        Audience::Only(ids) => {
            select = select
                .filter(users::suspended.eq(false))
                .filter(users::id.eq_any(ids))
        }
    }
    if let Some(q) = query {
        select = select.filter(users::search_text.like(like_pattern(q)).escape('\\'));
    }
    if let Some(after) = after {
        select = select.filter(users::username.gt(after.to_owned()));
    }
    Ok(select.load(conn)?)
}

/// `%q%` for LIKE, with the caller's `%`, `_` and `\` taken literally.
pub(crate) fn like_pattern(q: &str) -> String {
    let mut pattern = String::with_capacity(q.len() + 2);
    pattern.push('%');
    for c in q.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Sets (or with `None` clears) the address of a person's avatar.
pub fn set_avatar(conn: &mut DbConnection, id: &str, url: Option<&str>) -> DbResult<()> {
    diesel::update(users::table.find(id))
        .set(users::avatar_url.eq(url))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("Ann"), "%ann%");
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn search_text_covers_profile_fields() {
        let profile = Profile {
            display_name: "Ann Lee".into(),
            title: Some("Engineer".into()),
            department: None,
            location: Some("Ghent".into()),
            bio: None,
            skills: vec!["Rust".into()],
        };
        let text = search_text("ann", &profile);
        assert!(text.contains("ann lee") && text.contains("engineer") && text.contains("rust"));
        assert!(!text.contains("ghent"), "location is not searched");
    }
}
