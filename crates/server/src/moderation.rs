//! Moderation, in one place: filing a report (three reporters hide a post), deciding one
//! (dismiss, remove, warn, suspend — the author told why, the reporters told the outcome,
//! never who reported), escalating reports left open for 48 hours to admins, and the log.

use hearth_common::error::ErrorCode;
use std::collections::BTreeSet;

use hearth_common::events::EventBody;
use hearth_common::events::PostDeleted;
use hearth_common::moderation::{
    CreateReportRequest, DecisionRequest, LogAction, ModerationAction, ReportOpened, ReportStatus,
    ReportTarget, ESCALATE_AFTER_HOURS, HIDE_AFTER_REPORTS, TEXT_MAX,
};
use hearth_common::notifications::NotificationKind;
use hearth_common::users::Role;
use hearth_db::moderation::{self as db, NewLog, NewReport, ReportRow};
use hearth_db::users::{self, UserRow};
use hearth_db::{comments, conversations, new_id, posts, DbConnection};

use crate::accounts;
use crate::content::excerpt;
use crate::error::{ApiError, ApiResult};
use crate::membership;
use crate::notify::{self, About};
use crate::policy::moderation as policy;
use crate::policy::posts::Reader;
use crate::routes::posts::visible_post;
use crate::stream::{Audience, Outbox};

const EXCERPT_CHARS: usize = 280;
const HOUR: i64 = 3_600_000_000;
/// What a removed message says instead.
const REMOVED_MESSAGE: &str = "This message was removed by a moderator.";

/// Where reported content is and who wrote it.
struct Located {
    post: Option<posts::PostRow>,
    post_id: Option<String>,
    conversation_id: Option<String>,
    group_id: Option<String>,
    author_id: String,
    excerpt: String,
}

/// The thing, if `reader` may see it (404 otherwise): a post or a comment they can read, a
/// message of one of their conversations.
fn locate(
    conn: &mut DbConnection,
    reader: &Reader,
    kind: ReportTarget,
    id: &str,
) -> ApiResult<Located> {
    Ok(match kind {
        ReportTarget::Post => {
            let post = visible_post(conn, reader, id)?.post;
            Located {
                post_id: Some(post.id.clone()),
                conversation_id: None,
                group_id: post.group_id.clone(),
                author_id: post.author_id.clone(),
                excerpt: post_excerpt(&post),
                post: Some(post),
            }
        }
        ReportTarget::Comment => {
            let comment = comments::find(conn, id)?.ok_or(ApiError::NotFound)?;
            let post = visible_post(conn, reader, &comment.post_id)?.post;
            if !reader.sees_person(&comment.author_id) {
                return Err(ApiError::NotFound);
            }
            Located {
                post_id: Some(post.id.clone()),
                conversation_id: None,
                group_id: post.group_id.clone(),
                author_id: comment.author_id.clone(),
                excerpt: excerpt(&comment.body, EXCERPT_CHARS),
                post: None,
            }
        }
        ReportTarget::Message => {
            let (message, _) = conversations::message(conn, id)?.ok_or(ApiError::NotFound)?;
            conversations::participant(conn, &message.conversation_id, &reader.user.id)?
                .ok_or(ApiError::NotFound)?;
            Located {
                post_id: None,
                conversation_id: Some(message.conversation_id.clone()),
                group_id: None,
                author_id: message.author_id.clone(),
                excerpt: excerpt(&message.body, EXCERPT_CHARS),
                post: None,
            }
        }
    })
}

fn post_excerpt(post: &posts::PostRow) -> String {
    post.title
        .clone()
        .unwrap_or_else(|| excerpt(&post.body, EXCERPT_CHARS))
}

/// Those who handle reports in `group` (none: company-wide and messages), but the author.
fn handlers(
    conn: &mut DbConnection,
    group: Option<&str>,
    escalated: bool,
    author: &str,
) -> ApiResult<Vec<UserRow>> {
    let mut people = match group {
        Some(g) => membership::moderators(conn, g)?,
        None => users::with_roles(conn, &[Role::Admin, Role::CommunityManager])?,
    };
    if escalated && group.is_some() {
        people.extend(users::with_roles(conn, &[Role::Admin])?);
    }
    people.retain(|p| p.id != author && !p.suspended);
    people.sort_by(|a, b| a.id.cmp(&b.id));
    people.dedup_by(|a, b| a.id == b.id);
    Ok(people)
}

fn bounded(field: &str, text: &str) -> ApiResult<String> {
    let text = text.trim();
    if text.chars().count() > TEXT_MAX {
        return Err(ApiError::invalid_field(
            field,
            format!("must be at most {TEXT_MAX} characters"),
        ));
    }
    Ok(text.to_owned())
}

