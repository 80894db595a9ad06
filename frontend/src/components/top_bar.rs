//! The bar at the top of every page: the name, and who is signed in.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::session::use_session;

#[component]
pub fn TopBar() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">"Hearth"</A>
            {move || match session.get() {
                Some(s) => view! { <span class="muted">{s.user.display_name}</span> }.into_any(),
                None => view! { <A href="/signin">"Sign in"</A> }.into_any(),
            }}
        </header>
    }
}
