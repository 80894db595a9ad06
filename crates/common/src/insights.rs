//! Community health and adoption insights: what community managers, admins and community
//! owners see of their communities, and the rules that keep it about communities, never about
//! individuals.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::posts::GroupSummary;

/// No figure about people ever describes a group smaller than this; such figures are `null`
/// ("fewer than 5").
pub const MIN_GROUP: u32 = 5;
/// Engagement drops past about this many members: split by theme.
pub const SIZE_GUIDANCE: u64 = 150;
/// From this many members a community is approaching the size guidance.
pub const SIZE_APPROACHING: u64 = 120;
/// About 10% of people taking part is normal and healthy.
pub const HEALTHY_SHARE: f64 = 0.10;
/// Below this share participation is low; between it and `HEALTHY_SHARE`, worth watching.
pub const WATCH_SHARE: f64 = 0.05;
/// A community where one department is more than this share of the members mirrors the org chart.
pub const MIRROR_SHARE: f64 = 0.80;
/// A community without a post for this many days is quiet …
pub const QUIET_DAYS: i64 = 14;
/// … and after this many, archiving it is worth considering.
pub const DORMANT_DAYS: i64 = 60;
/// A post counts as answered when someone else comments within this many hours.
pub const ANSWER_HOURS: i64 = 48;
/// A median time to first reply above this many hours is slow.
pub const SLOW_REPLY_HOURS: i64 = 24;
/// Days on which people visited are kept this long, then deleted.
pub const PRESENCE_RETENTION_DAYS: i64 = 90;
/// Daily counts of communities and of the organisation are kept this long.
pub const COUNTS_RETENTION_DAYS: i64 = 730;
/// The windows insights are given over, in days.
pub const WINDOWS: [u16; 3] = [7, 28, 90];

/// What Hearth computes about activity, set by admins (and recorded in the audit log).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnalyticsMode {
    /// Nothing: no visits are recorded and there are no insights.
    Off,
    /// Counts of communities and of the organisation (the default).
    #[default]
    Aggregate,
    /// Also each person's own insights, shown to them alone.
    AggregateAndPersonal,
    /// Also finding ambassadors (informal leaders) to invite.
    AggregatePersonalAndAmbassadors,
}

impl AnalyticsMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AnalyticsMode::Off => "off",
            AnalyticsMode::Aggregate => "aggregate",
            AnalyticsMode::AggregateAndPersonal => "aggregate_and_personal",
            AnalyticsMode::AggregatePersonalAndAmbassadors => "aggregate_personal_and_ambassadors",
        }
    }

    pub fn parse(s: &str) -> Option<AnalyticsMode> {
        Some(match s {
            "off" => AnalyticsMode::Off,
            "aggregate" => AnalyticsMode::Aggregate,
            "aggregate_and_personal" => AnalyticsMode::AggregateAndPersonal,
            "aggregate_personal_and_ambassadors" => AnalyticsMode::AggregatePersonalAndAmbassadors,
            _ => return None,
        })
    }

    /// Whether visits are recorded and community counts computed.
    pub fn aggregates(self) -> bool {
        self != AnalyticsMode::Off
    }

    pub fn personal(self) -> bool {
        matches!(
            self,
            AnalyticsMode::AggregateAndPersonal | AnalyticsMode::AggregatePersonalAndAmbassadors
        )
    }

    pub fn ambassadors(self) -> bool {
        self == AnalyticsMode::AggregatePersonalAndAmbassadors
    }
}

/// How a share of engaged members compares with the ~10% norm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Participation {
    /// 10% or more.
    Healthy,
    /// 5% to 10%.
    Watch,
    /// Below 5%.
    Low,
}

impl Participation {
    pub fn of(share: f64) -> Participation {
        if share >= HEALTHY_SHARE {
            Participation::Healthy
        } else if share >= WATCH_SHARE {
            Participation::Watch
        } else {
            Participation::Low
        }
    }
}

/// `?window=` of the insights endpoints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct WindowQuery {
    /// The window in whole days (UTC) up to the start of today: 7, 28 (default) or 90.
    #[cfg_attr(feature = "openapi", param(minimum = 7, maximum = 90, default = 28))]
    pub window: Option<u16>,
}

