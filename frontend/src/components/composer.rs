//! Writing a post: Markdown, an optional title (which makes it an article), and where it goes
//! (company-wide, or one of my communities).

use hearth_common::groups::Group;
use hearth_common::media::MAX_ATTACHMENTS;
use hearth_common::posts::{CreatePostRequest, Post};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form_error::FormError;
use crate::components::media::{AttachPicker, Picked};
use crate::components::mentions::Mentions;
use crate::session::use_session;

#[component]
pub fn Composer(
    /// The communities the person may post in.
    #[prop(into)]
    groups: Signal<Vec<Group>>,
    /// Whether company-wide is offered (not for guests).
    company_wide: bool,
    on_posted: Callback<Post>,
) -> impl IntoView {
    let session = use_session();
    let body = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let as_article = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let picked = Picked::new();
    // The server renders the preview, exactly as it will render the post.
    let preview = RwSignal::new(None::<String>);
    let show_preview = move |_| {
        if preview.get_untracked().is_some() {
            preview.set(None);
            return;
        }
        let text = body.get_untracked();
        spawn_local(async move {
            match api::authed(session, move |c| {
                let text = text.clone();
                async move { c.preview(&text).await }
            })
            .await
            {
                Ok(rendered) => preview.set(Some(rendered.body_html)),
                Err(err) => error.set(Some(api::describe(&err))),
            }
        });
    };

    // Compact until someone starts writing, and again once posted: the feed starts near the
    // top of a phone screen.
    let open = RwSignal::new(false);
    let mentions = Mentions::new(body, "post-body");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Without company-wide, the select shows the first community before anyone touches
        // it: that is where the post goes.
        let chosen = Some(target.get_untracked()).filter(|t| !t.is_empty());
        let group_id = match chosen {
            None if !company_wide => groups.with_untracked(|g| g.first().map(|g| g.id.clone())),
            chosen => chosen,
        };
        let request = CreatePostRequest {
            body: body.get_untracked(),
            title: as_article
                .get_untracked()
                .then(|| title.get_untracked())
                .filter(|t| !t.trim().is_empty()),
            group_id,
            attachments: picked.ids(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::authed(session, move |c| {
                let request = request.clone();
                async move { c.create_post(&request).await }
            })
            .await
            {
                Ok(post) => {
                    body.set(String::new());
                    title.set(String::new());
                    picked.clear();
                    preview.set(None);
                    error.set(None);
                    open.set(false);
                    on_posted.try_run(post);
                }
                Err(err) => error.set(Some(api::describe(&err))),
            }
            busy.set(false);
        });
    };

    view! {
        <form class="card composer"
            class:open=move || open.get() || !body.with(String::is_empty) || !picked.is_empty()
            on:submit=submit aria-label="Write a post">
            <Show when=move || as_article.get()>
                <label for="post-title">"Title"</label>
                <input id="post-title" prop:value=title on:input=move |ev| title.set(event_target_value(&ev))/>
            </Show>
            <label for="post-body">"Share something"</label>
            <textarea id="post-body" placeholder="What are you working on? Markdown, #topics and @mentions work."
                on:focus=move |_| open.set(true) aria-autocomplete="list" aria-controls=mentions.controls()
                on:keydown=move |ev| { mentions.on_keydown(&ev); }
                prop:value=body on:input=move |ev| {
                    body.set(event_target_value(&ev));
                    preview.set(None);
                    mentions.on_input();
                }></textarea>
            {mentions.view()}
            {move || preview.get().map(|html| view! {
                <div class="preview" aria-label="Preview">
                    <p class="notice">"Preview"</p>
                    <div class="body" inner_html=html></div>
                </div>
            })}
            <AttachPicker picked=picked max=MAX_ATTACHMENTS id="post-files".to_string()/>
            <div class="actions">
                <label class="inline" for="post-target">"Post to"</label>
                <select id="post-target" on:change=move |ev| target.set(event_target_value(&ev))>
                    {company_wide.then(|| view! { <option value="">"Everyone (company-wide)"</option> })}
                    {move || groups.get().into_iter().map(|g| view! {
                        <option value=g.id.clone()>{g.name.clone()}</option>
                    }).collect_view()}
                </select>
                <label class="inline check">
                    <input type="checkbox" prop:checked=as_article on:change=move |ev| as_article.set(event_target_checked(&ev))/>
                    " Article (with a title)"
                </label>
                <button type="button" class="secondary" aria-pressed=move || preview.with(Option::is_some).to_string()
                    disabled=move || body.with(|b| b.trim().is_empty()) on:click=show_preview>"Preview"</button>
                <button type="submit" disabled=move || busy.get() || !picked.ready() || body.with(|b| b.trim().is_empty())>"Post"</button>
            </div>
            <FormError error=error/>
        </form>
    }
}
