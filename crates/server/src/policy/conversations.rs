//! Direct messages: only participants know a conversation exists, and people may start one
//! only with those they may see (for a guest: people who share a community with them).

use hearth_db::conversations::ParticipantRow;
use hearth_db::users::UserRow;

use crate::error::{ApiError, ApiResult};
use crate::policy::users::People;

/// The caller's place in the conversation; 404 for anyone else.
pub fn require_participant(participant: Option<ParticipantRow>) -> ApiResult<ParticipantRow> {
    participant.ok_or(ApiError::NotFound)
}

pub fn can_message(people: &People, target: &UserRow) -> bool {
    people.can_view(target)
}
