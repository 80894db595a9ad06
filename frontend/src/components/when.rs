//! Times as people say them: "just now", "5 min ago", "3 h ago", then the date; the full date
//! and time on hover, and for screen readers, through `<time>`.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

pub fn ago(at: DateTime<Utc>) -> String {
    let now_ms = js_sys::Date::now() as i64;
    let seconds = (now_ms - at.timestamp_millis()) / 1000;
    match seconds {
        s if s < 60 => "just now".to_owned(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3600),
        // The browser's own date format: no date formatting code in the app.
        _ => js_date(at)
            .to_locale_date_string("default", &js_sys::Object::new())
            .into(),
    }
}

/// The date and time in the browser's locale and time zone.
pub fn full(at: DateTime<Utc>) -> String {
    js_date(at)
        .to_locale_string("default", &js_sys::Object::new())
        .into()
}

fn js_date(at: DateTime<Utc>) -> js_sys::Date {
    js_sys::Date::new(&(at.timestamp_millis() as f64).into())
}

/// A relative time with the absolute one on hover (and as the machine-readable value).
#[component]
pub fn When(at: DateTime<Utc>) -> impl IntoView {
    view! { <time datetime=at.to_rfc3339() title=full(at)>{ago(at)}</time> }
}
