//! People: who may see a profile, who the directory shows, who administers accounts.

use hearth_common::users::Role;
use hearth_db::users::{Audience, UserRow};

use crate::error::{ApiError, ApiResult};

/// Whether `viewer` may know that `target` exists. Suspended accounts are visible to admins
/// only. A guest sees only people who share a community with them; until a guest joins a
/// community (communities and guest invites are their own feature) that is themself alone.
pub fn can_view(viewer: &UserRow, target: &UserRow) -> bool {
    if viewer.id == target.id {
        return true;
    }
    match viewer.role() {
        Role::Admin => true,
        _ if target.suspended => false,
        Role::Guest => false,
        Role::CommunityManager | Role::Member => true,
    }
}

/// Who the directory lists for `viewer`; the ids slice holds the viewer's own id for guests.
pub fn directory_audience<'a>(viewer: &UserRow, own_id: &'a [String]) -> Audience<'a> {
    match viewer.role() {
        Role::Admin => Audience::All,
        Role::CommunityManager | Role::Member => Audience::Active,
        Role::Guest => Audience::Only(own_id),
    }
}

/// E-mail addresses are shown to their owner and to admins.
pub fn can_see_email(viewer: &UserRow, target: &UserRow) -> bool {
    viewer.id == target.id || viewer.role() == Role::Admin
}

pub fn require_admin(viewer: &UserRow) -> ApiResult<()> {
    if viewer.role() == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::forbidden("admin_only", "only admins may do this"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, role: Role, suspended: bool) -> UserRow {
        UserRow {
            id: id.into(),
            username: id.into(),
            email: format!("{id}@example.com"),
            display_name: id.into(),
            role: role.as_str().into(),
            title: None,
            department: None,
            location: None,
            bio: None,
            skills: "[]".into(),
            avatar_url: None,
            suspended,
            created_at: 0,
        }
    }

    /// viewer role × target kind → may view?
    #[test]
    fn profile_visibility_matrix() {
        let roles = [
            Role::Admin,
            Role::CommunityManager,
            Role::Member,
            Role::Guest,
        ];
        for role in roles {
            let viewer = user("viewer", role, false);
            let active = user("other", Role::Member, false);
            let suspended = user("gone", Role::Member, true);
            let guest = user("guest", Role::Guest, false);
            let employee = role != Role::Guest;
            assert!(can_view(&viewer, &viewer), "{role:?} sees self");
            assert_eq!(
                can_view(&viewer, &active),
                employee,
                "{role:?} → active member"
            );
            assert_eq!(can_view(&viewer, &guest), employee, "{role:?} → guest");
            assert_eq!(
                can_view(&viewer, &suspended),
                role == Role::Admin,
                "{role:?} → suspended"
            );
            assert_eq!(require_admin(&viewer).is_ok(), role == Role::Admin);
            assert!(can_see_email(&viewer, &viewer));
            assert_eq!(can_see_email(&viewer, &active), role == Role::Admin);
        }
    }
}
