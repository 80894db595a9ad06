//! One post: who wrote it where, its content (or the post it shares), reactions, comments,
//! sharing, and for its author editing and deleting.

use hearth_client::Client;
use hearth_common::groups::{Group, GroupQuery, Privacy};
use hearth_common::media::MAX_ATTACHMENTS;
use hearth_common::page::PageQuery;
use hearth_common::posts::{
    LinkPreview, Post, PostVersion, ReactionKind, ShareRequest, UpdatePostRequest,
};
use hearth_common::users::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;
use crate::components::announce::AnnounceControls;
use crate::components::comments::Comments;
use crate::components::form_error::FormError;
use crate::components::icon::{Glyph, Icon};
use crate::components::media::{media_ready, AttachPicker, Attachments, Avatar, Picked};
use crate::components::report::ReportControl;
use crate::components::when::{ago, When};
use crate::session::use_session;
use hearth_common::moderation::ReportTarget;

pub fn reaction_label(kind: ReactionKind) -> (Glyph, &'static str) {
    match kind {
        ReactionKind::Like => (Glyph::Like, "Like"),
        ReactionKind::Celebrate => (Glyph::Celebrate, "Celebrate"),
        ReactionKind::Support => (Glyph::Support, "Support"),
        ReactionKind::Insightful => (Glyph::Insightful, "Insightful"),
        ReactionKind::Curious => (Glyph::Curious, "Curious"),
    }
}

/// The address of a post's own page, to paste anywhere.
pub fn permalink(id: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}/posts/{id}")
}

/// Puts a post's address on the clipboard; `copied` says so for a few seconds.
fn copy_link(id: &str, copied: RwSignal<bool>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = window.navigator().clipboard().write_text(&permalink(id));
    spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            copied.set(true);
            crate::live::sleep(3_000).await;
            copied.try_set(false);
        }
    });
}

