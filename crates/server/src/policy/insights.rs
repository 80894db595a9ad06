//! Community health: community managers and admins see the organisation and every community
//! they can see; a community's owners and moderators see their own. Nobody sees anything
//! about one person but that person (no endpoint here answers about one person at all).

use hearth_common::error::ErrorCode;
use hearth_common::insights::AnalyticsMode;
use hearth_common::users::Role;
use hearth_db::users::UserRow;

use crate::error::{ApiError, ApiResult};
use crate::policy::groups::{self, Standing};

/// Community managers and admins look after every community.
pub fn oversees_all(user: &UserRow) -> bool {
    matches!(user.role(), Role::Admin | Role::CommunityManager)
}

fn managers_only() -> ApiError {
    ApiError::forbidden(
        ErrorCode::ManagersOnly,
        "only community managers, admins and a community's owners and moderators see this",
    )
}

/// The organisation's insights.
pub fn require_overseer(user: &UserRow) -> ApiResult<()> {
    if oversees_all(user) {
        Ok(())
    } else {
        Err(managers_only())
    }
}

/// One community's insights: 404 when it is not visible, 403 for those who do not look
/// after it.
pub fn require_community(s: &Standing<'_>) -> ApiResult<()> {
    groups::require_visible(s)?;
    if oversees_all(s.user) || groups::moderates(s) {
        Ok(())
    } else {
        Err(managers_only())
    }
}

/// Whether the community belongs in the caller's list and to-do list.
pub fn looks_after(s: &Standing<'_>) -> bool {
    groups::can_see(s) && (oversees_all(s.user) || groups::moderates(s))
}

/// Nothing is counted while an admin has switched analytics off.
pub fn require_counting(mode: AnalyticsMode) -> ApiResult<()> {
    if mode.aggregates() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            ErrorCode::AnalyticsOff,
            "an admin has switched community insights off",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures;
    use actix_web::ResponseError;
    use hearth_common::groups::{GroupRole, MembershipStatus, Privacy};
    use hearth_db::communities::MemberRow;

    fn member(role: GroupRole) -> MemberRow {
        MemberRow {
            community_id: "g".into(),
            user_id: "u".into(),
            role: role.as_str().into(),
            status: MembershipStatus::Active.as_str().into(),
            created_at: 0,
        }
    }

    /// (role, membership, privacy) → organisation, community (Ok, or the status).
    #[test]
    fn who_sees_insights() {
        use GroupRole::*;
        let owner = member(Owner);
        let moderator = member(Moderator);
        let plain = member(Member);
        type Case<'a> = (Role, Option<&'a MemberRow>, Privacy, bool, Result<(), u16>);
        let cases: [Case; 10] = [
            (Role::Admin, None, Privacy::Open, true, Ok(())),
            (Role::CommunityManager, None, Privacy::Closed, true, Ok(())),
            (
                Role::CommunityManager,
                None,
                Privacy::Secret,
                true,
                Err(404),
            ),
            (
                Role::CommunityManager,
                Some(&plain),
                Privacy::Secret,
                true,
                Ok(()),
            ),
            (Role::Member, Some(&owner), Privacy::Secret, false, Ok(())),
            (
                Role::Member,
                Some(&moderator),
                Privacy::Closed,
                false,
                Ok(()),
            ),
            (Role::Member, Some(&plain), Privacy::Open, false, Err(403)),
            (Role::Member, None, Privacy::Open, false, Err(403)),
            (Role::Member, None, Privacy::Secret, false, Err(404)),
            (Role::Guest, Some(&plain), Privacy::Closed, false, Err(403)),
        ];
        for (role, membership, privacy, organisation, community_result) in cases {
            let user = fixtures::user("u", role);
            let row = fixtures::community(privacy);
            let s = Standing {
                user: &user,
                community: &row,
                membership,
            };
            let case = format!("{role:?} {:?} {privacy:?}", membership.map(|m| &m.role));
            assert_eq!(require_overseer(&user).is_ok(), organisation, "{case}");
            assert_eq!(
                require_community(&s).map_err(|e| e.status_code().as_u16()),
                community_result,
                "{case}"
            );
            assert_eq!(looks_after(&s), community_result.is_ok(), "{case}");
        }
    }
}
