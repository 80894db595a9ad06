//! Instance settings, changed by admins.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstanceSettings {
    /// When false, people can only register with an invite code.
    pub registration_open: bool,
    /// The most members a community may have (default 150).
    pub group_member_cap: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateSettingsRequest {
    pub registration_open: Option<bool>,
    /// 2 to 100,000.
    pub group_member_cap: Option<u32>,
}
