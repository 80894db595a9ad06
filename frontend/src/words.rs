//! The words people read for the API's names: roles, community roles.

use hearth_common::groups::GroupRole;
use hearth_common::users::Role;

pub fn role(role: Role) -> &'static str {
    match role {
        Role::Admin => "Admin",
        Role::CommunityManager => "Community manager",
        Role::Member => "Employee",
        Role::Guest => "Guest",
    }
}

pub fn group_role(role: GroupRole) -> &'static str {
    match role {
        GroupRole::Owner => "Owner",
        GroupRole::Moderator => "Moderator",
        GroupRole::Member => "Member",
    }
}