/// The counts of one window. People counts about visits that would describe fewer than 5
/// people are `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    /// The first moment of the window.
    pub start: DateTime<Utc>,
    /// The moment after the window (the start of the day after its last day).
    pub end: DateTime<Utc>,
    /// Members at the end (for the organisation: employees with an account).
    pub members: u32,
    /// Members with a day with any visit; `null`: fewer than 5.
    pub active_members: Option<u32>,
    /// Members who posted, commented or reacted.
    pub engaged_members: u32,
    /// `engaged_members / members` (0 to 1).
    pub engaged_share: f64,
    pub participation: Participation,
    /// People who posted (members or not).
    pub posters: u32,
    pub commenters: u32,
    pub reactors: u32,
    pub new_members: u32,
    pub leaving_members: u32,
    pub posts: u32,
    pub comments: u32,
    /// Reactions to posts and to comments.
    pub reactions: u32,
    /// Posts of the window older than 48 hours at its end without a comment by someone else.
    pub unanswered_posts: u32,
    /// Median time from a post to the first comment by someone else; `null` without replies.
    pub first_reply_median_seconds: Option<u64>,
    /// 90th percentile of that time.
    pub first_reply_p90_seconds: Option<u64>,
    /// Share of the window's posts (older than 48 hours at its end) answered by someone else
    /// within 48 hours; `null` when there were none.
    pub response_rate: Option<f64>,
    /// Share of comments and reactions between people of different departments (of those
    /// where both have a department); `null` when there were none.
    pub cross_department_share: Option<f64>,
}

/// A window and the one before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub window_days: u16,
    pub current: Period,
    pub previous: Period,
}

/// Adoption across the organisation (employees), counted from days with a visit. Counts of
/// fewer than 5 people are `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Adoption {
    /// Employees with an account.
    pub people: u32,
    /// People who visited yesterday.
    pub daily_active: Option<u32>,
    /// In the last 7 days.
    pub weekly_active: Option<u32>,
    /// In the last 28 days.
    pub monthly_active: Option<u32>,
    /// Average daily active people over the last 28 days divided by monthly active people.
    pub stickiness: Option<f64>,
    /// Share of people who ever signed in.
    pub activated_share: f64,
    /// People active on at least 10 of the last 28 days.
    pub regulars: Option<u32>,
}

/// One department's row in a breakdown; `null` figures protect groups smaller than 5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentRow {
    /// `null`: people without a department.
    pub department: Option<String>,
    pub members: Option<u32>,
    /// Members who posted, commented or reacted in the window.
    pub engaged: Option<u32>,
}

/// Members by department. Departments with fewer than 5 members are not listed (only how
/// many there are); where one figure is hidden another is too, so that none can be worked
/// out from the totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Departments {
    pub rows: Vec<DepartmentRow>,
    /// Departments left out because they have fewer than 5 members here.
    pub small_departments: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    /// Over 150 members: suggest splitting by theme.
    OverSize,
    /// 120 members or more.
    ApproachingSize,
    /// One department is more than 80% of the members.
    MirrorsOrgChart,
    /// No post for 14 days.
    Quiet,
    /// No post for 60 days: consider archiving.
    Dormant,
    /// Posts older than 48 hours nobody else has answered (last 28 days).
    UnansweredPosts,
    /// Under 5% engaged in the last two 28-day windows.
    LowParticipation,
    /// Median time to first reply over 24 hours (last 28 days).
    SlowReplies,
}

/// Something a community manager (or the community's owners) may want to act on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signal {
    pub kind: SignalKind,
    pub community: GroupSummary,
    /// A sentence saying what was seen and what might help.
    pub message: String,
    /// The number behind it (members, unanswered posts, days since the last post …).
    pub value: Option<u64>,
}

/// `GET /insights/organisation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationInsights {
    pub health: Health,
    pub adoption: Adoption,
    pub departments: Departments,
    pub communities: u32,
}

/// `GET /insights/communities/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunityInsights {
    pub community: GroupSummary,
    pub health: Health,
    pub departments: Departments,
    pub signals: Vec<Signal>,
}

/// One line of `GET /insights/communities`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunityHealthLine {
    pub community: GroupSummary,
    pub members: u32,
    pub engaged_share: f64,
    pub participation: Participation,
    pub posts: u32,
    pub unanswered_posts: u32,
    pub signals: Vec<SignalKind>,
}

/// `GET /insights/about`: what is computed, for everyone (and for works councils).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InsightsPolicy {
    pub analytics_mode: AnalyticsMode,
    /// The smallest group any figure describes.
    pub min_group: u32,
    /// How long days with a visit are kept.
    pub presence_retention_days: u32,
    /// How long daily counts of communities are kept.
    pub counts_retention_days: u32,
    /// Whether the caller lets their own insights be computed (they can switch it off).
    pub my_personal_insights: bool,
}

/// `GET /insights/communities`: the communities the caller looks after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunityHealthList {
    pub window_days: u16,
    pub items: Vec<CommunityHealthLine>,
}

/// Event `insights.todo_changed`, to those who look after a community: its to-do items may
/// have changed (a post waited 48 hours for an answer or got one, a quiet community came
/// back, it crossed a size guideline). Refresh the list and its counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TodoChanged {
    pub group_id: String,
}

