//! The navigation beside (desktop) or above (phone) every signed-in page.

use hearth_common::users::Role;
use leptos::prelude::*;
use leptos_router::components::A;

use hearth_common::events::EventBody;

use crate::api;
use crate::live::{self, use_unread};
use crate::session::use_session;

#[component]
pub fn Nav() -> impl IntoView {
    let session = use_session();
    let unread = use_unread();
    let role = move || session.with(|s| s.as_ref().map(|s| s.user.role));
    let admin = move || role() == Some(Role::Admin);
    let oversees = move || matches!(role(), Some(Role::Admin | Role::CommunityManager));
    let ambassadors =
        move || oversees() || session.with(|s| s.as_ref().is_some_and(|s| s.user.ambassador));
    // Reported things waiting for me, kept current by the stream.
    let reported = RwSignal::new(0u32);
    let recount = move || {
        leptos::task::spawn_local(async move {
            if let Ok(n) =
                api::authed(session, |c| async move { c.moderation_open_count().await }).await
            {
                reported.set(n);
            }
        })
    };
    recount();
    let moderates = move || oversees() || reported.get() != 0;
    live::listen(move |event| {
        if matches!(event.body, EventBody::ReportOpened(_)) {
            recount();
        }
    });
    // Guests see only their communities: no company feed.
    let employee = move || role().is_some_and(|r| r != Role::Guest);
    view! {
        <nav class="side" aria-label="Main">
            <A href="/" exact=true>"Home"</A>
            <Show when=employee>
                <A href="/company">"Company"</A>
            </Show>
            <A href="/communities">"Communities"</A>
            <A href="/messages">
                "Messages"
                {move || {
                    let n = unread.messages.get();
                    (n > 0).then(|| view! { <span class="badge" aria-label=format!("{n} unread")>{n}</span> })
                }}
            </A>
            <A href="/people">"People"</A>
            <A href="/profile">"Profile"</A>
            <Show when=oversees>
                <A href="/insights">"Insights"</A>
            </Show>
            <Show when=ambassadors>
                <A href="/ambassadors">"Ambassadors"</A>
            </Show>
            <Show when=moderates>
                <A href="/moderation">
                    "Moderation"
                    {move || {
                        let n = reported.get();
                        (n > 0).then(|| view! { <span class="badge" aria-label=format!("{n} waiting")>{n}</span> })
                    }}
                </A>
            </Show>
            <Show when=admin>
                <A href="/admin">"Admin"</A>
            </Show>
        </nav>
    }
}
