//! `/people`: the directory with search; `/people/:id`: a profile with follow and their posts.

use hearth_common::page::Page;
use hearth_common::users::{DirectoryQuery, User, UserProfile};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api;
use crate::components::feed::{Feed, FeedSource};
use crate::components::form_error::FormError;
use crate::components::media::Avatar;
use crate::components::profile_card::ProfileCard;
use crate::session::use_session;

/// People matching `q` (everyone when empty), the first page.
pub async fn search_people(
    session: crate::session::SessionSignal,
    q: String,
) -> Result<Page<User>, hearth_client::ClientError> {
    api::authed(session, move |c| {
        let query = DirectoryQuery {
            q: Some(q.clone()).filter(|q| !q.trim().is_empty()),
            limit: Some(50),
            cursor: None,
        };
        async move { c.users(&query).await }
    })
    .await
}

#[component]
pub fn People() -> impl IntoView {
    let session = use_session();
    let q = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Vec<User>>);
    let error = RwSignal::new(None::<String>);
    let search = move || {
        let text = q.get_untracked();
        spawn_local(async move {
            match search_people(session, text).await {
                Ok(page) => found.set(Some(page.items)),
                Err(err) => error.set(Some(api::describe(&err))),
            }
        });
    };
    search();
    let me = move || session.with(|s| s.as_ref().map(|s| s.user.id.clone()));
    view! {
        <h1>"People"</h1>
        <form class="card search" role="search" aria-label="Search people" on:submit=move |ev| { ev.prevent_default(); search(); }>
            <label for="people-q">"Search by name, title, department or skill"</label>
            <div class="row">
                <input id="people-q" type="search" prop:value=q on:input=move |ev| q.set(event_target_value(&ev))/>
                <button type="submit">"Search"</button>
            </div>
        </form>
        <FormError error=error/>
        {move || match found.get() {
            None => view! { <p class="muted">"Loading people…"</p> }.into_any(),
            Some(people) if people.is_empty() => view! { <p class="muted">"Nobody matches."</p> }.into_any(),
            Some(people) => view! {
                <ul class="list card">
                    {people.into_iter().map(|u| {
                        let others = me() != Some(u.id.clone());
                        let uid = u.id.clone();
                        view! {
                            <li class="person-row">
                                <span><PersonLine user=u/></span>
                                {others.then(|| view! { <MessageButton user_id=uid secondary=true/> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

/// Opens the conversation with this person (starting it the first time).
#[component]
pub fn MessageButton(user_id: String, #[prop(optional)] secondary: bool) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let open = move |_| {
        let target = user_id.clone();
        let navigate = navigate.clone();
        let call = move |c: hearth_client::Client| {
            let target = target.clone();
            async move { c.start_conversation(&[target.as_str()]).await }
        };
        api::act(session, error, call, move |conversation| {
            navigate(
                &format!("/messages/{}", conversation.id),
                Default::default(),
            );
        });
    };
    view! {
        <button class:secondary=secondary on:click=open>"Message"</button>
        <FormError error=error/>
    }
}

#[component]
pub fn PersonLine(user: User) -> impl IntoView {
    let details: Vec<String> = [user.title.clone(), user.department.clone()]
        .into_iter()
        .flatten()
        .collect();
    view! {
        <Avatar name=user.display_name.clone() url=user.avatar_url.clone()/>
        <A href=format!("/people/{}", user.id)><strong>{user.display_name.clone()}</strong></A>
        <span class="muted">" @" {user.username.clone()}</span>
        {(!details.is_empty()).then(|| view! { <span class="muted">" · " {details.join(", ")}</span> })}
    }
}

#[component]
pub fn Person() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let person = RwSignal::new(None::<UserProfile>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let id = id.get();
        api::load_into(session, person, error, move |c| {
            let id = id.clone();
            async move { c.user(&id).await }
        });
    });
    let me = move || session.with(|s| s.as_ref().map(|s| s.user.id.clone()));
    let toggle_follow = move |_| {
        let Some(p) = person.get_untracked() else {
            return;
        };
        let (target, following) = (p.user.id.clone(), p.followed_by_me);
        let call = move |c: hearth_client::Client| {
            let target = target.clone();
            async move {
                if following {
                    c.unfollow(&target).await
                } else {
                    c.follow(&target).await
                }
            }
        };
        api::act(session, error, call, move |()| {
            person.update(|p| {
                if let Some(p) = p {
                    p.followed_by_me = !following;
                    if following {
                        p.follower_count = p.follower_count.saturating_sub(1);
                    } else {
                        p.follower_count += 1;
                    }
                }
            })
        });
    };
    // The id of whoever `/people/@username` named, once known.
    let user_id = Memo::new(move |_| person.with(|p| p.as_ref().map(|p| p.user.id.clone())));
    view! {
        <FormError error=error/>
        {move || person.get().map(|p| {
            let own = me() == Some(p.user.id.clone());
            let uid = p.user.id.clone();
            let following = p.followed_by_me;
            view! {
                <ProfileCard profile=p/>
                <div class="actions">
                    {if own {
                        view! { <A href="/profile">"Edit my profile"</A> }.into_any()
                    } else {
                        view! {
                            <MessageButton user_id=uid/>
                            <button class="secondary" aria-pressed=following.to_string() on:click=toggle_follow>
                                {if following { "Following" } else { "Follow" }}
                            </button>
                        }.into_any()
                    }}
                </div>
            }
        })}
        {move || user_id.get().map(|uid| view! {
            <h2 class="section">"Posts"</h2>
            <Feed source=FeedSource::User(uid)/>
        })}
    }
}
