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
use crate::components::when::ago;
use crate::live::{self, use_unread};
use crate::session::use_session;

fn sentence(n: &Notification) -> String {
    let who = &n.actor.display_name;
    let what = n
        .post
        .as_ref()
        .map(|p| format!("“{}”", p.excerpt))
        .unwrap_or_default();
    match n.kind {
        NotificationKind::Like => format!("{who} reacted to {what}"),
        NotificationKind::Comment => format!("{who} commented on {what}"),
        NotificationKind::Reply => format!("{who} replied to your comment on {what}"),
        NotificationKind::Mention => format!("{who} mentioned you in {what}"),
        NotificationKind::Share => format!("{who} shared {what}"),
        NotificationKind::Follow => format!("{who} followed you"),
        NotificationKind::Message => format!("{who} sent you a message"),
        NotificationKind::JoinRequest => format!("{who} asked to join your community"),
        NotificationKind::GroupInvite => format!("{who} invited you to a community"),
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

fn link(n: &Notification) -> String {
    if let Some(conversation) = &n.conversation {
        format!("/messages/{conversation}")
    } else if let Some(group) = &n.group {
        format!("/communities/{}", group.id)
    } else if n.kind == NotificationKind::AmbassadorInvite {
        "/ambassadors".into()
    } else if n.kind == NotificationKind::Follow {
        format!("/people/{}", n.actor.id)
    } else {
        "/".into()
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
fn NotificationList(items: Vec<Notification>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted">"Nothing new."</p> }.into_any();
    }
    view! {
        <ul class="list" aria-label="Notifications">
            {items.into_iter().map(|n| {
                let (href, text, when) = (link(&n), sentence(&n), ago(n.created_at));
                view! {
                    <li class:unread=!n.read data-testid="notification">
                        <A href=href>{text}</A>
                        <span class="muted">" · " {when}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

fn mark_all_read() {
    let session = use_session();
    let unread = use_unread();
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
    view! {
        <h1>"Notifications"</h1>
        <div class="actions"><button class="secondary" on:click=move |_| mark_all_read()>"Mark all as read"</button></div>
        <FormError error=error/>
        <section class="card">
            {move || match items.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(all) => view! { <NotificationList items=all/> }.into_any(),
            }}
        </section>
    }
}

/// The bell's dropdown: the latest five and a way to the rest.
#[component]
pub fn NotificationMenu() -> impl IntoView {
    let (items, error) = live_notifications(5);
    view! {
        <div class="menu" role="dialog" aria-label="Latest notifications">
            <FormError error=error/>
            {move || items.get().map(|all| view! { <NotificationList items=all/> })}
            <div class="actions">
                <A href="/notifications">"All notifications"</A>
                <button class="secondary" on:click=move |_| mark_all_read()>"Mark all as read"</button>
            </div>
        </div>
    }
}
