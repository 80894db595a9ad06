//! `/company`: what is posted company-wide and in open communities.

use leptos::prelude::*;

use crate::components::feed::{Feed, FeedSource};

#[component]
pub fn Company() -> impl IntoView {
    view! {
        <h1>"Company"</h1>
        <Feed source=FeedSource::Company/>
    }
}