#[component]
pub fn PostCard(
    post: RwSignal<Post>,
    on_deleted: Callback<String>,
    #[prop(optional)] open_comments: bool,
) -> impl IntoView {
    let session = use_session();
    let id = post.with_untracked(|p| p.id.clone());
    let mine = move || {
        session.with(|s| s.as_ref().map(|s| s.user.id.clone()))
            == Some(post.with(|p| p.author.id.clone()))
    };
    let error = RwSignal::new(None::<String>);
    let show_comments = RwSignal::new(open_comments);
    let copied = RwSignal::new(false);
    let sharing = RwSignal::new(false);
    let editing = RwSignal::new(false);
    // In an archived community a post is kept to be read: no reactions, comments or edits.
    let archived = post.with_untracked(|p| p.group.as_ref().is_some_and(|g| g.archived));

    let react = {
        let id = id.clone();
        move |kind: ReactionKind| {
            let id = id.clone();
            let again = post.with_untracked(|p| p.my_reaction == Some(kind));
            spawn_local(async move {
                let result = api::authed(session, move |c| {
                    let id = id.clone();
                    async move {
                        if again {
                            c.unreact(&id).await
                        } else {
                            c.react(&id, Some(kind)).await
                        }
                    }
                })
                .await;
                match result {
                    Ok(now) => post.update(|p| {
                        p.like_count = now.like_count;
                        p.reaction_counts = now.reaction_counts;
                        p.my_reaction = now.my_reaction;
                    }),
                    Err(err) => error.set(Some(api::describe(&err))),
                }
            });
        }
    };

    let delete = {
        let id = id.clone();
        move |_| {
            let confirmed = web_sys::window()
                .and_then(|w| w.confirm_with_message("Delete this post?").ok())
                .unwrap_or(false);
            if !confirmed {
                return;
            }
            let id = id.clone();
            spawn_local(async move {
                let target = id.clone();
                match api::authed(session, move |c| {
                    let id = target.clone();
                    async move { c.delete_post(&id).await }
                })
                .await
                {
                    Ok(()) => {
                        on_deleted.try_run(id);
                    }
                    Err(err) => error.set(Some(api::describe(&err))),
                }
            });
        }
    };

    view! {
        <article class="card post" data-testid="post">
            <header class="post-head with-avatar">
                {move || post.with(|p| view! { <Avatar name=p.author.display_name.clone() url=p.author.avatar_url.clone()/> })}
                <div>
                <A href=move || post.with(|p| format!("/people/{}", p.author.id))>
                    <strong>{move || post.with(|p| p.author.display_name.clone())}</strong>
                </A>
                {move || post.with(|p| p.author.ambassador).then(|| view! { " " <span class="tag ambassador">"Ambassador"</span> })}
                <span class="muted">
                    " · "
                    <A href=move || post.with(|p| format!("/posts/{}", p.id)) attr:class="permalink">
                        {move || post.with(|p| view! { <When at=p.created_at/> })}
                    </A>
                    {move || post.with(|p| p.edited_at.is_some()).then_some(" · edited")}
                    {move || post.with(|p| p.group.clone()).map(|g| view! {
                        " · in " <A href=format!("/communities/{}", g.id)>{g.name}</A>
                    })}
                </span>
                </div>
            </header>
            {move || post.with(|p| p.title.clone()).map(|t| view! { <h2>{t}</h2> })}
            <div class="body" inner_html=move || post.with(|p| p.body_html.clone())></div>
            <Attachments files=Signal::derive(move || post.with(|p| p.attachments.clone()))/>
            {move || post.with(|p| p.link_preview.clone()).map(|card| view! {
                <LinkCard card=card post=post mine=Signal::derive(mine)/>
            })}
            <ul class="chips topics">
                {move || post.with(|p| p.topics.clone()).into_iter().map(|t| view! {
                    <li><A href=format!("/topics/{t}")>{format!("#{t}")}</A></li>
                }).collect_view()}
            </ul>
            {move || post.with(|p| p.shared_post.clone()).map(|shared| if shared.available {
                view! {
                    <blockquote class="shared">
                        <p class="muted">
                            {shared.author.map(|a| a.display_name).unwrap_or_default()}
                            " wrote"
                            {shared.created_at.map(|at| view! {
                                " " <A href=format!("/posts/{}", shared.id) attr:class="permalink"><When at=at/></A>
                            })}
                            ":"
                        </p>
                        {shared.title.map(|t| view! { <h3>{t}</h3> })}
                        <div inner_html=shared.body_html.unwrap_or_default()></div>
                    </blockquote>
                }.into_any()
            } else {
                view! { <blockquote class="shared muted">"The shared post is no longer available."</blockquote> }.into_any()
            })}
            <div class="reactions" role="group" aria-label="Reactions">
                {ReactionKind::ALL.into_iter().map(|kind| {
                    let (glyph, name) = reaction_label(kind);
                    let react = react.clone();
                    let count = move || post.with(|p| p.reaction_counts.get(&kind).copied().unwrap_or(0));
                    view! {
                        <button
                            class="reaction"
                            class:chosen=move || post.with(|p| p.my_reaction == Some(kind))
                            aria-pressed=move || post.with(|p| (p.my_reaction == Some(kind)).to_string())
                            disabled=archived
                            title=name
                            on:click=move |_| react(kind)
                        >
                            // Named "Like (3)" for screen readers; the icon and the count for the eye.
                            <Icon glyph=glyph/>
                            <span class="visually-hidden">{move || format!("{name} ({})", count())}</span>
                            <span class="count" aria-hidden="true">{count}</span>
                        </button>
                    }
                }).collect_view()}
            </div>
            <div class="actions">
                <button class="secondary" aria-expanded=move || show_comments.get().to_string()
                    on:click=move |_| show_comments.update(|v| *v = !*v)>
                    {move || format!("Comments ({})", post.with(|p| p.comment_count))}
                </button>
                <button class="secondary" on:click=move |_| sharing.update(|v| *v = !*v)>"Share"</button>
                <button class="secondary" on:click={
                    let id = id.clone();
                    move |_| copy_link(&id, copied)
                }>{move || if copied.get() { "Link copied" } else { "Copy link" }}</button>
                <Show when=mine fallback={
                    let id = id.clone();
                    move || view! { <ReportControl kind=ReportTarget::Post id=id.clone()/> }
                }>
                    {(!archived).then(|| view! {
                        <button class="secondary" on:click=move |_| editing.update(|v| *v = !*v)>"Edit"</button>
                    })}
                    <button class="secondary" on:click=delete.clone()>"Delete"</button>
                </Show>
            </div>
            <AnnounceControls post=post/>
            <FormError error=error/>
            <Show when=move || editing.get()>
                <EditForm post=post done=Callback::new(move |()| editing.set(false))/>
            </Show>
            <Show when=move || sharing.get()>
                <ShareForm post=post done=Callback::new(move |()| sharing.set(false))/>
            </Show>
            <Show when=move || show_comments.get()>
                <Comments post_id=id.clone() read_only=archived/>
            </Show>
        </article>
    }
}

