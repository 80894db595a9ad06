//! Instance settings, changed by admins.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::insights::AnalyticsMode;
use crate::posts::UserSummary;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstanceSettings {
    /// When false, people can only register with an invite code.
    pub registration_open: bool,
    /// The most members a community may have (default 150).
    pub group_member_cap: u32,
    /// What Hearth computes about activity (see `GET /insights/about`).
    pub analytics_mode: AnalyticsMode,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateSettingsRequest {
    pub registration_open: Option<bool>,
    /// 2 to 100,000.
    pub group_member_cap: Option<u32>,
    pub analytics_mode: Option<AnalyticsMode>,
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
