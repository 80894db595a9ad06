//! Posts and comments: who sees them, who may write where, who may change or delete them.
//! Every read path (post, feeds, comments, reactions, shares, notifications) asks `can_see`
//! or uses `audience`; both say the same thing, one per post and one as a feed filter.

use hearth_common::error::ErrorCode;
use hearth_common::groups::{GroupRole, Privacy};
use hearth_common::users::Role;
use hearth_db::comments::CommentRow;
use hearth_db::communities::{self, CommunityRow};
use hearth_db::posts::{Audience, PostRow, Source};
use hearth_db::users::UserRow;
use hearth_db::DbConnection;

use crate::error::{ApiError, ApiResult};
use crate::policy::users::People;

/// A person reading or writing posts, with the communities they are an active member of.
#[derive(Debug, Clone)]
pub struct Reader {
    pub user: UserRow,
    memberships: Vec<(String, GroupRole)>,
    /// Whom they may see: a guest sees a post of their community, but not the comments and
    /// reactions on it of employees outside it.
    people: People,
}

impl Reader {
    pub fn load(conn: &mut DbConnection, user: UserRow) -> ApiResult<Reader> {
        let memberships: Vec<(String, GroupRole)> = communities::active_roles(conn, &user.id)?
            .into_iter()
            .map(|(id, role)| (id, GroupRole::parse(&role).unwrap_or(GroupRole::Member)))
            .collect();
        let people = People::load(conn, &user)?;
        Ok(Reader {
            user,
            memberships,
            people,
        })
    }

    #[cfg(test)]
    pub(crate) fn with_memberships(user: UserRow, memberships: &[(&str, GroupRole)]) -> Reader {
        Reader {
            people: People::alone(&user),
            user,
            memberships: memberships
                .iter()
                .map(|(id, role)| (id.to_string(), *role))
                .collect(),
        }
    }

    /// Whom the reader may see.
    pub fn people(&self) -> &People {
        &self.people
    }

    /// Whether the reader may see who `person_id` is, as the author of a comment or the
    /// one who reacted (see `People::knows`).
    pub fn sees_person(&self, person_id: &str) -> bool {
        self.people.knows(person_id)
    }

    pub fn group_ids(&self) -> Vec<String> {
        self.memberships.iter().map(|(id, _)| id.clone()).collect()
    }

    pub(crate) fn role_in(&self, group: Option<&str>) -> Option<GroupRole> {
        let group = group?;
        self.memberships
            .iter()
            .find(|(id, _)| id == group)
            .map(|(_, role)| *role)
    }

    fn employee(&self) -> bool {
        self.user.role().is_employee()
    }
}

/// The posts `reader` may see: the company feed's (company-wide and open communities) for
/// employees, and those of their own communities.
pub fn audience(reader: &Reader) -> Audience {
    Audience {
        company: reader.employee(),
        groups: reader.group_ids(),
    }
}

/// The home feed's sources: company-wide posts (employees), my communities, and what the
/// people I follow post where every employee may read it.
pub fn home<'a>(reader: &Reader, groups: &'a [String], followed: &'a [String]) -> Source<'a> {
    Source::Home {
        company_wide: reader.employee(),
        groups,
        followed,
    }
}

/// Whether `reader` may know this post exists. Deleted posts and posts of suspended people
/// are gone for everyone.
pub fn can_see(reader: &Reader, post: &PostRow) -> bool {
    if post.deleted_at.is_some() || post.author_suspended {
        return false;
    }
    can_see_place(reader, post.group_id.as_deref(), post.in_company_feed)
}

/// Whether `reader` may see posts written in `group` (none: company-wide) that are, or are
/// not, in the company feed. `can_see` and the live stream both ask this.
pub fn can_see_place(reader: &Reader, group: Option<&str>, in_company_feed: bool) -> bool {
    (in_company_feed && reader.employee()) || reader.role_in(group).is_some()
}

/// Where `reader` may post: company-wide needs an employee; a community needs a member, and
/// not to be archived.
/// `group` is the community named, already checked to exist.
pub fn can_post_to(reader: &Reader, group: Option<&CommunityRow>) -> ApiResult<()> {
    match group {
        None if reader.employee() => Ok(()),
        None => Err(ApiError::forbidden(
            ErrorCode::CompanyWideNotAllowed,
            "guests can post only in their communities",
        )),
        Some(g) if reader.role_in(Some(&g.id)).is_some() => super::groups::require_not_archived(g),
        Some(g) if reader.employee() && g.privacy() != Privacy::Secret => Err(ApiError::forbidden(
            ErrorCode::MembersOnly,
            "only members can post in this community",
        )),
        Some(_) => Err(ApiError::NotFound),
    }
}

