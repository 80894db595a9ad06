//! Who may see and change what, decided in one place per resource. Handlers ask these
//! functions; they never decide on their own.

pub mod conversations;
pub mod events;
pub mod groups;
pub mod insights;
pub mod posts;
pub mod users;

/// Accounts for the policy tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use hearth_common::users::Role;
    use hearth_db::users::UserRow;

    pub fn user(id: &str, role: Role) -> UserRow {
        UserRow {
            id: id.into(),
            username: id.into(),
            email: format!("{id}@example.com"),
            display_name: id.into(),
            role: role.as_str().into(),
            title: None,
            department: None,
            location: None,
            bio: None,
            skills: "[]".into(),
            avatar_url: None,
            suspended: false,
            created_at: 0,
        }
    }
}
