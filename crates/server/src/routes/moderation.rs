//! `/reports` (anyone reports a post, comment or message) and `/moderation/*` (the queue,
//! decisions and the log, for those who handle reports).

use actix_web::{web, HttpResponse};
use hearth_common::error::ErrorBody;
use hearth_common::moderation::{
    CreateReportRequest, DecisionRequest, LogAction, LogEntry, ModerationQueue, OpenCount,
    QueueItem, Report, ReportReason, ReportStatus, ReportTarget,
};
use hearth_common::page::{Page, PageQuery};
use hearth_db::moderation::{self as db, ReportRow};
use hearth_db::time::to_datetime;
use hearth_db::{communities, users, DbConnection};

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::moderation;
use crate::pagination;
use crate::policy::moderation as policy;
use crate::policy::posts::Reader;
use crate::present;
use crate::state::AppState;

fn report_of(row: &ReportRow) -> Report {
    Report {
        id: row.id.clone(),
        target_kind: ReportTarget::parse(&row.target_kind).unwrap_or(ReportTarget::Post),
        target_id: row.target_id.clone(),
        reason: ReportReason::parse(&row.reason).unwrap_or(ReportReason::Other),
        status: ReportStatus::parse(&row.status).unwrap_or(ReportStatus::Open),
        created_at: to_datetime(row.created_at),
    }
}

/// Report something
///
/// A post, a comment or a message (of one's own conversations) that breaks the rules. The
/// community's moderators review reports of its content, community managers and admins
/// those of company-wide content and messages; after 48 hours admins are brought in. Three
/// reports of a post from different people hide it until it is reviewed. The reporter hears
/// the outcome; the author never learns who reported.
#[utoipa::path(
    post, path = "/api/v1/reports", operation_id = "create_report", tag = "moderation",
    request_body = CreateReportRequest,
    responses(
        (status = 201, description = "Reported", body = Report),
        (status = 404, description = "No such thing, or not visible to the caller", body = ErrorBody),
        (status = 409, description = "Already reported by the caller (`already_reported`)", body = ErrorBody),
        (status = 422, description = "Their own content (`own_content`), or details too long (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateReportRequest>,
) -> ApiResult<HttpResponse> {
    let request = body.into_inner();
    let now = state.now();
    let row = state
        .write_announcing(move |conn, outbox| {
            let reader = Reader::load(conn, caller.user)?;
            moderation::report(conn, outbox, &reader, &request, now)
        })
        .await?;
    Ok(HttpResponse::Created().json(report_of(&row)))
}

/// My reports
///
/// The caller's last 100 reports, newest first, with where each stands.
#[utoipa::path(
    get, path = "/api/v1/reports", operation_id = "list_my_reports", tag = "moderation",
    responses((status = 200, description = "My reports", body = Vec<Report>))
)]
pub async fn mine(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<Report>>> {
    let rows = state
        .read(move |conn| Ok(db::by_reporter(conn, &caller.user.id)?))
        .await?;
    Ok(web::Json(rows.iter().map(report_of).collect()))
}

/// Reported things the caller handles, one item per thing, oldest first.
fn queue(conn: &mut DbConnection, reader: &Reader) -> ApiResult<Vec<QueueItem>> {
    let open = db::open(conn)?;
    let mut items: Vec<(Vec<&ReportRow>, bool)> = Vec::new();
    for row in &open {
        match items.iter_mut().find(|(rows, _)| {
            rows[0].target_kind == row.target_kind && rows[0].target_id == row.target_id
        }) {
            Some((rows, _)) => rows.push(row),
            None => items.push((vec![row], false)),
        }
    }
    let mut out = Vec::new();
    for (rows, _) in items {
        let first = rows[0];
        let escalated = rows.iter().any(|r| r.escalated);
        if !policy::handles(
            reader,
            first.group_id.as_deref(),
            escalated,
            &first.author_id,
        ) {
            continue;
        }
        let community = match &first.group_id {
            Some(id) => communities::find(conn, id)?.map(|c| present::group_summary(&c)),
            None => None,
        };
        let author = users::get(conn, &first.author_id)?;
        let mut reasons: Vec<ReportReason> = rows
            .iter()
            .filter_map(|r| ReportReason::parse(&r.reason))
            .collect();
        reasons.sort_by_key(|r| r.as_str());
        reasons.dedup();
        let kind = ReportTarget::parse(&first.target_kind).unwrap_or(ReportTarget::Post);
        out.push(QueueItem {
            target_kind: kind,
            target_id: first.target_id.clone(),
            post_id: first.post_id.clone(),
            conversation_id: first.conversation_id.clone(),
            community,
            author: present::user_summary(&author),
            excerpt: first.excerpt.clone(),
            reports: u32::try_from(rows.len()).unwrap_or(u32::MAX),
            reasons,
            details: rows
                .iter()
                .map(|r| r.details.clone())
                .filter(|d| !d.is_empty())
                .collect(),
            first_reported_at: to_datetime(first.created_at),
            escalated,
            hidden: kind == ReportTarget::Post && db::is_hidden(conn, &first.target_id)?,
        });
    }
    Ok(out)
}

/// The moderation queue
///
/// Reported things waiting for the caller's decision: for a community's owners and
/// moderators its content; for community managers and admins company-wide content and
/// messages; for admins also whatever has waited 48 hours. Never the caller's own content,
/// and never who reported.
#[utoipa::path(
    get, path = "/api/v1/moderation/queue", operation_id = "moderation_queue", tag = "moderation",
    responses((status = 200, description = "What waits for a decision", body = ModerationQueue))
)]
pub async fn get_queue(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<ModerationQueue>> {
    let items = state
        .read(move |conn| {
            let reader = Reader::load(conn, caller.user)?;
            queue(conn, &reader)
        })
        .await?;
    Ok(web::Json(ModerationQueue { items }))
}

/// How many things wait for me
#[utoipa::path(
    get, path = "/api/v1/moderation/open_count", operation_id = "moderation_open_count", tag = "moderation",
    responses((status = 200, description = "Reported things waiting for the caller", body = OpenCount))
)]
pub async fn open_count(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<OpenCount>> {
    let count = state
        .read(move |conn| {
            let reader = Reader::load(conn, caller.user)?;
            Ok(queue(conn, &reader)?.len())
        })
        .await?;
    Ok(web::Json(OpenCount {
        count: u32::try_from(count).unwrap_or(u32::MAX),
    }))
}

/// Decide a reported thing
///
/// Closes every open report of it: `dismiss` (a hidden post is shown again), `remove` (the
/// author is told why, with `note`), `warn` (the author gets `note` as a warning), `suspend`
/// (removed, and the author's account suspended; admins only). Reporters hear the outcome.
#[utoipa::path(
    post, path = "/api/v1/moderation/decisions", operation_id = "moderation_decide", tag = "moderation",
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "Decided: the reports' status now", body = ReportStatus),
        (status = 403, description = "Suspending is for admins (`admin_only`)", body = ErrorBody),
        (status = 404, description = "Nothing open about it that the caller handles", body = ErrorBody),
        (status = 409, description = "It would suspend the last admin (`last_admin`)", body = ErrorBody),
        (status = 422, description = "Note too long (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn decide(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<DecisionRequest>,
) -> ApiResult<web::Json<ReportStatus>> {
    let request = body.into_inner();
    let now = state.now();
    let status = state
        .write_announcing(move |conn, outbox| {
            let reader = Reader::load(conn, caller.user)?;
            moderation::decide(conn, outbox, &reader, &request, now)
        })
        .await?;
    Ok(web::Json(status))
}

