//! The bar at the top of every page: the name, search, live unread counts (notifications
//! with their dropdown, messages) and the profile menu.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;
use crate::components::dismiss;
use crate::components::icon::{Glyph, Icon};
use crate::components::media::Avatar;
use crate::components::quick_search::QuickSearch;
use crate::live::use_unread;
use crate::pages::notifications::NotificationMenu;
use crate::session::{self, use_session};

#[component]
pub fn TopBar() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">"Hearth"</A>
            {move || match session.get() {
                Some(s) => view! { <SignedInBar name=s.user.display_name avatar=s.user.avatar_url/> }.into_any(),
                None => view! { <A href="/signin">"Sign in"</A> }.into_any(),
            }}
        </header>
    }
}

#[component]
fn SignedInBar(name: String, avatar: Option<String>) -> impl IntoView {
    let session = use_session();
    let unread = use_unread();
    let bell_open = RwSignal::new(false);
    let menu_open = RwSignal::new(false);
    dismiss::on_escape_or_outside(bell_open, "#bell");
    dismiss::on_escape_or_outside(menu_open, "#me-menu");
    let sign_out = move |_| {
        spawn_local(async move {
            // Revoke the login on the server; sign out here whatever it answers.
            let _ = api::authed(session, |c| async move { c.logout().await }).await;
            session::clear();
            session.set(None);
        });
    };
    let badge = |n: u64| (n > 0).then(|| view! { <span class="badge">{n}</span> });
    view! {
        <QuickSearch/>
        <div class="topbar-right">
            <div class="dropdown" id="bell">
                <button class="icon" data-testid="unread-notifications" aria-expanded=move || bell_open.get().to_string()
                    aria-label=move || format!("Notifications, {} unread", unread.notifications.get())
                    on:click=move |_| { bell_open.update(|o| *o = !*o); menu_open.set(false); }>
                    <Icon glyph=Glyph::Bell/> {move || badge(unread.notifications.get())}
                </button>
                <Show when=move || bell_open.get()>
                    <div on:click=move |_| bell_open.set(false)><NotificationMenu/></div>
                </Show>
            </div>
            <A href="/messages" attr:class="icon" attr:data-testid="unread-messages"
                attr:aria-label=move || format!("Messages, {} unread", unread.messages.get())>
                <Icon glyph=Glyph::Mail/> {move || badge(unread.messages.get())}
            </A>
            <div class="dropdown" id="me-menu">
                <button class="secondary with-avatar" aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| { menu_open.update(|o| *o = !*o); bell_open.set(false); }>
                    <Avatar name=name.clone() url=avatar/>
                    <span class="my-name">{name}</span> " ▾"
                </button>
                <Show when=move || menu_open.get()>
                    <div class="menu" on:click=move |_| menu_open.set(false)>
                        <A href="/profile">"My profile"</A>
                        <button class="secondary" on:click=sign_out>"Sign out"</button>
                    </div>
                </Show>
            </div>
        </div>
    }
}
