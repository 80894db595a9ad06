//! A typed client for the Hearth API, for Rust programs and the web app (native and wasm32).
//!
//! ```no_run
//! # async fn demo() -> Result<(), hearth_client::ClientError> {
//! use hearth_common::auth::LoginRequest;
//! let client = hearth_client::Client::new("http://127.0.0.1:8080");
//! let session = client
//!     .login(&LoginRequest { login: "ann".into(), password: "secret-pass".into() })
//!     .await?;
//! let me = client.with_token(&session.access_token).me().await?;
//! println!("signed in as {}", me.user.display_name);
//! # Ok(()) }
//! ```

pub mod stream;
mod transport;

pub use stream::{EventStream, StreamEnd};
use transport::{Call, Verb};

use hearth_common::admin::{AuditEntry, InstanceSettings, PublicInstance, UpdateSettingsRequest};
use hearth_common::ambassadors::{
    AmbassadorMessageRequest, AmbassadorMessageSent, AmbassadorProgramme, AmbassadorRound,
    MyAmbassadorship,
};
use hearth_common::announcements::{Acknowledgement, MarkMustReadRequest, MustRead, Pinned};
use hearth_common::auth::{
    AuthResponse, ChangePasswordRequest, CreateTokenRequest, CreatedToken, LoginRequest,
    PersonalToken, RefreshRequest, RegisterRequest,
};
use hearth_common::conversations::{
    Conversation, CreateConversationRequest, MarkConversationReadRequest, Message,
    SendMessageRequest,
};
use hearth_common::error::ErrorBody;
use hearth_common::groups::{
    CreateGroupRequest, Group, GroupQuery, GroupRole, GuestInvite, GuestInviteRequest,
    InviteRequest, Member, UpdateGroupRequest, UpdateMemberRequest,
};
use hearth_common::insights::{
    CommunityHealthList, CommunityInsights, InsightsPolicy, OrganisationInsights, PersonalInsights,
    PersonalInsightsSettings, Todo,
};
use hearth_common::moderation::{
    CreateReportRequest, DecisionRequest, LogEntry, ModerationQueue, OpenCount, Report,
    ReportStatus,
};
use hearth_common::notifications::{MarkReadRequest, Notification, UnreadCount};
use hearth_common::page::{Page, PageQuery};
use hearth_common::posts::{
    Comment, CreateCommentRequest, CreatePostRequest, Post, PostVersion, Preview, PreviewRequest,
    ReactRequest, Reaction, ReactionKind, Reactions, ShareRequest, TopicList, TopicQuery,
    UpdateCommentRequest, UpdatePostRequest,
};
use hearth_common::search::{SearchHit, SearchQuery};
use hearth_common::users::{
    AdminUpdateUserRequest, DepartmentList, DirectoryQuery, UpdateProfileRequest, User, UserProfile,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with an error body.
    #[error("{status}: {} ({})", body.error.message, body.error.code)]
    Api { status: u16, body: ErrorBody },
    /// The request did not get an answer (network, server down).
    #[error("request failed: {0}")]
    Network(String),
    /// The server answered with something that is not what this client expects.
    #[error("unexpected answer ({status}): {message}")]
    Unexpected { status: u16, message: String },
}

impl ClientError {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. } | ClientError::Unexpected { status, .. } => {
                Some(*status)
            }
            ClientError::Network(_) => None,
        }
    }

    /// The error body's `code`, when the server sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Api { body, .. } => Some(&body.error.code),
            _ => None,
        }
    }

    /// The error body, when the server sent one.
    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            ClientError::Api { body, .. } => Some(body),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// A connection to one Hearth server, optionally signed in with a token.
#[derive(Debug, Clone)]
pub struct Client {
    #[cfg(not(target_arch = "wasm32"))]
    http: reqwest::Client,
    base_url: String,
    token: Option<String>,
}

