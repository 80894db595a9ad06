//! Pinned posts and must-reads: company-wide posts are pinned and made must-read by admins
//! and community managers; a community's posts are pinned by its owners and moderators and
//! made must-read by its owners. Who was asked is fixed, and only the author, whoever made it
//! a must-read, and admins see names.

use hearth_common::error::ErrorCode;
use hearth_common::groups::GroupRole;
use hearth_common::users::Role;
use hearth_db::announcements::MustReadRow;
use hearth_db::posts::PostRow;

use crate::error::{ApiError, ApiResult};
use crate::policy::posts::Reader;

fn oversees(reader: &Reader) -> bool {
    matches!(reader.user.role(), Role::Admin | Role::CommunityManager)
}

fn not_allowed(what: &str) -> ApiError {
    ApiError::forbidden(
        ErrorCode::NotAllowed,
        format!("you cannot {what} this post"),
    )
}

/// Pin or unpin the (visible) post in its place.
pub fn can_pin(reader: &Reader, post: &PostRow) -> ApiResult<()> {
    let allowed = match post.group_id.as_deref() {
        None => oversees(reader),
        Some(group) => matches!(
            reader.role_in(Some(group)),
            Some(GroupRole::Owner | GroupRole::Moderator)
        ),
    };
    if allowed {
        Ok(())
    } else {
        Err(not_allowed("pin"))
    }
}

/// Make the (visible) post a must-read, or withdraw that.
pub fn can_mark_must_read(reader: &Reader, post: &PostRow) -> ApiResult<()> {
    let allowed = match post.group_id.as_deref() {
        None => oversees(reader),
        Some(group) => reader.role_in(Some(group)) == Some(GroupRole::Owner),
    };
    if allowed {
        Ok(())
    } else {
        Err(not_allowed("make a must-read of"))
    }
}

/// Sees how far a must-read got (counts, by department): its author, whoever made it a
/// must-read, admins, community managers, and the community's owners and moderators.
pub fn follows_up(reader: &Reader, post: &PostRow, must_read: &MustReadRow) -> bool {
    sees_names(reader, post, must_read)
        || oversees(reader)
        || matches!(
            reader.role_in(post.group_id.as_deref()),
            Some(GroupRole::Owner | GroupRole::Moderator)
        )
}

/// Sees who acknowledged (the one exception to "no per-person activity"): the author,
/// whoever made it a must-read, and admins.
pub fn sees_names(reader: &Reader, post: &PostRow, must_read: &MustReadRow) -> bool {
    reader.user.id == post.author_id
        || reader.user.id == must_read.marked_by
        || reader.user.role() == Role::Admin
}

pub fn require_follows_up(reader: &Reader, post: &PostRow, m: &MustReadRow) -> ApiResult<()> {
    if follows_up(reader, post, m) {
        Ok(())
    } else {
        Err(not_allowed("follow up"))
    }
}

pub fn require_sees_names(reader: &Reader, post: &PostRow, m: &MustReadRow) -> ApiResult<()> {
    if sees_names(reader, post, m) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            ErrorCode::NamesNotVisible,
            "only the author, whoever made it a must-read, and admins see who acknowledged",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures::{self, user};

    fn post(group: Option<&str>) -> PostRow {
        fixtures::post("author", group, false)
    }

    fn must_read() -> MustReadRow {
        MustReadRow {
            post_id: "p".into(),
            marked_by: "marker".into(),
            marked_at: 0,
            deadline: 0,
            reminders_sent: 0,
            last_manual_reminder_at: None,
        }
    }

    /// (who, role, role in community g) × (company-wide or in g) →
    /// (pin, mark, follow up, names)
    #[test]
    fn who_pins_marks_and_follows_up() {
        use GroupRole::*;
        type Case = (
            &'static str,
            Role,
            Option<GroupRole>,
            Option<&'static str>,
            [bool; 4],
        );
        let cases: [Case; 12] = [
            ("admin", Role::Admin, None, None, [true, true, true, true]),
            (
                "manager",
                Role::CommunityManager,
                None,
                None,
                [true, true, true, false],
            ),
            (
                "member",
                Role::Member,
                None,
                None,
                [false, false, false, false],
            ),
            (
                "author",
                Role::Member,
                None,
                None,
                [false, false, true, true],
            ),
            (
                "marker",
                Role::Member,
                None,
                None,
                [false, false, true, true],
            ),
            (
                "owner",
                Role::Member,
                Some(Owner),
                None,
                [false, false, false, false],
            ),
            (
                "owner",
                Role::Member,
                Some(Owner),
                Some("g"),
                [true, true, true, false],
            ),
            (
                "moderator",
                Role::Member,
                Some(Moderator),
                Some("g"),
                [true, false, true, false],
            ),
            (
                "member",
                Role::Member,
                Some(Member),
                Some("g"),
                [false, false, false, false],
            ),
            (
                "guest",
                Role::Guest,
                Some(Member),
                Some("g"),
                [false, false, false, false],
            ),
            (
                "manager",
                Role::CommunityManager,
                None,
                Some("g"),
                [false, false, true, false],
            ),
            (
                "admin",
                Role::Admin,
                None,
                Some("g"),
                [false, false, true, true],
            ),
        ];
        for (who, role, in_g, group, [pin, mark, follow, names]) in cases {
            let memberships: Vec<(&str, GroupRole)> = in_g.map(|r| ("g", r)).into_iter().collect();
            let reader = Reader::with_memberships(user(who, role), &memberships);
            let p = post(group);
            let m = must_read();
            let case = format!("{who} {role:?} {in_g:?} {group:?}");
            assert_eq!(can_pin(&reader, &p).is_ok(), pin, "pin: {case}");
            assert_eq!(
                can_mark_must_read(&reader, &p).is_ok(),
                mark,
                "mark: {case}"
            );
            assert_eq!(follows_up(&reader, &p, &m), follow, "follow up: {case}");
            assert_eq!(sees_names(&reader, &p, &m), names, "names: {case}");
        }
    }
}
