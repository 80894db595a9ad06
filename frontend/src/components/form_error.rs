//! An error line under a form, announced to screen readers.

use leptos::prelude::*;

#[component]
pub fn FormError(error: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        {move || error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
    }
}
