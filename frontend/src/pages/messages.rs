//! `/messages`: my conversations, newest activity first, and starting one; `/messages/:id`:
//! one conversation, live, with typing indicators and read receipts.

use hearth_common::conversations::{Conversation, Message, SendMessageRequest};
use hearth_common::events::EventBody;
use hearth_common::media::MAX_ATTACHMENTS;
use hearth_common::page::PageQuery;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api;
use crate::components::form_error::FormError;
use crate::components::media::{AttachPicker, Attachments, Avatar, Picked};
use crate::components::person_picker::PersonPicker;
use crate::components::report::ReportControl;
use crate::components::when::{ago, When};
use crate::live::{self, use_unread};
use crate::session::use_session;
use hearth_common::moderation::ReportTarget;

/// How long "… is typing" stays up after the last typing event (ms).
const TYPING_SHOWN_MS: f64 = 4_000.0;
/// A typing report is sent at most this often while typing (ms).
const TYPING_EVERY_MS: f64 = 2_500.0;

fn others(conversation: &Conversation, me: &str) -> String {
    let names: Vec<String> = conversation
        .participants
        .iter()
        .filter(|p| p.user.id != me)
        .map(|p| p.user.display_name.clone())
        .collect();
    if names.is_empty() {
        "Just you".into()
    } else {
        names.join(", ")
    }
}

