//! Posts and comments: who sees them, who may write where, who may change or delete them.
//! Every read path (post, feeds, comments, reactions, shares, notifications) asks `can_see`
//! or `audience`; both say the same thing, one per post and one as a feed filter.

use hearth_common::users::Role;
use hearth_db::comments::CommentRow;
use hearth_db::posts::{Audience, PostRow};
use hearth_db::users::UserRow;

use crate::error::{ApiError, ApiResult};

/// The posts `viewer` may see in feeds: company-wide posts for employees, and the posts of
/// the communities they may read. Communities are their own feature; until it exists no
/// post belongs to one, and a guest (who sees nothing company-wide) sees no posts.
pub fn audience(viewer: &UserRow) -> Audience {
    Audience {
        company_wide: viewer.role().is_employee(),
        groups: Vec::new(),
    }
}

/// Whether `viewer` may know this post exists. Deleted posts and posts of suspended people
/// are gone for everyone.
pub fn can_see(viewer: &UserRow, post: &PostRow) -> bool {
    if post.deleted_at.is_some() || post.author_suspended {
        return false;
    }
    let audience = audience(viewer);
    match &post.group_id {
        None => audience.company_wide,
        Some(group) => audience.groups.contains(group),
    }
}

/// Where `viewer` may post: company-wide needs an employee. `group_id` names a community,
/// which must exist and be one the viewer may post in.
pub fn can_post_to(viewer: &UserRow, group_id: Option<&str>) -> ApiResult<()> {
    match group_id {
        None if viewer.role().is_employee() => Ok(()),
        None => Err(ApiError::forbidden(
            "company_wide_not_allowed",
            "guests can post only in their communities",
        )),
        // No community exists yet, so none can be named.
        Some(_) => Err(ApiError::NotFound),
    }
}

/// A share may not carry a post to a wider audience than the original's: a post of a closed
/// or secret community stays in it.
pub fn can_share(
    viewer: &UserRow,
    original: &PostRow,
    target_group: Option<&str>,
) -> ApiResult<()> {
    can_post_to(viewer, target_group)?;
    match (&original.group_id, target_group) {
        (None, _) => Ok(()),
        (Some(from), Some(to)) if from == to => Ok(()),
        (Some(_), _) => Err(ApiError::forbidden(
            "share_not_allowed",
            "posts of this community cannot be shared outside it",
        )),
    }
}

/// Editing is for the author alone.
pub fn can_edit(viewer: &UserRow, author_id: &str) -> ApiResult<()> {
    if viewer.id == author_id {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "not_author",
            "only the author can edit this",
        ))
    }
}

/// Moderation rights over a post's content: admins and community managers (and, with
/// communities, their owners and moderators).
fn moderates(viewer: &UserRow) -> bool {
    matches!(viewer.role(), Role::Admin | Role::CommunityManager)
}

pub fn can_delete_post(viewer: &UserRow, post: &PostRow) -> ApiResult<()> {
    if viewer.id == post.author_id || moderates(viewer) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "not_allowed",
            "only the author or a moderator can delete this",
        ))
    }
}

pub fn can_delete_comment(viewer: &UserRow, comment: &CommentRow) -> ApiResult<()> {
    if viewer.id == comment.author_id || moderates(viewer) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "not_allowed",
            "only the author or a moderator can delete this",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, role: Role) -> UserRow {
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
            suspended: false,
            created_at: 0,
        }
    }

    fn post(author: &str, group: Option<&str>) -> PostRow {
        PostRow {
            id: "p".into(),
            author_id: author.into(),
            group_id: group.map(Into::into),
            title: None,
            body: "b".into(),
            body_html: "b".into(),
            topics: "[]".into(),
            mentions: "[]".into(),
            shared_post_id: None,
            reactions_like: 0,
            reactions_celebrate: 0,
            reactions_support: 0,
            reactions_insightful: 0,
            reactions_curious: 0,
            comment_count: 0,
            share_count: 0,
            author_suspended: false,
            edited_at: None,
            deleted_at: None,
            created_at: 0,
        }
    }

    /// role → (sees a company-wide post, may post company-wide, may delete another's post)
    #[test]
    fn post_rights_by_role() {
        let table = [
            (Role::Admin, true, true, true),
            (Role::CommunityManager, true, true, true),
            (Role::Member, true, true, false),
            (Role::Guest, false, false, false),
        ];
        let company_post = post("author", None);
        for (role, sees, posts_company_wide, deletes) in table {
            let viewer = user("viewer", role);
            assert_eq!(can_see(&viewer, &company_post), sees, "{role:?} sees");
            assert_eq!(
                can_post_to(&viewer, None).is_ok(),
                posts_company_wide,
                "{role:?} posts"
            );
            assert_eq!(
                can_delete_post(&viewer, &company_post).is_ok(),
                deletes,
                "{role:?} deletes"
            );
            assert!(
                can_edit(&viewer, "author").is_err(),
                "{role:?} edits another's post"
            );
            assert!(can_edit(&viewer, "viewer").is_ok());
        }
    }

    #[test]
    fn deleted_and_suspended_posts_are_gone_for_everyone() {
        let admin = user("admin", Role::Admin);
        let mut deleted = post("a", None);
        deleted.deleted_at = Some(1);
        let mut suspended = post("a", None);
        suspended.author_suspended = true;
        assert!(!can_see(&admin, &deleted));
        assert!(!can_see(&admin, &suspended));
    }

    #[test]
    fn shares_never_widen_a_community_post() {
        let member = user("m", Role::Member);
        let in_group = post("a", Some("g1"));
        let err = can_share(&member, &in_group, None).unwrap_err();
        assert!(matches!(
            err,
            ApiError::Forbidden {
                code: "share_not_allowed",
                ..
            }
        ));
        assert!(can_share(&member, &post("a", None), None).is_ok());
    }
}
