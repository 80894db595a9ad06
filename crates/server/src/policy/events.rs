//! Who receives a live event: the same rules as the REST reads, applied to the event's
//! audience. A post's events go to whoever may see the post; conversation events to the
//! participants; a notification to its recipient.

use std::collections::{HashMap, HashSet};

use hearth_common::users::Role;

use hearth_db::posts::PostRow;

use crate::policy::posts::{can_see, can_see_place, Reader};
use crate::stream::{Audience, Place};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The event as it is.
    Full,
    /// The event without the part the reader may not see (a share's original).
    Redacted,
    Withheld,
}

pub fn delivery(reader: &Reader, audience: &Audience) -> Delivery {
    match audience {
        Audience::People { ids, .. } if ids.contains(&reader.user.id) => Delivery::Full,
        Audience::People { .. } => Delivery::Withheld,
        Audience::Post {
            place,
            original,
            actor,
        } => {
            if !sees(reader, place) {
                Delivery::Withheld
            } else if original.as_ref().is_some_and(|o| !sees(reader, o))
                || actor.as_deref().is_some_and(|a| !reader.sees_person(a))
            {
                Delivery::Redacted
            } else {
                Delivery::Full
            }
        }
    }
}

fn sees(reader: &Reader, place: &Place) -> bool {
    can_see_place(reader, place.group_id.as_deref(), place.company)
}

/// Who receives an event replayed from the log: the same rule, applied to the posts as they
/// are now (`current`, by id), as a REST read would. A post since deleted, or whose author
/// was suspended, or whose community became secret, is not replayed to anyone who may not
/// see it today, and a share whose original they may no longer see comes redacted. A
/// deletion (`deletion`) still reaches those who may see where the post was. `suspended`
/// holds which of the events' actors are suspended now.
pub fn replay_delivery(
    reader: &Reader,
    audience: &Audience,
    current: &HashMap<String, PostRow>,
    suspended: &HashSet<String>,
    deletion: bool,
) -> Delivery {
    // Whoever acted and has been suspended since is gone for everyone but admins, as in
    // every list.
    if audience
        .actor()
        .is_some_and(|a| suspended.contains(a) && a != reader.user.id)
        && reader.user.role() != Role::Admin
    {
        return Delivery::Withheld;
    }
    let Audience::Post {
        place,
        original,
        actor,
    } = audience
    else {
        return delivery(reader, audience);
    };
    let now = |p: &Place| p.post_id.as_ref().and_then(|id| current.get(id));
    let Some(post) = now(place) else {
        // Not in the log's post: an event written before posts were named (see the log's
        // retention) is judged as it was stored; a post that no longer exists, by nobody.
        return match place.post_id {
            None => delivery(reader, audience),
            Some(_) => Delivery::Withheld,
        };
    };
    let visible = if deletion {
        can_see_place(reader, post.group_id.as_deref(), post.in_company_feed)
    } else {
        can_see(reader, post)
    };
    if !visible {
        return Delivery::Withheld;
    }
    let original_hidden = original
        .as_ref()
        .is_some_and(|o| !now(o).is_some_and(|p| can_see(reader, p)));
    if original_hidden || actor.as_deref().is_some_and(|a| !reader.sees_person(a)) {
        Delivery::Redacted
    } else {
        Delivery::Full
    }
}

#[cfg(test)]
mod tests {
    use hearth_common::groups::GroupRole;
    use hearth_common::users::Role;

    use super::*;
    use crate::policy::fixtures::user;

    fn place(group: Option<&str>, company: bool) -> Place {
        Place {
            group_id: group.map(Into::into),
            company,
            post_id: None,
        }
    }

    fn post_in(place: Place) -> Audience {
        Audience::Post {
            place,
            original: None,
            actor: None,
        }
    }

    /// Rows: who is reading. Columns: a company-wide post, a post in open community `o`, in
    /// closed community `c`, in secret community `s`, a message to `member`.
    #[test]
    fn who_receives_what() {
        let audiences = [
            post_in(place(None, true)),
            post_in(place(Some("o"), true)),
            post_in(place(Some("c"), false)),
            post_in(place(Some("s"), false)),
            Audience::people(["member"]),
        ];
        type Row<'a> = (&'a str, Role, Vec<(&'a str, GroupRole)>, [bool; 5]);
        let rows: [Row; 7] = [
            (
                "member",
                Role::Member,
                vec![],
                [true, true, false, false, true],
            ),
            (
                "admin",
                Role::Admin,
                vec![],
                [true, true, false, false, false],
            ),
            (
                "manager",
                Role::CommunityManager,
                vec![],
                [true, true, false, false, false],
            ),
            (
                "in_c",
                Role::Member,
                vec![("c", GroupRole::Member)],
                [true, true, true, false, false],
            ),
            (
                "owner_s",
                Role::Member,
                vec![("s", GroupRole::Owner)],
                [true, true, false, true, false],
            ),
            (
                "guest_c",
                Role::Guest,
                vec![("c", GroupRole::Member)],
                [false, false, true, false, false],
            ),
            (
                "guest_none",
                Role::Guest,
                vec![],
                [false, false, false, false, false],
            ),
        ];
        for (name, role, groups, expected) in rows {
            let reader = Reader::with_memberships(user(name, role), &groups);
            for (audience, expected) in audiences.iter().zip(expected) {
                let got = delivery(&reader, audience);
                let want = if expected {
                    Delivery::Full
                } else {
                    Delivery::Withheld
                };
                assert_eq!(got, want, "{name} receiving {audience:?}");
            }
        }
    }

    #[test]
    fn a_share_of_a_post_the_reader_cannot_see_arrives_redacted() {
        let share = Audience::Post {
            place: place(Some("c"), false),
            original: Some(place(None, true)),
            actor: None,
        };
        let guest = Reader::with_memberships(user("g", Role::Guest), &[("c", GroupRole::Member)]);
        let member = Reader::with_memberships(user("m", Role::Member), &[("c", GroupRole::Member)]);
        let outsider = Reader::with_memberships(user("o", Role::Member), &[]);
        assert_eq!(delivery(&guest, &share), Delivery::Redacted);
        assert_eq!(delivery(&member, &share), Delivery::Full);
        assert_eq!(delivery(&outsider, &share), Delivery::Withheld);
    }

    /// A guest sees their community's post, but not who of the employees outside it
    /// commented or reacted: those events come redacted (reactions: counts only) or not at all.
    #[test]
    fn a_guest_does_not_learn_who_outside_their_communities_acted() {
        let by = |actor: &str| post_in(place(Some("o"), true)).by(actor);
        let guest = Reader::with_memberships(user("g", Role::Guest), &[("o", GroupRole::Member)]);
        let employee = Reader::with_memberships(user("e", Role::Member), &[]);
        assert_eq!(delivery(&guest, &by("stranger")), Delivery::Redacted);
        assert_eq!(delivery(&guest, &by("g")), Delivery::Full);
        assert_eq!(delivery(&employee, &by("stranger")), Delivery::Full);
    }
}
