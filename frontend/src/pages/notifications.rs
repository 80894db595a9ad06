//! `/notifications`: what concerns me, newest first, arriving live; also the top bar's
//! dropdown of the latest few.

use hearth_common::events::EventBody;
use hearth_common::notifications::{Notification, NotificationKind};
use hearth_common::page::PageQuery;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;
use crate::components::form_error::FormError;
use crate::components::media::Avatar;
use crate::components::when::When;
use crate::live::{self, use_unread, Unread};
use crate::session::{use_session, SessionSignal};

/// Notifications about the same thing, shown as one line: "Mei and 11 others reacted to …".
#[derive(Debug, Clone, PartialEq)]
struct Group {
    /// The newest first.
    items: Vec<Notification>,
}

impl Group {
    fn newest(&self) -> &Notification {
        &self.items[0]
    }

    fn unread(&self) -> bool {
        self.items.iter().any(|n| !n.read)
    }

    fn ids(&self) -> Vec<String> {
        self.items.iter().map(|n| n.id.clone()).collect()
    }
}

fn grouped(items: Vec<Notification>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for n in items {
        let key = n.line_key();
        match groups
            .iter_mut()
            .find(|g| key.is_some() && g.newest().line_key() == key)
        {
            Some(group) => group.items.push(n),
            None => groups.push(Group { items: vec![n] }),
        }
    }
    groups
}

/// "Mei", "Mei and Tom", "Mei and 11 others": each person once.
fn who(group: &Group) -> String {
    let mut names: Vec<&str> = Vec::new();
    for n in &group.items {
        if !names.contains(&n.actor.display_name.as_str()) {
            names.push(&n.actor.display_name);
        }
    }
    match names.as_slice() {
        [one] => (*one).to_owned(),
        [one, two] => format!("{one} and {two}"),
        [one, rest @ ..] => format!("{one} and {} others", rest.len()),
        [] => String::new(),
    }
}

fn sentence(group: &Group) -> String {
    let n = group.newest();
    let who = who(group);
    let what = n
        .post
        .as_ref()
        .map(|p| format!("“{}”", p.excerpt))
        .unwrap_or_default();
    let community = n.group.as_ref().map(|g| g.name.clone()).unwrap_or_default();
    match n.kind {
        NotificationKind::Like => format!("{who} reacted to {what}"),
        NotificationKind::Comment => format!("{who} commented on {what}"),
        NotificationKind::Reply => format!("{who} replied to your comment on {what}"),
        NotificationKind::Mention => format!("{who} mentioned you in {what}"),
        NotificationKind::Share => format!("{who} shared {what}"),
        NotificationKind::Follow => format!("{who} followed you"),
        NotificationKind::JoinRequest => format!("{who} asked to join {community}"),
        NotificationKind::GroupInvite => format!("{who} invited you to {community}"),
        NotificationKind::JoinApproved => {
            format!("{who} approved your request: you are now a member of {community}")
        }
        NotificationKind::MustRead => format!("{who} asks you to read {what}"),
        NotificationKind::MustReadReminder => format!("Reminder from {who}: please read {what}"),
        NotificationKind::ReportOutcome
        | NotificationKind::ContentRemoved
        | NotificationKind::ModerationWarning
        | NotificationKind::ReportEscalated => n.note.clone().unwrap_or_default(),
        NotificationKind::AmbassadorInvite => format!(
            "Hearth invites you to join the ambassadors: {}",
            n.note.clone().unwrap_or_default()
        ),
        NotificationKind::AmbassadorMessage => format!(
            "{who} to all ambassadors: {}",
            n.note.clone().unwrap_or_default()
        ),
    }
}

/// Where opening a notification leads: the post (at the comment), the community, the
/// person, the conversation.
fn link(group: &Group) -> String {
    let n = group.newest();
    match n.kind {
        NotificationKind::Follow if group.items.len() == 1 => format!("/people/{}", n.actor.id),
        NotificationKind::Follow => "/people".into(),
        NotificationKind::AmbassadorInvite | NotificationKind::AmbassadorMessage => {
            "/ambassadors".into()
        }
        NotificationKind::ReportEscalated => "/moderation".into(),
        _ => {
            if let Some(post) = &n.post {
                match &n.comment {
                    Some(comment) => format!("/posts/{}#comment-{comment}", post.id),
                    None => format!("/posts/{}", post.id),
                }
            } else if let Some(group) = &n.group {
                format!("/communities/{}", group.id)
            } else if let Some(conversation) = &n.conversation {
                format!("/messages/{conversation}")
            } else {
                "/notifications".into()
            }
        }
    }
}

