//! The time of the things people do (posts, memberships, visits, reports, deadlines), as
//! microseconds since the Unix epoch. Normally the system clock; tests set it by hand so that
//! windows, deadlines and escalations can be checked with exact times.
//!
//! Token lifetimes, the event log's retention and rate limits stay on the system clock: they
//! are checked against it by the token library and by other processes.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

#[derive(Clone, Default)]
pub struct Clock {
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that stands at `micros` until it is set or advanced.
    pub fn manual(micros: i64) -> Clock {
        Clock {
            manual: Some(Arc::new(AtomicI64::new(micros))),
        }
    }

    pub fn now(&self) -> i64 {
        match &self.manual {
            Some(at) => at.load(Ordering::SeqCst),
            None => hearth_db::time::now_micros(),
        }
    }

    /// Moves a manual clock to `micros`; the system clock cannot be set.
    pub fn set(&self, micros: i64) {
        let at = self
            .manual
            .as_ref()
            .expect("only a manual clock can be set");
        at.store(micros, Ordering::SeqCst);
    }

    pub fn advance(&self, micros: i64) {
        let at = self
            .manual
            .as_ref()
            .expect("only a manual clock can be advanced");
        at.fetch_add(micros, Ordering::SeqCst);
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.manual {
            Some(_) => write!(f, "Clock::manual({})", self.now()),
            None => f.write_str("Clock::system"),
        }
    }
}
