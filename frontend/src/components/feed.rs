//! A feed of posts: the first page, more on request, and live changes. New posts wait behind
//! an "N new posts" button rather than pushing what is being read down the page.

use hearth_client::ClientError;
use hearth_common::events::{Event, EventBody};
use hearth_common::groups::Privacy;
use hearth_common::page::{Page, PageQuery};
use hearth_common::posts::Post;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form_error::FormError;
use crate::components::post_card::PostCard;
use crate::live;
use crate::session::{use_session, SessionSignal};

/// Which posts a feed shows.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedSource {
    /// Company-wide posts and those of my communities.
    Home {
        my_groups: Vec<String>,
    },
    /// Company-wide posts and those of open communities.
    Company,
    Group(String),
    Topic(String),
    User(String),
}

impl FeedSource {
    /// Whether a live post belongs here. Every post that arrives is one the reader may see.
    fn includes(&self, post: &Post) -> bool {
        let group = post.group.as_ref();
        match self {
            FeedSource::Home { my_groups } => group.is_none_or(|g| my_groups.contains(&g.id)),
            FeedSource::Company => group.is_none_or(|g| g.privacy == Privacy::Open),
            FeedSource::Group(id) => group.is_some_and(|g| &g.id == id),
            FeedSource::Topic(topic) => post.topics.contains(topic),
            FeedSource::User(id) => &post.author.id == id,
        }
    }

    async fn load(
        self,
        session: SessionSignal,
        cursor: Option<String>,
    ) -> Result<Page<Post>, ClientError> {
        api::authed(session, move |c| {
            let page = PageQuery {
                limit: Some(20),
                cursor: cursor.clone(),
            };
            let source = self.clone();
            async move {
                match source {
                    FeedSource::Home { .. } => c.home_feed(&page).await,
                    FeedSource::Company => c.company_feed(&page).await,
                    FeedSource::Group(id) => c.group_posts(&id, &page).await,
                    FeedSource::Topic(topic) => c.topic_posts(&topic, &page).await,
                    FeedSource::User(id) => c.user_posts(&id, &page).await,
                }
            }
        })
        .await
    }
}

