//! Community membership, in one place: joining, join requests and their approval, invitations,
//! guest invites, leaving, role changes and removal, with the member cap and the rule that a
//! community always keeps an owner. Every path that changes who belongs to a community goes
//! through here.
//!
//! Each change first locks the community's row (`Community::lock`), so the checks it makes
//! (how many members, how many owners, what the person's membership is) still hold when it
//! writes, however many requests arrive at once; changes to other communities go on beside it.

use hearth_common::error::ErrorCode;
use hearth_common::groups::{GroupRole, MembershipStatus, Privacy};
use hearth_common::notifications::NotificationKind;
use hearth_db::communities::{self, CommunityRow, MemberRow};
use hearth_db::users::{self, UserRow};
use hearth_db::{settings, DbConnection};

use crate::error::{ApiError, ApiResult};
use crate::insights::todo;
use crate::notify::{self, About};
use crate::policy::groups::{self as policy, Standing};
use crate::stream::Outbox;

/// A community and one person's membership of it, as read at the start of a request.
pub struct Community {
    pub row: CommunityRow,
    pub membership: Option<MemberRow>,
}

impl Community {
    /// Reads the community and `user`'s membership; 404 when it does not exist.
    pub fn load(conn: &mut DbConnection, id: &str, user: &UserRow) -> ApiResult<Community> {
        let row = communities::find(conn, id)?.ok_or(ApiError::NotFound)?;
        let membership = communities::membership(conn, id, &user.id)?;
        Ok(Community { row, membership })
    }

    /// As `load`, holding the community until the transaction ends: for changes.
    pub fn lock(conn: &mut DbConnection, id: &str, user: &UserRow) -> ApiResult<Community> {
        communities::lock(conn, id)?;
        Community::load(conn, id, user)
    }

    pub fn standing<'a>(&'a self, user: &'a UserRow) -> Standing<'a> {
        Standing {
            user,
            community: &self.row,
            membership: self.membership.as_ref(),
        }
    }

    fn id(&self) -> &str {
        &self.row.id
    }
}

/// The instance's member cap.
pub fn member_cap(conn: &mut DbConnection) -> ApiResult<i64> {
    Ok(i64::from(settings::get(conn)?.group_member_cap))
}

/// What a join request led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joined {
    /// An active member now.
    Member,
    /// A request waiting for the owners and moderators.
    Pending,
}

/// `user` asks to join: open communities (and invitations) admit at once, closed ones record
/// a request and tell the moderators; secret ones are 404 without an invitation.
pub fn join(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    id: &str,
    user: &UserRow,
    now: i64,
) -> ApiResult<Joined> {
    let community = Community::lock(conn, id, user)?;
    policy::require_visible(&community.standing(user))?;
    policy::require_not_archived(&community.row)?;
    match (
        community.membership.as_ref().map(MemberRow::status),
        community.row.privacy(),
    ) {
        (Some(MembershipStatus::Active), _) => Err(ApiError::conflict(
            ErrorCode::AlreadyMember,
            "you are already a member",
        )),
        (Some(MembershipStatus::Pending), _) => Ok(Joined::Pending),
        (Some(MembershipStatus::Invited), _) | (None, Privacy::Open) => {
            admit(conn, outbox, id, &user.id, GroupRole::Member, now)?;
            Ok(Joined::Member)
        }
        (None, _) => {
            communities::put_member(
                conn,
                id,
                &user.id,
                GroupRole::Member,
                MembershipStatus::Pending,
                now,
            )?;
            for moderator in moderators(conn, id)? {
                let about = About::new(NotificationKind::JoinRequest, user, now).group(id);
                notify::tell(conn, outbox, &moderator, &about)?;
            }
            Ok(Joined::Pending)
        }
    }
}

/// `user` leaves, withdraws a request or declines an invitation. The last owner cannot.
pub fn leave(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    id: &str,
    user: &UserRow,
    now: i64,
) -> ApiResult<()> {
    let community = Community::lock(conn, id, user)?;
    policy::require_visible(&community.standing(user))?;
    let Some(membership) = &community.membership else {
        return Err(ApiError::conflict(
            ErrorCode::NotMember,
            "you are not a member",
        ));
    };
    keeps_an_owner(conn, community.id(), membership, None)?;
    communities::remove_member(conn, id, &user.id, now)?;
    outbox.access_changed([&user.id]);
    size_changed(conn, outbox, id, community.row.member_count)
}

