//! Who may fetch an upload: exactly whoever may see what it belongs to. An upload not used
//! yet is its uploader's alone; one whose post, comment, message, community or account is
//! gone is nobody's.

use hearth_db::communities::{CommunityRow, MemberRow};
use hearth_db::posts::PostRow;
use hearth_db::users::UserRow;

use crate::policy::groups::{self, Standing};
use crate::policy::posts::{self, Reader};

/// What an upload belongs to, loaded for the check.
#[derive(Debug, Clone)]
pub enum Owner {
    /// Waiting to be used.
    Unused,
    /// Attached to this post.
    Post(PostRow),
    /// Attached to a comment by `author` on this post.
    Comment { post: PostRow, author_id: String },
    /// Attached to a direct message; whether the reader takes part in its conversation.
    Message { participant: bool },
    /// This person's avatar.
    Avatar(UserRow),
    /// This community's cover, with the reader's membership of it.
    Cover {
        community: CommunityRow,
        membership: Option<MemberRow>,
    },
    /// What it belonged to is gone.
    Gone,
}

pub fn can_see(reader: &Reader, uploader_id: &str, owner: &Owner) -> bool {
    match owner {
        Owner::Unused => reader.user.id == uploader_id,
        Owner::Post(post) => posts::can_see(reader, post),
        // As the comment list: a guest does not see the comments of people they cannot see.
        Owner::Comment { post, author_id } => {
            posts::can_see(reader, post) && reader.sees_person(author_id)
        }
        Owner::Message { participant } => *participant,
        Owner::Avatar(person) => reader.people().can_view(person),
        // A secret community's cover is as unknown as its name.
        Owner::Cover {
            community,
            membership,
        } => groups::can_see(&Standing {
            user: &reader.user,
            community,
            membership: membership.as_ref(),
        }),
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
    use crate::policy::fixtures::{community, post, user};
    use hearth_common::groups::{GroupRole, MembershipStatus, Privacy};
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
        let on_company = |author: &str| Owner::Comment {
            post: post("author", None, true),
            author_id: author.into(),
        };
        let on_secret = Owner::Comment {
            post: post("author", Some("secret"), false),
            author_id: "viewer".into(),
        };
        let in_dm = Owner::Message { participant: true };
        let outside_dm = Owner::Message { participant: false };
        let cover = |privacy: Privacy, member: bool| Owner::Cover {
            community: community(privacy),
            membership: member.then(|| MemberRow {
                community_id: "g".into(),
                user_id: "viewer".into(),
                role: GroupRole::Member.as_str().into(),
                status: MembershipStatus::Active.as_str().into(),
                created_at: 0,
            }),
        };
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
            (&member, &on_company("someone"), true),
            (&guest, &on_company("someone"), false),
            (&member, &on_secret, false),
            (&insider, &on_secret, true),
            (&member, &in_dm, true),
            (&member, &outside_dm, false),
            // Not even the uploader, once the message is not theirs to see.
            (&uploader, &outside_dm, false),
            (&member, &cover(Privacy::Open, false), true),
            (&member, &cover(Privacy::Closed, false), true),
            (&member, &cover(Privacy::Secret, false), false),
            (&member, &cover(Privacy::Secret, true), true),
            (&guest, &cover(Privacy::Open, false), false),
            (&guest, &cover(Privacy::Open, true), true),
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