/// `?group_id=` of the moderation log.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LogQuery {
    /// The community; without it, the log of company-wide content and messages.
    pub group_id: Option<String>,
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The moderation log
///
/// What was hidden, escalated and decided, newest first, append only: a community's (for
/// its owners and moderators, community managers and admins), or with no `group_id` that
/// of company-wide content and messages (community managers and admins). Reporters are
/// never named.
#[utoipa::path(
    get, path = "/api/v1/moderation/log", operation_id = "moderation_log", tag = "moderation",
    params(LogQuery),
    responses(
        (status = 200, description = "A page of the log", body = Page<LogEntry>),
        (status = 403, description = "Not a moderator here (`moderators_only`)", body = ErrorBody),
        (status = 404, description = "No such community, or not visible", body = ErrorBody),
    )
)]
pub async fn log(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<LogQuery>,
) -> ApiResult<web::Json<Page<LogEntry>>> {
    let LogQuery {
        group_id,
        limit,
        cursor,
    } = query.into_inner();
    let (limit, after) = pagination::time_keyed(&PageQuery { limit, cursor })?;
    let (rows, people, community) = state
        .read(move |conn| {
            let community = match &group_id {
                Some(id) => {
                    let c = crate::membership::Community::load(conn, id, &caller.user)?;
                    crate::policy::groups::require_visible(&c.standing(&caller.user))?;
                    Some(present::group_summary(&c.row))
                }
                None => None,
            };
            let reader = Reader::load(conn, caller.user)?;
            policy::require_log_reader(&reader, group_id.as_deref())?;
            let rows = db::log_of(conn, group_id.as_deref(), after, limit + 1)?;
            let mut ids: Vec<String> = rows
                .iter()
                .flat_map(|r| [r.actor_id.clone(), r.author_id.clone()])
                .filter(|id| !id.is_empty())
                .collect();
            ids.sort();
            ids.dedup();
            Ok((rows, users::by_ids(conn, &ids)?, community))
        })
        .await?;
    let summary = |id: &str| {
        people
            .iter()
            .find(|u| u.id == id)
            .map(present::user_summary)
    };
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |row| pagination::encode_time_id(row.created_at, &row.id),
        |row| summary(&row.author_id).is_some() && LogAction::parse(&row.action).is_some(),
        |row| LogEntry {
            id: row.id.clone(),
            community: community.clone(),
            actor: summary(&row.actor_id),
            action: LogAction::parse(&row.action).expect("kept rows have an action"),
            target_kind: ReportTarget::parse(&row.target_kind).unwrap_or(ReportTarget::Post),
            target_id: row.target_id.clone(),
            author: summary(&row.author_id).expect("kept rows have an author"),
            reason: row.reason.clone(),
            note: row.note.clone(),
            created_at: to_datetime(row.created_at),
        },
    )))
}
