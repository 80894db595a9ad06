//! Pictures and files: faces (an avatar, or initials), the files a post, comment or message
//! carries, and the picker that uploads new ones.
//!
//! Browsers load images with `<img>`, which sends no bearer token: the app asks for the
//! media cookie (`POST /media/session`) whenever its access token changes, and shows
//! images only once the cookie is there (`MediaCookie`).

use hearth_common::events::EventBody;
use hearth_common::media::{Media, MediaKind, MediaStatus, UpdateMediaRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api;
use crate::live;
use crate::session::{use_session, SessionSignal};

/// Whether this tab holds a media cookie for the current sign-in.
#[derive(Clone, Copy)]
pub struct MediaCookie(pub RwSignal<bool>);

/// Provides `MediaCookie` and renews the cookie with every new access token.
pub fn keep_cookie(session: SessionSignal) {
    let ready = RwSignal::new(false);
    provide_context(MediaCookie(ready));
    let token = Memo::new(move |_| session.with(|s| s.as_ref().map(|s| s.access_token.clone())));
    Effect::new(move |_| {
        if token.get().is_none() {
            ready.set(false);
            return;
        }
        spawn_local(async move {
            let made = api::authed(session, |c| async move { c.create_media_session().await });
            ready.set(made.await.is_ok());
        });
    });
}

/// Whether images served by Hearth can be shown yet (the media cookie is there).
pub fn media_ready() -> Signal<bool> {
    let cookie = use_context::<MediaCookie>();
    Signal::derive(move || cookie.is_some_and(|c| c.0.get()))
}

/// The first letters of the first and last words of a name.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = words.first().and_then(|w| w.chars().next());
    let last = words.get(1..).and_then(|rest| rest.last()?.chars().next());
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

/// A person's or a community's picture, or their initials.
#[component]
pub fn Avatar(
    #[prop(into)] name: String,
    #[prop(into)] url: Option<String>,
    /// `small` (in lists) or `large` (profile and community pages).
    #[prop(default = "small")]
    size: &'static str,
) -> impl IntoView {
    let ready = media_ready();
    let letters = initials(&name);
    let class = format!("avatar {size}");
    move || match url.clone().filter(|_| ready.get()) {
        Some(src) => view! { <img class=class.clone() src=src alt="" loading="lazy"/> }.into_any(),
        None => view! {
            <span class=format!("{class} initials") aria-hidden="true">{letters.clone()}</span>
        }
        .into_any(),
    }
}

fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{} KB", b / 1024),
        b => format!("{b} bytes"),
    }
}

