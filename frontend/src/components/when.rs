//! Times as people say them: "just now", "5 min ago", "3 h ago", then the date.

use chrono::{DateTime, Utc};

pub fn ago(at: DateTime<Utc>) -> String {
    let now_ms = js_sys::Date::now() as i64;
    let seconds = (now_ms - at.timestamp_millis()) / 1000;
    match seconds {
        s if s < 60 => "just now".to_owned(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3600),
        // The browser's own date format: no date formatting code in the app.
        _ => js_sys::Date::new(&(at.timestamp_millis() as f64).into())
            .to_locale_date_string("default", &js_sys::Object::new())
            .into(),
    }
}
