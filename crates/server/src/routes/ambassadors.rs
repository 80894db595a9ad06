//! `/ambassadors/*`: the invited person's own invitation and answer (`/ambassadors/me`), and
//! the programme for community managers and admins (how many candidates, who accepted, a
//! round on request, a message to all). The rules are `crate::ambassadors`.

use actix_web::{web, HttpResponse};
use hearth_common::ambassadors::{
    AmbassadorMessageRequest, AmbassadorMessageSent, AmbassadorProgramme, AmbassadorRound,
    AmbassadorStatus, MyAmbassadorship, INVITATION, MESSAGE_MAX,
};
use hearth_common::error::ErrorBody;
use hearth_db::ambassadors as db;
use hearth_db::time::to_datetime;
use hearth_db::users::UserRow;
use hearth_db::{communities, settings, DbConnection};

use crate::ambassadors;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::policy::insights::require_overseer;
use crate::present;
use crate::state::AppState;

fn mine(conn: &mut DbConnection, user: &UserRow) -> ApiResult<MyAmbassadorship> {
    let row = db::find(conn, &user.id)?;
    let status = row.as_ref().map(db::AmbassadorRow::status);
    let space = match (status, db::space(conn)?) {
        (Some(AmbassadorStatus::Accepted), Some(id)) => communities::find(conn, &id)?,
        _ => None,
    };
    Ok(MyAmbassadorship {
        status,
        invited_at: row.as_ref().map(|r| to_datetime(r.invited_at)),
        invitation: (status == Some(AmbassadorStatus::Invited)).then(|| INVITATION.to_owned()),
        space: space.as_ref().map(present::group_summary),
        programme_on: settings::get(conn)?.analytics_mode.ambassadors(),
    })
}

/// My invitation to the ambassadors
///
/// Whether Hearth invited the caller to join the ambassadors, and their answer. Only the
/// person themself ever sees this.
#[utoipa::path(
    get, path = "/api/v1/ambassadors/me", operation_id = "my_ambassadorship", tag = "ambassadors",
    responses((status = 200, description = "The caller's invitation, if any", body = MyAmbassadorship))
)]
pub async fn me(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<MyAmbassadorship>> {
    let user = caller.user;
    Ok(web::Json(state.read(move |conn| mine(conn, &user)).await?))
}

async fn answer(
    state: web::Data<AppState>,
    user: UserRow,
    accept: bool,
) -> ApiResult<MyAmbassadorship> {
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| {
            ambassadors::answer(conn, outbox, &user, accept, now)?;
            mine(conn, &user)
        })
        .await
}