/// Files `reader`'s report. A post with three open reports from different people is hidden
/// until decided.
pub fn report(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    reader: &Reader,
    request: &CreateReportRequest,
    now: i64,
) -> ApiResult<ReportRow> {
    let details = bounded("details", &request.details)?;
    let place = locate(conn, reader, request.target_kind, &request.target_id)?;
    if place.author_id == reader.user.id {
        return Err(ApiError::unprocessable(
            ErrorCode::OwnContent,
            "you cannot report what you wrote; edit or delete it instead",
        ));
    }
    let id = new_id();
    let filed = db::insert(
        conn,
        NewReport {
            id: &id,
            target_kind: request.target_kind,
            target_id: &request.target_id,
            post_id: place.post_id.as_deref(),
            conversation_id: place.conversation_id.as_deref(),
            group_id: place.group_id.as_deref(),
            author_id: &place.author_id,
            reporter_id: &reader.user.id,
            reason: request.reason.as_str(),
            details: &details,
            excerpt: &place.excerpt,
            now,
        },
    )?;
    if !filed {
        return Err(ApiError::conflict(
            ErrorCode::AlreadyReported,
            "you have already reported this",
        ));
    }
    let open = db::open_of(conn, request.target_kind, &request.target_id)?;
    let reporters: BTreeSet<&str> = open.iter().map(|r| r.reporter_id.as_str()).collect();
    if let Some(post) = &place.post {
        if reporters.len() >= HIDE_AFTER_REPORTS as usize && db::hide_post(conn, &post.id, now)? {
            db::log(
                conn,
                NewLog {
                    group_id: place.group_id.as_deref(),
                    actor_id: "",
                    action: LogAction::Hidden,
                    target_kind: request.target_kind.as_str(),
                    target_id: &post.id,
                    author_id: &place.author_id,
                    reason: &reasons(&open),
                    note: "",
                    now,
                },
            )?;
            outbox.push(
                &EventBody::PostDeleted(PostDeleted {
                    post_id: post.id.clone(),
                }),
                Audience::post(post),
            );
        }
    }
    let escalated = open.iter().any(|r| r.escalated);
    announce(conn, outbox, &open[0], escalated, &place.author_id)?;
    Ok(open
        .into_iter()
        .find(|r| r.id == id)
        .expect("the report just filed is open"))
}

fn reasons(open: &[ReportRow]) -> String {
    let reasons: BTreeSet<&str> = open.iter().map(|r| r.reason.as_str()).collect();
    reasons.into_iter().collect::<Vec<_>>().join(", ")
}

/// Tells those who handle it (and their open screens) that there is something to review.
fn announce(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    report: &ReportRow,
    escalated: bool,
    author: &str,
) -> ApiResult<()> {
    let people = handlers(conn, report.group_id.as_deref(), escalated, author)?;
    let kind = ReportTarget::parse(&report.target_kind).unwrap_or(ReportTarget::Post);
    outbox.push(
        &EventBody::ReportOpened(ReportOpened {
            target_kind: kind,
            target_id: report.target_id.clone(),
        }),
        Audience::people(people.iter().map(|p| p.id.clone())),
    );
    Ok(())
}