/// `GET /insights/todo`: what the caller may want to act on, most pressing first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Todo {
    pub items: Vec<Signal>,
}

/// How a person tends to take part, from their own activity in a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CollaborationStyle {
    /// Mostly reads, for now.
    Observer,
    /// Starts conversations others join.
    Catalyst,
    /// Answers and builds on what others post.
    Responder,
    /// Shares news and updates, fewer conversations.
    Broadcaster,
    /// Takes part in many ways: reacts, comments, posts.
    Engager,
}

impl CollaborationStyle {
    /// The style of someone who, in a window, wrote `posts` posts that drew `replies` comments
    /// from others, wrote `comments` comments on others' posts and gave `reactions` reactions.
    pub fn of(posts: u32, replies: u32, comments: u32, reactions: u32) -> CollaborationStyle {
        if posts == 0 && comments == 0 && reactions < 3 {
            CollaborationStyle::Observer
        } else if posts >= 2 && replies >= 2 * posts {
            CollaborationStyle::Catalyst
        } else if comments >= 3 && comments >= 2 * posts {
            CollaborationStyle::Responder
        } else if posts >= 3 && replies < posts && comments < posts {
            CollaborationStyle::Broadcaster
        } else {
            CollaborationStyle::Engager
        }
    }
}

/// `GET /insights/me`: a person's own insights, for them alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalInsights {
    pub window_days: u16,
    /// Different people I commented on, reacted to, or who commented on or reacted to mine.
    pub people: u32,
    /// Their departments (mine included when it is one of theirs).
    pub departments: u32,
    pub posts: u32,
    /// Comments by others on my posts.
    pub replies_received: u32,
    /// My comments on others' posts.
    pub comments: u32,
    pub reactions_given: u32,
    pub reactions_received: u32,
    pub style: CollaborationStyle,
}

/// `PUT /insights/me/settings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalInsightsSettings {
    /// Off: nothing about me is computed for my own insights (nor for finding ambassadors).
    pub personal_insights: bool,
}

/// The median and 90th percentile of `values` (nearest rank), or `None` when empty.
pub fn median_and_p90(values: &mut [u64]) -> Option<(u64, u64)> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = |p: f64| {
        let r = (p * values.len() as f64).ceil() as usize;
        values[r.clamp(1, values.len()) - 1]
    };
    Some((rank(0.5), rank(0.9)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participation_bands() {
        for (share, band) in [
            (0.0, Participation::Low),
            (0.049, Participation::Low),
            (0.05, Participation::Watch),
            (0.099, Participation::Watch),
            (0.10, Participation::Healthy),
            (1.0, Participation::Healthy),
        ] {
            assert_eq!(Participation::of(share), band, "{share}");
        }
    }

    /// (posts, replies received, comments, reactions given) → style
    #[test]
    fn collaboration_styles() {
        use CollaborationStyle::*;
        for (posts, replies, comments, reactions, style) in [
            (0, 0, 0, 0, Observer),
            (0, 0, 0, 2, Observer),
            (0, 0, 0, 3, Engager),
            (2, 4, 0, 0, Catalyst),
            (2, 3, 0, 0, Engager),
            (1, 5, 0, 0, Engager),
            (0, 0, 3, 0, Responder),
            (2, 0, 4, 0, Responder),
            (3, 1, 1, 0, Broadcaster),
            (3, 3, 1, 0, Engager),
            (1, 1, 1, 10, Engager),
        ] {
            assert_eq!(
                CollaborationStyle::of(posts, replies, comments, reactions),
                style,
                "{posts} {replies} {comments} {reactions}"
            );
        }
    }

    #[test]
    fn nearest_rank_percentiles() {
        assert_eq!(median_and_p90(&mut []), None);
        assert_eq!(median_and_p90(&mut [7]), Some((7, 7)));
        assert_eq!(median_and_p90(&mut [4, 1, 3, 2]), Some((2, 4)));
        let mut ten: Vec<u64> = (1..=10).rev().collect();
        assert_eq!(median_and_p90(&mut ten), Some((5, 9)));
    }

    #[test]
    fn modes_round_trip() {
        for mode in [
            AnalyticsMode::Off,
            AnalyticsMode::Aggregate,
            AnalyticsMode::AggregateAndPersonal,
            AnalyticsMode::AggregatePersonalAndAmbassadors,
        ] {
            assert_eq!(AnalyticsMode::parse(mode.as_str()), Some(mode));
        }
        assert!(!AnalyticsMode::Off.aggregates());
        assert!(AnalyticsMode::Aggregate.aggregates() && !AnalyticsMode::Aggregate.personal());
    }
}
