//! Instance settings, changed by admins.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::insights::AnalyticsMode;
use crate::posts::UserSummary;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstanceSettings {
    /// How people get an account (the first account, the admin, can always register).
    pub registration: RegistrationMode,
    /// With `registration: domains`, the e-mail domains whose people may register
    /// (lowercase, without `@`, e.g. `example.com`).
    pub allowed_domains: Vec<String>,
    /// The most members a community may have (default 150).
    pub group_member_cap: u32,
    /// What Hearth computes about activity (see `GET /insights/about`).
    pub analytics_mode: AnalyticsMode,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateSettingsRequest {
    /// Any mode but `undecided`.
    pub registration: Option<RegistrationMode>,
    /// Up to 20 domains; at least one is needed for `registration: domains`.
    pub allowed_domains: Option<Vec<String>>,
    /// 2 to 100,000.
    pub group_member_cap: Option<u32>,
    pub analytics_mode: Option<AnalyticsMode>,
}

string_enum! {
    /// How people get an account.
    RegistrationMode {
        /// A fresh instance: nobody but the first account (the admin) until the admin chooses.
        Undecided = "undecided",
        /// Only with an invitation (a guest invite code).
        Invitation = "invitation",
        /// Anyone with an e-mail address at one of `allowed_domains`, and invitations.
        Domains = "domains",
        /// Anyone at all, and invitations.
        Open = "open",
    }
}

/// What the sign-in and registration pages need to know before anyone signs in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicInstance {
    /// True until the first account (the admin) exists.
    pub needs_admin: bool,
    pub registration: RegistrationMode,
    /// With `registration: domains`, the domains one may register with.
    pub allowed_domains: Vec<String>,
}

/// What an admin changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    RoleChanged,
    Suspended,
    Reinstated,
    SettingsChanged,
    AnalyticsModeChanged,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::RoleChanged => "role_changed",
            AuditAction::Suspended => "suspended",
            AuditAction::Reinstated => "reinstated",
            AuditAction::SettingsChanged => "settings_changed",
            AuditAction::AnalyticsModeChanged => "analytics_mode_changed",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        Some(match s {
            "role_changed" => AuditAction::RoleChanged,
            "suspended" => AuditAction::Suspended,
            "reinstated" => AuditAction::Reinstated,
            "settings_changed" => AuditAction::SettingsChanged,
            "analytics_mode_changed" => AuditAction::AnalyticsModeChanged,
            _ => return None,
        })
    }
}

/// One line of the admin audit log (append only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: String,
    pub actor: UserSummary,
    pub action: AuditAction,
    pub target_user: Option<UserSummary>,
    /// What changed, from what to what (`role: member → community_manager`).
    pub detail: String,
    pub created_at: DateTime<Utc>,
}