impl Client {
    /// `base_url` is the server's root, e.g. `http://127.0.0.1:8080`.
    pub fn new(base_url: &str) -> Client {
        Client {
            #[cfg(not(target_arch = "wasm32"))]
            http: reqwest::Client::new(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            token: None,
        }
    }

    /// The same server, calling with `token` (an access token or a personal access token).
    pub fn with_token(&self, token: &str) -> Client {
        Client {
            token: Some(token.to_owned()),
            ..self.clone()
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// A request to `path` (from the root, e.g. `/api/v1/me`) with this client's token, for
    /// calls this client has no method for.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let builder = self
            .http
            .request(method, format!("{}{path}", self.base_url));
        match &self.token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    fn api(&self, verb: Verb, path: &str) -> Call {
        Call::new(verb, format!("/api/v1{path}"))
    }

    async fn answer(&self, call: Call) -> Result<transport::Answer> {
        #[cfg(not(target_arch = "wasm32"))]
        return transport::send(&self.http, &self.base_url, self.token.as_deref(), call).await;
        #[cfg(target_arch = "wasm32")]
        return transport::send(&self.base_url, self.token.as_deref(), call).await;
    }

    async fn send<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        let answer = self.answer(call).await?;
        if (200..300).contains(&answer.status) {
            return serde_json::from_str(&answer.text).map_err(|e| ClientError::Unexpected {
                status: answer.status,
                message: e.to_string(),
            });
        }
        Err(Self::error(answer))
    }

    async fn send_empty(&self, call: Call) -> Result<()> {
        let answer = self.answer(call).await?;
        if (200..300).contains(&answer.status) {
            return Ok(());
        }
        Err(Self::error(answer))
    }

    fn error(answer: transport::Answer) -> ClientError {
        match serde_json::from_str::<ErrorBody>(&answer.text) {
            Ok(body) => ClientError::Api {
                status: answer.status,
                body,
            },
            Err(_) => ClientError::Unexpected {
                status: answer.status,
                message: answer.text.chars().take(200).collect(),
            },
        }
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.send(self.api(Verb::Get, path)).await
    }

    async fn get_page<T: DeserializeOwned, Q: QueryPairs>(
        &self,
        path: &str,
        query: &Q,
    ) -> Result<Page<T>> {
        self.send(self.api(Verb::Get, path).query(query.pairs()))
            .await
    }

    async fn with_body<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Verb,
        path: &str,
        body: &B,
    ) -> Result<T> {
        self.send(self.api(method, path).json(body)).await
    }

    // Media.

    /// Uploads a file as `multipart/form-data`: a `file` part and, optionally, its alt text.
    #[cfg(not(target_arch = "wasm32"))]
    pub async fn upload_media(
        &self,
        file_name: &str,
        bytes: &[u8],
        alt_text: Option<&str>,
    ) -> Result<hearth_common::media::Media> {
        const BOUNDARY: &str = "hearth-upload-7d1f3a9c2b";
        let mut body = Vec::with_capacity(bytes.len() + 512);
        if let Some(alt) = alt_text {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"alt_text\"\r\n\r\n{alt}\r\n"
                )
                .as_bytes(),
            );
        }
        let name = file_name.replace(['"', '\r', '\n'], "_");
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let form = transport::Body::Multipart {
            boundary: BOUNDARY.to_owned(),
            bytes: body,
        };
        self.send(self.api(Verb::Post, "/media").body(form)).await
    }

    /// Uploads a browser form with a `file` field (and optionally `alt_text`).
    #[cfg(target_arch = "wasm32")]
    pub async fn upload_media(
        &self,
        form: web_sys::FormData,
    ) -> Result<hearth_common::media::Media> {
        let form = transport::Body::Form(form);
        self.send(self.api(Verb::Post, "/media").body(form)).await
    }

    pub async fn media(&self, id: &str) -> Result<hearth_common::media::Media> {
        self.get(&format!("/media/{}", segment(id))).await
    }

    pub async fn update_media(
        &self,
        id: &str,
        body: &hearth_common::media::UpdateMediaRequest,
    ) -> Result<hearth_common::media::Media> {
        self.with_body(Verb::Patch, &format!("/media/{}", segment(id)), body)
            .await
    }

    pub async fn delete_media(&self, id: &str) -> Result<()> {
        self.send_empty(self.api(Verb::Delete, &format!("/media/{}", segment(id))))
            .await
    }

    pub async fn set_avatar(&self, body: &hearth_common::media::SetImageRequest) -> Result<User> {
        self.with_body(Verb::Put, "/me/avatar", body).await
    }

    pub async fn storage_use(&self) -> Result<hearth_common::media::StorageUse> {
        self.get("/admin/storage").await
    }

    /// Asks for the browser's media cookie (the web app; see the server's `media::cookie`).
    pub async fn create_media_session(&self) -> Result<()> {
        self.send_empty(self.api(Verb::Post, "/media/session"))
            .await
    }

    // Auth and accounts.

    pub async fn register(&self, body: &RegisterRequest) -> Result<AuthResponse> {
        self.with_body(Verb::Post, "/auth/register", body).await
    }

    /// How people join: answered before anyone signs in.
    pub async fn instance(&self) -> Result<PublicInstance> {
        self.get("/instance").await
    }

    pub async fn login(&self, body: &LoginRequest) -> Result<AuthResponse> {
        self.with_body(Verb::Post, "/auth/login", body).await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Result<AuthResponse> {
        let body = RefreshRequest {
            refresh_token: refresh_token.to_owned(),
        };
        self.with_body(Verb::Post, "/auth/refresh", &body).await
    }

    pub async fn logout(&self) -> Result<()> {
        self.send_empty(self.api(Verb::Post, "/auth/logout")).await
    }

    pub async fn change_password(&self, body: &ChangePasswordRequest) -> Result<()> {
        self.send_empty(self.api(Verb::Post, "/auth/password").json(body))
            .await
    }

    pub async fn tokens(&self) -> Result<Vec<PersonalToken>> {
        self.get("/me/tokens").await
    }

    pub async fn create_token(&self, body: &CreateTokenRequest) -> Result<CreatedToken> {
        self.with_body(Verb::Post, "/me/tokens", body).await
    }

    pub async fn delete_token(&self, id: &str) -> Result<()> {
        self.send_empty(self.api(Verb::Delete, &format!("/me/tokens/{}", segment(id))))
            .await
    }

    // People.

    pub async fn me(&self) -> Result<UserProfile> {
        self.get("/me").await
    }

    pub async fn update_me(&self, body: &UpdateProfileRequest) -> Result<UserProfile> {
        self.with_body(Verb::Patch, "/me", body).await
    }

    pub async fn users(&self, query: &DirectoryQuery) -> Result<Page<User>> {
        self.get_page("/users", query).await
    }

    pub async fn user(&self, id: &str) -> Result<UserProfile> {
        self.get(&format!("/users/{}", segment(id))).await
    }

    pub async fn follow(&self, id: &str) -> Result<()> {
        self.send_empty(self.api(Verb::Put, &format!("/users/{}/follow", segment(id))))
            .await
    }

    pub async fn unfollow(&self, id: &str) -> Result<()> {
        self.send_empty(self.api(Verb::Delete, &format!("/users/{}/follow", segment(id))))
            .await
    }

    pub async fn departments(&self) -> Result<DepartmentList> {
        self.get("/departments").await
    }

    pub async fn followers(&self, id: &str, page: &PageQuery) -> Result<Page<User>> {
        self.get_page(&format!("/users/{}/followers", segment(id)), page)
            .await
    }

    pub async fn following(&self, id: &str, page: &PageQuery) -> Result<Page<User>> {
        self.get_page(&format!("/users/{}/following", segment(id)), page)
            .await
    }

    // Posts, reactions, shares.

    /// Renders Markdown as a post would be, saving nothing.
    pub async fn preview(&self, body: &str) -> Result<Preview> {
        let request = PreviewRequest {
            body: body.to_owned(),
        };
        self.with_body(Verb::Post, "/preview", &request).await
    }

    pub async fn create_post(&self, body: &CreatePostRequest) -> Result<Post> {
        self.with_body(Verb::Post, "/posts", body).await
    }

    pub async fn post(&self, id: &str) -> Result<Post> {
        self.get(&format!("/posts/{}", segment(id))).await
    }

    pub async fn update_post(&self, id: &str, body: &UpdatePostRequest) -> Result<Post> {
        self.with_body(Verb::Patch, &format!("/posts/{}", segment(id)), body)
            .await
    }

    pub async fn delete_post(&self, id: &str) -> Result<()> {
        self.send_empty(self.api(Verb::Delete, &format!("/posts/{}", segment(id))))
            .await
    }

    /// Removes the link preview card under one's own post.
    pub async fn remove_link_preview(&self, post_id: &str) -> Result<()> {
        self.send_empty(self.api(
            Verb::Delete,
            &format!("/posts/{}/preview", segment(post_id)),
        ))
        .await
    }

    pub async fn post_history(&self, id: &str, page: &PageQuery) -> Result<Page<PostVersion>> {
        self.get_page(&format!("/posts/{}/history", segment(id)), page)
            .await
    }

    /// Reacts with `kind` (`like` when `None`).
    pub async fn react(&self, post_id: &str, kind: Option<ReactionKind>) -> Result<Reactions> {
        self.with_body(
            Verb::Put,
            &format!("/posts/{}/like", segment(post_id)),
            &ReactRequest { kind },
        )
        .await
    }

    pub async fn unreact(&self, post_id: &str) -> Result<Reactions> {
        self.send(self.api(Verb::Delete, &format!("/posts/{}/like", segment(post_id))))
            .await
    }

    pub async fn reactions(&self, post_id: &str, page: &PageQuery) -> Result<Page<Reaction>> {
        self.get_page(&format!("/posts/{}/likes", segment(post_id)), page)
            .await
    }

    pub async fn share(&self, post_id: &str, body: &ShareRequest) -> Result<Post> {
        self.with_body(
            Verb::Post,
            &format!("/posts/{}/shares", segment(post_id)),
            body,
        )
        .await
    }

    // Comments.

    pub async fn comments(&self, post_id: &str, page: &PageQuery) -> Result<Page<Comment>> {
        self.get_page(&format!("/posts/{}/comments", segment(post_id)), page)
            .await
    }

    pub async fn comment(&self, post_id: &str, body: &CreateCommentRequest) -> Result<Comment> {
        self.with_body(
            Verb::Post,
            &format!("/posts/{}/comments", segment(post_id)),
            body,
        )
        .await
    }

    pub async fn update_comment(&self, id: &str, body: &UpdateCommentRequest) -> Result<Comment> {
        self.with_body(Verb::Patch, &format!("/comments/{}", segment(id)), body)
            .await
    }

    pub async fn delete_comment(&self, id: &str) -> Result<()> {
        self.send_empty(self.api(Verb::Delete, &format!("/comments/{}", segment(id))))
            .await
    }

    pub async fn react_to_comment(
        &self,
        id: &str,
        kind: Option<ReactionKind>,
    ) -> Result<Reactions> {
        self.with_body(
            Verb::Put,
            &format!("/comments/{}/like", segment(id)),
            &ReactRequest { kind },
        )
        .await
    }

    pub async fn unreact_to_comment(&self, id: &str) -> Result<Reactions> {
        self.send(self.api(Verb::Delete, &format!("/comments/{}/like", segment(id))))
            .await
    }

    // Feeds.

    pub async fn home_feed(&self, page: &PageQuery) -> Result<Page<Post>> {
        self.get_page("/feed", page).await
    }

    pub async fn company_feed(&self, page: &PageQuery) -> Result<Page<Post>> {
        self.get_page("/feed/company", page).await
    }

    pub async fn user_posts(&self, user_id: &str, page: &PageQuery) -> Result<Page<Post>> {
        self.get_page(&format!("/users/{}/posts", segment(user_id)), page)
            .await
    }

    /// Topics starting with `q`, to suggest while someone types `#…`.
    pub async fn topics(&self, query: &TopicQuery) -> Result<TopicList> {
        self.send(self.api(Verb::Get, "/topics").query(query.pairs()))
            .await
    }

    /// Posts or comments by their words.
    pub async fn search(&self, query: &SearchQuery) -> Result<Page<SearchHit>> {
        self.get_page("/search", query).await
    }

    pub async fn topic_posts(&self, topic: &str, page: &PageQuery) -> Result<Page<Post>> {
        self.get_page(&format!("/topics/{}/posts", segment(topic)), page)
            .await
    }

    // Communities.

    pub async fn groups(&self, query: &GroupQuery) -> Result<Page<Group>> {
        self.get_page("/groups", query).await
    }

    pub async fn create_group(&self, body: &CreateGroupRequest) -> Result<Group> {
        self.with_body(Verb::Post, "/groups", body).await
    }

    pub async fn group(&self, id: &str) -> Result<Group> {
        self.get(&format!("/groups/{}", segment(id))).await
    }

    pub async fn update_group(&self, id: &str, body: &UpdateGroupRequest) -> Result<Group> {
        self.with_body(Verb::Patch, &format!("/groups/{}", segment(id)), body)
            .await
    }

    pub async fn set_group_cover(
        &self,
        id: &str,
        body: &hearth_common::media::SetImageRequest,
    ) -> Result<Group> {
        self.with_body(Verb::Put, &format!("/groups/{}/cover", segment(id)), body)
            .await
    }

    pub async fn delete_group(&self, id: &str) -> Result<()> {
        self.send_empty(self.api(Verb::Delete, &format!("/groups/{}", segment(id))))
            .await
    }

    pub async fn group_posts(&self, id: &str, page: &PageQuery) -> Result<Page<Post>> {
        self.get_page(&format!("/groups/{}/posts", segment(id)), page)
            .await
    }

    /// Joins (open, or invited), or asks to (closed): `my_membership.status` tells which.
    pub async fn join_group(&self, id: &str) -> Result<Group> {
        self.send(self.api(Verb::Post, &format!("/groups/{}/join", segment(id))))
            .await
    }

    pub async fn leave_group(&self, id: &str) -> Result<()> {
        self.send_empty(self.api(Verb::Post, &format!("/groups/{}/leave", segment(id))))
            .await
    }

    pub async fn members(&self, id: &str, page: &PageQuery) -> Result<Page<Member>> {
        self.get_page(&format!("/groups/{}/members", segment(id)), page)
            .await
    }

    pub async fn join_requests(&self, id: &str, page: &PageQuery) -> Result<Page<Member>> {
        self.get_page(&format!("/groups/{}/requests", segment(id)), page)
            .await
    }

    pub async fn approve_request(&self, id: &str, user_id: &str) -> Result<()> {
        let path = format!(
            "/groups/{}/requests/{}/approve",
            segment(id),
            segment(user_id)
        );
        self.send_empty(self.api(Verb::Post, &path)).await
    }

    pub async fn deny_request(&self, id: &str, user_id: &str) -> Result<()> {
        let path = format!("/groups/{}/requests/{}/deny", segment(id), segment(user_id));
        self.send_empty(self.api(Verb::Post, &path)).await
    }

    pub async fn invite_to_group(&self, id: &str, user_id: &str) -> Result<()> {
        let body = InviteRequest {
            user_id: user_id.to_owned(),
        };
        self.send_empty(
            self.api(Verb::Post, &format!("/groups/{}/invites", segment(id)))
                .json(&body),
        )
        .await
    }

    pub async fn set_member_role(&self, id: &str, user_id: &str, role: GroupRole) -> Result<()> {
        let path = format!("/groups/{}/members/{}", segment(id), segment(user_id));
        self.send_empty(
            self.api(Verb::Patch, &path)
                .json(&UpdateMemberRequest { role }),
        )
        .await
    }

    pub async fn remove_member(&self, id: &str, user_id: &str) -> Result<()> {
        let path = format!("/groups/{}/members/{}", segment(id), segment(user_id));
        self.send_empty(self.api(Verb::Delete, &path)).await
    }

    pub async fn guest_invite(&self, id: &str, email: &str) -> Result<GuestInvite> {
        let body = GuestInviteRequest {
            email: email.to_owned(),
        };
        self.with_body(
            Verb::Post,
            &format!("/groups/{}/guest-invites", segment(id)),
            &body,
        )
        .await
    }

    // Direct messages.

    pub async fn conversations(&self, page: &PageQuery) -> Result<Page<Conversation>> {
        self.get_page("/conversations", page).await
    }

    /// Starts a conversation (or finds the existing one with a single other person).
    pub async fn start_conversation(&self, participant_ids: &[&str]) -> Result<Conversation> {
        let body = CreateConversationRequest {
            participant_ids: participant_ids.iter().map(|id| id.to_string()).collect(),
        };
        self.with_body(Verb::Post, "/conversations", &body).await
    }

    pub async fn conversation(&self, id: &str) -> Result<Conversation> {
        self.get(&format!("/conversations/{}", segment(id))).await
    }

    pub async fn messages(&self, conversation_id: &str, page: &PageQuery) -> Result<Page<Message>> {
        self.get_page(
            &format!("/conversations/{}/messages", segment(conversation_id)),
            page,
        )
        .await
    }

    pub async fn send_message(&self, conversation_id: &str, body: &str) -> Result<Message> {
        let request = SendMessageRequest {
            body: body.to_owned(),
            attachments: Vec::new(),
        };
        self.send_message_with(conversation_id, &request).await
    }

    /// `send_message` with files.
    pub async fn send_message_with(
        &self,
        conversation_id: &str,
        request: &SendMessageRequest,
    ) -> Result<Message> {
        self.with_body(
            Verb::Post,
            &format!("/conversations/{}/messages", segment(conversation_id)),
            request,
        )
        .await
    }

    pub async fn mark_conversation_read(
        &self,
        conversation_id: &str,
        message_id: &str,
    ) -> Result<()> {
        let body = MarkConversationReadRequest {
            message_id: message_id.to_owned(),
        };
        let path = format!("/conversations/{}/read", segment(conversation_id));
        self.send_empty(self.api(Verb::Post, &path).json(&body))
            .await
    }

    /// Tells the others I am typing (send every few seconds while typing).
    pub async fn typing(&self, conversation_id: &str) -> Result<()> {
        let path = format!("/conversations/{}/typing", segment(conversation_id));
        self.send_empty(self.api(Verb::Post, &path)).await
    }

    // Notifications.

    pub async fn notifications(&self, page: &PageQuery) -> Result<Page<Notification>> {
        self.get_page("/notifications", page).await
    }

    pub async fn unread_notifications(&self) -> Result<u64> {
        let count: UnreadCount = self.get("/notifications/unread_count").await?;
        Ok(count.count)
    }

    pub async fn mark_notifications_read(&self, up_to: Option<&str>) -> Result<()> {
        let body = MarkReadRequest {
            up_to: up_to.map(str::to_owned),
            ids: Vec::new(),
        };
        self.send_empty(self.api(Verb::Post, "/notifications/read").json(&body))
            .await
    }

    /// Marks exactly these notifications read (one, or a group, that was opened).
    pub async fn mark_these_notifications_read(&self, ids: &[String]) -> Result<()> {
        let body = MarkReadRequest {
            up_to: None,
            ids: ids.to_vec(),
        };
        self.send_empty(self.api(Verb::Post, "/notifications/read").json(&body))
            .await
    }

    // Admin.

    pub async fn admin_update_user(&self, id: &str, body: &AdminUpdateUserRequest) -> Result<User> {
        self.with_body(Verb::Patch, &format!("/admin/users/{}", segment(id)), body)
            .await
    }

    pub async fn settings(&self) -> Result<InstanceSettings> {
        self.get("/admin/settings").await
    }

    pub async fn update_settings(&self, body: &UpdateSettingsRequest) -> Result<InstanceSettings> {
        self.with_body(Verb::Patch, "/admin/settings", body).await
    }

    pub async fn audit_log(&self, page: &PageQuery) -> Result<Page<AuditEntry>> {
        self.get_page("/admin/audit-log", page).await
    }

    // Pinned posts and must-reads.

    pub async fn pin_post(&self, id: &str) -> Result<()> {
        let path = format!("/posts/{}/pin", segment(id));
        self.send_empty(self.api(Verb::Put, &path)).await
    }

    pub async fn unpin_post(&self, id: &str) -> Result<()> {
        let path = format!("/posts/{}/pin", segment(id));
        self.send_empty(self.api(Verb::Delete, &path)).await
    }

    pub async fn mark_must_read(&self, id: &str, deadline_days: u8) -> Result<MustRead> {
        let path = format!("/posts/{}/must-read", segment(id));
        self.with_body(Verb::Put, &path, &MarkMustReadRequest { deadline_days })
            .await
    }

    pub async fn withdraw_must_read(&self, id: &str) -> Result<()> {
        let path = format!("/posts/{}/must-read", segment(id));
        self.send_empty(self.api(Verb::Delete, &path)).await
    }

    pub async fn must_read(&self, id: &str) -> Result<MustRead> {
        self.get(&format!("/posts/{}/must-read", segment(id))).await
    }

    pub async fn acknowledge(&self, id: &str) -> Result<()> {
        let path = format!("/posts/{}/acknowledge", segment(id));
        self.send_empty(self.api(Verb::Post, &path)).await
    }

    pub async fn remind_must_read(&self, id: &str) -> Result<()> {
        let path = format!("/posts/{}/must-read/reminders", segment(id));
        self.send_empty(self.api(Verb::Post, &path)).await
    }

    pub async fn acknowledgements(&self, id: &str) -> Result<Vec<Acknowledgement>> {
        self.get(&format!(
            "/posts/{}/must-read/acknowledgements",
            segment(id)
        ))
        .await
    }

    /// Who acknowledged, as the CSV file the server writes.
    pub async fn acknowledgements_csv(&self, id: &str) -> Result<String> {
        let path = format!("/posts/{}/must-read/acknowledgements", segment(id));
        let call = self
            .api(Verb::Get, &path)
            .query(vec![("format".to_string(), "csv".to_string())]);
        let answer = self.answer(call).await?;
        if (200..300).contains(&answer.status) {
            return Ok(answer.text);
        }
        Err(Self::error(answer))
    }

    pub async fn home_pinned(&self) -> Result<Pinned> {
        self.get("/feed/pinned").await
    }

    pub async fn group_pinned(&self, id: &str) -> Result<Pinned> {
        self.get(&format!("/groups/{}/pinned", segment(id))).await
    }

    // Moderation.

    pub async fn report(&self, body: &CreateReportRequest) -> Result<Report> {
        self.with_body(Verb::Post, "/reports", body).await
    }

    pub async fn my_reports(&self) -> Result<Vec<Report>> {
        self.get("/reports").await
    }

    pub async fn moderation_queue(&self) -> Result<ModerationQueue> {
        self.get("/moderation/queue").await
    }

    pub async fn moderation_open_count(&self) -> Result<u32> {
        let count: OpenCount = self.get("/moderation/open_count").await?;
        Ok(count.count)
    }

    pub async fn decide(&self, body: &DecisionRequest) -> Result<ReportStatus> {
        self.with_body(Verb::Post, "/moderation/decisions", body)
            .await
    }

    /// The moderation log of a community, or (`None`) of company-wide content and messages.
    pub async fn moderation_log(
        &self,
        group_id: Option<&str>,
        page: &PageQuery,
    ) -> Result<Page<LogEntry>> {
        let mut pairs = page.pairs();
        if let Some(id) = group_id {
            pairs.push(("group_id".to_string(), id.to_string()));
        }
        self.send(self.api(Verb::Get, "/moderation/log").query(pairs))
            .await
    }

    // Insights.

    /// The organisation's health over `window` days (7, 28 or 90; `None`: 28).
    pub async fn organisation_insights(&self, window: Option<u16>) -> Result<OrganisationInsights> {
        self.get(&format!("/insights/organisation{}", window_query(window)))
            .await
    }

    pub async fn community_health_list(&self, window: Option<u16>) -> Result<CommunityHealthList> {
        self.get(&format!("/insights/communities{}", window_query(window)))
            .await
    }

    pub async fn community_insights(
        &self,
        id: &str,
        window: Option<u16>,
    ) -> Result<CommunityInsights> {
        let path = format!(
            "/insights/communities/{}{}",
            segment(id),
            window_query(window)
        );
        self.get(&path).await
    }

    pub async fn insights_todo(&self) -> Result<Todo> {
        self.get("/insights/todo").await
    }

    pub async fn personal_insights(&self, window: Option<u16>) -> Result<PersonalInsights> {
        self.get(&format!("/insights/me{}", window_query(window)))
            .await
    }

    pub async fn set_personal_insights(&self, on: bool) -> Result<PersonalInsightsSettings> {
        let body = PersonalInsightsSettings {
            personal_insights: on,
        };
        self.with_body(Verb::Put, "/insights/me/settings", &body)
            .await
    }

    pub async fn insights_about(&self) -> Result<InsightsPolicy> {
        self.get("/insights/about").await
    }

    // Operations.

    // Ambassadors.

    pub async fn my_ambassadorship(&self) -> Result<MyAmbassadorship> {
        self.get("/ambassadors/me").await
    }

    pub async fn accept_ambassadorship(&self) -> Result<MyAmbassadorship> {
        self.send(self.api(Verb::Post, "/ambassadors/me/accept"))
            .await
    }

    pub async fn decline_ambassadorship(&self) -> Result<MyAmbassadorship> {
        self.send(self.api(Verb::Post, "/ambassadors/me/decline"))
            .await
    }

    pub async fn step_down_as_ambassador(&self) -> Result<MyAmbassadorship> {
        self.send(self.api(Verb::Delete, "/ambassadors/me")).await
    }

    pub async fn ambassador_programme(&self) -> Result<AmbassadorProgramme> {
        self.get("/ambassadors").await
    }

    pub async fn run_ambassador_round(&self) -> Result<AmbassadorRound> {
        self.send(self.api(Verb::Post, "/ambassadors/rounds")).await
    }

    pub async fn message_ambassadors(&self, body: &str) -> Result<AmbassadorMessageSent> {
        let body = AmbassadorMessageRequest {
            body: body.to_owned(),
        };
        self.with_body(Verb::Post, "/ambassadors/message", &body)
            .await
    }

    /// True when the server is up and its database answers.
    pub async fn ready(&self) -> Result<bool> {
        let answer = self.answer(Call::new(Verb::Get, "/readyz".into())).await?;
        Ok((200..300).contains(&answer.status))
    }
}

