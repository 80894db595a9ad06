//! The app shell: session context, the live stream, the top bar, navigation and routes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::path;

use crate::api;
use crate::components::media;
use crate::components::nav::Nav;
use crate::components::top_bar::TopBar;
use crate::live;
use crate::pages::admin::Admin;
use crate::pages::ambassadors::Ambassadors;
use crate::pages::communities::{Communities, Community};
use crate::pages::company::Company;
use crate::pages::home::Home;
use crate::pages::insights::{CommunityHealth, Insights, InsightsAbout};
use crate::pages::messages::{ConversationPage, Messages};
use crate::pages::moderation::Moderation;
use crate::pages::notifications::Notifications;
use crate::pages::people::{People, Person};
use crate::pages::post::PostPage;
use crate::pages::profile::Profile;
use crate::pages::register::Register;
use crate::pages::search::Search;
use crate::pages::sign_in::SignIn;
use crate::pages::topic::Topic;
use crate::session::{use_session, SessionSignal};

#[component]
pub fn App() -> impl IntoView {
    let session: SessionSignal = RwSignal::new(None);
    provide_context(session);
    live::start(session);
    media::keep_cookie(session);
    // Until the saved session is checked, show nothing rather than the sign-in form.
    let restoring = RwSignal::new(true);
    spawn_local(async move {
        api::restore(session).await;
        restoring.set(false);
    });

    view! {
        <Router>
            <a class="skip" href="#content">"Skip to content"</a>
            <TopBar/>
            <Show when=move || !restoring.get() fallback=|| view! { <p class="muted loading">"Loading…"</p> }>
                <div class="layout">
                    <Show when=move || session.with(Option::is_some)>
                        <Nav/>
                    </Show>
                    <main id="content">
                        <Routes fallback=NotFound>
                            <Route path=path!("/") view=|| view! { <SignedIn><Home/></SignedIn> }/>
                            <Route path=path!("/company") view=|| view! { <SignedIn><Company/></SignedIn> }/>
                            <Route path=path!("/posts/:id") view=|| view! { <SignedIn><PostPage/></SignedIn> }/>
                            <Route path=path!("/topics/:topic") view=|| view! { <SignedIn><Topic/></SignedIn> }/>
                            <Route path=path!("/communities") view=|| view! { <SignedIn><Communities/></SignedIn> }/>
                            <Route path=path!("/communities/:id") view=|| view! { <SignedIn><Community/></SignedIn> }/>
                            <Route path=path!("/messages") view=|| view! { <SignedIn><Messages/></SignedIn> }/>
                            <Route path=path!("/messages/:id") view=|| view! { <SignedIn><ConversationPage/></SignedIn> }/>
                            <Route path=path!("/people") view=|| view! { <SignedIn><People/></SignedIn> }/>
                            <Route path=path!("/people/:id") view=|| view! { <SignedIn><Person/></SignedIn> }/>
                            <Route path=path!("/notifications") view=|| view! { <SignedIn><Notifications/></SignedIn> }/>
                            <Route path=path!("/search") view=|| view! { <SignedIn><Search/></SignedIn> }/>
                            <Route path=path!("/profile") view=|| view! { <SignedIn><Profile/></SignedIn> }/>
                            <Route path=path!("/admin") view=|| view! { <SignedIn><Admin/></SignedIn> }/>
                            <Route path=path!("/insights") view=|| view! { <SignedIn><Insights/></SignedIn> }/>
                            <Route path=path!("/ambassadors") view=|| view! { <SignedIn><Ambassadors/></SignedIn> }/>
                            <Route path=path!("/moderation") view=|| view! { <SignedIn><Moderation/></SignedIn> }/>
                            <Route path=path!("/insights/about") view=|| view! { <SignedIn><InsightsAbout/></SignedIn> }/>
                            <Route path=path!("/insights/communities/:id") view=|| view! { <SignedIn><CommunityHealth/></SignedIn> }/>
                            <Route path=path!("/signin") view=SignIn/>
                            <Route path=path!("/register") view=Register/>
                        </Routes>
                    </main>
                </div>
            </Show>
        </Router>
    }
}

/// Shows `children` to a signed-in person and sends anyone else to the sign-in page.
#[component]
fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    view! {
        <Show when=move || session.with(Option::is_some) fallback=|| view! { <Redirect path="/signin"/> }>
            {children()}
        </Show>
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
