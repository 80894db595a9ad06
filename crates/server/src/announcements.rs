//! Must-read reminders: after 24 and after 72 hours, those who have not acknowledged are
//! reminded once each (one reminder when both are due at once, after a pause); run by every
//! process (`duties`), with the must-read locked so that two processes never send the same
//! reminder.

use hearth_common::announcements::REMINDER_HOURS;
use hearth_common::notifications::NotificationKind;
use hearth_db::{announcements, posts, users, DbConnection};

use crate::error::ApiResult;
use crate::notify::{self, About};
use crate::policy::posts::{can_see, Reader};
use crate::state::AppState;
use crate::stream::Outbox;

/// Sends the reminders that are due; returns how many must-reads were reminded.
pub async fn remind_due(state: &AppState) -> ApiResult<usize> {
    let now = state.now();
    let due = state
        .read(move |conn| Ok(announcements::reminders_due(conn, now, &REMINDER_HOURS)?))
        .await?;
    let mut reminded = 0;
    for post_id in due {
        let sent = state
            .write_announcing(move |conn, outbox| remind_once(conn, outbox, &post_id, now))
            .await?;
        reminded += usize::from(sent);
    }
    Ok(reminded)
}

fn remind_once(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    post_id: &str,
    now: i64,
) -> ApiResult<bool> {
    announcements::lock(conn, post_id)?;
    let Some(must_read) = announcements::find(conn, post_id)? else {
        return Ok(false);
    };
    let hour = 3_600_000_000i64;
    let passed = REMINDER_HOURS
        .iter()
        .filter(|h| must_read.marked_at + *h * hour <= now)
        .count();
    let passed = i32::try_from(passed).unwrap_or(i32::MAX);
    if passed <= must_read.reminders_sent {
        // Another process sent it meanwhile.
        return Ok(false);
    }
    announcements::set_reminders_sent(conn, post_id, passed)?;
    remind(conn, outbox, post_id, &must_read.marked_by, now)
}

/// Tells everyone who has not acknowledged the (still visible) post yet; false when it is gone.
pub fn remind(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    post_id: &str,
    from: &str,
    now: i64,
) -> ApiResult<bool> {
    let Some((post, _)) = posts::with_authors(conn, &[post_id.to_owned()])?.pop() else {
        return Ok(false);
    };
    if post.deleted_at.is_some() || post.author_suspended {
        return Ok(false);
    }
    let sender = users::get(conn, from)?;
    // Only those who may still see it: someone who has left its community since is not
    // reminded of (or shown the start of) a post they can no longer read.
    let mut waiting = Vec::new();
    for person in announcements::waiting(conn, post_id)? {
        if can_see(&Reader::load(conn, person.clone())?, &post) {
            waiting.push(person);
        }
    }
    let about = About::new(NotificationKind::MustReadReminder, &sender, now).post(&post);
    notify::tell_audience(conn, outbox, &waiting, &about)?;
    Ok(true)
}
