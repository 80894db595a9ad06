//! People: who may see a profile, who the directory shows, who administers accounts.

use hearth_common::error::ErrorCode;
use std::collections::HashSet;

use hearth_common::users::Role;
use hearth_db::communities;
use hearth_db::users::{Audience, UserRow};
use hearth_db::DbConnection;

use crate::error::{ApiError, ApiResult};

/// Whom a viewer may see. Employees see every active account (admins suspended ones too); a
/// guest sees only people who share a community with them.
#[derive(Debug, Clone)]
pub struct People {
    viewer: UserRow,
    /// For guests: the people sharing a community with them, themself included.
    fellows: Option<HashSet<String>>,
}

impl People {
    pub fn load(conn: &mut DbConnection, viewer: &UserRow) -> ApiResult<People> {
        let fellows = match viewer.role() {
            Role::Guest => Some(
                communities::fellow_member_ids(conn, &viewer.id)?
                    .into_iter()
                    .collect(),
            ),
            _ => None,
        };
        Ok(People {
            viewer: viewer.clone(),
            fellows,
        })
    }

    /// A guest who shares no community yet: sees only themself.
    #[cfg(test)]
    pub(crate) fn alone(viewer: &UserRow) -> People {
        People {
            viewer: viewer.clone(),
            fellows: (viewer.role() == Role::Guest).then(|| [viewer.id.clone()].into()),
        }
    }

    /// Whether the viewer may know who `person_id` is, whatever that person's account state:
    /// for what they wrote or did where the viewer reads it (comments, reactions).
    pub fn knows(&self, person_id: &str) -> bool {
        self.fellows
            .as_ref()
            .is_none_or(|fellows| fellows.contains(person_id))
    }

    pub fn can_view(&self, target: &UserRow) -> bool {
        if self.viewer.id == target.id {
            return true;
        }
        if target.suspended && self.viewer.role() != Role::Admin {
            return false;
        }
        self.knows(&target.id)
    }

    /// Who the directory lists.
    pub fn directory(&self) -> Audience {
        match (&self.fellows, self.viewer.role()) {
            (Some(_), _) => Audience::Only(self.fellow_ids()),
            (None, Role::Admin) => Audience::All,
            (None, _) => Audience::Active,
        }
    }

    fn fellow_ids(&self) -> Vec<String> {
        self.fellows.iter().flatten().cloned().collect()
    }
}

/// E-mail addresses are shown to their owner and to admins.
pub fn can_see_email(viewer: &UserRow, target: &UserRow) -> bool {
    viewer.id == target.id || viewer.role() == Role::Admin
}

/// What only employees see of the organisation (its departments).
pub fn require_employee(viewer: &UserRow) -> ApiResult<()> {
    if viewer.role().is_employee() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            ErrorCode::EmployeesOnly,
            "guests see only their communities",
        ))
    }
}

pub fn require_admin(viewer: &UserRow) -> ApiResult<()> {
    if viewer.role() == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            ErrorCode::AdminOnly,
            "only admins may do this",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures;

    fn user(id: &str, role: Role, suspended: bool) -> UserRow {
        UserRow {
            suspended,
            ..fixtures::user(id, role)
        }
    }

    fn people(viewer: UserRow, fellows: &[&str]) -> People {
        let fellows = (viewer.role() == Role::Guest).then(|| {
            fellows
                .iter()
                .map(|f| f.to_string())
                .chain([viewer.id.clone()])
                .collect()
        });
        People { viewer, fellows }
    }

    /// viewer role × target kind → may view?
    #[test]
    fn profile_visibility_matrix() {
        for role in [
            Role::Admin,
            Role::CommunityManager,
            Role::Member,
            Role::Guest,
        ] {
            let p = people(user("viewer", role, false), &["fellow"]);
            let employee = role != Role::Guest;
            assert!(
                p.can_view(&user("viewer", role, false)),
                "{role:?} sees self"
            );
            assert_eq!(
                p.can_view(&user("other", Role::Member, false)),
                employee,
                "{role:?} → stranger"
            );
            assert!(
                p.can_view(&user("fellow", Role::Member, false)),
                "{role:?} → fellow member"
            );
            assert_eq!(
                p.can_view(&user("gone", Role::Member, true)),
                role == Role::Admin,
                "{role:?} → suspended"
            );
            assert_eq!(require_admin(&p.viewer).is_ok(), role == Role::Admin);
        }
    }
}
