//! Communities: who sees one, reads its posts, posts in it, moderates and owns it.
//! Secret communities do not exist for non-members (404); closed ones are visible to
//! employees, their posts to members only (403).

use hearth_common::error::ErrorCode;
use hearth_common::groups::{GroupRole, MembershipStatus, Privacy};
use hearth_common::users::Role;
use hearth_db::communities::{CommunityRow, MemberRow};
use hearth_db::users::UserRow;

use crate::error::{ApiError, ApiResult};

/// What a person is to one community.
pub struct Standing<'a> {
    pub user: &'a UserRow,
    pub community: &'a CommunityRow,
    pub membership: Option<&'a MemberRow>,
}

impl Standing<'_> {
    fn active(&self) -> bool {
        self.membership.is_some_and(|m| m.is_active())
    }

    fn role(&self) -> Option<GroupRole> {
        self.membership.filter(|m| m.is_active()).map(|m| m.role())
    }

    fn employee(&self) -> bool {
        self.user.role().is_employee()
    }
}

/// May know the community exists. Invited people see it, so they can accept.
pub fn can_see(s: &Standing<'_>) -> bool {
    if s.active() {
        return true;
    }
    let invited = s
        .membership
        .is_some_and(|m| m.status() == MembershipStatus::Invited);
    match s.community.privacy() {
        _ if !s.employee() => false,
        Privacy::Open | Privacy::Closed => true,
        Privacy::Secret => invited,
    }
}

/// 404 unless the community is visible.
pub fn require_visible(s: &Standing<'_>) -> ApiResult<()> {
    if can_see(s) {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// May read its posts and members: members always; every employee for an open community.
pub fn require_reader(s: &Standing<'_>) -> ApiResult<()> {
    require_visible(s)?;
    if s.active() || (s.community.privacy() == Privacy::Open && s.employee()) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            ErrorCode::MembersOnly,
            "only members can see this",
        ))
    }
}

/// May post in it: active members.
pub fn require_member(s: &Standing<'_>) -> ApiResult<()> {
    require_visible(s)?;
    if s.active() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            ErrorCode::MembersOnly,
            "only members can post here",
        ))
    }
}

/// Owners and moderators handle requests and invitations.
pub fn require_moderator(s: &Standing<'_>) -> ApiResult<()> {
    require_visible(s)?;
    match s.role() {
        Some(GroupRole::Owner | GroupRole::Moderator) => Ok(()),
        _ => Err(ApiError::forbidden(
            ErrorCode::ModeratorsOnly,
            "only owners and moderators can do this",
        )),
    }
}

/// Owners set roles and remove members.
pub fn require_owner(s: &Standing<'_>) -> ApiResult<()> {
    require_visible(s)?;
    match s.role() {
        Some(GroupRole::Owner) => Ok(()),
        _ => Err(ApiError::forbidden(
            ErrorCode::OwnersOnly,
            "only owners can do this",
        )),
    }
}

/// An archived community takes nothing new: no posts, comments, reactions, edits, members,
/// invitations or requests. Reading, leaving, removing content and members, and reopening
/// it (owners and admins) go on.
pub fn require_not_archived(community: &CommunityRow) -> ApiResult<()> {
    if community.is_archived() {
        Err(ApiError::conflict(
            ErrorCode::GroupArchived,
            "this community is archived; its owners can reopen it",
        ))
    } else {
        Ok(())
    }
}

/// Owners, and admins for a community they can see, change or delete it.
pub fn require_manager(s: &Standing<'_>) -> ApiResult<()> {
    require_visible(s)?;
    if s.role() == Some(GroupRole::Owner) || s.user.role() == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            ErrorCode::OwnersOnly,
            "only owners and admins can do this",
        ))
    }
}

/// Moderates the community's content (deletes posts and comments in it).
pub fn moderates(s: &Standing<'_>) -> bool {
    matches!(s.role(), Some(GroupRole::Owner | GroupRole::Moderator))
}

/// Communities are created by employees only.
pub fn can_create(user: &UserRow) -> ApiResult<()> {
    if user.role().is_employee() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            ErrorCode::EmployeesOnly,
            "guests cannot create communities",
        ))
    }
}

/// Guests are members only; never moderators or owners.
pub fn can_hold_role(user: &UserRow, role: GroupRole) -> ApiResult<()> {
    if role != GroupRole::Member && !user.role().is_employee() {
        return Err(ApiError::unprocessable(
            ErrorCode::GuestCannotModerate,
            "a guest can only be a member",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures;

    fn user(role: Role) -> UserRow {
        fixtures::user("u", role)
    }

    fn member(role: GroupRole, status: MembershipStatus) -> MemberRow {
        MemberRow {
            community_id: "g".into(),
            user_id: "u".into(),
            role: role.as_str().into(),
            status: status.as_str().into(),
            created_at: 0,
        }
    }

    /// (user role, membership) × privacy → (sees, reads posts)
    #[test]
    fn visibility_by_privacy_and_membership() {
        use GroupRole::*;
        use MembershipStatus::*;
        let active = member(Member, Active);
        let pending = member(Member, Pending);
        let invited = member(Member, Invited);
        let cases: [(Role, Option<&MemberRow>, Privacy, bool, bool); 12] = [
            (Role::Member, None, Privacy::Open, true, true),
            (Role::Member, None, Privacy::Closed, true, false),
            (Role::Member, None, Privacy::Secret, false, false),
            (Role::Admin, None, Privacy::Secret, false, false),
            (Role::Member, Some(&pending), Privacy::Closed, true, false),
            (Role::Member, Some(&invited), Privacy::Secret, true, false),
            (Role::Member, Some(&active), Privacy::Secret, true, true),
            (Role::Guest, None, Privacy::Open, false, false),
            (Role::Guest, Some(&active), Privacy::Closed, true, true),
            (Role::Guest, Some(&pending), Privacy::Open, false, false),
            (Role::CommunityManager, None, Privacy::Closed, true, false),
            (Role::CommunityManager, None, Privacy::Secret, false, false),
        ];
        for (role, membership, privacy, sees, reads) in cases {
            let (u, c) = (user(role), fixtures::community(privacy));
            let s = Standing {
                user: &u,
                community: &c,
                membership,
            };
            assert_eq!(
                can_see(&s),
                sees,
                "{role:?} {membership:?} {privacy:?} sees"
            );
            assert_eq!(
                require_reader(&s).is_ok(),
                reads,
                "{role:?} {membership:?} {privacy:?} reads"
            );
        }
    }
}
