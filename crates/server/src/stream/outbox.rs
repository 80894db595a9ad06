//! Events recorded while a change is being written. They are published only once its
//! transaction commits (`AppState::write_announcing`), so nobody hears of a change that was
//! rolled back.

use hearth_common::events::EventBody;
use hearth_db::events::NewEvent;

use super::Audience;

/// Kind of the event that tells sessions to re-check who their person is and what they may
/// see (sign-out, suspension, membership changes). It is never sent to clients.
pub const ACCESS_CHANGED: &str = "access.changed";

#[derive(Default)]
pub struct Outbox {
    events: Vec<NewEvent>,
}

impl Outbox {
    /// An event for `audience`.
    pub fn push(&mut self, body: &EventBody, audience: Audience) {
        self.record(body, None, audience);
    }

    /// An event whose data is `body` for those who may see everything in it and `redacted`
    /// for the others (see `Audience::Post::original`).
    pub fn push_redactable(&mut self, body: &EventBody, redacted: &EventBody, audience: Audience) {
        self.record(body, Some(redacted), audience);
    }

    /// Tells the sessions of these people to re-check their access.
    pub fn access_changed<I, S>(&mut self, user_ids: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let audience = Audience::people(user_ids);
        self.events.push(NewEvent {
            kind: ACCESS_CHANGED.to_owned(),
            audience: serde_json::to_string(&audience).unwrap_or_default(),
            data: "{}".to_owned(),
            redacted_data: None,
            group_id: None,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn into_events(self) -> Vec<NewEvent> {
        self.events
    }

    fn record(&mut self, body: &EventBody, redacted: Option<&EventBody>, audience: Audience) {
        self.events.push(NewEvent {
            kind: body.kind().to_owned(),
            group_id: audience.group_id().map(str::to_owned),
            audience: serde_json::to_string(&audience).unwrap_or_default(),
            data: data_of(body),
            redacted_data: redacted.map(data_of),
        });
    }
}

/// The `data` member of the frame `{type, data}` that `body` serialises to.
fn data_of(body: &EventBody) -> String {
    serde_json::to_value(body)
        .ok()
        .and_then(|mut frame| frame.get_mut("data").map(serde_json::Value::take))
        .unwrap_or_default()
        .to_string()
}
