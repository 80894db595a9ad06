//! Pinned posts and must-reads: what sits above a feed (with "I have read this"), and the
//! controls of those who may pin and announce — with a must-read's progress, live.

use hearth_common::announcements::{MustRead, PinnedPost};
use hearth_common::events::EventBody;
use hearth_common::groups::GroupRole;
use hearth_common::posts::Post;
use hearth_common::users::Role;
use leptos::prelude::*;

use crate::api;
use crate::components::form_error::FormError;
use crate::components::post_card::PostCard;
use crate::live;
use crate::session::use_session;

/// Given by a community's page: the community and the caller's role in it, so that its
/// owners and moderators get the pin and must-read controls on its posts.
#[derive(Clone, Copy)]
pub struct CommunityRole {
    pub id: StoredValue<String>,
    pub role: Signal<Option<GroupRole>>,
}

/// Where the pinned posts come from.
#[derive(Clone)]
pub enum PinnedSource {
    Home,
    Group(String),
}

/// The posts above a feed: must-reads waiting for me, then pinned posts.
#[component]
pub fn PinnedPosts(source: PinnedSource) -> impl IntoView {
    let session = use_session();
    let version = RwSignal::new(0u32);
    let items = LocalResource::new(move || {
        version.track();
        let source = source.clone();
        async move {
            api::authed(session, move |c| {
                let source = source.clone();
                async move {
                    match source {
                        PinnedSource::Home => c.home_pinned().await,
                        PinnedSource::Group(id) => c.group_pinned(&id).await,
                    }
                }
            })
            .await
            .map(|p| p.items)
            .unwrap_or_default()
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || items.get().map(|items| {
                (!items.is_empty()).then(|| view! {
                    <section aria-label="Pinned" class="pinned">
                        {items.into_iter().map(|item| view! {
                            <PinnedItem item=item on_done=Callback::new(move |()| version.update(|v| *v += 1))/>
                        }).collect_view()}
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
fn PinnedItem(item: PinnedPost, on_done: Callback<()>) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let id = item.post.id.clone();
    let acknowledge = move |_| {
        let id = id.clone();
        api::act(
            session,
            error,
            move |c| {
                let id = id.clone();
                async move { c.acknowledge(&id).await }
            },
            move |()| on_done.run(()),
        );
    };
    let post = RwSignal::new(item.post);
    view! {
        <div class="pinned-item">
            {item.must_read_deadline.map(|deadline| view! {
                <div class="must-read" role="status">
                    <strong>"Must-read"</strong>
                    {format!(" · please read by {}", day(deadline))}
                    <button on:click=acknowledge.clone()>"I have read this"</button>
                </div>
            })}
            {item.pinned.then(|| view! { <span class="tag">"Pinned"</span> })}
            <FormError error=error/>
            <PostCard post=post on_deleted=Callback::new(move |_| on_done.run(()))/>
        </div>
    }
}

/// The browser's own way of writing a date.
fn day(at: chrono::DateTime<chrono::Utc>) -> String {
    js_sys::Date::new(&(at.timestamp_millis() as f64).into())
        .to_locale_date_string("default", &js_sys::Object::new())
        .into()
}

/// Whether the caller may pin and announce `post`: admins and community managers for
/// company-wide posts; owners and moderators (pin), owners (must-read) in a community.
fn rights(post: &Post) -> (bool, bool) {
    let session = use_session();
    let role = session.with_untracked(|s| s.as_ref().map(|s| s.user.role));
    match &post.group {
        None => {
            let oversees = matches!(role, Some(Role::Admin | Role::CommunityManager));
            (oversees, oversees)
        }
        Some(group) => match use_context::<CommunityRole>() {
            Some(c) if c.id.with_value(|id| *id == group.id) => {
                let role = c.role.get_untracked();
                (
                    matches!(role, Some(GroupRole::Owner | GroupRole::Moderator)),
                    role == Some(GroupRole::Owner),
                )
            }
            _ => (false, false),
        },
    }
}

/// Pin, make a must-read, and a must-read's progress, for those who may.
#[component]
pub fn AnnounceControls(post: RwSignal<Post>) -> impl IntoView {
    let (may_pin, may_mark) = post.with_untracked(rights);
    let session = use_session();
    let id = post.with_untracked(|p| p.id.clone());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let days = RwSignal::new(3u8);
    let status = RwSignal::new(None::<MustRead>);

    let pin = {
        let id = id.clone();
        move |on: bool| {
            let id = id.clone();
            api::act(
                session,
                error,
                move |c| {
                    let id = id.clone();
                    async move {
                        if on {
                            c.pin_post(&id).await
                        } else {
                            c.unpin_post(&id).await
                        }
                    }
                },
                move |()| notice.set(Some(if on { "Pinned." } else { "Unpinned." }.into())),
            );
        }
    };
    let mark = {
        let id = id.clone();
        move |_| {
            let (id, days) = (id.clone(), days.get_untracked());
            api::act(
                session,
                error,
                move |c| {
                    let id = id.clone();
                    async move { c.mark_must_read(&id, days).await }
                },
                move |s| status.set(Some(s)),
            );
        }
    };
    let show_status = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            api::act(
                session,
                error,
                move |c| {
                    let id = id.clone();
                    async move { c.must_read(&id).await }
                },
                move |s| status.set(Some(s)),
            );
        }
    };
    let remind = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            api::act(
                session,
                error,
                move |c| {
                    let id = id.clone();
                    async move { c.remind_must_read(&id).await }
                },
                move |()| notice.set(Some("Reminder sent.".into())),
            );
        }
    };
    // Acknowledgements arrive live while the progress is open.
    let watched = id.clone();
    live::listen(move |event| {
        if let EventBody::MustReadAcknowledged(a) = &event.body {
            if a.post_id == watched {
                status.update(|s| {
                    if let Some(p) = s.as_mut().and_then(|s| s.progress.as_mut()) {
                        p.acknowledged = a.acknowledged;
                        p.total = a.total;
                    }
                });
            }
        }
    });

    (may_pin || may_mark).then(|| view! {
        <details class="announce">
            <summary>"Announce"</summary>
            <div class="actions">
                {may_pin.then(|| {
                    let (pin_on, pin_off) = (pin.clone(), pin.clone());
                    view! {
                        <button class="secondary" on:click=move |_| pin_on(true)>"Pin"</button>
                        <button class="secondary" on:click=move |_| pin_off(false)>"Unpin"</button>
                    }
                })}
                {may_mark.then(|| view! {
                    <label class="inline" for=format!("days-{id}")>"Must-read within"</label>
                    <select id=format!("days-{id}") on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse() { days.set(n) }
                    }>
                        {(1..=7u8).map(|n| view! {
                            <option value=n.to_string() selected=n == 3>{format!("{n} day(s)")}</option>
                        }).collect_view()}
                    </select>
                    <button class="secondary" on:click=mark.clone()>"Make must-read"</button>
                })}
                <button class="secondary" on:click=show_status>"Must-read progress"</button>
            </div>
            {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <FormError error=error/>
            {move || status.get().and_then(|s| s.progress.map(|p| {
                let csv = s.post_id.clone();
                view! {
                    <div data-testid="must-read-progress">
                        <p>{format!("{} of {} have read it", p.acknowledged, p.total)}</p>
                        <ul class="list">
                            {p.departments.rows.into_iter().map(|r| view! {
                                <li>
                                    {r.department.unwrap_or_else(|| "No department given".into())}
                                    {format!(": {} of {}", count(r.engaged), count(r.members))}
                                </li>
                            }).collect_view()}
                        </ul>
                        <button class="secondary" on:click=remind.clone()>"Remind those who have not"</button>
                        {p.names_visible.then(|| view! { <CsvLink post_id=csv/> })}
                    </div>
                }
            }))}
        </details>
    })
}

fn count(n: Option<u32>) -> String {
    n.map_or_else(|| "<5".into(), |n| n.to_string())
}

/// Downloads who acknowledged as CSV, with the session's token (a plain link has none).
#[component]
fn CsvLink(post_id: String) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let download = move |_| {
        let id = post_id.clone();
        api::act(
            session,
            error,
            move |c| {
                let id = id.clone();
                async move { c.acknowledgements_csv(&id).await }
            },
            |csv: String| save("acknowledgements.csv", &csv),
        );
    };
    view! {
        <button class="secondary" on:click=download>"Who has read it (CSV)"</button>
        <FormError error=error/>
    }
}

fn save(name: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