/// Decides every open report of one thing.
pub fn decide(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    reader: &Reader,
    request: &DecisionRequest,
    now: i64,
) -> ApiResult<ReportStatus> {
    let note = bounded("note", &request.note)?;
    let open = db::open_of(conn, request.target_kind, &request.target_id)?;
    let Some(first) = open.first() else {
        return Err(ApiError::NotFound);
    };
    let escalated = open.iter().any(|r| r.escalated);
    // Reports are invisible to those who do not handle them.
    if !policy::handles(
        reader,
        first.group_id.as_deref(),
        escalated,
        &first.author_id,
    ) {
        return Err(ApiError::NotFound);
    }
    policy::can_take(reader, request.action)?;
    let author = users::get(conn, &first.author_id)?;
    let (status, log_action) = match request.action {
        ModerationAction::Dismiss => (ReportStatus::Dismissed, LogAction::Dismissed),
        ModerationAction::Remove => (ReportStatus::Removed, LogAction::Removed),
        ModerationAction::Warn => (ReportStatus::Warned, LogAction::Warned),
        ModerationAction::Suspend => (ReportStatus::Suspended, LogAction::Suspended),
    };
    let what = format!("“{}”", excerpt(&first.excerpt, 80));
    match request.action {
        ModerationAction::Dismiss => {
            if request.target_kind == ReportTarget::Post {
                db::restore_post(conn, &request.target_id)?;
            }
        }
        ModerationAction::Remove | ModerationAction::Suspend => {
            remove(conn, outbox, request.target_kind, &request.target_id, now)?;
            let told = if note.is_empty() {
                format!("A moderator removed {what}.")
            } else {
                format!("A moderator removed {what}: {note}")
            };
            let about = About::new(NotificationKind::ContentRemoved, &reader.user, now).note(&told);
            notify::tell_audience(conn, outbox, std::slice::from_ref(&author), &about)?;
            if request.action == ModerationAction::Suspend {
                accounts::change(
                    conn,
                    outbox,
                    &reader.user.id,
                    &author,
                    author.role(),
                    true,
                    now,
                )?;
            }
        }
        ModerationAction::Warn => {
            let told = if note.is_empty() {
                format!("A moderator warns you about {what}.")
            } else {
                format!("A moderator warns you about {what}: {note}")
            };
            let about =
                About::new(NotificationKind::ModerationWarning, &reader.user, now).note(&told);
            notify::tell_audience(conn, outbox, std::slice::from_ref(&author), &about)?;
        }
    }
    db::decide(
        conn,
        request.target_kind,
        &request.target_id,
        status,
        &reader.user.id,
        now,
    )?;
    db::log(
        conn,
        NewLog {
            group_id: first.group_id.as_deref(),
            actor_id: &reader.user.id,
            action: log_action,
            target_kind: request.target_kind.as_str(),
            target_id: &request.target_id,
            author_id: &first.author_id,
            reason: &reasons(&open),
            note: &note,
            now,
        },
    )?;
    // Each reporter hears the outcome, as a notice about their own report: nobody else is
    // named, and the author never learns who reported.
    let outcome = match status {
        ReportStatus::Dismissed => "was reviewed; nothing was removed",
        ReportStatus::Removed => "was reviewed, and it was removed",
        ReportStatus::Warned => "was reviewed, and its author was warned",
        ReportStatus::Suspended => "was reviewed; it was removed and the account suspended",
        ReportStatus::Open => "is open",
    };
    let told = format!("Your report of {what} {outcome}. Thank you.");
    let reporters: BTreeSet<String> = open.iter().map(|r| r.reporter_id.clone()).collect();
    for reporter in reporters {
        if let Some(person) = users::find(conn, &reporter)? {
            let about = About::new(NotificationKind::ReportOutcome, &person, now).note(&told);
            notify::tell_self(conn, outbox, &person, &about)?;
        }
    }
    Ok(status)
}

/// Takes the content away: a post deleted (for good, if it was hidden), a comment deleted,
/// a message's text replaced.
fn remove(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    kind: ReportTarget,
    id: &str,
    now: i64,
) -> ApiResult<()> {
    match kind {
        ReportTarget::Post => {
            if let Some((post, _)) = posts::with_authors(conn, &[id.to_owned()])?.pop() {
                if db::is_hidden(conn, id)? {
                    db::settle_hidden(conn, id)?;
                } else if post.deleted_at.is_none() {
                    posts::delete(conn, &post, now)?;
                    outbox.push(
                        &EventBody::PostDeleted(PostDeleted {
                            post_id: post.id.clone(),
                        }),
                        Audience::post(&post),
                    );
                }
            }
        }
        ReportTarget::Comment => {
            if let Some(comment) = comments::find(conn, id)? {
                comments::delete(conn, &comment, now)?;
            }
        }
        ReportTarget::Message => db::blank_message(conn, id, REMOVED_MESSAGE, now)?,
    }
    Ok(())
}

/// Brings reports open for 48 hours to the admins; returns how many things were escalated.
pub fn escalate_due(conn: &mut DbConnection, outbox: &mut Outbox, now: i64) -> ApiResult<usize> {
    let due = db::escalate(conn, now - ESCALATE_AFTER_HOURS * HOUR)?;
    let mut things: Vec<&ReportRow> = Vec::new();
    for report in &due {
        if !things
            .iter()
            .any(|r| r.target_kind == report.target_kind && r.target_id == report.target_id)
        {
            things.push(report);
        }
    }
    let admins = users::with_roles(conn, &[Role::Admin])?;
    for report in &things {
        let author = users::get(conn, &report.author_id)?;
        db::log(
            conn,
            NewLog {
                group_id: report.group_id.as_deref(),
                actor_id: "",
                action: LogAction::Escalated,
                target_kind: &report.target_kind,
                target_id: &report.target_id,
                author_id: &report.author_id,
                reason: &report.reason,
                note: "",
                now,
            },
        )?;
        let told = format!(
            "A report of “{}” has waited 48 hours for a decision.",
            excerpt(&report.excerpt, 80)
        );
        let about = About::new(NotificationKind::ReportEscalated, &author, now).note(&told);
        let admins: Vec<UserRow> = admins
            .iter()
            .filter(|a| a.id != report.author_id && !a.suspended)
            .cloned()
            .collect();
        notify::tell_audience(conn, outbox, &admins, &about)?;
        announce(conn, outbox, report, true, &report.author_id)?;
    }
    Ok(things.len())
}
