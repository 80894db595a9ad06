//! `/moderation`: what was reported to me, live, with the decisions; and the moderation log
//! (`?group=` for a community's).

use hearth_common::events::EventBody;
use hearth_common::moderation::{
    DecisionRequest, LogAction, ModerationAction, QueueItem, ReportTarget,
};
use hearth_common::page::PageQuery;
use hearth_common::users::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::form_error::FormError;
use crate::components::report::reason_words;
use crate::components::when::ago;
use crate::live;
use crate::session::use_session;

#[component]
pub fn Moderation() -> impl IntoView {
    let session = use_session();
    let version = RwSignal::new(0u32);
    // New reports arrive live.
    live::listen(move |event| {
        if matches!(event.body, EventBody::ReportOpened(_)) {
            version.update(|v| *v += 1);
        }
    });
    let queue = LocalResource::new(move || {
        version.track();
        async move {
            api::authed(session, |c| async move { c.moderation_queue().await })
                .await
                .map_err(|e| api::describe(&e))
        }
    });
    let query = use_query_map();
    let group = Memo::new(move |_| query.with(|q| q.get("group")));
    let oversees = session.with_untracked(|s| {
        s.as_ref()
            .is_some_and(|s| matches!(s.user.role, Role::Admin | Role::CommunityManager))
    });
    view! {
        <h1>"Moderation"</h1>
        <section class="card" aria-labelledby="queue-heading">
            <h2 id="queue-heading">"Waiting for a decision"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || queue.get().map(|loaded| match loaded {
                    Ok(q) if q.items.is_empty() => view! { <p class="muted">"Nothing is waiting. Thank you for looking after your communities."</p> }.into_any(),
                    Ok(q) => view! {
                        <ul class="list">
                            {q.items.into_iter().map(|item| view! {
                                <QueueLine item=item on_decided=Callback::new(move |()| version.update(|v| *v += 1))/>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                })}
            </Suspense>
        </section>
        {move || (group.get().is_some() || oversees).then(|| view! { <Log group=group.get() version=version/> })}
    }
}

#[component]
fn QueueLine(item: QueueItem, on_decided: Callback<()>) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let note = RwSignal::new(String::new());
    let admin = session.with_untracked(|s| s.as_ref().is_some_and(|s| s.user.role == Role::Admin));
    let (kind, id) = (item.target_kind, item.target_id.clone());
    let decide = move |action: ModerationAction| {
        let request = DecisionRequest {
            target_kind: kind,
            target_id: id.clone(),
            action,
            note: note.get_untracked(),
        };
        api::act(
            session,
            error,
            move |c| {
                let request = request.clone();
                async move { c.decide(&request).await }
            },
            move |_| on_decided.run(()),
        );
    };
    let what = match item.target_kind {
        ReportTarget::Post => "Post",
        ReportTarget::Comment => "Comment",
        ReportTarget::Message => "Message",
    };
    let note_id = format!("note-{}", item.target_id);
    view! {
        <li data-testid="report">
            <div style="width: 100%">
                <p>
                    <strong>{what}</strong>
                    {format!(" by {}", item.author.display_name)}
                    {item.community.clone().map(|c| view! { " in " <A href=format!("/communities/{}", c.id)>{c.name}</A> })}
                    <span class="muted">{format!(" · {} report(s) · {}", item.reports, ago(item.first_reported_at))}</span>
                    {item.escalated.then(|| view! { " " <span class="tag low">"waiting over 48 h"</span> })}
                    {item.hidden.then(|| view! { " " <span class="tag">"hidden until decided"</span> })}
                </p>
                <blockquote class="shared">{item.excerpt.clone()}</blockquote>
                <p class="muted">{item.reasons.iter().map(|r| reason_words(*r)).collect::<Vec<_>>().join(", ")}</p>
                {(!item.details.is_empty()).then(|| view! {
                    <ul>{item.details.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul>
                })}
                <label for=note_id.clone()>"Note to the author (why it is removed, what the warning is about)"</label>
                <textarea id=note_id maxlength="1000" bind:value=note></textarea>
                <div class="actions">
                    <button class="secondary" on:click={let d = decide.clone(); move |_| d(ModerationAction::Dismiss)}>"Dismiss"</button>
                    <button class="secondary" on:click={let d = decide.clone(); move |_| d(ModerationAction::Warn)}>"Warn"</button>
                    <button on:click={let d = decide.clone(); move |_| d(ModerationAction::Remove)}>"Remove"</button>
                    {admin.then(|| {
                        let d = decide.clone();
                        view! { <button on:click=move |_| d(ModerationAction::Suspend)>"Remove and suspend"</button> }
                    })}
                </div>
                <FormError error=error/>
            </div>
        </li>
    }
}

#[component]
fn Log(group: Option<String>, version: RwSignal<u32>) -> impl IntoView {
    let session = use_session();
    let scope = group.clone();
    let entries = LocalResource::new(move || {
        version.track();
        let scope = scope.clone();
        async move {
            api::authed(session, move |c| {
                let scope = scope.clone();
                async move {
                    c.moderation_log(
                        scope.as_deref(),
                        &PageQuery {
                            limit: Some(50),
                            cursor: None,
                        },
                    )
                    .await
                }
            })
            .await
            .map_err(|e| api::describe(&e))
        }
    });
    let title = if group.is_some() {
        "The community's moderation log"
    } else {
        "Moderation log: company-wide posts and messages"
    };
    view! {
        <section class="card" aria-labelledby="log-heading">
            <h2 id="log-heading">{title}</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || entries.get().map(|loaded| match loaded {
                    Ok(page) if page.items.is_empty() => view! { <p class="muted">"Nothing yet."</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="list">
                            {page.items.into_iter().map(|e| view! {
                                <li>
                                    <strong>{e.actor.map(|a| a.display_name).unwrap_or_else(|| "Hearth".into())}</strong>
                                    {format!(" {} a {} by {}", action_words(e.action), e.target_kind.as_str(), e.author.display_name)}
                                    <span class="muted">{format!(" · {} · {}", e.reason, ago(e.created_at))}</span>
                                    {(!e.note.is_empty()).then(|| view! { <span class="excerpt" style="white-space: normal">{e.note.clone()}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

fn action_words(action: LogAction) -> &'static str {
    match action {
        LogAction::Hidden => "hid (three reports)",
        LogAction::Escalated => "brought to the admins (48 hours open)",
        LogAction::Dismissed => "dismissed the reports of",
        LogAction::Removed => "removed",
        LogAction::Warned => "warned about",
        LogAction::Suspended => "removed and suspended the author of",
    }
}
