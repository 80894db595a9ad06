//! Ambassadors: informal leaders, found by their place in the interaction graph and invited
//! by Hearth itself. Community managers see how many candidates there are and who accepted,
//! never a ranking or a score.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::posts::{GroupSummary, UserSummary};

/// The longest message to all ambassadors, in characters.
pub const MESSAGE_MAX: usize = 1000;
/// What the invitation says.
pub const INVITATION: &str = "You often connect people across teams. Would you like to join \
the ambassadors, who help colleagues find their way around Hearth?";
/// Rounds of finding candidates run at most this often on their own (and on request).
pub const ROUND_EVERY_DAYS: i32 = 7;

string_enum! {
    /// Where an invitation stands.
    AmbassadorStatus {
        /// Invited, no answer yet.
        Invited = "invited",
        Accepted = "accepted",
        Declined = "declined",
        /// Was an ambassador, and stopped.
        SteppedDown = "stepped_down",
    }
}

string_enum! {
    /// How betweenness (lying on the shortest paths between others) was computed.
    BetweennessMethod {
        /// From every person (organisations up to 2,000 people).
        Exact = "exact",
        /// From 500 people sampled, scaled up (larger organisations).
        Sampled = "sampled",
    }
}

/// `GET /ambassadors/me`: the caller's own invitation, only to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyAmbassadorship {
    /// None: never invited.
    pub status: Option<AmbassadorStatus>,
    pub invited_at: Option<DateTime<Utc>>,
    /// What the invitation says (while it is open).
    pub invitation: Option<String>,
    /// The ambassadors' community (to ambassadors).
    pub space: Option<GroupSummary>,
    /// Whether an admin has switched finding ambassadors on.
    pub programme_on: bool,
}

/// One round of finding candidates: how many people it looked at and found, never whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmbassadorRound {
    pub ran_at: DateTime<Utc>,
    /// Employees in the graph.
    pub people: u32,
    pub candidates: u32,
    pub betweenness: BetweennessMethod,
    /// How long the round took, in milliseconds.
    pub millis: u64,
    /// Invitations this round sent (only in the answer to `POST /ambassadors/rounds`):
    /// candidates who were invited before are not invited again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited: Option<u32>,
}

/// `GET /ambassadors`: the programme, for community managers and admins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmbassadorProgramme {
    /// Whether an admin has switched finding ambassadors on (`analytics_mode`
    /// `aggregate_personal_and_ambassadors`).
    pub programme_on: bool,
    /// Candidates found by the latest round.
    pub candidates: u32,
    /// Invitations without an answer yet.
    pub open_invitations: u32,
    /// Those who accepted, by name.
    pub ambassadors: Vec<UserSummary>,
    pub space: Option<GroupSummary>,
    pub last_round: Option<AmbassadorRound>,
}

/// `POST /ambassadors/message`: a message to every ambassador.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmbassadorMessageRequest {
    /// 1 to 1,000 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 1000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmbassadorMessageSent {
    /// Ambassadors told.
    pub sent: u32,
}
