//! Who may see and change what, decided in one place per resource. Handlers ask these
//! functions; they never decide on their own.

pub mod announcements;
pub mod conversations;
pub mod events;
pub mod groups;
pub mod insights;
pub mod media;
pub mod moderation;
pub mod posts;
pub mod registration;
pub mod users;

/// Accounts for the policy tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use hearth_common::groups::Privacy;
    use hearth_common::users::Role;
    use hearth_db::communities::CommunityRow;
    use hearth_db::posts::PostRow;
    use hearth_db::users::UserRow;

    /// The community "g".
    pub fn community(privacy: Privacy) -> CommunityRow {
        CommunityRow {
            id: "g".into(),
            name: "g".into(),
            description: String::new(),
            privacy: privacy.as_str().into(),
            topics: "[]".into(),
            member_count: 1,
            created_at: 0,
            archived_at: None,
            cover_url: None,
            link_previews: true,
        }
    }

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
            ambassador: false,
        }
    }

    pub fn post(author: &str, group: Option<&str>, open: bool) -> PostRow {
        PostRow {
            id: "p".into(),
            author_id: author.into(),
            group_id: group.map(Into::into),
            title: None,
            body: "b".into(),
            body_html: "b".into(),
            topics: "[]".into(),
            mentions: "[]".into(),
            shared_post_id: None,
            reactions_like: 0,
            reactions_celebrate: 0,
            reactions_support: 0,
            reactions_insightful: 0,
            reactions_curious: 0,
            comment_count: 0,
            share_count: 0,
            author_suspended: false,
            edited_at: None,
            deleted_at: None,
            created_at: 0,
            in_company_feed: group.is_none() || open,
            preview_url: None,
        }
    }
}
