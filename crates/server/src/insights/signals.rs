//! What a community manager's to-do list is made of: the signals of one community, decided
//! from its facts by a pure function (a table of cases below).

use hearth_common::insights::{
    Signal, SignalKind, DORMANT_DAYS, MIN_GROUP, MIRROR_SHARE, QUIET_DAYS, SIZE_APPROACHING,
    SIZE_GUIDANCE, SLOW_REPLY_HOURS, WATCH_SHARE,
};
use hearth_common::posts::GroupSummary;

/// What is known about a community when its signals are decided.
#[derive(Debug, Clone)]
pub struct Facts {
    pub community: GroupSummary,
    pub members: u64,
    /// The largest department and how many of the members are in it.
    pub largest_department: Option<(String, u64)>,
    /// Days since the newest post, or since the community was made when it has none.
    pub days_quiet: i64,
    /// Posts of the last 28 days older than 48 hours that nobody else answered (live).
    pub unanswered_posts: u32,
    /// Engaged share of members over the last 28 days and the 28 days before.
    pub engaged_share: f64,
    pub previous_engaged_share: Option<f64>,
    /// Median time to first reply over the last 28 days.
    pub first_reply_median_seconds: Option<u64>,
}

pub fn signals(f: &Facts) -> Vec<Signal> {
    let mut out = Vec::new();
    let mut add = |kind, message: String, value: Option<u64>| {
        out.push(Signal {
            kind,
            community: f.community.clone(),
            message,
            value,
        })
    };
    let name = &f.community.name;
    if f.members > SIZE_GUIDANCE {
        add(
            SignalKind::OverSize,
            format!(
                "{name} has {} members; past about {SIZE_GUIDANCE}, conversations thin out. \
                 Consider splitting it by theme.",
                f.members
            ),
            Some(f.members),
        );
    } else if f.members >= SIZE_APPROACHING {
        add(
            SignalKind::ApproachingSize,
            format!(
                "{name} has {} members and is approaching the size guidance of {SIZE_GUIDANCE}.",
                f.members
            ),
            Some(f.members),
        );
    }
    if let Some((department, n)) = &f.largest_department {
        // `n` is more than 80% of at least 5 members, so it is a group of 5 or more.
        if f.members >= u64::from(MIN_GROUP) && (*n as f64) > MIRROR_SHARE * f.members as f64 {
            add(
                SignalKind::MirrorsOrgChart,
                format!(
                    "Most of {name}'s members are in {department}: it mirrors the org chart. \
                     Inviting people from other teams who share its theme helps."
                ),
                Some(*n),
            );
        }
    }
    if f.days_quiet >= DORMANT_DAYS {
        add(
            SignalKind::Dormant,
            format!(
                "Nothing has been posted in {name} for {} days; consider archiving it.",
                f.days_quiet
            ),
            Some(f.days_quiet.unsigned_abs()),
        );
    } else if f.days_quiet >= QUIET_DAYS {
        add(
            SignalKind::Quiet,
            format!(
                "{name} has been quiet for {} days; a question or an update can start it again.",
                f.days_quiet
            ),
            Some(f.days_quiet.unsigned_abs()),
        );
    }
    if f.unanswered_posts > 0 {
        add(
            SignalKind::UnansweredPosts,
            format!(
                "{} post(s) in {name} have waited over 48 hours without an answer.",
                f.unanswered_posts
            ),
            Some(u64::from(f.unanswered_posts)),
        );
    }
    if f.members > 0
        && f.engaged_share < WATCH_SHARE
        && f.previous_engaged_share.is_some_and(|s| s < WATCH_SHARE)
    {
        add(
            SignalKind::LowParticipation,
            format!(
                "Fewer than 5% of {name}'s members took part in each of the last two 28-day \
                 periods."
            ),
            None,
        );
    }
    if let Some(median) = f.first_reply_median_seconds {
        if median > (SLOW_REPLY_HOURS * 3600).unsigned_abs() {
            add(
                SignalKind::SlowReplies,
                format!(
                    "Posts in {name} wait {} hours (median) for a first reply.",
                    median / 3600
                ),
                Some(median),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_common::groups::Privacy;

    fn facts() -> Facts {
        Facts {
            community: GroupSummary {
                id: "g".into(),
                name: "Cycling".into(),
                privacy: Privacy::Open,
                archived: false,
            },
            members: 40,
            largest_department: Some(("Sales".into(), 10)),
            days_quiet: 1,
            unanswered_posts: 0,
            engaged_share: 0.2,
            previous_engaged_share: Some(0.2),
            first_reply_median_seconds: Some(3600),
        }
    }

    #[test]
    fn signals_from_facts() {
        use SignalKind::*;
        type Change = Box<dyn Fn(&mut Facts)>;
        let cases: Vec<(&str, Change, Vec<SignalKind>)> = vec![
            ("healthy", Box::new(|_| {}), vec![]),
            ("151 members", Box::new(|f| f.members = 151), vec![OverSize]),
            (
                "150 members",
                Box::new(|f| f.members = 150),
                vec![ApproachingSize],
            ),
            (
                "120 members",
                Box::new(|f| f.members = 120),
                vec![ApproachingSize],
            ),
            ("119 members", Box::new(|f| f.members = 119), vec![]),
            (
                "33 of 40 in one department",
                Box::new(|f| f.largest_department = Some(("Sales".into(), 33))),
                vec![MirrorsOrgChart],
            ),
            (
                "32 of 40 is exactly 80%",
                Box::new(|f| f.largest_department = Some(("Sales".into(), 32))),
                vec![],
            ),
            (
                "4 of 4: too small to say",
                Box::new(|f| {
                    f.members = 4;
                    f.largest_department = Some(("Sales".into(), 4));
                }),
                vec![],
            ),
            ("13 days quiet", Box::new(|f| f.days_quiet = 13), vec![]),
            (
                "14 days quiet",
                Box::new(|f| f.days_quiet = 14),
                vec![Quiet],
            ),
            (
                "60 days quiet",
                Box::new(|f| f.days_quiet = 60),
                vec![Dormant],
            ),
            (
                "unanswered",
                Box::new(|f| f.unanswered_posts = 2),
                vec![UnansweredPosts],
            ),
            (
                "low twice",
                Box::new(|f| {
                    f.engaged_share = 0.04;
                    f.previous_engaged_share = Some(0.0);
                }),
                vec![LowParticipation],
            ),
            (
                "low once",
                Box::new(|f| {
                    f.engaged_share = 0.04;
                    f.previous_engaged_share = Some(0.06);
                }),
                vec![],
            ),
            (
                "low, no earlier period",
                Box::new(|f| {
                    f.engaged_share = 0.0;
                    f.previous_engaged_share = None;
                }),
                vec![],
            ),
            (
                "25 hours to reply",
                Box::new(|f| f.first_reply_median_seconds = Some(25 * 3600)),
                vec![SlowReplies],
            ),
            (
                "24 hours to reply",
                Box::new(|f| f.first_reply_median_seconds = Some(24 * 3600)),
                vec![],
            ),
        ];
        for (name, change, expected) in cases {
            let mut f = facts();
            change(&mut f);
            let kinds: Vec<SignalKind> = signals(&f).iter().map(|s| s.kind).collect();
            assert_eq!(kinds, expected, "{name}");
        }
    }
}