/// The photos and files of a post, comment or message: photos as a grid of thumbnails that
/// open the large copy, files as named downloads.
#[component]
pub fn Attachments(#[prop(into)] files: Signal<Vec<Media>>) -> impl IntoView {
    let ready = media_ready();
    let photos = move || {
        files.with(|all| {
            all.iter()
                .filter(|m| m.kind == MediaKind::Image)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let documents = move || {
        files.with(|all| {
            all.iter()
                .filter(|m| m.kind == MediaKind::Document)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || files.with(|f| !f.is_empty())>
            <div class="attachments">
                <ul class="photos" class:single=move || photos().len() == 1>
                    {move || photos().into_iter().map(|m| {
                        let shown = m.thumb_url.clone().filter(|_| ready.get());
                        match (shown, m.url.clone()) {
                            (Some(thumb), Some(large)) => view! {
                                <li>
                                    <a href=large target="_blank" rel="noopener">
                                        <img src=thumb alt=m.alt_text.clone() loading="lazy"
                                            width=m.width.map(|w| w.to_string()) height=m.height.map(|h| h.to_string())/>
                                    </a>
                                </li>
                            }.into_any(),
                            _ => view! {
                                <li class="pending muted">
                                    {if m.status == MediaStatus::Failed { "This photo could not be read" } else { "Preparing photo…" }}
                                </li>
                            }.into_any(),
                        }
                    }).collect_view()}
                </ul>
                <ul class="files">
                    {move || documents().into_iter().map(|m| view! {
                        <li>
                            <a href=m.url.clone().unwrap_or_default() download=m.file_name.clone()>
                                {m.file_name.clone()}
                            </a>
                            <span class="muted">" · " {size_text(m.byte_size)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}

/// The `File`s chosen in a file input.
fn chosen_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input.files();
    let picked = files
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    // Choosing the same file again must fire `change` again.
    input.set_value("");
    picked
}

/// Uploads one file; the answer is the new upload.
#[cfg(target_arch = "wasm32")]
async fn upload(session: SessionSignal, file: web_sys::File) -> Result<Media, String> {
    let form = web_sys::FormData::new().map_err(|_| "This browser cannot upload files.")?;
    form.append_with_blob_and_filename("file", &file, &file.name())
        .map_err(|_| "This file cannot be read.")?;
    api::authed(session, move |c| {
        let form = form.clone();
        async move { c.upload_media(form).await }
    })
    .await
    .map_err(|e| api::describe(&e))
}

/// The app runs in browsers; its native build exists only for its unit tests.
#[cfg(not(target_arch = "wasm32"))]
async fn upload(_: SessionSignal, _: web_sys::File) -> Result<Media, String> {
    Err("Files are uploaded from a browser.".into())
}

/// The files chosen for something being written, in order, and how many are still on their
/// way up.
#[derive(Clone, Copy)]
pub struct Picked {
    pub files: RwSignal<Vec<Media>>,
    uploading: RwSignal<usize>,
    /// Files that were already attached (a post being edited): removing one from the list
    /// leaves it to the save, which releases it, instead of deleting the upload at once.
    attached: StoredValue<Vec<String>>,
}

impl Default for Picked {
    fn default() -> Self {
        Self::new()
    }
}

impl Picked {
    pub fn new() -> Self {
        Self::with(Vec::new())
    }

    /// The files something already has, to edit.
    pub fn with(files: Vec<Media>) -> Self {
        let attached = files.iter().map(|m| m.id.clone()).collect();
        Picked {
            files: RwSignal::new(files),
            uploading: RwSignal::new(0),
            attached: StoredValue::new(attached),
        }
    }

    /// The ids to send with what is written.
    pub fn ids(&self) -> Vec<String> {
        self.files
            .with_untracked(|f| f.iter().map(|m| m.id.clone()).collect())
    }

    /// Whether every file is up and ready: what is sent then shows its photos at once to
    /// everyone who reads it.
    pub fn ready(&self) -> bool {
        self.uploading.get() == 0
            && self
                .files
                .with(|f| f.iter().all(|m| m.status != MediaStatus::Processing))
    }

    pub fn is_empty(&self) -> bool {
        self.files.with(Vec::is_empty)
    }

    pub fn clear(&self) {
        self.files.set(Vec::new());
    }
}

/// Chooses and uploads files for something being written; `picked` holds them, each with
/// its alt text, until the writer sends or removes them.
#[component]
pub fn AttachPicker(
    picked: Picked,
    /// How many files it may carry.
    max: usize,
    /// Unique on the page: the file input's id.
    id: String,
    /// `image/*` for pictures only; everything the server takes otherwise.
    #[prop(default = false)]
    images_only: bool,
) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let Picked {
        files,
        uploading,
        attached,
    } = picked;
    // Photos are ready a moment after they are uploaded: the stream says when.
    live::listen(move |event| {
        if let EventBody::MediaProcessed(done) = &event.body {
            files.update(|all| {
                if let Some(slot) = all.iter_mut().find(|m| m.id == done.id) {
                    *slot = done.clone();
                }
            });
        }
    });
    let choose = move |ev: leptos::ev::Event| {
        let room = max.saturating_sub(files.with_untracked(Vec::len) + uploading.get_untracked());
        let picked = chosen_files(&ev);
        if picked.len() > room {
            error.set(Some(format!("At most {max} files.")));
        } else {
            error.set(None);
        }
        for file in picked.into_iter().take(room) {
            uploading.update(|n| *n += 1);
            spawn_local(async move {
                match upload(session, file).await {
                    Ok(media) => files.update(|all| all.push(media)),
                    Err(message) => error.set(Some(message)),
                }
                uploading.update(|n| *n = n.saturating_sub(1));
            });
        }
    };
    let remove = move |gone: String| {
        files.update(|all| all.retain(|m| m.id != gone));
        if attached.with_value(|a| a.contains(&gone)) {
            return;
        }
        let call = move |c: hearth_client::Client| {
            let gone = gone.clone();
            async move { c.delete_media(&gone).await }
        };
        api::act(session, error, call, |()| {});
    };
    let describe = move |media_id: String, alt_text: String| {
        let request = UpdateMediaRequest { alt_text };
        let call = move |c: hearth_client::Client| {
            let (media_id, request) = (media_id.clone(), request.clone());
            async move { c.update_media(&media_id, &request).await }
        };
        api::act(session, error, call, move |described: Media| {
            files.update(|all| {
                if let Some(slot) = all.iter_mut().find(|m| m.id == described.id) {
                    slot.alt_text = described.alt_text.clone();
                }
            });
        });
    };
    let accept = if images_only {
        "image/jpeg,image/png,image/webp,image/gif"
    } else {
        ""
    };
    let label = if images_only {
        "Choose a picture"
    } else {
        "Attach photos or files"
    };
    view! {
        <div class="attach">
            <label class="button secondary" for=id.clone()>{label}</label>
            <input id=id.clone() class="visually-hidden" type="file" multiple=!images_only accept=accept
                on:change=choose/>
            <Show when=move || { uploading.get() > 0 }>
                <span class="muted" role="status">"Uploading…"</span>
            </Show>
            <ul class="picked">
                {move || files.get().into_iter().map(|m| {
                    let gone = m.id.clone();
                    let media_id = m.id.clone();
                    let alt_id = format!("alt-{}", m.id);
                    let thumb = m.thumb_url.clone();
                    view! {
                        <li data-testid="picked">
                            {match (m.kind, thumb) {
                                (MediaKind::Image, Some(src)) => view! { <img src=src alt=""/> }.into_any(),
                                (MediaKind::Image, None) => view! { <span class="muted">"Preparing photo…"</span> }.into_any(),
                                (MediaKind::Document, _) => view! { <span>{m.file_name.clone()}</span> }.into_any(),
                            }}
                            {(m.kind == MediaKind::Image && !images_only).then(|| view! {
                                <label class="visually-hidden" for=alt_id.clone()>"Describe this photo"</label>
                                <input id=alt_id placeholder="Describe this photo (alt text)" prop:value=m.alt_text.clone()
                                    on:change=move |ev| describe(media_id.clone(), event_target_value(&ev))/>
                            })}
                            <button type="button" class="link" on:click=move |_| remove(gone.clone())>
                                "Remove" <span class="visually-hidden">{format!(" {}", m.file_name)}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}

/// Choosing a picture (an avatar, a cover): once the uploaded image is ready,
/// `on_chosen(Some(id))`; "Remove picture" gives `on_chosen(None)`.
#[component]
pub fn PictureChooser(
    /// Whether there is a picture now (offers removing it).
    #[prop(into)]
    has_picture: Signal<bool>,
    /// Unique on the page: the file input's id.
    id: String,
    on_chosen: Callback<Option<String>>,
) -> impl IntoView {
    let picked = Picked::new();
    Effect::new(move |_| {
        let ready = picked.files.with(|f| {
            f.iter()
                .find(|m| m.status == MediaStatus::Ready)
                .map(|m| m.id.clone())
        });
        if let Some(id) = ready {
            picked.clear();
            on_chosen.run(Some(id));
        }
    });
    view! {
        <div class="picture-chooser">
            <AttachPicker picked=picked max=1 id=id images_only=true/>
            <Show when=move || has_picture.get()>
                <button type="button" class="link" on:click=move |_| on_chosen.run(None)>"Remove picture"</button>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("Ann Lee"), "AL");
        assert_eq!(initials("ann"), "A");
        assert_eq!(initials("Maria van der Berg"), "MB");
        assert_eq!(initials("  "), "");
        assert_eq!(initials("Émile Zola"), "ÉZ");
    }
}
