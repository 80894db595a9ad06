//! Typing indicators are sent at most once per person and conversation every few seconds,
//! however often a client reports typing: they are fleeting, and each one is an event.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const INTERVAL: Duration = Duration::from_secs(3);
/// Entries kept before old ones are swept.
const SWEEP_ABOVE: usize = 10_000;

#[derive(Default)]
pub struct TypingGate {
    last: Mutex<HashMap<(String, String), Instant>>,
}

impl TypingGate {
    /// Whether this report should become an event.
    pub fn admit(&self, user_id: &str, conversation_id: &str) -> bool {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if last.len() > SWEEP_ABOVE {
            last.retain(|_, at| now.duration_since(*at) < INTERVAL);
        }
        let key = (user_id.to_owned(), conversation_id.to_owned());
        match last.get(&key) {
            Some(at) if now.duration_since(*at) < INTERVAL => false,
            _ => {
                last.insert(key, now);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_event_per_person_and_conversation_per_interval() {
        let gate = TypingGate::default();
        assert!(gate.admit("ann", "c1"));
        assert!(!gate.admit("ann", "c1"));
        assert!(gate.admit("ann", "c2"));
        assert!(gate.admit("bob", "c1"));
    }
}
