//! Direct messages: only participants know a conversation exists, and people may start one
//! only with those they may see (for a guest: people who share a community with them).

use hearth_common::users::Role;
use hearth_db::conversations::ParticipantRow;
use hearth_db::users::UserRow;
use hearth_db::DbConnection;

use crate::error::{ApiError, ApiResult};
use crate::policy::users::People;

/// The caller's place in the conversation; 404 for anyone else.
pub fn require_participant(participant: Option<ParticipantRow>) -> ApiResult<ParticipantRow> {
    participant.ok_or(ApiError::NotFound)
}

pub fn can_message(people: &People, target: &UserRow) -> bool {
    people.can_view(target)
}

/// Whether these people may be in one conversation: each guest among them may see every
/// other one, so nobody brings a guest together with people outside the guest's communities
/// — not the guest, not an employee writing to them, not a group.
pub fn may_talk(conn: &mut DbConnection, everyone: &[UserRow]) -> ApiResult<bool> {
    for guest in everyone.iter().filter(|u| u.role() == Role::Guest) {
        let people = People::load(conn, guest)?;
        if !everyone.iter().all(|other| people.can_view(other)) {
            return Ok(false);
        }
    }
    Ok(true)
}
