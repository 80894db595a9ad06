//! Writing notifications, inside the transaction of what caused them, and announcing them on
//! the live stream once it commits. Nobody is told about their own actions, or about a post
//! or community they may not see.

use hearth_common::events::EventBody;
use hearth_common::notifications::NotificationKind;
use hearth_db::communities;
use hearth_db::notifications::{self, NewNotification, NotificationRow};
use hearth_db::posts::PostRow;
use hearth_db::users::UserRow;
use hearth_db::{new_id, DbConnection};

use crate::error::ApiResult;
use crate::policy::posts::{can_see, Reader};
use crate::policy::users::People;
use crate::present;
use crate::stream::{Audience, Outbox};

/// What a notification is about.
pub struct About<'a> {
    pub kind: NotificationKind,
    pub actor: &'a UserRow,
    pub post: Option<&'a PostRow>,
    pub comment_id: Option<&'a str>,
    pub group_id: Option<&'a str>,
    pub conversation_id: Option<&'a str>,
    /// When it happened.
    pub at: i64,
    /// What a moderator said.
    pub note: Option<&'a str>,
}

impl<'a> About<'a> {
    pub fn new(kind: NotificationKind, actor: &'a UserRow, at: i64) -> About<'a> {
        About {
            at,
            note: None,
            kind,
            actor,
            post: None,
            comment_id: None,
            group_id: None,
            conversation_id: None,
        }
    }

    pub fn conversation(mut self, conversation_id: &'a str) -> Self {
        self.conversation_id = Some(conversation_id);
        self
    }

    pub fn post(mut self, post: &'a PostRow) -> Self {
        self.post = Some(post);
        self
    }

    pub fn comment(mut self, comment_id: &'a str) -> Self {
        self.comment_id = Some(comment_id);
        self
    }

    pub fn note(mut self, note: &'a str) -> Self {
        self.note = Some(note);
        self
    }

    pub fn group(mut self, group_id: &'a str) -> Self {
        self.group_id = Some(group_id);
        self
    }
}

pub fn tell(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    recipient: &UserRow,
    about: &About<'_>,
) -> ApiResult<()> {
    if recipient.id == about.actor.id || recipient.suspended {
        return Ok(());
    }
    // Nobody hears of someone they may not see (a guest, of people outside their
    // communities), or of a post they may not see.
    if !People::load(conn, recipient)?.can_view(about.actor) {
        return Ok(());
    }
    if let Some(post) = about.post {
        if !can_see(&Reader::load(conn, recipient.clone())?, post) {
            return Ok(());
        }
    }
    deliver(conn, outbox, recipient, about)
}

/// Tells each of `audience` (but the actor, and the suspended), who were chosen because
/// they may see the post and the actor: a must-read's audience. Skips the checks `tell`
/// makes per person, which would cost a few queries for each of thousands.
pub fn tell_audience(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    audience: &[UserRow],
    about: &About<'_>,
) -> ApiResult<()> {
    for recipient in audience {
        if recipient.id != about.actor.id && !recipient.suspended {
            deliver(conn, outbox, recipient, about)?;
        }
    }
    Ok(())
}

/// A notice to someone about what they did themselves (their report's outcome): the actor
/// is the recipient, so nobody else is named.
pub fn tell_self(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    recipient: &UserRow,
    about: &About<'_>,
) -> ApiResult<()> {
    deliver(conn, outbox, recipient, about)
}

fn deliver(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    recipient: &UserRow,
    about: &About<'_>,
) -> ApiResult<()> {
    let row = NotificationRow {
        id: new_id(),
        user_id: recipient.id.clone(),
        kind: about.kind.as_str().to_owned(),
        actor_id: about.actor.id.clone(),
        post_id: about.post.map(|p| p.id.clone()),
        comment_id: about.comment_id.map(str::to_owned),
        group_id: about.group_id.map(str::to_owned),
        conversation_id: about.conversation_id.map(str::to_owned),
        is_read: false,
        created_at: about.at,
        note: about.note.map(str::to_owned),
    };
    notifications::insert(
        conn,
        NewNotification {
            id: row.id.clone(),
            user_id: &row.user_id,
            kind: about.kind,
            actor_id: &row.actor_id,
            post_id: row.post_id.as_deref(),
            comment_id: row.comment_id.as_deref(),
            group_id: row.group_id.as_deref(),
            conversation_id: row.conversation_id.as_deref(),
            note: row.note.as_deref(),
            now: row.created_at,
        },
    )?;
    let group = match about.group_id {
        Some(id) => communities::find(conn, id)?,
        None => None,
    };
    let notification = present::notification(&row, about.actor, about.post, group.as_ref());
    outbox.push(
        &EventBody::NotificationCreated(notification),
        Audience::people([&recipient.id]).by(&about.actor.id),
    );
    Ok(())
}