/// A path segment with the characters that would change the path escaped.
pub(crate) fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A list query's set fields as name/value pairs (unset ones left out), written out per
/// query type rather than through a JSON value (which would put a JSON tree into the app).
trait QueryPairs {
    fn pairs(&self) -> Vec<(String, String)>;
}

fn pair(name: &str, value: Option<impl ToString>) -> Option<(String, String)> {
    value.map(|v| (name.to_owned(), v.to_string()))
}

impl QueryPairs for PageQuery {
    fn pairs(&self) -> Vec<(String, String)> {
        [
            pair("limit", self.limit),
            pair("cursor", self.cursor.as_ref()),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

impl QueryPairs for TopicQuery {
    fn pairs(&self) -> Vec<(String, String)> {
        [pair("q", Some(&self.q)), pair("limit", self.limit)]
            .into_iter()
            .flatten()
            .collect()
    }
}

impl QueryPairs for SearchQuery {
    fn pairs(&self) -> Vec<(String, String)> {
        [
            pair("q", Some(&self.q)),
            pair("type", self.kind.map(|k| k.as_str())),
            pair("limit", self.limit),
            pair("cursor", self.cursor.as_ref()),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

impl QueryPairs for DirectoryQuery {
    fn pairs(&self) -> Vec<(String, String)> {
        [
            pair("q", self.q.as_ref()),
            pair("limit", self.limit),
            pair("cursor", self.cursor.as_ref()),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

impl QueryPairs for GroupQuery {
    fn pairs(&self) -> Vec<(String, String)> {
        [
            pair("q", self.q.as_ref()),
            pair("mine", self.mine),
            pair("archived", self.archived),
            pair("limit", self.limit),
            pair("cursor", self.cursor.as_ref()),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

fn window_query(window: Option<u16>) -> String {
    window
        .map(|days| format!("?window={days}"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_escaped() {
        assert_eq!(segment("0190-ab_c"), "0190-ab_c");
        assert_eq!(segment("../x y"), "..%2Fx%20y");
    }

    #[test]
    fn queries_leave_out_unset_fields() {
        let q = DirectoryQuery {
            q: Some("ann lee".into()),
            limit: Some(5),
            cursor: None,
        };
        assert_eq!(
            q.pairs(),
            vec![
                ("q".to_string(), "ann lee".to_string()),
                ("limit".to_string(), "5".to_string())
            ]
        );
        let mine = GroupQuery {
            mine: Some(true),
            ..GroupQuery::default()
        };
        assert_eq!(mine.pairs(), vec![("mine".to_string(), "true".to_string())]);
    }
}
