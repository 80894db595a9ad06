//! Posts and articles, reactions, comments and shares.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::users::Role;

/// A person as shown beside what they wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: String,
    pub username: String,
    pub display_name: String,
    /// `guest` marks people from outside the organisation.
    pub role: Role,
    pub title: Option<String>,
    pub avatar_url: Option<String>,
    /// An accepted ambassador (shown as a badge).
    #[serde(default)]
    pub ambassador: bool,
}

/// A community, as shown on a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupSummary {
    pub id: String,
    pub name: String,
    pub privacy: crate::groups::Privacy,
    /// Archived: its posts can be read but take no comments or reactions.
    #[serde(default)]
    pub archived: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReactionKind {
    Like,
    Celebrate,
    Support,
    Insightful,
    Curious,
}

impl ReactionKind {
    pub const ALL: [ReactionKind; 5] = [
        ReactionKind::Like,
        ReactionKind::Celebrate,
        ReactionKind::Support,
        ReactionKind::Insightful,
        ReactionKind::Curious,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReactionKind::Like => "like",
            ReactionKind::Celebrate => "celebrate",
            ReactionKind::Support => "support",
            ReactionKind::Insightful => "insightful",
            ReactionKind::Curious => "curious",
        }
    }

    pub fn parse(s: &str) -> Option<ReactionKind> {
        ReactionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The post a share embeds. `available` is false when the original was deleted or is no
/// longer visible to the caller; its content is then left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedPost {
    pub id: String,
    pub available: bool,
    pub author: Option<UserSummary>,
    pub title: Option<String>,
    pub body_html: Option<String>,
    pub group: Option<GroupSummary>,
    pub created_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Post {
    pub id: String,
    pub author: UserSummary,
    /// Set for articles (blog and news posts).
    pub title: Option<String>,
    /// The Markdown source.
    pub body: String,
    /// The body rendered to HTML and sanitised on the server.
    pub body_html: String,
    /// The community it was posted in; `null` for a company-wide post.
    pub group: Option<GroupSummary>,
    /// `#topics` in the body, lower-cased.
    pub topics: Vec<String>,
    /// Usernames `@mentioned` in the body that belong to someone.
    pub mentions: Vec<String>,
    pub shared_post: Option<SharedPost>,
    /// Photos and files, in the author's order.
    #[serde(default)]
    pub attachments: Vec<crate::media::Media>,
    /// The card of the first web link in the body, once its page has been read (it arrives
    /// later as `post.preview` on the stream); `null` without one.
    #[serde(default)]
    pub link_preview: Option<LinkPreview>,
    /// All reactions, of every kind.
    pub like_count: u64,
    pub reaction_counts: BTreeMap<ReactionKind, u64>,
    /// The caller's own reaction.
    pub my_reaction: Option<ReactionKind>,
    pub comment_count: u64,
    pub share_count: u64,
    pub edited_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// What a linked page says about itself: its title, description, site and picture, read by
/// Hearth (never by the reader's browser) and shown as a card under the post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkPreview {
    /// The link, as written in the post.
    pub url: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub site_name: Option<String>,
    /// The page's picture, kept by Hearth and served like an attachment of the post.
    pub image: Option<crate::media::Media>,
}

/// A post's link preview arrived, or its author removed it (`preview` is `null`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostPreview {
    pub post_id: String,
    pub preview: Option<LinkPreview>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatePostRequest {
    /// Markdown, up to 20,000 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub body: String,
    /// Makes the post an article; up to 200 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub title: Option<String>,
    /// Post in this community; company-wide when absent (employees only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// Up to 10 of the author's own unused uploads (`POST /media`), in this order; images
    /// may still be processing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub attachments: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatePostRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub body: Option<String>,
    /// An empty string turns an article back into a short update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub title: Option<String>,
    /// The post's files afterwards, in order (up to 10): ids it has are kept, new ones must
    /// be the editor's unused uploads, the ones left out are removed. Absent: unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub attachments: Option<Vec<String>>,
}

/// `POST /preview`: Markdown to render as a post would be.
/// `GET /topics`: topics to suggest while someone types `#…`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TopicQuery {
    /// The start of the topic, with or without its `#` (up to 50 characters).
    #[cfg_attr(feature = "openapi", param(min_length = 1, max_length = 50))]
    pub q: String,
    /// How many, 1 to 20 (default 8).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 20, default = 8))]
    pub limit: Option<u32>,
}

/// Topics in use on posts the caller may read, in alphabetical order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicList {
    /// Lower-case, without `#`.
    pub topics: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewRequest {
    /// Markdown, up to 20,000 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub body: String,
}

/// How a body will look once posted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preview {
    pub body_html: String,
    pub topics: Vec<String>,
    pub mentions: Vec<String>,
}

/// An earlier version of an edited post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostVersion {
    pub title: Option<String>,
    pub body: String,
    pub body_html: String,
    /// When this version was replaced.
    pub replaced_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReactRequest {
    /// `like` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ReactionKind>,
}

/// The reactions on a post or comment after a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reactions {
    pub like_count: u64,
    pub reaction_counts: BTreeMap<ReactionKind, u64>,
    pub my_reaction: Option<ReactionKind>,
}

/// Who reacted, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reaction {
    pub user: UserSummary,
    pub kind: ReactionKind,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: String,
    pub post_id: String,
    /// The comment this one replies to (one level of replies).
    pub parent_id: Option<String>,
    pub author: UserSummary,
    pub body: String,
    pub body_html: String,
    /// Photos and files, in the author's order.
    #[serde(default)]
    pub attachments: Vec<crate::media::Media>,
    pub like_count: u64,
    pub reaction_counts: BTreeMap<ReactionKind, u64>,
    pub my_reaction: Option<ReactionKind>,
    pub edited_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCommentRequest {
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
    /// Reply to this comment (itself not a reply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Up to 4 of the author's own unused uploads (`POST /media`), in this order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 4))]
    pub attachments: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCommentRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 5000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub body: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareRequest {
    /// What the sharer adds, Markdown, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 20000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub body: Option<String>,
    /// Share into this community; company-wide when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
}
