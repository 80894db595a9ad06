//! Moderation: reports of posts, comments and messages, the queue of those who handle them,
//! their decisions, and the moderation log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::posts::{GroupSummary, UserSummary};

/// Open reports from this many different people hide a post until it is reviewed.
pub const HIDE_AFTER_REPORTS: u32 = 3;
/// A report open this long is brought to the admins.
pub const ESCALATE_AFTER_HOURS: i64 = 48;
/// The longest `details` and `note`, in characters.
pub const TEXT_MAX: usize = 1000;

string_enum! {
    /// What is reported.
    ReportTarget {
        Post = "post",
        Comment = "comment",
        /// A direct message (only by one of the conversation's participants).
        Message = "message",
    }
}

string_enum! {
    ReportReason {
        Spam = "spam",
        Harassment = "harassment",
        Hate = "hate",
        Misinformation = "misinformation",
        /// Confidential information shared where it should not be.
        Confidential = "confidential",
        Other = "other",
    }
}

string_enum! {
    ReportStatus {
        Open = "open",
        Dismissed = "dismissed",
        Removed = "removed",
        Warned = "warned",
        Suspended = "suspended",
    }
}

string_enum! {
    /// What a moderator decides about reported content.
    ModerationAction {
        /// Nothing wrong: the reports close (a hidden post is shown again).
        Dismiss = "dismiss",
        /// The content goes; its author is told why.
        Remove = "remove",
        /// The content stays; its author gets a warning.
        Warn = "warn",
        /// The content goes and its author's account is suspended (admins only).
        Suspend = "suspend",
    }
}

string_enum! {
    /// A line of the moderation log.
    LogAction {
        Hidden = "hidden",
        Escalated = "escalated",
        Dismissed = "dismissed",
        Removed = "removed",
        Warned = "warned",
        Suspended = "suspended",
    }
}

/// `POST /reports`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateReportRequest {
    pub target_kind: ReportTarget,
    pub target_id: String,
    pub reason: ReportReason,
    /// Up to 1,000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub details: String,
}

/// A report as its reporter sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub id: String,
    pub target_kind: ReportTarget,
    pub target_id: String,
    pub reason: ReportReason,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
}

/// Reported content waiting for a decision: every open report of it together. Who
/// reported is never shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub target_kind: ReportTarget,
    pub target_id: String,
    /// The post (of a comment too), to open it.
    pub post_id: Option<String>,
    pub conversation_id: Option<String>,
    pub community: Option<GroupSummary>,
    pub author: UserSummary,
    /// The text as it was when first reported.
    pub excerpt: String,
    pub reports: u32,
    pub reasons: Vec<ReportReason>,
    /// What the reporters wrote (empty ones left out).
    pub details: Vec<String>,
    pub first_reported_at: DateTime<Utc>,
    /// Open for 48 hours: admins were brought in.
    pub escalated: bool,
    /// Out of view until decided (three reports of a post).
    pub hidden: bool,
}

/// `GET /moderation/queue`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationQueue {
    pub items: Vec<QueueItem>,
}

/// `GET /moderation/open_count`: reported things waiting for the caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenCount {
    pub count: u32,
}

/// `POST /moderation/decisions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionRequest {
    pub target_kind: ReportTarget,
    pub target_id: String,
    pub action: ModerationAction,
    /// Told to the author (why it was removed, what the warning is about); up to 1,000
    /// characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub note: String,
}

/// One line of the moderation log (append only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogEntry {
    pub id: String,
    pub community: Option<GroupSummary>,
    /// The moderator; `null` for what Hearth did by itself (`hidden` after three reports,
    /// `escalated` after 48 hours). Reporters are never named.
    pub actor: Option<UserSummary>,
    pub action: LogAction,
    pub target_kind: ReportTarget,
    pub target_id: String,
    pub author: UserSummary,
    pub reason: String,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// The live event `report.opened`, to those who handle it: refresh the queue and its count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportOpened {
    pub target_kind: ReportTarget,
    pub target_id: String,
}