#[component]
pub fn Messages() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let conversations = RwSignal::new(None::<Vec<Conversation>>);
    let error = RwSignal::new(None::<String>);
    let me = session
        .get_untracked()
        .map(|s| s.user.id)
        .unwrap_or_default();
    let load = move || {
        api::load_into(session, conversations, error, |c| async move {
            let page = PageQuery {
                limit: Some(50),
                cursor: None,
            };
            c.conversations(&page).await.map(|p| p.items)
        });
    };
    load();
    live::listen(move |event| {
        if matches!(
            event.body,
            EventBody::MessageCreated(_) | EventBody::StreamReset(_)
        ) {
            load();
        }
    });
    let start = Callback::new(move |user: hearth_common::users::User| {
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::authed(session, move |c| {
                let id = user.id.clone();
                async move { c.start_conversation(&[&id]).await }
            })
            .await
            {
                Ok(conversation) => navigate(
                    &format!("/messages/{}", conversation.id),
                    Default::default(),
                ),
                Err(err) => error.set(Some(api::describe(&err))),
            }
        });
    });
    view! {
        <h1>"Messages"</h1>
        <section class="card">
            <PersonPicker label="New conversation with…" action="Message" on_pick=start/>
        </section>
        <FormError error=error/>
        {move || match conversations.get() {
            None => view! { <p class="muted">"Loading conversations…"</p> }.into_any(),
            Some(all) if all.is_empty() => view! { <p class="muted">"No conversations yet."</p> }.into_any(),
            Some(all) => {
                let me = me.clone();
                view! {
                    <ul class="list card" aria-label="Conversations">
                        {all.into_iter().map(|c| {
                            let unread = c.unread_count;
                            let names = others(&c, &me);
                            view! {
                                <li>
                                    <A href=format!("/messages/{}", c.id)><strong>{names}</strong></A>
                                    {(unread > 0).then(|| view! { <span class="badge" aria-label=format!("{unread} unread")>{unread}</span> })}
                                    <span class="muted">" · " {ago(c.last_activity_at)}</span>
                                    {c.last_message.map(|m| view! { <p class="muted excerpt">{m.body}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
    }
}

#[component]
pub fn ConversationPage() -> impl IntoView {
    let session = use_session();
    let unread = use_unread();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let me = session
        .get_untracked()
        .map(|s| s.user.id)
        .unwrap_or_default();
    let conversation = RwSignal::new(None::<Conversation>);
    let messages = RwSignal::new(Vec::<Message>::new());
    let typing = RwSignal::new(Vec::<(String, String, f64)>::new());
    let error = RwSignal::new(None::<String>);
    let body = RwSignal::new(String::new());
    let last_typing_sent = StoredValue::new(0.0_f64);
    // Where older messages start, while there are more.
    let older = RwSignal::new(None::<String>);
    let loading_older = RwSignal::new(false);
    let list = NodeRef::<leptos::html::Ol>::new();
    // The newest message in view, as chat apps open.
    let to_bottom = move || {
        if let Some(el) = list.get_untracked() {
            el.set_scroll_top(el.scroll_height());
        }
    };
    let near_bottom = move || {
        list.get_untracked()
            .is_none_or(|el| el.scroll_height() - el.scroll_top() - el.client_height() < 120)
    };

    let mark_read = {
        let id = id.clone();
        move |message_id: String| {
            let id = id.clone();
            spawn_local(async move {
                let _ = api::authed(session, move |c| {
                    let (id, message_id) = (id.clone(), message_id.clone());
                    async move { c.mark_conversation_read(&id, &message_id).await }
                })
                .await;
                live::refresh_counts(session, unread).await;
            });
        }
    };
    let load = {
        let (id, mark_read) = (id.clone(), mark_read.clone());
        move || {
            let (id, mark_read) = (id.clone(), mark_read.clone());
            api::load_into(session, conversation, error, {
                let id = id.clone();
                move |c| {
                    let id = id.clone();
                    async move { c.conversation(&id).await }
                }
            });
            spawn_local(async move {
                let result = api::authed(session, move |c| {
                    let id = id.clone();
                    async move {
                        let page = PageQuery {
                            limit: Some(50),
                            cursor: None,
                        };
                        c.messages(&id, &page).await
                    }
                })
                .await;
                match result {
                    Ok(page) => {
                        // The API answers newest first; a conversation reads oldest first.
                        let mut items = page.items;
                        items.reverse();
                        if let Some(last) = items.last() {
                            mark_read(last.id.clone());
                        }
                        messages.set(items);
                        older.set(page.next_cursor);
                        request_animation_frame(to_bottom);
                    }
                    Err(err) => error.set(Some(api::describe(&err))),
                }
            });
        }
    };
    load();

    // The page of messages before the oldest shown, keeping what is on screen in place.
    let load_older = {
        let id = id.clone();
        move || {
            let Some(cursor) = older.get_untracked() else {
                return;
            };
            if loading_older.get_untracked() {
                return;
            }
            loading_older.set(true);
            let id = id.clone();
            spawn_local(async move {
                let result = api::authed(session, move |c| {
                    let (id, cursor) = (id.clone(), cursor.clone());
                    async move {
                        let page = PageQuery {
                            limit: Some(50),
                            cursor: Some(cursor),
                        };
                        c.messages(&id, &page).await
                    }
                })
                .await;
                match result {
                    Ok(page) => {
                        let height = list.get_untracked().map(|el| el.scroll_height());
                        let mut earlier = page.items;
                        earlier.reverse();
                        messages.update(|all| {
                            earlier.retain(|m| !all.iter().any(|have| have.id == m.id));
                            earlier.append(all);
                            *all = earlier;
                        });
                        older.set(page.next_cursor);
                        request_animation_frame(move || {
                            if let (Some(el), Some(before)) = (list.get_untracked(), height) {
                                el.set_scroll_top(el.scroll_top() + el.scroll_height() - before);
                            }
                        });
                    }
                    Err(err) => error.set(Some(api::describe(&err))),
                }
                loading_older.set(false);
            });
        }
    };

    {
        let (id, me) = (id.clone(), me.clone());
        live::listen(move |event| match &event.body {
            EventBody::MessageCreated(m) if m.conversation_id == id => {
                if !messages.with_untracked(|all| all.iter().any(|have| have.id == m.id)) {
                    // Follow the conversation unless the reader scrolled up to read back.
                    let follow = m.author.id == me || near_bottom();
                    messages.update(|all| all.push(m.clone()));
                    if follow {
                        request_animation_frame(to_bottom);
                    }
                }
                typing.update(|t| t.retain(|(uid, _, _)| *uid != m.author.id));
                if m.author.id != me {
                    mark_read(m.id.clone());
                }
            }
            EventBody::MessageRead(read) if read.conversation_id == id => {
                conversation.update(|c| {
                    if let Some(c) = c {
                        for p in c
                            .participants
                            .iter_mut()
                            .filter(|p| p.user.id == read.user_id)
                        {
                            p.last_read_message_id = Some(read.last_read_message_id.clone());
                        }
                    }
                })
            }
            EventBody::Typing(t) if t.conversation_id == id => {
                let until = js_sys::Date::now() + TYPING_SHOWN_MS;
                typing.update(|all| {
                    all.retain(|(uid, _, _)| *uid != t.user.id);
                    all.push((t.user.id.clone(), t.user.display_name.clone(), until));
                });
                spawn_local(async move {
                    live::sleep(TYPING_SHOWN_MS as i32 + 50).await;
                    let now = js_sys::Date::now();
                    typing.update(|all| all.retain(|(_, _, until)| *until > now));
                });
            }
            EventBody::StreamReset(_) => load(),
            _ => {}
        });
    }

    let on_input = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            body.set(event_target_value(&ev));
            let now = js_sys::Date::now();
            if now - last_typing_sent.get_value() > TYPING_EVERY_MS {
                last_typing_sent.set_value(now);
                let id = id.clone();
                spawn_local(async move {
                    let _ = api::authed(session, move |c| {
                        let id = id.clone();
                        async move { c.typing(&id).await }
                    })
                    .await;
                });
            }
        }
    };
    let picked = Picked::new();
    let send = {
        let id = id.clone();
        move || {
            let request = SendMessageRequest {
                body: body.get_untracked(),
                attachments: picked.ids(),
            };
            if request.body.trim().is_empty() || !picked.ready() {
                return;
            }
            let id = id.clone();
            spawn_local(async move {
                match api::authed(session, move |c| {
                    let (id, request) = (id.clone(), request.clone());
                    async move { c.send_message_with(&id, &request).await }
                })
                .await
                {
                    Ok(m) => {
                        body.set(String::new());
                        picked.clear();
                        last_typing_sent.try_set_value(0.0);
                        messages.update(|all| {
                            if !all.iter().any(|have| have.id == m.id) {
                                all.push(m);
                            }
                        });
                        request_animation_frame(to_bottom);
                    }
                    Err(err) => error.set(Some(api::describe(&err))),
                }
            });
        }
    };

    // Read receipts as chat apps show them: each other person once, under the newest of my
    // messages they have read.
    let seen_by = {
        let me = me.clone();
        move |message_id: &str| -> Vec<String> {
            let Some(participants) =
                conversation.with(|c| c.as_ref().map(|c| c.participants.clone()))
            else {
                return Vec::new();
            };
            messages.with(|all| {
                participants
                    .iter()
                    .filter(|p| p.user.id != me)
                    .filter(|p| {
                        let Some(read) = p
                            .last_read_message_id
                            .as_deref()
                            .and_then(|r| all.iter().position(|m| m.id == r))
                        else {
                            return false;
                        };
                        all[..=read]
                            .iter()
                            .rev()
                            .find(|m| m.author.id == me)
                            .map(|m| m.id.as_str())
                            == Some(message_id)
                    })
                    .map(|p| p.user.display_name.clone())
                    .collect()
            })
        }
    };
    let title = {
        let me = me.clone();
        move || conversation.with(|c| c.as_ref().map(|c| others(c, &me)).unwrap_or_default())
    };

    let (load_on_scroll, load_on_click) = (load_older.clone(), load_older);
    let send_on_submit = send.clone();
    view! {
        <p><A href="/messages">"← All conversations"</A></p>
        <h1>{title}</h1>
        <FormError error=error/>
        <ol class="messages card" aria-label="Messages" aria-live="polite" node_ref=list tabindex="0"
            on:scroll={
                let load_older = load_on_scroll;
                move |_| {
                    if list.get_untracked().is_some_and(|el| el.scroll_top() < 80) {
                        load_older();
                    }
                }
            }>
            <Show when=move || older.with(Option::is_some)>
                <li class="older">
                    <button class="secondary" on:click={
                        let load_older = load_on_click.clone();
                        move |_| load_older()
                    }>{move || if loading_older.get() { "Loading…" } else { "Load older messages" }}</button>
                </li>
            </Show>
            <For each=move || messages.get() key=|m| m.id.clone() children={
                let (me, seen_by) = (me.clone(), seen_by.clone());
                move |m| {
                    let mine = m.author.id == me;
                    let id = m.id.clone();
                    let seen_by = seen_by.clone();
                    view! {
                        <li class="message" class:mine=mine data-testid="message">
                            <p class="comment-head with-avatar">
                                <Avatar name=m.author.display_name.clone() url=m.author.avatar_url.clone()/>
                                <strong>{m.author.display_name.clone()}</strong>
                                <span class="muted">" · " <When at=m.created_at/></span>
                            </p>
                            <div class="body" inner_html=m.body_html.clone()></div>
                            <Attachments files=m.attachments.clone()/>
                            {(!mine).then(|| view! { <ReportControl kind=ReportTarget::Message id=m.id.clone()/> })}
                            {move || {
                                let names = if mine { seen_by(&id) } else { Vec::new() };
                                (!names.is_empty()).then(|| view! {
                                    <p class="notice seen">{format!("Seen by {}", names.join(", "))}</p>
                                })
                            }}
                        </li>
                    }
                }
            }/>
        </ol>
        <p class="notice typing" aria-live="polite">
            {move || {
                let names: Vec<String> = typing.get().into_iter().map(|(_, name, _)| name).collect();
                match names.len() {
                    0 => String::new(),
                    1 => format!("{} is typing…", names[0]),
                    _ => format!("{} are typing…", names.join(", ")),
                }
            }}
        </p>
        <form class="card message-form" on:submit={
            let send = send_on_submit;
            move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send(); }
        }>
            <label for="message-body">"Message"</label>
            <textarea id="message-body" rows="2" prop:value=body on:input=on_input aria-describedby="message-keys"
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    // Enter sends, Shift+Enter starts a new line (not while an input method
                    // is composing a character).
                    if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                        ev.prevent_default();
                        send();
                    }
                }></textarea>
            <p id="message-keys" class="muted small">"Enter sends · Shift+Enter for a new line"</p>
            <AttachPicker picked=picked max=MAX_ATTACHMENTS id="message-files".to_string()/>
            <div class="actions">
                <button type="submit" disabled=move || !picked.ready() || body.with(|b| b.trim().is_empty())>"Send"</button>
            </div>
        </form>
    }
}