/// Accept the invitation
///
/// The caller becomes an ambassador: a badge beside their name, and a place in the
/// ambassadors' (secret) community.
#[utoipa::path(
    post, path = "/api/v1/ambassadors/me/accept", operation_id = "accept_ambassadorship", tag = "ambassadors",
    responses(
        (status = 200, description = "An ambassador now", body = MyAmbassadorship),
        (status = 403, description = "Finding ambassadors is switched off (`ambassadors_off`)", body = ErrorBody),
        (status = 409, description = "No open invitation (`no_invitation`), or the ambassadors' community is full (`group_full`)", body = ErrorBody),
    )
)]
pub async fn accept(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<MyAmbassadorship>> {
    Ok(web::Json(answer(state, caller.user, true).await?))
}

/// Decline the invitation
///
/// Hearth will not invite the caller again.
#[utoipa::path(
    post, path = "/api/v1/ambassadors/me/decline", operation_id = "decline_ambassadorship", tag = "ambassadors",
    responses(
        (status = 200, description = "Declined", body = MyAmbassadorship),
        (status = 403, description = "Finding ambassadors is switched off (`ambassadors_off`)", body = ErrorBody),
        (status = 409, description = "No open invitation (`no_invitation`)", body = ErrorBody),
    )
)]
pub async fn decline(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<MyAmbassadorship>> {
    Ok(web::Json(answer(state, caller.user, false).await?))
}

/// Step down as ambassador
///
/// The badge goes, and the caller leaves the ambassadors' community (unless they run it).
#[utoipa::path(
    delete, path = "/api/v1/ambassadors/me", operation_id = "step_down_ambassador", tag = "ambassadors",
    responses(
        (status = 200, description = "No longer an ambassador", body = MyAmbassadorship),
        (status = 409, description = "Not an ambassador (`not_ambassador`)", body = ErrorBody),
    )
)]
pub async fn step_down(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<MyAmbassadorship>> {
    let user = caller.user;
    let now = state.now();
    Ok(web::Json(
        state
            .write_announcing(move |conn, outbox| {
                ambassadors::step_down(conn, outbox, &user, now)?;
                mine(conn, &user)
            })
            .await?,
    ))
}

/// The ambassadors programme
///
/// For community managers and admins: how many candidates the latest round found, how many
/// invitations wait for an answer, and who accepted, by name. Never who the candidates are,
/// a score or a ranking.
#[utoipa::path(
    get, path = "/api/v1/ambassadors", operation_id = "ambassador_programme", tag = "ambassadors",
    responses(
        (status = 200, description = "The programme", body = AmbassadorProgramme),
        (status = 403, description = "Not a community manager or admin (`managers_only`)", body = ErrorBody),
    )
)]
pub async fn programme(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<AmbassadorProgramme>> {
    require_overseer(&caller.user)?;
    Ok(web::Json(
        state
            .read(|conn| {
                let space = match db::space(conn)? {
                    Some(id) => communities::find(conn, &id)?,
                    None => None,
                };
                let last_round = ambassadors::latest_round(conn)?;
                Ok(AmbassadorProgramme {
                    programme_on: settings::get(conn)?.analytics_mode.ambassadors(),
                    candidates: last_round.as_ref().map_or(0, |r| r.candidates),
                    open_invitations: db::open_invitations(conn)?,
                    ambassadors: db::accepted(conn)?
                        .iter()
                        .map(present::user_summary)
                        .collect(),
                    space: space.as_ref().map(present::group_summary),
                    last_round,
                })
            })
            .await?,
    ))
}

/// Find candidates now
///
/// Runs a round at once (rounds also run on their own every 7 days): the interaction graph
/// of the last 90 days (replies, reactions, mentions; never direct messages), and an
/// invitation to each candidate never invited before. Answers how many, never whom.
#[utoipa::path(
    post, path = "/api/v1/ambassadors/rounds", operation_id = "run_ambassador_round", tag = "ambassadors",
    responses(
        (status = 200, description = "The round", body = AmbassadorRound),
        (status = 403, description = "Not a community manager or admin (`managers_only`), or finding ambassadors is switched off (`ambassadors_off`)", body = ErrorBody),
    )
)]
pub async fn run_round(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<AmbassadorRound>> {
    require_overseer(&caller.user)?;
    // On request a round always runs (or fails with the reason).
    let round = ambassadors::round(&state, true).await?;
    round.map(web::Json).ok_or(ApiError::NotFound)
}

/// Message every ambassador
///
/// A notification with the text to each ambassador, linking to their community.
#[utoipa::path(
    post, path = "/api/v1/ambassadors/message", operation_id = "message_ambassadors", tag = "ambassadors",
    request_body = AmbassadorMessageRequest,
    responses(
        (status = 202, description = "Sent", body = AmbassadorMessageSent),
        (status = 403, description = "Not a community manager or admin (`managers_only`)", body = ErrorBody),
        (status = 422, description = "Empty or too long (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn message(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<AmbassadorMessageRequest>,
) -> ApiResult<HttpResponse> {
    require_overseer(&caller.user)?;
    let text = body.into_inner().body.trim().to_owned();
    if text.is_empty() || text.chars().count() > MESSAGE_MAX {
        return Err(ApiError::invalid_field(
            "body",
            format!("must be 1 to {MESSAGE_MAX} characters"),
        ));
    }
    let manager = caller.user;
    let now = state.now();
    let sent = state
        .write_announcing(move |conn, outbox| {
            ambassadors::message_all(conn, outbox, &manager, &text, now)
        })
        .await?;
    Ok(HttpResponse::Accepted().json(AmbassadorMessageSent { sent }))
}
