//! The to-do list, live: when something happens that can change a community's to-do items,
//! those who look after it are told (`insights.todo_changed`) and their screens reload the
//! list. The list itself is always counted when it is read; this only says when to read it.
//!
//! What changes the items between two countings: a post in the last 28 days turning 48 hours
//! old unanswered (the timed duties), someone else answering such a post, a post ending a
//! quiet spell, and the community crossing a size guideline.

use hearth_common::events::EventBody;
use hearth_common::insights::{
    TodoChanged, ANSWER_HOURS, QUIET_DAYS, SIZE_APPROACHING, SIZE_GUIDANCE,
};
use hearth_common::users::Role;
use hearth_db::health::{self, DAY};
use hearth_db::posts::PostRow;
use hearth_db::{communities, users, DbConnection};

use crate::error::ApiResult;
use crate::insights::SIGNAL_WINDOW;
use crate::membership;
use crate::policy::groups::Standing;
use crate::policy::insights::looks_after;
use crate::stream::{Audience, Outbox};

const ANSWER_WITHIN: i64 = ANSWER_HOURS * 3_600_000_000;

/// Tells everyone who looks after `community` (its owners and moderators, and the admins
/// and community managers who may see it) that its to-do items may have changed.
pub fn changed(conn: &mut DbConnection, outbox: &mut Outbox, community: &str) -> ApiResult<()> {
    let Some(row) = communities::find(conn, community)? else {
        return Ok(());
    };
    let mut people = membership::moderators(conn, community)?;
    for overseer in users::with_roles(conn, &[Role::Admin, Role::CommunityManager])? {
        let membership = communities::membership(conn, community, &overseer.id)?;
        let standing = Standing {
            user: &overseer,
            community: &row,
            membership: membership.as_ref(),
        };
        if looks_after(&standing) {
            people.push(overseer);
        }
    }
    people.retain(|p| !p.suspended);
    let mut ids: Vec<String> = people.into_iter().map(|p| p.id).collect();
    ids.sort();
    ids.dedup();
    if !ids.is_empty() {
        outbox.push(
            &EventBody::TodoChanged(TodoChanged {
                group_id: community.to_owned(),
            }),
            Audience::people(ids),
        );
    }
    Ok(())
}

/// After a comment: the first answer by someone else to a community post that had waited
/// over 48 hours (and is recent enough to be on the list) takes an unanswered post away.
pub fn after_comment(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    post: &PostRow,
    commenter: &str,
    now: i64,
) -> ApiResult<()> {
    let Some(community) = &post.group_id else {
        return Ok(());
    };
    let age = now - post.created_at;
    let listed = age > ANSWER_WITHIN && age <= i64::from(SIGNAL_WINDOW) * DAY;
    if commenter != post.author_id
        && listed
        && health::answers_by_others(conn, &post.id, &post.author_id)? == 1
    {
        changed(conn, outbox, community)?;
    }
    Ok(())
}

/// Before a post in a community: whether it ends a quiet spell (no post for 14 days), so
/// that `changed` is called once it is written.
pub fn ends_quiet_spell(conn: &mut DbConnection, community: &str, now: i64) -> ApiResult<bool> {
    let last = match health::last_post_at(conn, community)? {
        Some(at) => at,
        None => communities::get(conn, community)?.created_at,
    };
    Ok(now - last >= QUIET_DAYS * DAY)
}

/// Where a member count stands against the size guidance: under, approaching, over.
pub fn size_band(members: i64) -> u8 {
    let members = u64::try_from(members).unwrap_or(0);
    if members > SIZE_GUIDANCE {
        2
    } else if members >= SIZE_APPROACHING {
        1
    } else {
        0
    }
}

/// After the timed duties' last round at `since`: the communities whose posts turned 48
/// hours old unanswered since then.
pub fn turned_unanswered(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    since: i64,
    now: i64,
) -> ApiResult<()> {
    for community in health::turned_unanswered(conn, since - ANSWER_WITHIN, now - ANSWER_WITHIN)? {
        changed(conn, outbox, &community)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_bands() {
        for (members, band) in [(0, 0), (119, 0), (120, 1), (150, 1), (151, 2), (2_000, 2)] {
            assert_eq!(size_band(members), band, "{members}");
        }
    }
}
