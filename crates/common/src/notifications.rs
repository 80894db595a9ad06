//! Notifications: someone did something that concerns you.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::posts::{GroupSummary, UserSummary};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    Like,
    Comment,
    Reply,
    Mention,
    Share,
    Follow,
    JoinRequest,
    GroupInvite,
    /// My request to join a community was approved (`group`).
    JoinApproved,
    /// A post I am asked to acknowledge.
    MustRead,
    /// A must-read I have not acknowledged yet.
    MustReadReminder,
    /// Something I reported was decided (the note says how).
    ReportOutcome,
    /// A moderator removed something I wrote (the note says why).
    ContentRemoved,
    /// A moderator's warning (the note says about what).
    ModerationWarning,
    /// A report waited 48 hours: admins are asked to look.
    ReportEscalated,
    /// Hearth invites me to join the ambassadors (the note says why).
    AmbassadorInvite,
    /// A community manager's message to all ambassadors (the note).
    AmbassadorMessage,
}

impl NotificationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Like => "like",
            NotificationKind::Comment => "comment",
            NotificationKind::Reply => "reply",
            NotificationKind::Mention => "mention",
            NotificationKind::Share => "share",
            NotificationKind::Follow => "follow",
            NotificationKind::JoinRequest => "join_request",
            NotificationKind::GroupInvite => "group_invite",
            NotificationKind::JoinApproved => "join_approved",
            NotificationKind::MustRead => "must_read",
            NotificationKind::MustReadReminder => "must_read_reminder",
            NotificationKind::ReportOutcome => "report_outcome",
            NotificationKind::ContentRemoved => "content_removed",
            NotificationKind::ModerationWarning => "moderation_warning",
            NotificationKind::ReportEscalated => "report_escalated",
            NotificationKind::AmbassadorInvite => "ambassador_invite",
            NotificationKind::AmbassadorMessage => "ambassador_message",
        }
    }

    pub fn parse(s: &str) -> Option<NotificationKind> {
        use NotificationKind::*;
        [
            Like,
            Comment,
            Reply,
            Mention,
            Share,
            Follow,
            JoinRequest,
            GroupInvite,
            JoinApproved,
            MustRead,
            MustReadReminder,
            ReportOutcome,
            ContentRemoved,
            ModerationWarning,
            ReportEscalated,
            AmbassadorInvite,
            AmbassadorMessage,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// What a notification points at, by id: the post (with a title or the start of its text),
/// the comment, the community or the conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPost {
    pub id: String,
    /// The title, or the first words of the body.
    pub excerpt: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: String,
    pub kind: NotificationKind,
    pub actor: UserSummary,
    pub post: Option<NotificationPost>,
    pub comment: Option<String>,
    pub group: Option<GroupSummary>,
    pub conversation: Option<String>,
    /// What a moderator said: why something was removed, a warning, a report's outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub read: bool,
    pub created_at: DateTime<Utc>,
}

impl Notification {
    /// See [`line_key`].
    pub fn line_key(&self) -> Option<(NotificationKind, String)> {
        line_key(
            self.kind,
            self.post.as_ref().map(|p| p.id.as_str()),
            self.group.as_ref().map(|g| g.id.as_str()),
        )
    }
}

/// What makes notifications one line ("Mei and 11 others reacted to …"): reactions,
/// comments and shares of one post, follows, and join requests to one community. Everything
/// else stands alone (`None`). The web app groups by it, and the unread count counts lines
/// by it, so the badge says what the list shows.
pub fn line_key(
    kind: NotificationKind,
    post: Option<&str>,
    group: Option<&str>,
) -> Option<(NotificationKind, String)> {
    let target = match kind {
        NotificationKind::Like | NotificationKind::Comment | NotificationKind::Share => post?,
        NotificationKind::JoinRequest => group?,
        NotificationKind::Follow => "",
        _ => return None,
    };
    Some((kind, target.to_owned()))
}

/// How many lines notifications with these [`line_key`]s make.
pub fn count_lines(keys: impl IntoIterator<Item = Option<(NotificationKind, String)>>) -> usize {
    let mut lines = std::collections::HashSet::new();
    let mut alone = 0;
    for key in keys {
        match key {
            Some(key) => {
                lines.insert(key);
            }
            None => alone += 1,
        }
    }
    lines.len() + alone
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    /// Unread lines, as a list of notifications groups them: twelve reactions to one post
    /// are one.
    pub count: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkReadRequest {
    /// Marks this notification and every older one read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<String>,
    /// Marks exactly these (up to 100; ids that are not mine are left alone), for one
    /// notification or one group of them opened. Not together with `up_to`; with neither,
    /// all are marked read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
}