/// A moderator approves (or denies) a pending request.
pub fn decide(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    id: &str,
    moderator: &UserRow,
    applicant: &str,
    approve: bool,
    now: i64,
) -> ApiResult<()> {
    let community = Community::lock(conn, id, moderator)?;
    policy::require_moderator(&community.standing(moderator))?;
    policy::require_not_archived(&community.row)?;
    let request = target(conn, id, applicant)?;
    if request.status() != MembershipStatus::Pending {
        return Err(ApiError::NotFound);
    }
    if approve {
        admit(conn, outbox, id, applicant, GroupRole::Member, now)?;
        // Told at once, and live: the requester's open community page follows it.
        let about = About::new(NotificationKind::JoinApproved, moderator, now).group(id);
        let applicant = users::get(conn, applicant)?;
        notify::tell(conn, outbox, &applicant, &about)
    } else {
        communities::remove_member(conn, id, applicant, now)?;
        Ok(())
    }
}

/// A moderator invites an employee; one who had asked to join is admitted at once.
pub fn invite(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    id: &str,
    moderator: &UserRow,
    invitee_id: &str,
    now: i64,
) -> ApiResult<()> {
    let community = Community::lock(conn, id, moderator)?;
    policy::require_moderator(&community.standing(moderator))?;
    policy::require_not_archived(&community.row)?;
    let invitee = users::find(conn, invitee_id)?
        .filter(|u| !u.suspended)
        .ok_or(ApiError::NotFound)?;
    if !invitee.role().is_employee() {
        return Err(ApiError::unprocessable(
            ErrorCode::GuestInviteNeeded,
            "guests join through a guest invite",
        ));
    }
    match communities::membership(conn, id, &invitee.id)?.map(|m| m.status()) {
        Some(MembershipStatus::Active) => Err(ApiError::conflict(
            ErrorCode::AlreadyMember,
            "they are already a member",
        )),
        Some(MembershipStatus::Pending) => {
            admit(conn, outbox, id, &invitee.id, GroupRole::Member, now)
        }
        _ => {
            communities::put_member(
                conn,
                id,
                &invitee.id,
                GroupRole::Member,
                MembershipStatus::Invited,
                now,
            )?;
            let about = About::new(NotificationKind::GroupInvite, moderator, now).group(id);
            notify::tell(conn, outbox, &invitee, &about)
        }
    }
}

/// A guest who registered with an invite code becomes a member of its community.
pub fn admit_guest(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    id: &str,
    guest: &str,
    now: i64,
) -> ApiResult<()> {
    communities::lock(conn, id)?;
    if communities::find(conn, id)?.is_none() {
        return Err(ApiError::invalid_field(
            "invite_code",
            "is not a valid invite code",
        ));
    }
    admit(conn, outbox, id, guest, GroupRole::Member, now)
}

/// An owner changes an active member's role; the last owner keeps theirs.
pub fn set_role(
    conn: &mut DbConnection,
    id: &str,
    owner: &UserRow,
    member: &str,
    role: GroupRole,
) -> ApiResult<()> {
    let community = Community::lock(conn, id, owner)?;
    policy::require_owner(&community.standing(owner))?;
    let target = target(conn, id, member)?;
    if !target.is_active() {
        return Err(ApiError::NotFound);
    }
    policy::can_hold_role(&users::get(conn, member)?, role)?;
    keeps_an_owner(conn, id, &target, Some(role))?;
    Ok(communities::set_role(conn, id, member, role)?)
}

/// An owner removes someone (a member, a request or an invitation); the last owner stays.
pub fn remove(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    id: &str,
    owner: &UserRow,
    member: &str,
    now: i64,
) -> ApiResult<()> {
    let community = Community::lock(conn, id, owner)?;
    policy::require_owner(&community.standing(owner))?;
    let target = target(conn, id, member)?;
    keeps_an_owner(conn, id, &target, None)?;
    communities::remove_member(conn, id, member, now)?;
    outbox.access_changed([member]);
    size_changed(conn, outbox, id, community.row.member_count)
}

