//! `/stream`: the live event stream over a WebSocket.

use actix_web::{web, HttpRequest, HttpResponse};
use hearth_common::error::ErrorBody;
use hearth_common::error::ErrorCode;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::caller::{authenticate, bearer_token};
use crate::error::{ApiError, ApiResult};
use crate::policy::posts::Reader;
use crate::state::AppState;
use crate::stream::session::{self, Viewer};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// The id of the last event received: the events after it are sent first (those kept:
    /// at least the last 15 minutes and the last 10,000). Without it, only new events.
    since: Option<u64>,
    /// The access token, for clients that cannot set the `Authorization` header on a
    /// WebSocket (browsers).
    access_token: Option<String>,
}

/// The live stream
///
/// Upgrades to a WebSocket. The server sends one JSON text frame per event, `Event`:
/// `{id, type, data}`; ids increase. Only events about what the caller may see arrive.
/// The server pings every 15 s and closes a connection silent for 45 s. Close codes: 4001
/// the token expired or was revoked (get a new one and reconnect with `since`), 4008 the
/// client read too slowly (reconnect with `since`), 1001 the server is stopping.
#[utoipa::path(
    get, path = "/api/v1/stream", operation_id = "stream", tag = "stream",
    params(StreamQuery),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol; frames are `Event`s"),
        (status = 400, description = "Not a WebSocket request (`websocket_required`) or a bad `since`", body = ErrorBody),
    )
)]
pub async fn stream(
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
    query: web::Query<StreamQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let token = bearer_token(&req).or(query.access_token).ok_or_else(|| {
        ApiError::unauthorized(
            ErrorCode::MissingToken,
            "send Authorization: Bearer <token> or ?access_token=",
        )
    })?;
    let since = query
        .since
        .map(i64::try_from)
        .transpose()
        .map_err(|_| ApiError::bad_request(ErrorCode::InvalidQuery, "since is out of range"))?;
    let caller = authenticate(&state, token.clone()).await?;
    let expires_at = caller.expires_at;
    let reader = state
        .read(move |conn| Reader::load(conn, caller.user))
        .await?;
    let live = state.hub.subscribe();
    let (response, ws_session, messages) = actix_ws::handle(&req, body).map_err(|_| {
        ApiError::bad_request(
            ErrorCode::WebsocketRequired,
            "this endpoint speaks WebSocket only",
        )
    })?;
    let viewer = Viewer {
        reader,
        token,
        expires_at,
    };
    actix_web::rt::spawn(session::run(
        state.into_inner(),
        ws_session,
        messages,
        viewer,
        since,
        live,
    ));
    Ok(response)
}