#[component]
pub fn Feed(
    source: FeedSource,
    #[prop(optional)] posted: Option<ReadSignal<Option<Post>>>,
) -> impl IntoView {
    let session = use_session();
    let posts = RwSignal::new(Vec::<RwSignal<Post>>::new());
    let waiting = RwSignal::new(Vec::<Post>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    // Each post's signal belongs to the feed, not to whatever event or effect made it: those
    // are disposed sooner, and the post with them.
    let owner = StoredValue::new(Owner::current().expect("a feed is rendered in a component"));
    let keep = move |post: Post| owner.with_value(|o| o.with(|| RwSignal::new(post)));
    let me = session
        .get_untracked()
        .map(|s| s.user.id)
        .unwrap_or_default();

    let load = {
        let source = source.clone();
        Callback::new(move |from: Option<String>| {
            let source = source.clone();
            loading.set(true);
            spawn_local(async move {
                let first = from.is_none();
                let answer = source.load(session, from).await;
                if posts.is_disposed() {
                    // The feed was left while its page loaded.
                    return;
                }
                match answer {
                    Ok(page) => {
                        let ids: Vec<String> = page.items.iter().map(|p| p.id.clone()).collect();
                        let fresh = page.items.into_iter().map(keep);
                        if first {
                            // Posts that arrived live while the page loaded stay on top.
                            let arrived: Vec<RwSignal<Post>> = posts.with_untracked(|all| {
                                all.iter()
                                    .filter(|p| p.with_untracked(|p| !ids.contains(&p.id)))
                                    .copied()
                                    .collect()
                            });
                            posts.set(arrived.into_iter().chain(fresh).collect());
                            waiting.update(|w| w.retain(|p| !ids.contains(&p.id)));
                        } else {
                            posts.update(|all| all.extend(fresh));
                        }
                        cursor.set(page.next_cursor);
                        error.set(None);
                    }
                    Err(err) => error.set(Some(api::describe(&err))),
                }
                loading.set(false);
            });
        })
    };
    spawn_local(async move {
        live::connected(2_000).await;
        // The feed may have been left in the meantime.
        load.try_run(None);
    });

    // The reader's own new post goes straight to the top.
    if let Some(posted) = posted {
        Effect::new(move |_| {
            if let Some(post) = posted.get() {
                if !posts
                    .with_untracked(|all| all.iter().any(|p| p.with_untracked(|p| p.id == post.id)))
                {
                    posts.update(|all| all.insert(0, keep(post)));
                }
            }
        });
    }

    live::listen(move |event: &Event| {
        apply(event, &source, &me, posts, waiting, keep);
        if matches!(event.body, EventBody::StreamReset(_)) {
            load.run(None);
        }
    });

    let show_waiting = move |_| {
        let arrived = waiting.try_update(std::mem::take).unwrap_or_default();
        posts.update(|all| {
            for post in arrived {
                all.insert(0, keep(post));
            }
        });
    };
    let more = move |_| load.run(cursor.get_untracked());
    let sentinel = NodeRef::<leptos::html::Div>::new();
    scroll_for_more(sentinel, move || {
        if !loading.get_untracked() {
            if let Some(next) = cursor.get_untracked() {
                load.run(Some(next));
            }
        }
    });

    view! {
        <div class="feed">
            {move || {
                let n = waiting.with(Vec::len);
                (n > 0).then(|| view! {
                    <button class="pill" on:click=show_waiting>
                        {if n == 1 { "1 new post".to_owned() } else { format!("{n} new posts") }}
                    </button>
                })
            }}
            <FormError error=error/>
            <For
                each=move || posts.get()
                key=|post| post.with_untracked(|p| p.id.clone())
                children=move |post| view! {
                    <PostCard post=post on_deleted=Callback::new(move |id: String| {
                        posts.update(|all| all.retain(|p| p.with_untracked(|p| p.id != id)));
                    })/>
                }
            />
            <div node_ref=sentinel class="sentinel"></div>
            {move || {
                if loading.get() {
                    view! { <p class="muted">"Loading posts…"</p> }.into_any()
                } else if error.with(Option::is_some) {
                    // The error says why there is nothing; an empty state would contradict it.
                    ().into_any()
                } else if cursor.get().is_some() {
                    view! { <button class="secondary more" on:click=more>"Show older posts"</button> }.into_any()
                } else if posts.with(Vec::is_empty) {
                    view! { <p class="muted">"Nothing here yet."</p> }.into_any()
                } else {
                    view! { <p class="muted end">"You are all caught up."</p> }.into_any()
                }
            }}
        </div>
    }
}

/// Applies one live event to the feed.
fn apply(
    event: &Event,
    source: &FeedSource,
    me: &str,
    posts: RwSignal<Vec<RwSignal<Post>>>,
    waiting: RwSignal<Vec<Post>>,
    keep: impl Fn(Post) -> RwSignal<Post>,
) {
    let find = |id: &str| {
        posts.with_untracked(|all| {
            all.iter()
                .find(|p| p.with_untracked(|p| p.id == id))
                .copied()
        })
    };
    match &event.body {
        EventBody::PostCreated(post) if source.includes(post) && find(&post.id).is_none() => {
            if post.author.id == me {
                posts.update(|all| all.insert(0, keep((**post).clone())));
            } else {
                waiting.update(|w| w.insert(0, (**post).clone()));
            }
        }
        EventBody::PostDeleted(gone) => {
            posts.update(|all| all.retain(|p| p.with_untracked(|p| p.id != gone.post_id)));
            waiting.update(|w| w.retain(|p| p.id != gone.post_id));
        }
        body => {
            if let Some(post) = changed_post(body).and_then(find) {
                apply_change(post, body, me);
            }
        }
    }
}

/// Calls `more` whenever `sentinel` (at the end of the feed) scrolls into view: infinite
/// scroll, with the "Show older posts" button for keyboards and old browsers.
fn scroll_for_more(sentinel: NodeRef<leptos::html::Div>, more: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{IntersectionObserver, IntersectionObserverEntry};

    let on_sight = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let seen = entries.iter().any(|e| {
            e.unchecked_into::<IntersectionObserverEntry>()
                .is_intersecting()
        });
        if seen {
            more();
        }
    });
    let Ok(observer) = IntersectionObserver::new(on_sight.as_ref().unchecked_ref()) else {
        return;
    };
    let observer = StoredValue::new_local(observer);
    let on_sight = StoredValue::new_local(on_sight);
    Effect::new(move |_| {
        if let Some(element) = sentinel.get() {
            observer.with_value(|o| o.observe(&element));
        }
    });
    on_cleanup(move || {
        observer.with_value(IntersectionObserver::disconnect);
        // Dropped only now: the observer calls it until disconnected.
        on_sight.dispose();
    });
}

/// The post whose shown state an event changes (edits, link cards, reactions, comment
/// counts).
pub fn changed_post(body: &EventBody) -> Option<&str> {
    match body {
        EventBody::PostUpdated(edit) => Some(&edit.post_id),
        EventBody::PostPreview(card) => Some(&card.post_id),
        EventBody::PostReactions(change) if change.comment_id.is_none() => Some(&change.post_id),
        EventBody::CommentCreated(comment) => Some(&comment.post_id),
        _ => None,
    }
}

/// Brings a shown post up to date with an event about it.
pub fn apply_change(post: RwSignal<Post>, body: &EventBody, me: &str) {
    match body {
        EventBody::PostUpdated(edit) => post.update(|p| {
            p.title = edit.title.clone();
            p.body = edit.body.clone();
            p.body_html = edit.body_html.clone();
            p.topics = edit.topics.clone();
            p.mentions = edit.mentions.clone();
            p.attachments = edit.attachments.clone();
            p.edited_at = Some(edit.edited_at);
        }),
        EventBody::PostPreview(card) => post.update(|p| p.link_preview = card.preview.clone()),
        EventBody::PostReactions(change) => post.update(|p| {
            p.like_count = change.like_count;
            p.reaction_counts = change.reaction_counts.clone();
            if change.user_id.as_deref() == Some(me) {
                p.my_reaction = change.reaction;
            }
        }),
        EventBody::CommentCreated(_) => post.update(|p| p.comment_count += 1),
        _ => {}
    }
}
