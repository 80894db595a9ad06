//! Who receives a live event: the same rules as the REST reads, applied to the event's
//! audience. A post's events go to whoever may see the post; conversation events to the
//! participants; a notification to its recipient.

use std::collections::{HashMap, HashSet};

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
    // What someone suspended since did is gone, as their posts and comments are.
    if audience
        .actor()
        .is_some_and(|a| suspended.contains(a) && a != reader.user.id)
    {
        return Delivery::Withheld;
    }
    // A notice about someone the reader may no longer see (a guest who no longer shares a
    // community with them) is left out, as the notification list leaves it out.
    if matches!(audience, Audience::People { .. })
        && audience.actor().is_some_and(|a| !reader.sees_person(a))
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

    fn post(id: &str, group: Option<&str>, company: bool) -> PostRow {
        PostRow {
            id: id.into(),
            author_id: "author".into(),
            group_id: group.map(Into::into),
            title: None,
            body: String::new(),
            body_html: String::new(),
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
            in_company_feed: company,
            preview_url: None,
        }
    }

    /// A replay judges events by the posts and people as they are now, not as they were
    /// stored.
    #[test]
    fn a_replay_applies_todays_visibility() {
        let stored = |id: &str, group: Option<&str>, company: bool| Place {
            group_id: group.map(Into::into),
            company,
            post_id: Some(id.into()),
        };
        let employee = Reader::with_memberships(user("e", Role::Member), &[]);
        let guest = Reader::with_memberships(user("g", Role::Guest), &[("c", GroupRole::Member)]);
        let mut now: HashMap<String, PostRow> = HashMap::new();
        let none = HashSet::new();
        // A company-wide share of a post whose open community has since become secret.
        now.insert("share".into(), post("share", None, true));
        now.insert("original".into(), post("original", Some("o"), false));
        let share = Audience::Post {
            place: stored("share", None, true),
            original: Some(stored("original", Some("o"), true)),
            actor: None,
        };
        assert_eq!(
            replay_delivery(&employee, &share, &now, &none, false),
            Delivery::Redacted
        );
        // A post deleted since: its creation is not replayed, its deletion is.
        let mut deleted = post("gone", None, true);
        deleted.deleted_at = Some(1);
        now.insert("gone".into(), deleted);
        let gone = post_in(stored("gone", None, true));
        assert_eq!(
            replay_delivery(&employee, &gone, &now, &none, false),
            Delivery::Withheld
        );
        assert_eq!(
            replay_delivery(&employee, &gone, &now, &none, true),
            Delivery::Full
        );
        // A post that no longer exists at all.
        let missing = post_in(stored("missing", None, true));
        assert_eq!(
            replay_delivery(&employee, &missing, &now, &none, false),
            Delivery::Withheld
        );
        // A notice from someone suspended since, or whom a guest no longer shares a
        // community with.
        let notice = Audience::people(["e", "g"]).by("stranger");
        let suspended: HashSet<String> = ["stranger".to_string()].into();
        assert_eq!(
            replay_delivery(&employee, &notice, &now, &suspended, false),
            Delivery::Withheld
        );
        assert_eq!(
            replay_delivery(&employee, &notice, &now, &none, false),
            Delivery::Full
        );
        assert_eq!(
            replay_delivery(&guest, &notice, &now, &none, false),
            Delivery::Withheld
        );
    }
}
