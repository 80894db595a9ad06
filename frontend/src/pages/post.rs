//! `/posts/:id`: one post on its own page, with its comments open — where notifications,
//! shares and copied links lead.

use hearth_common::events::EventBody;
use hearth_common::posts::Post;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api;
use crate::components::feed::{apply_change, changed_post};
use crate::components::post_card::PostCard;
use crate::live;
use crate::session::use_session;

/// What the page shows: loading, the post, or why not.
#[derive(Clone)]
enum Shown {
    Loading,
    Post(RwSignal<Post>),
    Gone,
    Failed(String),
}

#[component]
pub fn PostPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let shown = RwSignal::new(Shown::Loading);
    Effect::new(move |_| {
        let id = id.get();
        shown.set(Shown::Loading);
        leptos::task::spawn_local(async move {
            let answer = api::authed(session, move |c| {
                let id = id.clone();
                async move { c.post(&id).await }
            })
            .await;
            shown.set(match answer {
                Ok(post) => Shown::Post(RwSignal::new(post)),
                Err(err) if err.status() == Some(404) => Shown::Gone,
                Err(err) => Shown::Failed(api::describe(&err)),
            });
        });
    });
    let me = session.with_untracked(|s| s.as_ref().map(|s| s.user.id.clone()).unwrap_or_default());
    live::listen(move |event| {
        let Shown::Post(post) = shown.get_untracked() else {
            return;
        };
        match &event.body {
            EventBody::PostDeleted(gone) if gone.post_id == id.get_untracked() => {
                shown.set(Shown::Gone)
            }
            body if changed_post(body) == Some(id.get_untracked().as_str()) => {
                apply_change(post, body, &me)
            }
            _ => {}
        }
    });
    let navigate = use_navigate();
    let on_deleted = Callback::new(move |_: String| navigate("/", Default::default()));
    move || {
        match shown.get() {
        Shown::Loading => view! { <p class="muted loading">"Loading…"</p> }.into_any(),
        Shown::Post(post) => view! {
            <h1 class="visually-hidden">
                {move || post.with(|p| p.title.clone().unwrap_or_else(|| format!("Post by {}", p.author.display_name)))}
            </h1>
            <PostCard post=post on_deleted=on_deleted open_comments=true/>
        }
        .into_any(),
        Shown::Gone => view! {
            <div class="card">
                <h1>"This post is not available"</h1>
                <p>"It may have been deleted, or it is in a community you are not a member of."</p>
                <p><A href="/">"Back to the home feed"</A></p>
            </div>
        }
        .into_any(),
        Shown::Failed(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
    }
    }
}
