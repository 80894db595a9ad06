//! Menus and dropdowns close the way people expect: Escape, or a click anywhere outside.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Sets `open` to false on Escape, and on a click outside the element matching `within`
/// (a CSS selector for the menu and its button together). Escape gives the focus back to
/// the button that opened it.
pub fn on_escape_or_outside(open: RwSignal<bool>, within: &'static str) {
    let keys = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = document()
                .query_selector(&format!("{within} [aria-expanded]"))
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = button.focus();
            }
        }
    });
    let clicks = window_event_listener(ev::click, move |e| {
        if !open.get_untracked() {
            return;
        }
        let inside = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(within).ok().flatten())
            .is_some();
        if !inside {
            open.set(false);
        }
    });
    on_cleanup(move || {
        keys.remove();
        clicks.remove();
    });
}