/// The latest notifications, kept current by the stream.
fn live_notifications(
    limit: u32,
) -> (
    RwSignal<Option<Vec<Notification>>>,
    RwSignal<Option<String>>,
) {
    let session = use_session();
    let items = RwSignal::new(None::<Vec<Notification>>);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        api::load_into(session, items, error, move |c| async move {
            let page = PageQuery {
                limit: Some(limit),
                cursor: None,
            };
            c.notifications(&page).await.map(|p| p.items)
        });
    };
    load();
    live::listen(move |event| match &event.body {
        EventBody::NotificationCreated(n) => items.update(|all| {
            if let Some(all) = all {
                all.insert(0, n.clone());
                all.truncate(limit as usize);
            }
        }),
        EventBody::StreamReset(_) => load(),
        _ => {}
    });
    (items, error)
}

#[component]
fn NotificationList(items: RwSignal<Option<Vec<Notification>>>) -> impl IntoView {
    let session = use_session();
    let unread = use_unread();
    // Opening a line marks what it stands for read, here and on the server.
    let open = move |ids: Vec<String>| {
        items.update(|all| {
            for n in all.iter_mut().flatten() {
                if ids.contains(&n.id) {
                    n.read = true;
                }
            }
        });
        spawn_local(async move {
            let _ = api::authed(session, move |c| {
                let ids = ids.clone();
                async move { c.mark_these_notifications_read(&ids).await }
            })
            .await;
            live::refresh_counts(session, unread).await;
        });
    };
    move || {
        let groups = grouped(items.get().unwrap_or_default());
        if groups.is_empty() {
            return view! { <p class="muted">"Nothing new."</p> }.into_any();
        }
        view! {
            <ul class="list" aria-label="Notifications">
                {groups.into_iter().map(|group| {
                    let (href, text, at) = (link(&group), sentence(&group), group.newest().created_at);
                    let (unread, ids) = (group.unread(), group.ids());
                    let actor = group.newest().actor.clone();
                    view! {
                        <li class:unread=unread data-testid="notification">
                            <Avatar name=actor.display_name url=actor.avatar_url/>
                            <A href=href on:click=move |_| if unread { open(ids.clone()) }>
                                {unread.then(|| view! { <span class="visually-hidden">"Unread: "</span> })}
                                {text}
                            </A>
                            <span class="muted">" · " <When at=at/></span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    }
}

fn mark_all_read(
    items: RwSignal<Option<Vec<Notification>>>,
    session: SessionSignal,
    unread: Unread,
) {
    items.update(|all| all.iter_mut().flatten().for_each(|n| n.read = true));
    spawn_local(async move {
        let _ = api::authed(
            session,
            |c| async move { c.mark_notifications_read(None).await },
        )
        .await;
        live::refresh_counts(session, unread).await;
    });
}

#[component]
pub fn Notifications() -> impl IntoView {
    let (items, error) = live_notifications(50);
    let (session, unread) = (use_session(), use_unread());
    view! {
        <h1>"Notifications"</h1>
        <div class="actions"><button class="secondary" on:click=move |_| mark_all_read(items, session, unread)>"Mark all as read"</button></div>
        <FormError error=error/>
        <section class="card">
            {move || if items.with(Option::is_none) {
                view! { <p class="muted">"Loading…"</p> }.into_any()
            } else {
                view! { <NotificationList items=items/> }.into_any()
            }}
        </section>
    }
}

/// The bell's dropdown: the latest five and a way to the rest.
#[component]
pub fn NotificationMenu() -> impl IntoView {
    let (items, error) = live_notifications(5);
    let (session, unread) = (use_session(), use_unread());
    view! {
        <div class="menu" role="dialog" aria-label="Latest notifications">
            <FormError error=error/>
            {move || items.with(Option::is_some).then(|| view! { <NotificationList items=items/> })}
            <div class="actions">
                <A href="/notifications">"All notifications"</A>
                <button class="secondary" on:click=move |_| mark_all_read(items, session, unread)>"Mark all as read"</button>
            </div>
        </div>
    }
}