/// The card of the post's first link: what the page says about itself, read by Hearth.
#[component]
fn LinkCard(card: LinkPreview, post: RwSignal<Post>, mine: Signal<bool>) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let ready = media_ready();
    let host = card
        .url
        .split("//")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default()
        .to_owned();
    let site = card.site_name.clone().unwrap_or(host);
    let remove = move |_| {
        let id = post.with_untracked(|p| p.id.clone());
        let call = move |c: Client| {
            let id = id.clone();
            async move { c.remove_link_preview(&id).await }
        };
        api::act(session, error, call, move |()| {
            post.update(|p| p.link_preview = None);
        });
    };
    let picture = card.image.clone().and_then(|m| m.thumb_url);
    view! {
        <aside class="link-card" data-testid="link-card">
            <a href=card.url.clone() target="_blank" rel="nofollow noopener noreferrer">
                {move || picture.clone().filter(|_| ready.get()).map(|src| view! { <img src=src alt="" loading="lazy"/> })}
                <span class="link-text">
                    <span class="muted small">{site.clone()}</span>
                    {card.title.clone().map(|t| view! { <strong>{t}</strong> })}
                    {card.description.clone().map(|d| view! { <span class="small">{d}</span> })}
                </span>
            </a>
            <Show when=move || mine.get()>
                <button type="button" class="link small" on:click=remove>"Remove preview"</button>
            </Show>
            <FormError error=error/>
        </aside>
    }
}

