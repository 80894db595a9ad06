//! A post's comments with one level of replies, live, and the forms to add to them.

use hearth_common::events::EventBody;
use hearth_common::page::PageQuery;
use hearth_common::posts::{Comment, CreateCommentRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form_error::FormError;
use crate::components::report::ReportControl;
use crate::components::when::ago;
use crate::live;
use crate::session::use_session;
use hearth_common::moderation::ReportTarget;

#[component]
pub fn Comments(post_id: String) -> impl IntoView {
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
                        <CommentView comment=c.clone()/>
                        <div class="replies">
                            <For each=replies key=|r| r.id.clone() children=|r| view! { <CommentView comment=r/> }/>
                            <CommentForm post_id=c.post_id.clone() parent_id=Some(parent) comments=comments/>
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
            <CommentForm post_id=post_id.clone() parent_id=None comments=comments/>
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
fn CommentView(comment: Comment) -> impl IntoView {
    let session = use_session();
    let mine =
        session.with_untracked(|s| s.as_ref().is_some_and(|s| s.user.id == comment.author.id));
    view! {
        <div class="comment" data-testid="comment">
            <p class="comment-head">
                <strong>{comment.author.display_name}</strong>
                {comment.author.ambassador.then(|| view! { " " <span class="tag ambassador">"Ambassador"</span> })}
                <span class="muted">" · " {ago(comment.created_at)}</span>
            </p>
            <div class="body" inner_html=comment.body_html></div>
            {(!mine).then(|| view! { <ReportControl kind=ReportTarget::Comment id=comment.id.clone()/> })}
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
    let submit = {
        let (post_id, parent_id) = (post_id.clone(), parent_id.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let request = CreateCommentRequest {
                body: body.get_untracked(),
                parent_id: parent_id.clone(),
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
                <textarea id=field_id.clone() rows="2" prop:value=body on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <FormError error=error/>
                <div class="actions">
                    <button type="submit">{if is_reply { "Reply" } else { "Comment" }}</button>
                </div>
            </form>
        </Show>
    }
}
