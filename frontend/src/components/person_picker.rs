//! Finding a person by name: a search field and the matches as buttons.

use hearth_common::users::User;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form_error::FormError;
use crate::pages::people::search_people;
use crate::session::use_session;

#[component]
pub fn PersonPicker(
    label: &'static str,
    action: &'static str,
    on_pick: Callback<User>,
) -> impl IntoView {
    let session = use_session();
    let q = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<User>::new());
    let error = RwSignal::new(None::<String>);
    let me = session
        .get_untracked()
        .map(|s| s.user.id)
        .unwrap_or_default();
    let field = format!("pick-{}", label.len());
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (text, me) = (q.get_untracked(), me.clone());
        spawn_local(async move {
            match search_people(session, text).await {
                Ok(page) => found.set(
                    page.items
                        .into_iter()
                        .filter(|u| u.id != me)
                        .take(8)
                        .collect(),
                ),
                Err(err) => error.set(Some(api::describe(&err))),
            }
        });
    };
    view! {
        <form class="picker" role="search" aria-label="Find a person" on:submit=search>
            <label for=field.clone()>{label}</label>
            <div class="row">
                <input id=field type="search" prop:value=q on:input=move |ev| q.set(event_target_value(&ev))/>
                <button type="submit" class="secondary">"Find"</button>
            </div>
        </form>
        <FormError error=error/>
        <ul class="list">
            {move || found.get().into_iter().map(|u| {
                let name = u.display_name.clone();
                let picked = u.clone();
                view! {
                    <li>
                        {name.clone()} <span class="muted">" @" {u.username.clone()}</span>
                        <button aria-label=format!("{action} {name}") on:click=move |_| {
                            on_pick.run(picked.clone());
                            found.set(Vec::new());
                        }>{action}</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
