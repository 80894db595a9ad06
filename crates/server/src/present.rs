//! Turning database rows into the API's JSON types, for what the caller may see.

use std::collections::{BTreeMap, HashMap};

use hearth_common::notifications::{Notification, NotificationKind, NotificationPost};
use hearth_common::posts::{
    Comment, GroupSummary, Post, ReactionKind, Reactions, SharedPost, UserSummary,
};
use hearth_db::comments::CommentView;
use hearth_db::communities::CommunityRow;
use hearth_db::media::MediaRow;
use hearth_db::notifications::NotificationRow;
use hearth_db::posts::{PostRow, PostView};
use hearth_db::time::to_datetime;
use hearth_db::users::UserRow;

use crate::content::excerpt;
use crate::policy::posts::{can_see, Reader};

/// Characters of a post shown in a notification about it.
const EXCERPT_CHARS: usize = 80;

pub fn user_summary(user: &UserRow) -> UserSummary {
    UserSummary {
        id: user.id.clone(),
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: user.role(),
        title: user.title.clone(),
        avatar_url: user.avatar_url.clone(),
        ambassador: user.ambassador,
    }
}

pub fn group_summary(community: &CommunityRow) -> GroupSummary {
    GroupSummary {
        id: community.id.clone(),
        name: community.name.clone(),
        privacy: community.privacy(),
        archived: community.is_archived(),
    }
}

fn counts(by_kind: [(ReactionKind, i32); 5]) -> (u64, BTreeMap<ReactionKind, u64>) {
    let map: BTreeMap<ReactionKind, u64> = by_kind
        .into_iter()
        .map(|(kind, n)| (kind, u64::try_from(n).unwrap_or(0)))
        .collect();
    (map.values().sum(), map)
}

pub fn reactions(by_kind: [(ReactionKind, i32); 5], mine: Option<ReactionKind>) -> Reactions {
    let (like_count, reaction_counts) = counts(by_kind);
    Reactions {
        like_count,
        reaction_counts,
        my_reaction: mine,
    }
}

/// What a page of posts refers to: the originals that shares embed (with their authors),
/// the communities posts were made in and the files attached to them, by id.
#[derive(Default)]
pub struct Context {
    pub originals: HashMap<String, (PostRow, UserRow)>,
    pub groups: HashMap<String, CommunityRow>,
    /// Each post's attachments, in order.
    pub attachments: HashMap<String, Vec<MediaRow>>,
    /// Each post's link preview card, when it has one ready.
    pub previews: HashMap<String, hearth_common::posts::LinkPreview>,
}

impl Context {
    fn group(&self, id: Option<&String>) -> Option<GroupSummary> {
        id.and_then(|id| self.groups.get(id)).map(group_summary)
    }

    /// The post's card, unless its community has switched cards off.
    fn preview(&self, post: &PostRow) -> Option<hearth_common::posts::LinkPreview> {
        let shown = match &post.group_id {
            Some(id) => self.groups.get(id).is_some_and(|g| g.link_previews),
            None => true,
        };
        self.previews.get(&post.id).filter(|_| shown).cloned()
    }
}

fn shared(reader: &Reader, id: &str, context: &Context) -> SharedPost {
    match context.originals.get(id) {
        Some((post, author)) if can_see(reader, post) => SharedPost {
            id: id.to_owned(),
            available: true,
            author: Some(user_summary(author)),
            title: post.title.clone(),
            body_html: Some(post.body_html.clone()),
            group: context.group(post.group_id.as_ref()),
            created_at: Some(to_datetime(post.created_at)),
        },
        _ => unavailable(id),
    }
}

/// A shared post whose content the caller may not see.
pub fn unavailable(id: &str) -> SharedPost {
    SharedPost {
        id: id.to_owned(),
        available: false,
        author: None,
        title: None,
        body_html: None,
        group: None,
        created_at: None,
    }
}

/// A notification for its recipient; `post` and `group` are what it is about, if anything.
pub fn notification(
    n: &NotificationRow,
    actor: &UserRow,
    post: Option<&PostRow>,
    group: Option<&CommunityRow>,
) -> Notification {
    Notification {
        id: n.id.clone(),
        kind: NotificationKind::parse(&n.kind).unwrap_or(NotificationKind::Like),
        actor: user_summary(actor),
        post: post.map(|p| NotificationPost {
            id: p.id.clone(),
            excerpt: p
                .title
                .clone()
                .unwrap_or_else(|| excerpt(&p.body, EXCERPT_CHARS)),
        }),
        comment: n.comment_id.clone(),
        group: group.map(group_summary),
        conversation: n.conversation_id.clone(),
        note: n.note.clone(),
        read: n.is_read,
        created_at: to_datetime(n.created_at),
    }
}

pub fn post(reader: &Reader, view: &PostView, context: &Context) -> Post {
    let p = &view.post;
    let (like_count, reaction_counts) = counts(p.reaction_counts());
    Post {
        id: p.id.clone(),
        author: user_summary(&view.author),
        title: p.title.clone(),
        body: p.body.clone(),
        body_html: p.body_html.clone(),
        group: context.group(p.group_id.as_ref()),
        topics: p.topics(),
        mentions: p.mentions(),
        shared_post: p
            .shared_post_id
            .as_deref()
            .map(|id| shared(reader, id, context)),
        attachments: context
            .attachments
            .get(&p.id)
            .map(|rows| rows.iter().map(crate::media::present).collect())
            .unwrap_or_default(),
        link_preview: context.preview(p),
        like_count,
        reaction_counts,
        my_reaction: view.my_reaction.as_deref().and_then(ReactionKind::parse),
        comment_count: u64::try_from(p.comment_count).unwrap_or(0),
        share_count: u64::try_from(p.share_count).unwrap_or(0),
        edited_at: p.edited_at.map(to_datetime),
        created_at: to_datetime(p.created_at),
    }
}

/// A comment with its files (`media::attachments::of`).
pub fn comment(view: &CommentView, attachments: Vec<hearth_common::media::Media>) -> Comment {
    let c = &view.comment;
    let (like_count, reaction_counts) = counts(c.reaction_counts());
    Comment {
        id: c.id.clone(),
        post_id: c.post_id.clone(),
        parent_id: c.parent_id.clone(),
        author: user_summary(&view.author),
        body: c.body.clone(),
        body_html: c.body_html.clone(),
        attachments,
        like_count,
        reaction_counts,
        my_reaction: view.my_reaction.as_deref().and_then(ReactionKind::parse),
        edited_at: c.edited_at.map(to_datetime),
        created_at: to_datetime(c.created_at),
    }
}
