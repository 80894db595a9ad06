//! Days with a visit: the first signed-in request of a person on a day records one row
//! (when the analytics mode counts anything), and this process remembers that it did, so
//! that later requests that day cost nothing.

use std::collections::HashSet;
use std::sync::Mutex;

use hearth_db::{health, settings};

use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Default)]
pub struct Visits {
    /// A day, and the people whose visit that day was recorded (or found not counted).
    seen: Mutex<(i32, HashSet<String>)>,
}

impl Visits {
    fn already(&self, user: &str, day: i32) -> bool {
        let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        seen.0 == day && seen.1.contains(user)
    }

    fn remember(&self, user: &str, day: i32) {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.0 != day {
            *seen = (day, HashSet::new());
        }
        seen.1.insert(user.to_owned());
    }

    /// Forgets what was recorded, after the admin switched counting off or on.
    pub fn reset(&self) {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .1
            .clear();
    }
}

/// Records that `user` visited today, once a day.
pub async fn visited(state: &AppState, user: &str) -> ApiResult<()> {
    let day = health::day_of(state.now());
    if state.visits.already(user, day) {
        return Ok(());
    }
    let id = user.to_owned();
    state
        .write(move |conn| {
            if settings::get(conn)?.analytics_mode.aggregates() {
                health::record_presence(conn, &id, day)?;
            }
            Ok(())
        })
        .await?;
    state.visits.remember(user, day);
    Ok(())
}
