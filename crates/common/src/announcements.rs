//! Pinned posts and must-read announcements.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::insights::Departments;
use crate::posts::{Post, UserSummary};

/// The shortest and longest time to acknowledge a must-read, in days.
pub const DEADLINE_DAYS: std::ops::RangeInclusive<u8> = 1..=7;
/// Automatic reminders go to those who have not acknowledged after these many hours.
pub const REMINDER_HOURS: [i64; 2] = [24, 72];
/// A manual reminder may be sent at most this often, in hours.
pub const MANUAL_REMINDER_HOURS: i64 = 24;

/// `PUT /posts/{id}/must-read`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkMustReadRequest {
    /// Days to acknowledge it in: 1 to 7.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 7))]
    pub deadline_days: u8,
}

/// A must-read announcement, as the caller may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MustRead {
    pub post_id: String,
    pub marked_by: UserSummary,
    pub marked_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    /// Whether the caller was asked to acknowledge it (the audience is fixed when it is made
    /// a must-read).
    pub asked_me: bool,
    /// When the caller acknowledged it.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// For those who follow it up (its author, whoever made it a must-read, community
    /// managers, admins and the community's owners): how far it got.
    pub progress: Option<MustReadProgress>,
}

/// How many of the audience acknowledged, overall and by department (groups of at least 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MustReadProgress {
    pub acknowledged: u32,
    pub total: u32,
    /// `members` is the audience of the department, `engaged` how many acknowledged.
    pub departments: Departments,
    /// Whether the caller may see who acknowledged (the author, whoever made it a must-read,
    /// and admins).
    pub names_visible: bool,
}

/// One person of a must-read's audience: for its author and admins only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acknowledgement {
    pub user: UserSummary,
    pub department: Option<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// The live event `must_read.acknowledged`, to those who follow a must-read up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MustReadAcknowledged {
    pub post_id: String,
    pub acknowledged: u32,
    pub total: u32,
}

/// A post at the top of a feed: pinned, or a must-read the caller has not acknowledged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PinnedPost {
    pub post: Post,
    pub pinned: bool,
    /// Set for a must-read the caller was asked to acknowledge and has not yet.
    pub must_read_deadline: Option<DateTime<Utc>>,
}

/// `GET /feed/pinned`, `GET /groups/{id}/pinned`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pinned {
    pub items: Vec<PinnedPost>,
}
