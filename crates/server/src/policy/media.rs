//! Who may fetch an upload: exactly whoever may see what it belongs to. An upload not used
//! yet is its uploader's alone; one whose post or account is gone is nobody's.

use hearth_db::posts::PostRow;
use hearth_db::users::UserRow;

use crate::policy::posts::{self, Reader};

/// What an upload belongs to, loaded for the check.
#[derive(Debug, Clone)]
pub enum Owner {
    /// Waiting to be used.
    Unused,
    /// Attached to this post.
    Post(PostRow),
    /// This person's avatar.
    Avatar(UserRow),
    /// What it belonged to is gone.
    Gone,
}

pub fn can_see(reader: &Reader, uploader_id: &str, owner: &Owner) -> bool {
    match owner {
        Owner::Unused => reader.user.id == uploader_id,
        Owner::Post(post) => posts::can_see(reader, post),
        Owner::Avatar(person) => reader.people().can_view(person),
        Owner::Gone => false,
    }
}

/// Only the uploader describes an upload (its alt text).
pub fn can_describe(reader: &Reader, uploader_id: &str) -> bool {
    reader.user.id == uploader_id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures::{post, user};
    use hearth_common::groups::GroupRole;
    use hearth_common::users::Role;

    fn reader(id: &str, role: Role, groups: &[(&str, GroupRole)]) -> Reader {
        Reader::with_memberships(user(id, role), groups)
    }

    #[test]
    fn an_upload_is_seen_by_who_sees_its_owner() {
        let company = Owner::Post(post("author", None, true));
        let secret = Owner::Post(post("author", Some("secret"), false));
        let mut suspended_post = post("author", None, true);
        suspended_post.author_suspended = true;
        let suspended = Owner::Post(suspended_post);
        let mut gone_post = post("author", None, true);
        gone_post.deleted_at = Some(1);
        let deleted = Owner::Post(gone_post);
        let employee_avatar = Owner::Avatar(user("author", Role::Member));
        let member = reader("viewer", Role::Member, &[]);
        let insider = reader("viewer", Role::Member, &[("secret", GroupRole::Member)]);
        let guest = reader("viewer", Role::Guest, &[("secret", GroupRole::Member)]);
        let uploader = reader("author", Role::Member, &[]);
        // (reader, owner, sees)
        let table: &[(&Reader, &Owner, bool)] = &[
            (&member, &company, true),
            (&guest, &company, false),
            (&member, &secret, false),
            (&insider, &secret, true),
            (&guest, &secret, true),
            (&member, &suspended, false),
            (&uploader, &deleted, false),
            (&member, &employee_avatar, true),
            // A guest alone sees no employee, nor their face.
            (&guest, &employee_avatar, false),
            (&uploader, &Owner::Unused, true),
            (&member, &Owner::Unused, false),
            (&uploader, &Owner::Gone, false),
        ];
        for (i, (reader, owner, sees)) in table.iter().enumerate() {
            assert_eq!(
                can_see(reader, "author", owner),
                *sees,
                "case {i}: {owner:?}"
            );
        }
        assert!(can_describe(&uploader, "author"));
        assert!(!can_describe(&member, "author"));
    }
}
