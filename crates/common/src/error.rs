//! The one error body every failing request answers with.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

string_enum! {
    /// Every code an error answers with, and what it means: the one list the server builds
    /// its errors from. New codes may come in a minor version; treat an unknown one by its
    /// HTTP status.
    ErrorCode {
        /// 400: the request is not valid in a way no other code says.
        BadRequest = "bad_request",
        /// 400: the body is not valid JSON, or not an object.
        InvalidJson = "invalid_json",
        /// 400: a query parameter is out of range or malformed.
        InvalidQuery = "invalid_query",
        /// 400: a cursor this server did not give out.
        InvalidCursor = "invalid_cursor",
        /// 400: a control character in the path, query or body.
        InvalidCharacters = "invalid_characters",
        /// 400: `Idempotency-Key` must be 1 to 255 visible ASCII characters.
        InvalidIdempotencyKey = "invalid_idempotency_key",
        /// 400: the stream speaks WebSocket only.
        WebsocketRequired = "websocket_required",
        /// 401: sign in first.
        Unauthorized = "unauthorized",
        /// 401: no access token was sent.
        MissingToken = "missing_token",
        /// 401: the token is not valid, expired or revoked: renew it or sign in.
        InvalidToken = "invalid_token",
        /// 401: wrong username, e-mail or password.
        InvalidCredentials = "invalid_credentials",
        /// 401: a refresh token was used twice; the whole sign-in is revoked.
        RefreshTokenReused = "refresh_token_reused",
        /// 403: the account is suspended.
        AccountSuspended = "account_suspended",
        /// 403: this instance does not let you register (see `GET /instance`).
        RegistrationClosed = "registration_closed",
        /// 403: registration is open only to other e-mail domains.
        EmailDomainNotAllowed = "email_domain_not_allowed",
        /// 403: only admins can do this.
        AdminOnly = "admin_only",
        /// 403: only community managers and admins can do this.
        ManagersOnly = "managers_only",
        /// 403: guests cannot do this.
        EmployeesOnly = "employees_only",
        /// 403: only members of the community can do this.
        MembersOnly = "members_only",
        /// 403: only the community's owners and moderators can do this.
        ModeratorsOnly = "moderators_only",
        /// 403: only the community's owners (and admins) can do this.
        OwnersOnly = "owners_only",
        /// 403: only the author can do this.
        NotAuthor = "not_author",
        /// 403: you may not do this to this post or comment.
        NotAllowed = "not_allowed",
        /// 403: guests post only in their communities.
        CompanyWideNotAllowed = "company_wide_not_allowed",
        /// 403: posts of this community cannot be shared outside it.
        ShareNotAllowed = "share_not_allowed",
        /// 403: you cannot message this person.
        CannotMessage = "cannot_message",
        /// 403: guests cannot be moderators or owners.
        GuestCannotModerate = "guest_cannot_moderate",
        /// 403: you cannot decide a report about what you wrote.
        OwnContent = "own_content",
        /// 403: who acknowledged is not shown for this must-read.
        NamesNotVisible = "names_not_visible",
        /// 403: the admin switched community health off.
        AnalyticsOff = "analytics_off",
        /// 403: personal insights are switched off.
        PersonalInsightsOff = "personal_insights_off",
        /// 403: this person opted out of personal insights.
        OptedOut = "opted_out",
        /// 403: finding ambassadors is switched off.
        AmbassadorsOff = "ambassadors_off",
        /// 404: missing, or not visible to you: the two look alike.
        NotFound = "not_found",
        /// 405: the path exists, not with this method (`Allow` lists them).
        MethodNotAllowed = "method_not_allowed",
        /// 409: this conflicts with something that exists.
        Conflict = "conflict",
        /// 409: the username or e-mail address is taken (see `fields`).
        AlreadyTaken = "already_taken",
        /// 409: already a member.
        AlreadyMember = "already_member",
        /// 409: not a member.
        NotMember = "not_member",
        /// 409: the community has reached the member cap.
        GroupFull = "group_full",
        /// 409: the community is archived; its owners can reopen it.
        GroupArchived = "group_archived",
        /// 409: the community's last owner cannot leave or step down.
        LastOwner = "last_owner",
        /// 409: that would leave no active admin.
        LastAdmin = "last_admin",
        /// 409: you already reported this.
        AlreadyReported = "already_reported",
        /// 409: the post is already a must-read.
        AlreadyMustRead = "already_must_read",
        /// 409: a reminder went out less than a day ago.
        RemindedRecently = "reminded_recently",
        /// 409: you were not asked to acknowledge this post.
        NotAsked = "not_asked",
        /// 409: there is no open invitation.
        NoInvitation = "no_invitation",
        /// 409: you are not an ambassador.
        NotAmbassador = "not_ambassador",
        /// 409: nobody can run the ambassadors' community.
        NoOverseer = "no_overseer",
        /// 409: the limit of personal access tokens is reached.
        TooManyTokens = "too_many_tokens",
        /// 422: this `Idempotency-Key` was used for a different request.
        IdempotencyKeyReused = "idempotency_key_reused",
        /// 422: you cannot follow yourself.
        CannotFollowSelf = "cannot_follow_self",
        /// 422: guests join through a guest invite.
        GuestInviteNeeded = "guest_invite_needed",
        /// 413: the body is over 64 KiB.
        PayloadTooLarge = "payload_too_large",
        /// 413: the file is over the limit of its kind (images 20 MiB, documents 25 MiB).
        FileTooLarge = "file_too_large",
        /// 415: the file is not a kind Hearth accepts (images: JPEG, PNG, WebP, GIF;
        /// documents: PDF, Office, text, CSV).
        UnsupportedMediaType = "unsupported_media_type",
        /// 416: the `Range` asked for lies outside the file.
        RangeNotSatisfiable = "range_not_satisfiable",
        /// 422: the image has more than 40 megapixels.
        ImageTooLarge = "image_too_large",
        /// 422: that upload cannot be used here: not yours, already used, failed, or not an
        /// image where one is needed.
        MediaNotUsable = "media_not_usable",
        /// 422: some fields are not valid; `fields` says what is wrong with each.
        ValidationFailed = "validation_failed",
        /// 429: too many attempts; `Retry-After` says when to try again.
        RateLimited = "rate_limited",
        /// 500: something went wrong on the server (logged with `X-Request-Id`).
        InternalError = "internal_error",
        /// 503: the database does not answer.
        Unavailable = "unavailable",
    }
}

/// `{"error": {"code": "...", "message": "...", "fields": {...}}}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable snake_case code, one of `ErrorCode`: match on it, never on `message`. Kept a
    /// string in Rust, so that an older client still reads a code added later.
    #[cfg_attr(feature = "openapi", schema(value_type = ErrorCode))]
    pub code: String,
    /// A human sentence; may change, do not match on it.
    pub message: String,
    /// For `validation_failed`: the offending fields, each with what is wrong.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

impl ErrorBody {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
                fields: BTreeMap::new(),
            },
        }
    }
}