#[component]
fn EditForm(post: RwSignal<Post>, done: Callback<()>) -> impl IntoView {
    let session = use_session();
    let body = RwSignal::new(post.with_untracked(|p| p.body.clone()));
    let title = RwSignal::new(post.with_untracked(|p| p.title.clone()));
    let error = RwSignal::new(None::<String>);
    let history = RwSignal::new(None::<Vec<PostVersion>>);
    let picked = Picked::with(post.with_untracked(|p| p.attachments.clone()));
    let id = post.with_untracked(|p| p.id.clone());
    let save = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let request = UpdatePostRequest {
                body: Some(body.get_untracked()),
                title: title.get_untracked(),
                attachments: Some(picked.ids()),
            };
            let id = id.clone();
            let call = move |c: Client| {
                let (id, request) = (id.clone(), request.clone());
                async move { c.update_post(&id, &request).await }
            };
            api::act(session, error, call, move |updated| {
                post.set(updated);
                done.try_run(());
            });
        }
    };
    let show_history = move |_| {
        let id = id.clone();
        api::load_into(session, history, error, move |c| {
            let id = id.clone();
            async move {
                let page = PageQuery {
                    limit: Some(50),
                    cursor: None,
                };
                c.post_history(&id, &page).await.map(|p| p.items)
            }
        });
    };
    view! {
        <form class="inline-form" on:submit=save>
            <Show when=move || title.with(Option::is_some)>
                <label for="edit-title">"Title"</label>
                <input id="edit-title" prop:value=move || title.get().unwrap_or_default()
                    on:input=move |ev| title.set(Some(event_target_value(&ev)))/>
            </Show>
            <label for="edit-body">"Edit your post"</label>
            <textarea id="edit-body" prop:value=body on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            <AttachPicker picked=picked max=MAX_ATTACHMENTS id=format!("edit-files-{}", post.with_untracked(|p| p.id.clone()))/>
            <FormError error=error/>
            <div class="actions">
                <button type="submit" disabled=move || !picked.ready()>"Save"</button>
                <button type="button" class="secondary" on:click=move |_| done.run(())>"Cancel"</button>
                <Show when=move || post.with(|p| p.edited_at.is_some())>
                    <button type="button" class="secondary" on:click=show_history.clone()>"Earlier versions"</button>
                </Show>
            </div>
            {move || history.get().map(|versions| view! {
                <ol class="history" aria-label="Earlier versions">
                    {versions.into_iter().map(|v| view! {
                        <li>
                            <p class="notice">{format!("Until {}", ago(v.replaced_at))}</p>
                            {v.title.map(|t| view! { <h3>{t}</h3> })}
                            <div class="body" inner_html=v.body_html></div>
                        </li>
                    }).collect_view()}
                </ol>
            })}
        </form>
    }
}

#[component]
fn ShareForm(post: RwSignal<Post>, done: Callback<()>) -> impl IntoView {
    let session = use_session();
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // A post of a closed or secret community can only be shared within it; anything else
    // company-wide or into one of my communities.
    let own_group = post.with_untracked(|p| p.group.clone());
    let confined = own_group
        .as_ref()
        .is_some_and(|g| g.privacy != Privacy::Open);
    let target = RwSignal::new(own_group.as_ref().map(|g| g.id.clone()).unwrap_or_default());
    let groups = RwSignal::new(None::<Vec<Group>>);
    if !confined {
        api::load_into(session, groups, error, |c| async move {
            let query = GroupQuery {
                mine: Some(true),
                limit: Some(100),
                ..GroupQuery::default()
            };
            c.groups(&query).await.map(|p| p.items)
        });
    }
    let company_wide =
        session.with_untracked(|s| s.as_ref().is_some_and(|s| s.user.role != Role::Guest));
    let share = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = post.with_untracked(|p| p.id.clone());
        let request = ShareRequest {
            body: Some(comment.get_untracked()).filter(|b| !b.trim().is_empty()),
            group_id: Some(target.get_untracked()).filter(|t| !t.is_empty()),
        };
        let call = move |c: Client| {
            let (id, request) = (id.clone(), request.clone());
            async move { c.share(&id, &request).await }
        };
        api::act(session, error, call, move |_| {
            post.update(|p| p.share_count += 1);
            done.try_run(());
        });
    };
    view! {
        <form class="inline-form" on:submit=share>
            <label for="share-comment">"Add a comment (optional)"</label>
            <textarea id="share-comment" prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            {if confined {
                view! { <p class="notice">{format!("Shared within {}.", own_group.map(|g| g.name).unwrap_or_default())}</p> }.into_any()
            } else {
                view! {
                    <label for="share-target">"Share to"</label>
                    <select id="share-target" on:change=move |ev| target.set(event_target_value(&ev))>
                        {company_wide.then(|| view! { <option value="" selected=move || target.get().is_empty()>"Everyone (company-wide)"</option> })}
                        {move || groups.get().unwrap_or_default().into_iter().map(|g| {
                            let id = g.id.clone();
                            view! { <option value=g.id.clone() selected=move || target.get() == id>{g.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                }.into_any()
            }}
            <FormError error=error/>
            <div class="actions">
                <button type="submit">"Share now"</button>
                <button type="button" class="secondary" on:click=move |_| done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
