//! The navigation beside every signed-in page on a desktop; on a phone, a bar at the bottom
//! with the main destinations and "More" for the rest.

use hearth_common::users::Role;
use leptos::prelude::*;
use leptos_router::components::A;

use hearth_common::events::EventBody;

use crate::api;
use crate::components::dismiss;
use crate::components::icon::{Glyph, Icon};
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
    let more_open = RwSignal::new(false);
    dismiss::on_escape_or_outside(more_open, "nav.bottom");
    let messages_badge = move || {
        let n = unread.messages.get();
        (n > 0).then(|| view! { <span class="badge" aria-label=format!("{n} unread")>{n}</span> })
    };
    let reported_badge = move || {
        let n = reported.get();
        (n > 0).then(|| view! { <span class="badge" aria-label=format!("{n} waiting")>{n}</span> })
    };
    // The destinations past the main four, shared by the side bar and the phone's "More".
    let rest = move || {
        view! {
            <Show when=employee>
                <A href="/company">"Company"</A>
            </Show>
            <A href="/profile">"Profile"</A>
            <Show when=oversees>
                <A href="/insights">"Insights"</A>
            </Show>
            <Show when=ambassadors>
                <A href="/ambassadors">"Ambassadors"</A>
            </Show>
            <Show when=moderates>
                <A href="/moderation">"Moderation" {reported_badge}</A>
            </Show>
            <Show when=admin>
                <A href="/admin">"Admin"</A>
            </Show>
        }
    };
    view! {
        <nav class="side" aria-label="Main">
            <A href="/" exact=true>"Home"</A>
            <A href="/communities">"Communities"</A>
            <A href="/messages">"Messages" {messages_badge}</A>
            <A href="/people">"People"</A>
            {rest}
        </nav>
        <nav class="bottom" aria-label="Main">
            <A href="/" exact=true><Icon glyph=Glyph::Home/><span>"Home"</span></A>
            <A href="/communities"><Icon glyph=Glyph::Communities/><span>"Communities"</span></A>
            <A href="/messages"><Icon glyph=Glyph::Mail/><span>"Messages"</span> {messages_badge}</A>
            <A href="/people"><Icon glyph=Glyph::People/><span>"People"</span></A>
            <button class="more" aria-expanded=move || more_open.get().to_string() aria-controls="more-menu"
                on:click=move |_| more_open.update(|o| *o = !*o)>
                <Icon glyph=Glyph::More/><span>"More"</span>
            </button>
            <Show when=move || more_open.get()>
                <div id="more-menu" class="menu more-menu" on:click=move |_| more_open.set(false)>
                    {rest}
                </div>
            </Show>
        </nav>
    }
}
