//! Communities (groups): privacy, membership, join requests, invitations, guest invites.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::posts::UserSummary;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Privacy {
    /// Anyone in the company sees it and joins at once.
    Open,
    /// Visible to the company; joining is a request that owners or moderators approve.
    Closed,
    /// Invisible to non-members; joined by invitation only.
    Secret,
}

impl Privacy {
    pub fn as_str(self) -> &'static str {
        match self {
            Privacy::Open => "open",
            Privacy::Closed => "closed",
            Privacy::Secret => "secret",
        }
    }

    pub fn parse(s: &str) -> Option<Privacy> {
        [Privacy::Open, Privacy::Closed, Privacy::Secret]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupRole {
    Owner,
    Moderator,
    Member,
}

impl GroupRole {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupRole::Owner => "owner",
            GroupRole::Moderator => "moderator",
            GroupRole::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<GroupRole> {
        [GroupRole::Owner, GroupRole::Moderator, GroupRole::Member]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    /// A member.
    Active,
    /// Asked to join a closed community; waiting for approval.
    Pending,
    /// Invited by an owner or moderator; joins by `POST /groups/{id}/join`.
    Invited,
}

impl MembershipStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MembershipStatus::Active => "active",
            MembershipStatus::Pending => "pending",
            MembershipStatus::Invited => "invited",
        }
    }

    pub fn parse(s: &str) -> Option<MembershipStatus> {
        [
            MembershipStatus::Active,
            MembershipStatus::Pending,
            MembershipStatus::Invited,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    pub role: GroupRole,
    pub status: MembershipStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    pub id: String,
    pub name: String,
    pub description: String,
    pub privacy: Privacy,
    pub topics: Vec<String>,
    /// The cover image (`PUT /groups/{id}/cover`); `null` shows the community's initials.
    #[serde(default)]
    pub cover_url: Option<String>,
    /// Active members.
    pub member_count: u64,
    /// The instance's member cap: joins past it are refused (409 `group_full`).
    pub member_cap: u64,
    /// The caller's membership, if any.
    pub my_membership: Option<Membership>,
    pub created_at: DateTime<Utc>,
    /// Set while the community is archived: it can be read, but takes no new posts,
    /// comments, reactions or members (409 `group_archived`) until it is reopened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<DateTime<Utc>>,
    /// Whether its posts show link preview cards (owners switch it, `link_previews`).
    #[serde(default = "shows_previews")]
    pub link_previews: bool,
}

fn shows_previews() -> bool {
    true
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct GroupQuery {
    /// Matches name, description and topics (case-insensitive, up to 100 characters).
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
    /// Only communities I am a member of.
    pub mine: Option<bool>,
    /// Archived communities instead of the others (default false).
    pub archived: Option<bool>,
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100, default = 20))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateGroupRequest {
    /// 1 to 80 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 80,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    /// Up to 2,000 characters.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub description: String,
    pub privacy: Privacy,
    /// Up to 10 topics, without `#`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub topics: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateGroupRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 80,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy: Option<Privacy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub topics: Option<Vec<String>>,
    /// `true` archives the community, `false` reopens it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
    /// `false` switches link preview cards off for its posts (those shown go at once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_previews: Option<bool>,
}

/// A member (or a pending requester) of a community.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub user: UserSummary,
    pub role: GroupRole,
    pub status: MembershipStatus,
    pub since: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteRequest {
    pub user_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMemberRequest {
    pub role: GroupRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GuestInviteRequest {
    /// The guest's e-mail address; they must register with it.
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 254, pattern = r"^[^@\s]+@[^@\s]+$")
    )]
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GuestInvite {
    /// Give this to the guest: registering with it makes them a guest member of the community.
    pub invite_code: String,
    pub expires_at: DateTime<Utc>,
}
