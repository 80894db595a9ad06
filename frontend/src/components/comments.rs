//! A post's comments with one level of replies, live, and the forms to add to them.

use hearth_common::events::EventBody;
use hearth_common::media::MAX_COMMENT_ATTACHMENTS;
use hearth_common::page::PageQuery;
use hearth_common::posts::{Comment, CreateCommentRequest, UpdateCommentRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form_error::FormError;
use crate::components::media::{AttachPicker, Attachments, Avatar, Picked};
use crate::components::mentions::Mentions;
use crate::components::report::ReportControl;
use crate::components::when::When;
use crate::live;
use crate::session::use_session;
use hearth_common::moderation::ReportTarget;

#[component]
pub fn Comments(
    post_id: String,
    /// The post is in an archived community: comments can be read, not added or changed.
    #[prop(optional)]
    read_only: bool,
) -> impl IntoView {
    let session = use_session();
    let comments = RwSignal::new(Vec::<Comment>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);

    let load = {
        let post_id = post_id.clone();
        Callback::new(move |from: Option<String>| {
            let post_id = post_id.clone();
            loading.set(true);
            spawn_local(async move {
                let page = PageQuery {
                    limit: Some(50),
                    cursor: from,
                };
                match api::authed(session, move |c| {
                    let (id, page) = (post_id.clone(), page.clone());
                    async move { c.comments(&id, &page).await }
                })
                .await
                {
                    Ok(page) => {
                        comments.update(|all| {
                            for c in page.items {
                                if !all.iter().any(|have| have.id == c.id) {
                                    all.push(c);
                                }
                            }
                        });
                        cursor.set(page.next_cursor);
                    }
                    Err(err) => error.set(Some(api::describe(&err))),
                }
                loading.set(false);
            });
        })
    };
    load.run(None);

    {
        let post_id = post_id.clone();
        live::listen(move |event| {
            if let EventBody::CommentCreated(c) = &event.body {
                if c.post_id == post_id {
                    add(comments, c.clone());
                }
            }
        });
    }

    let top_level = move || {
        comments.with(|all| {
            all.iter()
                .filter(|c| c.parent_id.is_none())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let more = move |_| load.run(cursor.get_untracked());
    view! {
        <section class="comments" aria-label="Comments">
            <FormError error=error/>
            <For each=top_level key=|c| c.id.clone() children=move |c| {
                let replies = {
                    let id = c.id.clone();
                    move || comments.with(|all| all.iter().filter(|r| r.parent_id.as_deref() == Some(id.as_str())).cloned().collect::<Vec<_>>())
                };
                let parent = c.id.clone();
                view! {
                    <div class="comment-thread">
                        <CommentView comment=c.clone() comments=comments read_only=read_only/>
                        <div class="replies">
                            <For each=replies key=|r| r.id.clone() children=move |r| view! { <CommentView comment=r comments=comments read_only=read_only/> }/>
                            {(!read_only).then(|| view! { <CommentForm post_id=c.post_id.clone() parent_id=Some(parent) comments=comments/> })}
                        </div>
                    </div>
                }
            }/>
            <Show when=move || cursor.get().is_some()>
                <button class="secondary" on:click=more>"More comments"</button>
            </Show>
            <Show when=move || loading.get()>
                <p class="muted">"Loading comments…"</p>
            </Show>
            {if read_only {
                view! { <p class="muted">"This community is archived: no new comments."</p> }.into_any()
            } else {
                view! { <CommentForm post_id=post_id.clone() parent_id=None comments=comments/> }.into_any()
            }}
        </section>
    }
}

fn add(comments: RwSignal<Vec<Comment>>, comment: Comment) {
    comments.update(|all| {
        if !all.iter().any(|c| c.id == comment.id) {
            all.push(comment);
        }
    });
}

#[component]
fn CommentView(
    comment: Comment,
    comments: RwSignal<Vec<Comment>>,
    read_only: bool,
) -> impl IntoView {
    let session = use_session();
    let mine =
        session.with_untracked(|s| s.as_ref().is_some_and(|s| s.user.id == comment.author.id));
    let id = comment.id.clone();
    // The comment as it is now (an edit replaces it in the list).
    let current = {
        let id = id.clone();
        Memo::new(move |_| comments.with(|all| all.iter().find(|c| c.id == id).cloned()))
    };
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(comment.body.clone());
    let error = RwSignal::new(None::<String>);
    let node = NodeRef::<leptos::html::Div>::new();
    // Opened from a notification (`#comment-…`): brought into view once shown.
    let anchor = format!("comment-{id}");
    {
        let anchor = anchor.clone();
        Effect::new(move |_| {
            let wanted = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .is_some_and(|hash| hash.trim_start_matches('#') == anchor);
            if let (true, Some(el)) = (wanted, node.get()) {
                el.scroll_into_view();
            }
        });
    }
    let save = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let request = UpdateCommentRequest {
                body: draft.get_untracked(),
            };
            let id = id.clone();
            let call = move |c: hearth_client::Client| {
                let (id, request) = (id.clone(), request.clone());
                async move { c.update_comment(&id, &request).await }
            };
            api::act(session, error, call, move |updated: Comment| {
                comments.update(|all| {
                    if let Some(c) = all.iter_mut().find(|c| c.id == updated.id) {
                        *c = updated;
                    }
                });
                editing.set(false);
            });
        }
    };
    let delete = {
        let id = id.clone();
        move |_| {
            let confirmed = web_sys::window()
                .and_then(|w| w.confirm_with_message("Delete this comment?").ok())
                .unwrap_or(false);
            if !confirmed {
                return;
            }
            let id = id.clone();
            let gone = id.clone();
            let call = move |c: hearth_client::Client| {
                let id = id.clone();
                async move { c.delete_comment(&id).await }
            };
            api::act(session, error, call, move |()| {
                comments.update(|all| all.retain(|c| c.id != gone));
            });
        }
    };
    let field = format!("edit-{anchor}");
    view! {
        <div class="comment" data-testid="comment" id=anchor node_ref=node>
            <p class="comment-head with-avatar">
                <Avatar name=comment.author.display_name.clone() url=comment.author.avatar_url.clone()/>
                <strong>{comment.author.display_name}</strong>
                {comment.author.ambassador.then(|| view! { " " <span class="tag ambassador">"Ambassador"</span> })}
                <span class="muted">" · " <When at=comment.created_at/></span>
                {move || current.with(|c| c.as_ref().is_some_and(|c| c.edited_at.is_some())).then_some(" · edited")}
            </p>
            <Show when=move || editing.get() fallback=move || view! {
                <div class="body" inner_html=move || current.with(|c| c.as_ref().map(|c| c.body_html.clone()).unwrap_or_default())></div>
                <Attachments files=Signal::derive(move || current.with(|c| c.as_ref().map(|c| c.attachments.clone()).unwrap_or_default()))/>
            }>
                <form class="inline-form" on:submit=save.clone()>
                    <label for=field.clone()>"Edit your comment"</label>
                    <textarea id=field.clone() rows="2" prop:value=draft on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                    <div class="actions">
                        <button type="submit">"Save"</button>
                        <button type="button" class="secondary" on:click=move |_| editing.set(false)>"Cancel"</button>
                    </div>
                </form>
            </Show>
            <FormError error=error/>
            {if mine {
                view! {
                    <div class="actions small">
                        {(!read_only).then(|| view! { <button class="link" on:click=move |_| editing.set(true)>"Edit"</button> })}
                        <button class="link" on:click=delete.clone()>"Delete"</button>
                    </div>
                }.into_any()
            } else {
                view! { <ReportControl kind=ReportTarget::Comment id=comment.id.clone()/> }.into_any()
            }}
        </div>
    }
}

#[component]
fn CommentForm(
    post_id: String,
    parent_id: Option<String>,
    comments: RwSignal<Vec<Comment>>,
) -> impl IntoView {
    let session = use_session();
    let body = RwSignal::new(String::new());
    let open = RwSignal::new(parent_id.is_none());
    let error = RwSignal::new(None::<String>);
    let picked = Picked::new();
    let label = if parent_id.is_some() {
        "Your reply"
    } else {
        "Your comment"
    };
    let field_id = format!(
        "comment-{}-{}",
        post_id,
        parent_id.clone().unwrap_or_default()
    );
    let mentions = Mentions::new(body, field_id.clone());
    let submit = {
        let (post_id, parent_id) = (post_id.clone(), parent_id.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let request = CreateCommentRequest {
                body: body.get_untracked(),
                parent_id: parent_id.clone(),
                attachments: picked.ids(),
            };
            let post_id = post_id.clone();
            spawn_local(async move {
                match api::authed(session, move |c| {
                    let (id, request) = (post_id.clone(), request.clone());
                    async move { c.comment(&id, &request).await }
                })
                .await
                {
                    Ok(comment) => {
                        add(comments, comment);
                        body.set(String::new());
                        picked.clear();
                        error.set(None);
                    }
                    Err(err) => error.set(Some(api::describe(&err))),
                }
            });
        }
    };
    let is_reply = parent_id.is_some();
    view! {
        <Show when=move || open.get() fallback=move || view! {
            <button class="link" on:click=move |_| open.set(true)>"Reply"</button>
        }>
            <form class="inline-form" on:submit=submit.clone()>
                <label for=field_id.clone()>{label}</label>
                <textarea id=field_id.clone() rows="2" prop:value=body aria-autocomplete="list" aria-controls=mentions.controls()
                    on:keydown=move |ev| { mentions.on_keydown(&ev); }
                    on:input=move |ev| { body.set(event_target_value(&ev)); mentions.on_input(); }></textarea>
                {mentions.view()}
                <AttachPicker picked=picked max=MAX_COMMENT_ATTACHMENTS id=format!("{}-files", field_id)/>
                <FormError error=error/>
                <div class="actions">
                    <button type="submit" disabled=move || !picked.ready()>{if is_reply { "Reply" } else { "Comment" }}</button>
                </div>
            </form>
        </Show>
    }
}
