//! `/topics/:topic`: the posts about one topic.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::feed::{Feed, FeedSource};

#[component]
pub fn Topic() -> impl IntoView {
    let params = use_params_map();
    let topic = Memo::new(move |_| params.with(|p| p.get("topic").unwrap_or_default()));
    view! {
        <h1>{move || format!("#{}", topic.get())}</h1>
        {move || view! { <Feed source=FeedSource::Topic(topic.get())/> }}
    }
}
