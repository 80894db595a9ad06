//! Moderation: reports of a community's content go to its owners and moderators (and, once
//! open for 48 hours, to admins); reports of company-wide content and of messages to
//! community managers and admins. Nobody handles reports of their own content, only admins
//! suspend, and reporters are never named to anyone.

use hearth_common::error::ErrorCode;
use hearth_common::groups::GroupRole;
use hearth_common::moderation::ModerationAction;
use hearth_common::users::Role;

use crate::error::{ApiError, ApiResult};
use crate::policy::posts::Reader;

fn oversees(reader: &Reader) -> bool {
    matches!(reader.user.role(), Role::Admin | Role::CommunityManager)
}

fn moderates(reader: &Reader, group: &str) -> bool {
    matches!(
        reader.role_in(Some(group)),
        Some(GroupRole::Owner | GroupRole::Moderator)
    )
}

/// Whether `reader` handles reports of content by `author` in `group` (none: company-wide
/// or a message), `escalated` or not.
pub fn handles(reader: &Reader, group: Option<&str>, escalated: bool, author: &str) -> bool {
    if reader.user.id == author {
        return false;
    }
    match group {
        Some(g) => moderates(reader, g) || (escalated && reader.user.role() == Role::Admin),
        None => oversees(reader),
    }
}

/// Suspending an account is for admins.
pub fn can_take(reader: &Reader, action: ModerationAction) -> ApiResult<()> {
    if action == ModerationAction::Suspend && reader.user.role() != Role::Admin {
        return Err(ApiError::forbidden(
            ErrorCode::AdminOnly,
            "only admins suspend accounts",
        ));
    }
    Ok(())
}

/// Reads the moderation log of `group` (none: company-wide content and messages).
pub fn require_log_reader(reader: &Reader, group: Option<&str>) -> ApiResult<()> {
    let allowed = oversees(reader) || group.is_some_and(|g| moderates(reader, g));
    if allowed {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            ErrorCode::ModeratorsOnly,
            "only moderators, community managers and admins see the moderation log",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures::user;

    /// (role, role in g) × (place, escalated, own content) → handles
    #[test]
    fn who_handles_which_reports() {
        use GroupRole::*;
        type Case = (
            Role,
            Option<GroupRole>,
            Option<&'static str>,
            bool,
            bool,
            bool,
        );
        let cases: [Case; 14] = [
            (Role::Member, Some(Moderator), Some("g"), false, false, true),
            (Role::Member, Some(Owner), Some("g"), false, false, true),
            (Role::Member, Some(Owner), Some("g"), false, true, false),
            (Role::Member, Some(Member), Some("g"), false, false, false),
            (
                Role::Member,
                Some(Moderator),
                Some("other"),
                false,
                false,
                false,
            ),
            (Role::CommunityManager, None, Some("g"), false, false, false),
            (Role::CommunityManager, None, Some("g"), true, false, false),
            (Role::Admin, None, Some("g"), false, false, false),
            (Role::Admin, None, Some("g"), true, false, true),
            (Role::Admin, None, None, false, false, true),
            (Role::CommunityManager, None, None, false, false, true),
            (Role::CommunityManager, None, None, false, true, false),
            (Role::Member, Some(Owner), None, false, false, false),
            (Role::Guest, Some(Member), Some("g"), true, false, false),
        ];
        for (role, in_g, place, escalated, own, expected) in cases {
            let memberships: Vec<(&str, GroupRole)> = in_g.map(|r| ("g", r)).into_iter().collect();
            let reader = Reader::with_memberships(user("me", role), &memberships);
            let author = if own { "me" } else { "someone" };
            assert_eq!(
                handles(&reader, place, escalated, author),
                expected,
                "{role:?} {in_g:?} {place:?} escalated {escalated} own {own}"
            );
        }
        let moderator = Reader::with_memberships(user("m", Role::Member), &[("g", Moderator)]);
        assert!(can_take(&moderator, ModerationAction::Remove).is_ok());
        assert!(can_take(&moderator, ModerationAction::Suspend).is_err());
        assert!(require_log_reader(&moderator, Some("g")).is_ok());
        assert!(require_log_reader(&moderator, None).is_err());
    }
}
