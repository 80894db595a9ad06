//! The top bar's search: Enter opens every result (`/search`), and while someone types, the
//! best few posts appear under the box (search as you type).

use hearth_common::search::{SearchHit, SearchQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::components::dismiss;
use crate::live::sleep;
use crate::session::use_session;

/// Waits this long after the last key before asking: one request per pause, not per key.
const PAUSE_MS: i32 = 250;
/// Shortest text worth asking about.
const MIN_CHARS: usize = 2;
const SHOWN: u32 = 5;

fn search_href(text: &str) -> String {
    format!("/search?q={}", js_sys::encode_uri_component(text))
}

#[component]
pub fn QuickSearch() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let q = RwSignal::new(String::new());
    let hits = RwSignal::new(Vec::<SearchHit>::new());
    let open = RwSignal::new(false);
    // Which keystroke a pending request belongs to: only the latest one shows.
    let typed = StoredValue::new(0u64);
    dismiss::on_escape_or_outside(open, "#top-search");

    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        q.set(text.clone());
        let mine = typed.get_value() + 1;
        typed.set_value(mine);
        if text.trim().chars().count() < MIN_CHARS {
            open.set(false);
            return;
        }
        spawn_local(async move {
            sleep(PAUSE_MS).await;
            if typed.get_value() != mine {
                return;
            }
            let query = SearchQuery {
                q: text,
                kind: None,
                limit: Some(SHOWN),
                cursor: None,
            };
            let found = api::authed(session, move |c| {
                let query = query.clone();
                async move { c.search(&query).await }
            })
            .await;
            // A query with nothing to look for ("--") is simply no suggestion.
            if typed.get_value() == mine {
                hits.set(found.map(|page| page.items).unwrap_or_default());
                open.set(true);
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = q.get_untracked();
        if !text.trim().is_empty() {
            open.set(false);
            navigate(&search_href(&text), Default::default());
        }
    };
    view! {
        <form class="top-search" id="top-search" role="search" aria-label="Search Hearth" on:submit=submit>
            <label class="visually-hidden" for="top-q">"Search posts, people and communities"</label>
            <input id="top-q" type="search" placeholder="Search" autocomplete="off"
                prop:value=q on:input=on_input/>
            <Show when=move || open.get()>
                <div class="quick-results card" role="region" aria-label="Quick results" data-testid="quick-results">
                    <p class="muted" role="status">{move || match hits.with(Vec::len) {
                        0 => "No post matches yet.".to_owned(),
                        1 => "1 post".to_owned(),
                        n => format!("{n} posts"),
                    }}</p>
                    <ul class="list">
                        {move || hits.get().into_iter().filter_map(|hit| {
                            let post = hit.post()?.clone();
                            let title = post.title.clone().unwrap_or_else(|| {
                                hit.snippet().iter().map(|p| p.text.as_str()).collect::<String>()
                            });
                            Some(view! {
                                <li>
                                    <A href=format!("/posts/{}", post.id) on:click=move |_| open.set(false)>
                                        {title}
                                    </A>
                                    <span class="muted">{format!(" · {}", post.author.display_name)}</span>
                                </li>
                            })
                        }).collect_view()}
                    </ul>
                    <A href=move || search_href(&q.get()) on:click=move |_| open.set(false)>
                        {move || format!("All results for “{}”", q.get())}
                    </A>
                </div>
            </Show>
        </form>
    }
}
