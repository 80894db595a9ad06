//! Direct messages: conversations of two to fifty people.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::posts::UserSummary;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub id: String,
    pub conversation_id: String,
    pub author: UserSummary,
    /// Markdown source.
    pub body: String,
    /// Rendered and sanitised, as for comments.
    pub body_html: String,
    /// Photos and files, in the author's order; seen only by the conversation's participants.
    #[serde(default)]
    pub attachments: Vec<crate::media::Media>,
    pub created_at: DateTime<Utc>,
}

/// A participant and how far they have read (read receipts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    pub user: UserSummary,
    pub last_read_message_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    pub id: String,
    /// Everyone in it, the caller included.
    pub participants: Vec<Participant>,
    /// Messages from others that the caller has not read.
    pub unread_count: u64,
    pub last_message: Option<Message>,
    pub last_activity_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateConversationRequest {
    /// The others: 1 to 49 people. With one, an existing conversation of the two is reused.
    pub participant_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendMessageRequest {
    /// Markdown, up to 5,000 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 5000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub body: String,
    /// Up to 10 of the author's own unused uploads (`POST /media`), in this order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub attachments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkConversationReadRequest {
    /// Everything up to and including this message is read.
    pub message_id: String,
}
