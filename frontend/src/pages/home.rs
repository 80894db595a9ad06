//! `/`: the home feed (company-wide posts and my communities') with the composer.

use hearth_common::admin::RegistrationMode;
use hearth_common::groups::{Group, GroupQuery};
use hearth_common::posts::Post;
use hearth_common::users::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;
use crate::components::announce::{PinnedPosts, PinnedSource};
use crate::components::composer::Composer;
use crate::components::feed::{Feed, FeedSource};
use crate::session::use_session;

/// For an admin of a fresh instance: nobody else can join until they choose how.
#[component]
fn SetUpJoining() -> impl IntoView {
    let session = use_session();
    let admin = session.with_untracked(|s| s.as_ref().is_some_and(|s| s.user.role == Role::Admin));
    let undecided = LocalResource::new(move || async move {
        admin
            && api::client()
                .instance()
                .await
                .is_ok_and(|i| i.registration == RegistrationMode::Undecided)
    });
    move || {
        undecided.get().unwrap_or(false).then(|| {
            view! {
                <div class="card notice" role="status">
                    <strong>"Nobody else can join yet. "</strong>
                    <A href="/admin">"Choose how people join Hearth"</A>
                </div>
            }
        })
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    let groups = RwSignal::new(Vec::<Group>::new());
    let loaded = RwSignal::new(false);
    let company_wide = session
        .get_untracked()
        .is_some_and(|s| s.user.role != Role::Guest);
    spawn_local(async move {
        let query = GroupQuery {
            mine: Some(true),
            limit: Some(100),
            ..GroupQuery::default()
        };
        let mine = api::authed(session, move |c| {
            let query = query.clone();
            async move { c.groups(&query).await }
        })
        .await
        .map(|page| page.items)
        .unwrap_or_default();
        groups.set(mine);
        loaded.set(true);
    });
    let (posted, set_posted) = signal(None::<Post>);

    view! {
        <h1 class="visually-hidden">"Home"</h1>
        <SetUpJoining/>
        <Composer groups=groups.read_only() company_wide=company_wide on_posted=Callback::new(move |post| set_posted.set(Some(post)))/>
        <PinnedPosts source=PinnedSource::Home/>
        {move || loaded.get().then(|| {
            let my_groups = groups.with_untracked(|all| all.iter().map(|g| g.id.clone()).collect());
            view! { <Feed source=FeedSource::Home { my_groups } posted=posted/> }
        })}
    }
}
