//! The live stream (`GET /api/v1/stream`): each WebSocket text frame is one [`Event`],
//! `{"id": 42, "type": "post.created", "data": {…}}`. Ids increase; a client that reconnects
//! with `?since=<last id>` gets what it missed, in order, once.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::announcements::MustReadAcknowledged;
use crate::conversations::Message;
use crate::insights::TodoChanged;
use crate::media::Media;
use crate::moderation::ReportOpened;
use crate::notifications::Notification;
use crate::posts::{Comment, Post, ReactionKind, UserSummary};

/// One frame of the live stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// Increases with every event; send the last one seen as `since` when reconnecting.
    pub id: u64,
    #[serde(flatten)]
    pub body: EventBody,
}

/// What happened: `type` names it, `data` carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", content = "data")]
pub enum EventBody {
    /// A new post (or share) that the receiver may see. `my_reaction` is empty: nobody has
    /// reacted yet.
    #[serde(rename = "post.created")]
    PostCreated(Box<Post>),
    /// A post was edited.
    #[serde(rename = "post.updated")]
    PostUpdated(PostEdited),
    /// A post's link preview card arrived, or was removed.
    #[serde(rename = "post.preview")]
    PostPreview(crate::posts::PostPreview),
    /// A post was deleted: drop it from every view.
    #[serde(rename = "post.deleted")]
    PostDeleted(PostDeleted),
    /// The reactions of a post, or of one of its comments, changed.
    #[serde(rename = "post.reactions")]
    PostReactions(ReactionsChanged),
    /// A new comment on a post the receiver may see.
    #[serde(rename = "comment.created")]
    CommentCreated(Comment),
    /// A new message in one of the receiver's conversations.
    #[serde(rename = "message.created")]
    MessageCreated(Message),
    /// A participant moved their read marker (read receipts).
    #[serde(rename = "message.read")]
    MessageRead(MessageRead),
    /// Another participant is typing; show it for a few seconds.
    #[serde(rename = "typing")]
    Typing(Typing),
    /// A new notification for the receiver.
    #[serde(rename = "notification.created")]
    NotificationCreated(Notification),
    /// More of a must-read's audience acknowledged it (to those who follow it up).
    #[serde(rename = "must_read.acknowledged")]
    MustReadAcknowledged(MustReadAcknowledged),
    /// Something was reported that the receiver handles: refresh the queue and its count.
    #[serde(rename = "report.opened")]
    ReportOpened(ReportOpened),
    /// A community the receiver looks after may have new or fewer to-do items.
    #[serde(rename = "insights.todo_changed")]
    TodoChanged(TodoChanged),
    /// One of the receiver's uploads finished processing: `status` is `ready` (its URLs are
    /// set) or `failed`.
    #[serde(rename = "media.processed")]
    MediaProcessed(Media),
    /// The events since the client's `since` are no longer kept: reload what is on screen,
    /// then carry on from this event's id.
    #[serde(rename = "stream.reset")]
    StreamReset(StreamReset),
}

impl EventBody {
    /// The `type` of the frame.
    pub fn kind(&self) -> &'static str {
        match self {
            EventBody::PostCreated(_) => "post.created",
            EventBody::PostUpdated(_) => "post.updated",
            EventBody::PostPreview(_) => "post.preview",
            EventBody::PostDeleted(_) => "post.deleted",
            EventBody::PostReactions(_) => "post.reactions",
            EventBody::CommentCreated(_) => "comment.created",
            EventBody::MessageCreated(_) => "message.created",
            EventBody::MessageRead(_) => "message.read",
            EventBody::Typing(_) => "typing",
            EventBody::NotificationCreated(_) => "notification.created",
            EventBody::MustReadAcknowledged(_) => "must_read.acknowledged",
            EventBody::ReportOpened(_) => "report.opened",
            EventBody::TodoChanged(_) => "insights.todo_changed",
            EventBody::MediaProcessed(_) => "media.processed",
            EventBody::StreamReset(_) => "stream.reset",
        }
    }
}

/// The new content of an edited post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostEdited {
    pub post_id: String,
    pub title: Option<String>,
    pub body: String,
    pub body_html: String,
    pub topics: Vec<String>,
    pub mentions: Vec<String>,
    /// Its files after the edit, in order.
    #[serde(default)]
    pub attachments: Vec<crate::media::Media>,
    pub edited_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostDeleted {
    pub post_id: String,
}

/// New reaction counts of a post (`comment_id` empty) or of a comment on it. `user_id` is who
/// reacted and `reaction` what they reacted with now (empty when they took it back), so the
/// reacting person's other screens can update `my_reaction`; both are empty for a receiver
/// who may not see that person (a guest, of an employee outside their communities).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReactionsChanged {
    pub post_id: String,
    pub comment_id: Option<String>,
    pub like_count: u64,
    pub reaction_counts: BTreeMap<ReactionKind, u64>,
    pub user_id: Option<String>,
    pub reaction: Option<ReactionKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageRead {
    pub conversation_id: String,
    pub user_id: String,
    /// The participant has read everything up to and including this message.
    pub last_read_message_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Typing {
    pub conversation_id: String,
    pub user: UserSummary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamReset {}

/// Close codes the stream uses, besides the standard ones.
pub mod close_code {
    /// The token expired or was revoked (sign-out, password change, suspension): get a new
    /// token and reconnect with `since`.
    pub const UNAUTHORIZED: u16 = 4001;
    /// The client read too slowly and its queue filled: reconnect with `since`.
    pub const TOO_SLOW: u16 = 4008;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_id_type_data() {
        let event = Event {
            id: 7,
            body: EventBody::PostDeleted(PostDeleted {
                post_id: "p1".into(),
            }),
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"id": 7, "type": "post.deleted", "data": {"post_id": "p1"}})
        );
        assert_eq!(serde_json::from_value::<Event>(json).unwrap(), event);
        assert_eq!(event.body.kind(), "post.deleted");
    }
}
