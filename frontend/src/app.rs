//! The app shell: session context, top bar and routes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::api;
use crate::components::top_bar::TopBar;
use crate::pages::home::Home;
use crate::pages::register::Register;
use crate::pages::sign_in::SignIn;
use crate::session::SessionSignal;

#[component]
pub fn App() -> impl IntoView {
    let session: SessionSignal = RwSignal::new(None);
    provide_context(session);
    // Until the saved session is checked, show nothing rather than the sign-in form.
    let restoring = RwSignal::new(true);
    spawn_local(async move {
        api::restore(session).await;
        restoring.set(false);
    });

    view! {
        <Router>
            <TopBar/>
            <main>
                <Show when=move || !restoring.get() fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home/>
                        <Route path=path!("/signin") view=SignIn/>
                        <Route path=path!("/register") view=Register/>
                    </Routes>
                </Show>
            </main>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <div class="card">
            <h1>"Page not found"</h1>
            <p><A href="/">"Back to Hearth"</A></p>
        </div>
    }
}
