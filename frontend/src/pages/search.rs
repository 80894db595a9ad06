//! `/search?q=`: what matches the top bar's search: posts (with the words found marked),
//! comments, my messages, people and communities.

use hearth_common::groups::{Group, GroupQuery};
use hearth_common::search::{SearchHit, SearchKind, SearchQuery, SnippetPart};
use hearth_common::users::User;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::form_error::FormError;
use crate::components::when::When;
use crate::pages::people::PersonLine;
use crate::session::use_session;

#[component]
pub fn Search() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|p| p.get("q").unwrap_or_default()));
    let people = RwSignal::new(None::<Vec<User>>);
    let groups = RwSignal::new(None::<Vec<Group>>);
    let posts = RwSignal::new(None::<Vec<SearchHit>>);
    let comments = RwSignal::new(None::<Vec<SearchHit>>);
    let messages = RwSignal::new(None::<Vec<SearchHit>>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let text = q.get();
        let for_groups = text.clone();
        let kinds = [
            (SearchKind::Posts, posts),
            (SearchKind::Comments, comments),
            (SearchKind::Messages, messages),
        ];
        for (kind, into) in kinds {
            let text = text.clone();
            api::load_into(session, into, error, move |c| {
                let query = SearchQuery {
                    q: text.clone(),
                    kind: Some(kind),
                    limit: Some(20),
                    cursor: None,
                };
                async move { c.search(&query).await.map(|p| p.items) }
            });
        }
        api::load_into(session, people, error, move |c| {
            let query = hearth_common::users::DirectoryQuery {
                q: Some(text.clone()),
                limit: Some(20),
                cursor: None,
            };
            async move { c.users(&query).await.map(|p| p.items) }
        });
        api::load_into(session, groups, error, move |c| {
            let query = GroupQuery {
                q: Some(for_groups.clone()),
                limit: Some(20),
                ..GroupQuery::default()
            };
            async move { c.groups(&query).await.map(|p| p.items) }
        });
    });
    view! {
        <h1>{move || format!("Results for “{}”", q.get())}</h1>
        <FormError error=error/>
        <section class="card" aria-labelledby="found-posts">
            <h2 id="found-posts">"Posts"</h2>
            {move || posts.get().map(|all| if all.is_empty() {
                view! { <p class="muted">"No post matches."</p> }.into_any()
            } else {
                view! { <ul class="list hits">{all.into_iter().map(|hit| view! { <li><Found hit=hit/></li> }).collect_view()}</ul> }.into_any()
            })}
        </section>
        <section class="card" aria-labelledby="found-comments">
            <h2 id="found-comments">"Comments"</h2>
            {move || comments.get().map(|all| if all.is_empty() {
                view! { <p class="muted">"No comment matches."</p> }.into_any()
            } else {
                view! { <ul class="list hits">{all.into_iter().map(|hit| view! { <li><Found hit=hit/></li> }).collect_view()}</ul> }.into_any()
            })}
        </section>
        <section class="card" aria-labelledby="found-messages">
            <h2 id="found-messages">"My messages"</h2>
            {move || messages.get().map(|all| if all.is_empty() {
                view! { <p class="muted">"No message matches."</p> }.into_any()
            } else {
                view! { <ul class="list hits">{all.into_iter().map(|hit| view! { <li><FoundMessage hit=hit/></li> }).collect_view()}</ul> }.into_any()
            })}
        </section>
        <section class="card" aria-labelledby="found-people">
            <h2 id="found-people">"People"</h2>
            {move || people.get().map(|all| if all.is_empty() {
                view! { <p class="muted">"Nobody matches."</p> }.into_any()
            } else {
                view! { <ul class="list">{all.into_iter().map(|u| view! { <li><PersonLine user=u/></li> }).collect_view()}</ul> }.into_any()
            })}
        </section>
        <section class="card" aria-labelledby="found-groups">
            <h2 id="found-groups">"Communities"</h2>
            {move || groups.get().map(|all| if all.is_empty() {
                view! { <p class="muted">"No community matches."</p> }.into_any()
            } else {
                view! {
                    <ul class="list">
                        {all.into_iter().map(|g| view! {
                            <li><A href=format!("/communities/{}", g.id)>{g.name.clone()}</A></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

/// One post or comment found: who wrote it, where, and the words found in their place.
#[component]
fn Found(hit: SearchHit) -> impl IntoView {
    let Some(post) = hit.post().cloned() else {
        return ().into_any();
    };
    let (author, at, href) = match hit.comment() {
        Some(c) => (
            c.author.display_name.clone(),
            c.created_at,
            format!("/posts/{}#comment-{}", post.id, c.id),
        ),
        None => (
            post.author.display_name.clone(),
            post.created_at,
            format!("/posts/{}", post.id),
        ),
    };
    let title = post
        .title
        .clone()
        .unwrap_or_else(|| format!("Post by {}", post.author.display_name));
    let place = post.group.as_ref().map(|g| format!(" · in {}", g.name));
    view! {
        <article class="hit" data-testid="search-hit">
            <A href=href><strong>{title}</strong></A>
            <p class="muted">{author} " · " <When at=at/> {place}</p>
            <p class="snippet">{snippet(hit.snippet().to_vec())}</p>
        </article>
    }
    .into_any()
}

/// A message found in one of my conversations: who wrote it, when, and the words found.
#[component]
fn FoundMessage(hit: SearchHit) -> impl IntoView {
    let Some(message) = hit.message().cloned() else {
        return ().into_any();
    };
    view! {
        <article class="hit" data-testid="search-hit">
            <A href=format!("/messages/{}", message.conversation_id)>
                <strong>{format!("Message from {}", message.author.display_name)}</strong>
            </A>
            <p class="muted"><When at=message.created_at/></p>
            <p class="snippet">{snippet(hit.snippet().to_vec())}</p>
        </article>
    }
    .into_any()
}

/// The snippet as text nodes, the words found in `<mark>`: never as markup.
fn snippet(parts: Vec<SnippetPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|p| {
            if p.hit {
                view! { <mark>{p.text}</mark> }.into_any()
            } else {
                p.text.into_any()
            }
        })
        .collect_view()
}
