//! `/search?q=`: people and communities matching the top bar's search.

use hearth_common::groups::{Group, GroupQuery};
use hearth_common::users::User;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::form_error::FormError;
use crate::pages::people::PersonLine;
use crate::session::use_session;

#[component]
pub fn Search() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|p| p.get("q").unwrap_or_default()));
    let people = RwSignal::new(None::<Vec<User>>);
    let groups = RwSignal::new(None::<Vec<Group>>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let text = q.get();
        let for_groups = text.clone();
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
