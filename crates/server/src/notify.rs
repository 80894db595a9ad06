//! Writing notifications, inside the transaction of what caused them. Nobody is told about
//! their own actions, or about a post they may not see.

use hearth_common::notifications::NotificationKind;
use hearth_db::notifications::{self, NewNotification};
use hearth_db::posts::PostRow;
use hearth_db::users::UserRow;
use hearth_db::{new_id, time, DbConnection};

use crate::error::ApiResult;
use crate::policy;

/// What a notification is about.
pub struct About<'a> {
    pub kind: NotificationKind,
    pub actor: &'a UserRow,
    pub post: Option<&'a PostRow>,
    pub comment_id: Option<&'a str>,
}

pub fn tell(conn: &mut DbConnection, recipient: &UserRow, about: &About<'_>) -> ApiResult<()> {
    if recipient.id == about.actor.id || recipient.suspended {
        return Ok(());
    }
    if let Some(post) = about.post {
        if !policy::posts::can_see(recipient, post) {
            return Ok(());
        }
    }
    notifications::insert(
        conn,
        NewNotification {
            id: new_id(),
            user_id: &recipient.id,
            kind: about.kind,
            actor_id: &about.actor.id,
            post_id: about.post.map(|p| p.id.as_str()),
            comment_id: about.comment_id,
            now: time::now_micros(),
        },
    )?;
    Ok(())
}
