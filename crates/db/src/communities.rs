//! Communities, their members (with join requests and invitations) and guest invites.

use diesel::prelude::*;
use hearth_common::groups::{GroupRole, MembershipStatus, Privacy};

use crate::backend;
use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{
    communities, community_members, guest_invites, membership_spans, posts, users,
};
use crate::users::UserRow;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = communities, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct CommunityRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub privacy: String,
    pub topics: String,
    pub member_count: i32,
    pub created_at: i64,
    pub archived_at: Option<i64>,
    pub cover_url: Option<String>,
    /// Whether its posts show link preview cards.
    pub link_previews: bool,
}

impl CommunityRow {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }

    pub fn privacy(&self) -> Privacy {
        // Only valid values are written; an unknown one is treated as the most private.
        Privacy::parse(&self.privacy).unwrap_or(Privacy::Secret)
    }

    pub fn topics(&self) -> Vec<String> {
        serde_json::from_str(&self.topics).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = community_members, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct MemberRow {
    pub community_id: String,
    pub user_id: String,
    pub role: String,
    pub status: String,
    pub created_at: i64,
}

impl MemberRow {
    pub fn role(&self) -> GroupRole {
        GroupRole::parse(&self.role).unwrap_or(GroupRole::Member)
    }

    pub fn status(&self) -> MembershipStatus {
        MembershipStatus::parse(&self.status).unwrap_or(MembershipStatus::Pending)
    }

    pub fn is_active(&self) -> bool {
        self.status() == MembershipStatus::Active
    }
}

pub(crate) fn search_text(name: &str, description: &str, topics: &[String]) -> String {
    format!("{name}\n{description}\n{}", topics.join(" ")).to_lowercase()
}

pub struct Fields<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub privacy: Privacy,
    pub topics: &'a [String],
}

/// Creates the community with `owner` as its first (active) member.
pub fn insert(
    conn: &mut DbConnection,
    id: &str,
    fields: Fields<'_>,
    owner: &str,
    now: i64,
) -> DbResult<CommunityRow> {
    diesel::insert_into(communities::table)
        .values((
            communities::id.eq(id),
            communities::name.eq(fields.name),
            communities::description.eq(fields.description),
            communities::privacy.eq(fields.privacy.as_str()),
            communities::topics
                .eq(serde_json::to_string(fields.topics).unwrap_or_else(|_| "[]".into())),
            communities::search_text.eq(search_text(
                fields.name,
                fields.description,
                fields.topics,
            )),
            communities::member_count.eq(0),
            communities::created_at.eq(now),
            communities::updated_at.eq(now),
        ))
        .execute(conn)?;
    put_member(
        conn,
        id,
        owner,
        GroupRole::Owner,
        MembershipStatus::Active,
        now,
    )?;
    get(conn, id)
}

pub fn get(conn: &mut DbConnection, id: &str) -> DbResult<CommunityRow> {
    Ok(communities::table
        .find(id)
        .select(CommunityRow::as_select())
        .first(conn)?)
}