/// A share may not carry a post to a wider audience than the original's: a post of a closed
/// or secret community stays in it.
pub fn can_share(
    reader: &Reader,
    original: &PostRow,
    target: Option<&CommunityRow>,
) -> ApiResult<()> {
    can_post_to(reader, target)?;
    let private_original = original.group_id.is_some() && !original.in_company_feed;
    let same_community = target.is_some_and(|t| Some(&t.id) == original.group_id.as_ref());
    if private_original && !same_community {
        return Err(ApiError::forbidden(
            ErrorCode::ShareNotAllowed,
            "posts of this community cannot be shared outside it",
        ));
    }
    Ok(())
}

/// Editing is for the author alone.
pub fn can_edit(user: &UserRow, author_id: &str) -> ApiResult<()> {
    if user.id == author_id {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            ErrorCode::NotAuthor,
            "only the author can edit this",
        ))
    }
}

/// Moderation rights over what is posted in `group` (or company-wide): admins, community
/// managers, and the community's owners and moderators.
fn moderates(reader: &Reader, group: Option<&str>) -> bool {
    matches!(reader.user.role(), Role::Admin | Role::CommunityManager)
        || matches!(
            reader.role_in(group),
            Some(GroupRole::Owner | GroupRole::Moderator)
        )
}

pub fn can_delete_post(reader: &Reader, post: &PostRow) -> ApiResult<()> {
    if reader.user.id == post.author_id || moderates(reader, post.group_id.as_deref()) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            ErrorCode::NotAllowed,
            "only the author or a moderator can delete this",
        ))
    }
}

pub fn can_delete_comment(reader: &Reader, comment: &CommentRow, post: &PostRow) -> ApiResult<()> {
    if reader.user.id == comment.author_id || moderates(reader, post.group_id.as_deref()) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            ErrorCode::NotAllowed,
            "only the author or a moderator can delete this",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures::{post, user};

    fn reader(role: Role, groups: &[(&str, GroupRole)]) -> Reader {
        Reader::with_memberships(user("viewer", role), groups)
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
        let company_post = post("author", None, true);
        for (role, sees, posts_company_wide, deletes) in table {
            let r = reader(role, &[]);
            assert_eq!(can_see(&r, &company_post), sees, "{role:?} sees");
            assert_eq!(
                can_post_to(&r, None).is_ok(),
                posts_company_wide,
                "{role:?} posts"
            );
            assert_eq!(
                can_delete_post(&r, &company_post).is_ok(),
                deletes,
                "{role:?} deletes"
            );
            assert!(
                can_edit(&r.user, "author").is_err(),
                "{role:?} edits another's post"
            );
        }
    }

    #[test]
    fn community_posts_by_membership() {
        let closed = post("author", Some("g"), false);
        let open = post("author", Some("g"), true);
        let outsider = reader(Role::Member, &[]);
        let member = reader(Role::Member, &[("g", GroupRole::Member)]);
        let moderator = reader(Role::Member, &[("g", GroupRole::Moderator)]);
        let guest_in = reader(Role::Guest, &[("g", GroupRole::Member)]);
        let guest_out = reader(Role::Guest, &[("h", GroupRole::Member)]);
        assert!(!can_see(&outsider, &closed) && can_see(&outsider, &open));
        assert!(can_see(&member, &closed) && can_see(&guest_in, &closed));
        assert!(
            !can_see(&guest_out, &open),
            "guests see only their communities"
        );
        assert!(can_delete_post(&moderator, &closed).is_ok());
        assert!(can_delete_post(&member, &closed).is_err());
    }

    #[test]
    fn deleted_and_suspended_posts_are_gone_for_everyone() {
        let admin = reader(Role::Admin, &[]);
        let mut deleted = post("a", None, true);
        deleted.deleted_at = Some(1);
        let mut suspended = post("a", None, true);
        suspended.author_suspended = true;
        assert!(!can_see(&admin, &deleted));
        assert!(!can_see(&admin, &suspended));
    }

    #[test]
    fn shares_never_widen_a_closed_community_post() {
        let member = reader(Role::Member, &[("g", GroupRole::Member)]);
        let closed = post("a", Some("g"), false);
        let err = can_share(&member, &closed, None).unwrap_err();
        assert!(matches!(
            err,
            ApiError::Forbidden {
                code: ErrorCode::ShareNotAllowed,
                ..
            }
        ));
        assert!(can_share(&member, &post("a", Some("g"), true), None).is_ok());
        assert!(can_share(&member, &post("a", None, true), None).is_ok());
    }
}