/// Someone who became an ambassador enters the ambassadors' space (as a member, within the
/// member cap), unless they are in it already.
pub fn enter_ambassadors_space(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    id: &str,
    user: &str,
    now: i64,
) -> ApiResult<()> {
    communities::lock(conn, id)?;
    match communities::membership(conn, id, user)? {
        Some(m) if m.is_active() => Ok(()),
        _ => admit(conn, outbox, id, user, GroupRole::Member, now),
    }
}

/// Someone who stepped down as ambassador leaves the space, unless they also run it (an
/// owner or moderator keeps their place).
pub fn leave_ambassadors_space(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    id: &str,
    user: &str,
    now: i64,
) -> ApiResult<()> {
    communities::lock(conn, id)?;
    if let Some(m) = communities::membership(conn, id, user)? {
        if m.role() == GroupRole::Member {
            let before = communities::get(conn, id)?.member_count;
            communities::remove_member(conn, id, user, now)?;
            outbox.access_changed([user]);
            size_changed(conn, outbox, id, before)?;
        }
    }
    Ok(())
}

/// Everyone with an active membership, to tell of the community's deletion.
pub fn active_members(conn: &mut DbConnection, id: &str) -> ApiResult<Vec<UserRow>> {
    active_members_where(conn, id, |_| true)
}

/// Makes `user` an active member with `role`, unless that would pass the member cap. The
/// community must be locked.
fn admit(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    id: &str,
    user: &str,
    role: GroupRole,
    now: i64,
) -> ApiResult<()> {
    let cap = member_cap(conn)?;
    let before = communities::get(conn, id)?.member_count;
    if i64::from(before) >= cap {
        return Err(ApiError::conflict(
            ErrorCode::GroupFull,
            format!("this community has reached the member cap of {cap}"),
        ));
    }
    communities::put_member(conn, id, user, role, MembershipStatus::Active, now)?;
    outbox.access_changed([user]);
    size_changed(conn, outbox, id, before)
}

/// After a change of members: crossing a size guideline (approaching 150, over it) changes
/// the community's to-do items.
fn size_changed(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    id: &str,
    before: i32,
) -> ApiResult<()> {
    let after = communities::get(conn, id)?.member_count;
    if todo::size_band(i64::from(before)) != todo::size_band(i64::from(after)) {
        todo::changed(conn, outbox, id)?;
    }
    Ok(())
}

/// Refuses a change that would take the community's last owner away: `membership` leaving
/// (`new_role` none) or taking `new_role`. The community must be locked.
fn keeps_an_owner(
    conn: &mut DbConnection,
    id: &str,
    membership: &MemberRow,
    new_role: Option<GroupRole>,
) -> ApiResult<()> {
    let owner_now = membership.is_active() && membership.role() == GroupRole::Owner;
    let owner_after = new_role == Some(GroupRole::Owner);
    if owner_now && !owner_after && communities::count_owners(conn, id)? <= 1 {
        return Err(ApiError::conflict(
            ErrorCode::LastOwner,
            "this is the last owner; make someone else owner first",
        ));
    }
    Ok(())
}

/// The membership a moderator acts on: 404 if there is none.
fn target(conn: &mut DbConnection, id: &str, user: &str) -> ApiResult<MemberRow> {
    communities::membership(conn, id, user)?.ok_or(ApiError::NotFound)
}

/// The active owners and moderators, to tell of a join request.
/// The community's active owners and moderators.
pub fn moderators(conn: &mut DbConnection, id: &str) -> ApiResult<Vec<UserRow>> {
    active_members_where(conn, id, |m| {
        matches!(m.role(), GroupRole::Owner | GroupRole::Moderator)
    })
}

fn active_members_where(
    conn: &mut DbConnection,
    id: &str,
    keep: impl Fn(&MemberRow) -> bool,
) -> ApiResult<Vec<UserRow>> {
    let mut found = Vec::new();
    let mut after = None;
    loop {
        let page = communities::members(conn, id, MembershipStatus::Active, after, 100)?;
        let last = page.last().map(|(m, u)| (m.created_at, u.id.clone()));
        found.extend(page.into_iter().filter(|(m, _)| keep(m)).map(|(_, u)| u));
        match last {
            Some(key) => after = Some(key),
            None => return Ok(found),
        }
    }
}