/// Holds the community's row until the transaction ends, so that membership checks (the
/// member cap, the last owner) and the change they allow are one step.
pub fn lock(conn: &mut DbConnection, id: &str) -> DbResult<()> {
    crate::backend::lock_for_update!(conn, communities::table.find(id).select(communities::id))?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<CommunityRow>> {
    Ok(communities::table
        .find(id)
        .select(CommunityRow::as_select())
        .first(conn)
        .optional()?)
}

/// Changes name, description, privacy and topics; posts follow a privacy change.
pub fn update(
    conn: &mut DbConnection,
    id: &str,
    fields: Fields<'_>,
    now: i64,
) -> DbResult<CommunityRow> {
    diesel::update(communities::table.find(id))
        .set((
            communities::name.eq(fields.name),
            communities::description.eq(fields.description),
            communities::privacy.eq(fields.privacy.as_str()),
            communities::topics
                .eq(serde_json::to_string(fields.topics).unwrap_or_else(|_| "[]".into())),
            communities::search_text.eq(search_text(
                fields.name,
                fields.description,
                fields.topics,
            )),
            communities::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(posts::table.filter(posts::group_id.eq(id)))
        .set(posts::in_company_feed.eq(fields.privacy == Privacy::Open))
        .execute(conn)?;
    get(conn, id)
}

/// Archives the community (`Some(when)`) or reopens it (`None`).
pub fn set_archived(conn: &mut DbConnection, id: &str, at: Option<i64>, now: i64) -> DbResult<()> {
    diesel::update(communities::table.find(id))
        .set((
            communities::archived_at.eq(at),
            communities::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Switches link preview cards on or off for the community's posts.
pub fn set_link_previews(conn: &mut DbConnection, id: &str, on: bool, now: i64) -> DbResult<()> {
    diesel::update(communities::table.find(id))
        .set((
            communities::link_previews.eq(on),
            communities::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Sets (or with `None` clears) the address of the community's cover image.
pub fn set_cover(conn: &mut DbConnection, id: &str, url: Option<&str>, now: i64) -> DbResult<()> {
    diesel::update(communities::table.find(id))
        .set((
            communities::cover_url.eq(url),
            communities::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ends the community's pending join requests and open invitations, guest invites included.
pub fn drop_open_requests(conn: &mut DbConnection, id: &str) -> DbResult<()> {
    diesel::delete(
        guest_invites::table
            .filter(guest_invites::community_id.eq(id))
            .filter(guest_invites::used_at.is_null()),
    )
    .execute(conn)?;
    let open = [
        MembershipStatus::Pending.as_str(),
        MembershipStatus::Invited.as_str(),
    ];
    diesel::delete(
        community_members::table
            .filter(community_members::community_id.eq(id))
            .filter(community_members::status.eq_any(open)),
    )
    .execute(conn)?;
    Ok(())
}

/// Deletes the community and its memberships; its posts are marked deleted, and its cover
/// and its posts' files released.
pub fn delete(conn: &mut DbConnection, id: &str, now: i64) -> DbResult<()> {
    let post_ids: Vec<String> = posts::table
        .filter(posts::group_id.eq(id))
        .filter(posts::deleted_at.is_null())
        .select(posts::id)
        .load(conn)?;
    crate::media::release_all(conn, crate::media::FOR_POST, &post_ids, now)?;
    crate::media::release_all(conn, crate::media::FOR_PREVIEW, &post_ids, now)?;
    crate::media::release(conn, crate::media::FOR_COVER, id, now)?;
    diesel::update(
        posts::table
            .filter(posts::group_id.eq(id))
            .filter(posts::deleted_at.is_null()),
    )
    .set(posts::deleted_at.eq(now))
    .execute(conn)?;
    diesel::delete(communities::table.find(id)).execute(conn)?;
    Ok(())
}

pub fn membership(
    conn: &mut DbConnection,
    community: &str,
    user: &str,
) -> DbResult<Option<MemberRow>> {
    Ok(community_members::table
        .find((community, user))
        .select(MemberRow::as_select())
        .first(conn)
        .optional()?)
}

/// The communities a person is an active member of.
pub fn active_ids(conn: &mut DbConnection, user: &str) -> DbResult<Vec<String>> {
    Ok(community_members::table
        .filter(community_members::user_id.eq(user))
        .filter(community_members::status.eq(MembershipStatus::Active.as_str()))
        .select(community_members::community_id)
        .load(conn)?)
}

/// A person's active memberships with their role in each.
pub fn active_roles(conn: &mut DbConnection, user: &str) -> DbResult<Vec<(String, String)>> {
    Ok(community_members::table
        .filter(community_members::user_id.eq(user))
        .filter(community_members::status.eq(MembershipStatus::Active.as_str()))
        .select((community_members::community_id, community_members::role))
        .load(conn)?)
}

/// Names and privacy of communities, by id (for posts that show their community).
pub fn summaries(conn: &mut DbConnection, ids: &[String]) -> DbResult<Vec<CommunityRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(communities::table
        .filter(communities::id.eq_any(ids))
        .select(CommunityRow::as_select())
        .load(conn)?)
}

/// Sets (or creates) a membership; `member_count` follows whether it is active.
pub fn put_member(
    conn: &mut DbConnection,
    community: &str,
    user: &str,
    role: GroupRole,
    status: MembershipStatus,
    now: i64,
) -> DbResult<()> {
    let was_active = membership(conn, community, user)?.is_some_and(|m| m.is_active());
    diesel::delete(community_members::table.find((community, user))).execute(conn)?;
    diesel::insert_into(community_members::table)
        .values((
            community_members::community_id.eq(community),
            community_members::user_id.eq(user),
            community_members::role.eq(role.as_str()),
            community_members::status.eq(status.as_str()),
            community_members::created_at.eq(now),
        ))
        .execute(conn)?;
    let is_active = status == MembershipStatus::Active;
    match (was_active, is_active) {
        (false, true) => open_span(conn, community, user, now)?,
        (true, false) => close_span(conn, community, user, now)?,
        _ => {}
    }
    bump_count(
        conn,
        community,
        i32::from(is_active) - i32::from(was_active),
    )
}

/// Changes an active member's role, keeping when they joined.
pub fn set_role(
    conn: &mut DbConnection,
    community: &str,
    user: &str,
    role: GroupRole,
) -> DbResult<()> {
    diesel::update(community_members::table.find((community, user)))
        .set(community_members::role.eq(role.as_str()))
        .execute(conn)?;
    Ok(())
}

pub fn remove_member(
    conn: &mut DbConnection,
    community: &str,
    user: &str,
    now: i64,
) -> DbResult<bool> {
    let was_active = membership(conn, community, user)?.is_some_and(|m| m.is_active());
    let removed = diesel::delete(community_members::table.find((community, user))).execute(conn)?;
    if was_active {
        close_span(conn, community, user, now)?;
        bump_count(conn, community, -1)?;
    }
    Ok(removed > 0)
}

/// Membership history for community health: who was a member when, kept apart from the
/// memberships themselves so that leaving leaves a trace of the count, not of the request.
fn open_span(conn: &mut DbConnection, community: &str, user: &str, now: i64) -> DbResult<()> {
    let span = (
        membership_spans::community_id.eq(community),
        membership_spans::user_id.eq(user),
        membership_spans::joined_at.eq(now),
    );
    let added = backend::insert_if_absent!(
        conn,
        diesel::insert_into(membership_spans::table).values(span)
    )?;
    if !added {
        // Left and back within the same microsecond: the span goes on.
        diesel::update(membership_spans::table.find((community, user, now)))
            .set(membership_spans::left_at.eq(None::<i64>))
            .execute(conn)?;
    }
    Ok(())
}

fn close_span(conn: &mut DbConnection, community: &str, user: &str, now: i64) -> DbResult<()> {
    diesel::update(
        membership_spans::table
            .filter(membership_spans::community_id.eq(community))
            .filter(membership_spans::user_id.eq(user))
            .filter(membership_spans::left_at.is_null()),
    )
    .set(membership_spans::left_at.eq(now))
    .execute(conn)?;
    Ok(())
}

fn bump_count(conn: &mut DbConnection, community: &str, delta: i32) -> DbResult<()> {
    if delta != 0 {
        diesel::update(communities::table.find(community))
            .set(communities::member_count.eq(communities::member_count + delta))
            .execute(conn)?;
    }
    Ok(())
}

pub fn count_owners(conn: &mut DbConnection, community: &str) -> DbResult<i64> {
    Ok(community_members::table
        .filter(community_members::community_id.eq(community))
        .filter(community_members::status.eq(MembershipStatus::Active.as_str()))
        .filter(community_members::role.eq(GroupRole::Owner.as_str()))
        .count()
        .get_result(conn)?)
}

/// Whether two people are both active members of some community.
pub fn share_a_community(conn: &mut DbConnection, a: &str, b: &str) -> DbResult<bool> {
    let mine = active_ids(conn, a)?;
    if mine.is_empty() {
        return Ok(false);
    }
    Ok(diesel::select(diesel::dsl::exists(
        community_members::table
            .filter(community_members::user_id.eq(b))
            .filter(community_members::status.eq(MembershipStatus::Active.as_str()))
            .filter(community_members::community_id.eq_any(mine)),
    ))
    .get_result(conn)?)
}

/// Everyone who shares an active membership with `user` (themself included).
pub fn fellow_member_ids(conn: &mut DbConnection, user: &str) -> DbResult<Vec<String>> {
    let mine = active_ids(conn, user)?;
    let mut ids: Vec<String> = if mine.is_empty() {
        Vec::new()
    } else {
        community_members::table
            .filter(community_members::community_id.eq_any(mine))
            .filter(community_members::status.eq(MembershipStatus::Active.as_str()))
            .select(community_members::user_id)
            .distinct()
            .load(conn)?
    };
    if !ids.iter().any(|id| id == user) {
        ids.push(user.to_owned());
    }
    Ok(ids)
}

/// Members of one status, oldest first; `after` is the previous page's last (created_at, user id).
pub fn members(
    conn: &mut DbConnection,
    community: &str,
    status: MembershipStatus,
    after: Option<(i64, String)>,
    limit: i64,
) -> DbResult<Vec<(MemberRow, UserRow)>> {
    let mut q = community_members::table
        .inner_join(users::table)
        .filter(community_members::community_id.eq(community))
        .filter(community_members::status.eq(status.as_str()))
        .select((MemberRow::as_select(), UserRow::as_select()))
        .order((
            community_members::created_at.asc(),
            community_members::user_id.asc(),
        ))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            community_members::created_at.ge(at).and(
                community_members::created_at
                    .gt(at)
                    .or(community_members::user_id.gt(id)),
            ),
        );
    }
    Ok(q.load(conn)?)
}

/// Communities the viewer may see, by name: open and closed ones for employees, and any
/// they are a member of or invited to. `mine` keeps only active memberships.
/// Which communities a listing shows, before the viewer's visibility.
pub struct Listing<'a> {
    pub viewer: &'a str,
    pub employee: bool,
    /// Only those the viewer is an active member of.
    pub mine: bool,
    /// Archived communities only, instead of the others.
    pub archived: bool,
    pub query: Option<&'a str>,
    /// After this (name, id), in name order.
    pub after: Option<(String, String)>,
    pub limit: i64,
}

pub fn list(
    conn: &mut DbConnection,
    listing: Listing<'_>,
) -> DbResult<Vec<(CommunityRow, Option<MemberRow>)>> {
    let Listing {
        viewer,
        employee,
        mine,
        archived,
        query,
        after,
        limit,
    } = listing;
    let mut q = communities::table
        .left_join(
            community_members::table.on(community_members::community_id
                .eq(communities::id)
                .and(community_members::user_id.eq(viewer))),
        )
        .select((CommunityRow::as_select(), Option::<MemberRow>::as_select()))
        .order((communities::name.asc(), communities::id.asc()))
        .limit(limit)
        .into_boxed();
    let active = MembershipStatus::Active.as_str();
    let invited = MembershipStatus::Invited.as_str();
    if mine {
        q = q.filter(community_members::status.eq(active));
    } else if employee {
        q = q.filter(
            communities::privacy
                .ne(Privacy::Secret.as_str())
                .or(community_members::status.eq_any([active, invited])),
        );
    } else {
        q = q.filter(community_members::status.eq(active));
    }
    q = if archived {
        q.filter(communities::archived_at.is_not_null())
    } else {
        q.filter(communities::archived_at.is_null())
    };
    if let Some(text) = query {
        q = q.filter(
            communities::search_text
                .like(crate::users::like_pattern(text))
                .escape('\\'),
        );
    }
    if let Some((name, id)) = after {
        q = q.filter(
            communities::name
                .gt(name.clone())
                .or(communities::name.eq(name).and(communities::id.gt(id))),
        );
    }
    Ok(q.load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = guest_invites, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct GuestInviteRow {
    pub community_id: String,
    pub email: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub fn add_guest_invite(
    conn: &mut DbConnection,
    code_hash: &str,
    community: &str,
    email: &str,
    created_by: &str,
    now: i64,
    expires_at: i64,
) -> DbResult<()> {
    diesel::insert_into(guest_invites::table)
        .values((
            guest_invites::code_hash.eq(code_hash),
            guest_invites::community_id.eq(community),
            guest_invites::email.eq(email),
            guest_invites::created_by.eq(created_by),
            guest_invites::created_at.eq(now),
            guest_invites::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn guest_invite(conn: &mut DbConnection, code_hash: &str) -> DbResult<Option<GuestInviteRow>> {
    Ok(guest_invites::table
        .find(code_hash)
        .select(GuestInviteRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn use_guest_invite(conn: &mut DbConnection, code_hash: &str, now: i64) -> DbResult<()> {
    diesel::update(guest_invites::table.find(code_hash))
        .set(guest_invites::used_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Every community's id (for the daily counting of community health).
pub fn all_ids(conn: &mut DbConnection) -> DbResult<Vec<String>> {
    Ok(communities::table.select(communities::id).load(conn)?)
}

/// Every community with `viewer`'s membership of it, by name (for community managers' lists).
pub fn all_with_membership(
    conn: &mut DbConnection,
    viewer: &str,
) -> DbResult<Vec<(CommunityRow, Option<MemberRow>)>> {
    Ok(communities::table
        .left_join(
            community_members::table.on(community_members::community_id
                .eq(communities::id)
                .and(community_members::user_id.eq(viewer))),
        )
        .select((CommunityRow::as_select(), Option::<MemberRow>::as_select()))
        .order((communities::name.asc(), communities::id.asc()))
        .load(conn)?)
}
