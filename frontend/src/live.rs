//! The live stream for the whole app: one WebSocket while someone is signed in, reconnected
//! with `since` after a drop, and handed to the components that listen. It also keeps the
//! unread counts the top bar shows.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use hearth_common::events::{close_code, Event, EventBody};
use hearth_common::page::PageQuery;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::session::SessionSignal;

type Listener = Rc<dyn Fn(&Event)>;

thread_local! {
    static LISTENERS: RefCell<Vec<(usize, Listener)>> = const { RefCell::new(Vec::new()) };
    static NEXT_LISTENER: RefCell<usize> = const { RefCell::new(0) };
}

/// Calls `handle` with every live event until the calling component is cleaned up.
pub fn listen(handle: impl Fn(&Event) + 'static) {
    let id = NEXT_LISTENER.with(|next| {
        let mut next = next.borrow_mut();
        *next += 1;
        *next
    });
    LISTENERS.with(|all| all.borrow_mut().push((id, Rc::new(handle))));
    on_cleanup(move || LISTENERS.with(|all| all.borrow_mut().retain(|(i, _)| *i != id)));
}

fn dispatch(event: &Event) {
    // Cloned out first: a listener may add or remove listeners.
    let listeners: Vec<Listener> =
        LISTENERS.with(|all| all.borrow().iter().map(|(_, l)| l.clone()).collect());
    for listener in listeners {
        listener(event);
    }
}

/// Unread counts for the top bar, kept current by the stream.
#[derive(Clone, Copy)]
pub struct Unread {
    pub notifications: RwSignal<u64>,
    pub messages: RwSignal<u64>,
}

/// Whether the stream is open now.
#[derive(Clone, Copy)]
struct Connected(RwSignal<bool>);

/// Waits until the stream is open (at most `limit_ms`), so that what a page loads next and
/// what the stream brings afterwards leave no gap between them.
pub async fn connected(limit_ms: i32) {
    let Some(Connected(open)) = use_context::<Connected>() else {
        return;
    };
    let mut waited = 0;
    while !open.get_untracked() && waited < limit_ms {
        sleep(50).await;
        waited += 50;
    }
}

pub fn use_unread() -> Unread {
    expect_context::<Unread>()
}

/// Provides `Unread` and keeps the stream open for as long as the app runs.
pub fn start(session: SessionSignal) {
    let unread = Unread {
        notifications: RwSignal::new(0),
        messages: RwSignal::new(0),
    };
    provide_context(unread);
    let open = RwSignal::new(false);
    provide_context(Connected(open));
    spawn_local(run(session, unread, open));
}

async fn run(session: SessionSignal, unread: Unread, open: RwSignal<bool>) {
    let mut since: Option<u64> = None;
    let mut signed_in_as: Option<String> = None;
    let recount = Recount::default();
    loop {
        let Some(current) = session.get_untracked() else {
            signed_in_as = None;
            since = None;
            sleep(100).await;
            continue;
        };
        if signed_in_as.as_deref() != Some(current.user.id.as_str()) {
            signed_in_as = Some(current.user.id.clone());
            since = None;
            refresh_counts(session, unread).await;
        }
        let client = api::client().with_token(&current.access_token);
        match client.stream(since).await {
            Ok(mut stream) => loop {
                if !open.get_untracked() {
                    open.set(true);
                }
                match stream.next().await {
                    Ok(event) => {
                        since = Some(event.id);
                        count(&event, &current.user.id, session, unread, &recount);
                        if matches!(event.body, EventBody::StreamReset(_)) {
                            refresh_counts(session, unread).await;
                        }
                        dispatch(&event);
                    }
                    Err(end) => {
                        open.set(false);
                        if end.code == Some(close_code::UNAUTHORIZED) {
                            // Renews the tokens, or signs out if the login was revoked.
                            let _ = api::me(session).await;
                        }
                        break;
                    }
                }
            },
            Err(_) => {
                let _ = api::me(session).await;
            }
        }
        sleep(1_000).await;
    }
}

fn count(event: &Event, me: &str, session: SessionSignal, unread: Unread, recount: &Recount) {
    match &event.body {
        // A new notification may join a line that is already unread: the server counts lines.
        EventBody::NotificationCreated(_) => recount.soon(session, unread),
        EventBody::MessageCreated(m) if m.author.id != me => unread.messages.update(|n| *n += 1),
        _ => {}
    }
}

/// One recount for a burst of notifications (twelve reactions in a second ask once).
#[derive(Default)]
struct Recount(Rc<Cell<bool>>);

impl Recount {
    fn soon(&self, session: SessionSignal, unread: Unread) {
        if self.0.replace(true) {
            return;
        }
        let pending = self.0.clone();
        spawn_local(async move {
            sleep(300).await;
            pending.set(false);
            refresh_notification_count(session, unread).await;
        });
    }
}

async fn refresh_notification_count(session: SessionSignal, unread: Unread) {
    if let Ok(n) = api::authed(session, |c| async move { c.unread_notifications().await }).await {
        unread.notifications.set(n);
    }
}

/// Reloads both counts from the API.
pub async fn refresh_counts(session: SessionSignal, unread: Unread) {
    refresh_notification_count(session, unread).await;
    let page = PageQuery {
        limit: Some(100),
        cursor: None,
    };
    if let Ok(conversations) = api::authed(session, move |c| {
        let page = page.clone();
        async move { c.conversations(&page).await }
    })
    .await
    {
        unread
            .messages
            .set(conversations.items.iter().map(|c| c.unread_count).sum());
    }
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
