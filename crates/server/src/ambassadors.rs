//! Ambassadors, in one place: rounds of finding candidates in the interaction graph
//! (`insights::network`), the invitations Hearth sends them itself, their answers, the badge,
//! the ambassadors' space and the community managers' message to all of them. Only while an
//! admin has chosen `aggregate_personal_and_ambassadors`; nobody ever sees a score or a rank.

use hearth_common::error::ErrorCode;
use std::time::Instant;

use actix_web::web;
use hearth_common::ambassadors::{
    AmbassadorRound, AmbassadorStatus, BetweennessMethod, INVITATION, ROUND_EVERY_DAYS,
};
use hearth_common::groups::{GroupRole, MembershipStatus, Privacy};
use hearth_common::notifications::NotificationKind;
use hearth_db::ambassadors::{self as db, RoundRow};
use hearth_db::communities::{self, Fields};
use hearth_db::health::{self, DAY};
use hearth_db::time::to_datetime;
use hearth_db::users::{self, UserRow};
use hearth_db::{new_id, settings, DbConnection};

use crate::error::{ApiError, ApiResult};
use crate::insights::network::{self, Betweenness, Graph, Index};
use crate::membership;
use crate::notify::{self, About};
use crate::state::AppState;
use crate::stream::Outbox;

/// The interactions of this many days make the graph.
pub const GRAPH_DAYS: i64 = 90;

fn ambassadors_off() -> ApiError {
    ApiError::forbidden(
        ErrorCode::AmbassadorsOff,
        "an admin has not switched finding ambassadors on",
    )
}

fn require_programme(conn: &mut DbConnection) -> ApiResult<()> {
    if settings::get(conn)?.analytics_mode.ambassadors() {
        Ok(())
    } else {
        Err(ambassadors_off())
    }
}

/// The graph of the last `GRAPH_DAYS` days, and who in it may be invited.
struct Loaded {
    index: Index,
    interactions: Vec<(u32, u32)>,
    invitable: Vec<bool>,
}

fn load_graph(conn: &mut DbConnection, now: i64) -> ApiResult<Loaded> {
    let since = now - GRAPH_DAYS * DAY;
    let people = db::people(conn)?;
    // Those who said no (or stepped down) keep no candidate's place.
    let answered_no: std::collections::HashSet<String> = db::declined(conn)?.into_iter().collect();
    let mut index = Index::default();
    let mut by_username = std::collections::HashMap::new();
    let mut invitable = Vec::with_capacity(people.len());
    for p in people {
        by_username.insert(p.username.clone(), p.id.clone());
        invitable.push(p.personal_insights && !answered_no.contains(&p.id));
        index.add_person(p.id, p.department.as_deref());
    }
    let mut interactions = Vec::new();
    let mut add = |from: &str, to: &str| {
        // Guests and suspended people are not in the index, so not in the graph.
        if let (Some(a), Some(b)) = (index.of(from), index.of(to)) {
            interactions.push((a, b));
        }
    };
    for (from, to) in db::interactions_since(conn, since)? {
        add(&from, &to);
    }
    for (author, mentions) in db::mentions_since(conn, since)? {
        let names: Vec<String> = serde_json::from_str(&mentions).unwrap_or_default();
        for name in names {
            if let Some(id) = by_username.get(&name) {
                add(&author, id);
            }
        }
    }
    Ok(Loaded {
        index,
        interactions,
        invitable,
    })
}

/// Finds candidates and invites the new ones. `on_request`: a community manager asked for
/// it now; otherwise it runs only when the last round is `ROUND_EVERY_DAYS` old, and only in
/// the one process that claims the day. Returns the round, or none when it did not run.
pub async fn round(state: &AppState, on_request: bool) -> ApiResult<Option<AmbassadorRound>> {
    let now = state.now();
    let today = health::day_of(now);
    let go = state
        .write(move |conn| {
            if !settings::get(conn)?.analytics_mode.ambassadors() {
                return if on_request {
                    Err(ambassadors_off())
                } else {
                    Ok(false)
                };
            }
            let due =
                db::latest_round(conn)?.is_none_or(|last| last.day <= today - ROUND_EVERY_DAYS);
            if !on_request && !due {
                return Ok(false);
            }
            // A second round the same day (on request) records over the first.
            Ok(db::claim_round(conn, today, now)? || on_request)
        })
        .await?;
    if !go {
        return Ok(None);
    }
    let started = Instant::now();
    let loaded = state.read(move |conn| load_graph(conn, now)).await?;
    let method = Betweenness::for_people(loaded.index.ids.len());
    let (people, found) = web::block(move || {
        let graph = Graph::new(
            loaded.index.person_departments.clone(),
            &loaded.interactions,
        );
        let positions = network::positions(&graph, method);
        let found: Vec<String> = network::candidates(&positions, |v| loaded.invitable[v])
            .into_iter()
            .map(|v| loaded.index.ids[v].clone())
            .collect();
        (graph.people(), found)
    })
    .await?;
    let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let row = RoundRow {
        day: today,
        ran_at: now,
        people: i32::try_from(people).unwrap_or(i32::MAX),
        candidates: i32::try_from(found.len()).unwrap_or(i32::MAX),
        betweenness: method_of(method).as_str().to_owned(),
        millis: i64::try_from(millis).unwrap_or(i64::MAX),
    };
    let candidates = u32::try_from(found.len()).unwrap_or(u32::MAX);
    let invited = state
        .write_announcing(move |conn, outbox| {
            let mut invited = 0u32;
            for id in &found {
                // Each person is invited once ever, however many rounds find them.
                if db::invite_if_new(conn, id, now)? {
                    let person = users::get(conn, id)?;
                    let about = About::new(NotificationKind::AmbassadorInvite, &person, now)
                        .note(INVITATION);
                    notify::tell_self(conn, outbox, &person, &about)?;
                    invited += 1;
                }
            }
            db::record_round(conn, &row)?;
            Ok(invited)
        })
        .await?;
    tracing::info!(people, invited, millis, "ambassador round");
    Ok(Some(AmbassadorRound {
        ran_at: to_datetime(now),
        people: u32::try_from(people).unwrap_or(u32::MAX),
        candidates,
        betweenness: method_of(method),
        millis,
        invited: Some(invited),
    }))
}

fn method_of(method: Betweenness) -> BetweennessMethod {
    match method {
        Betweenness::Exact => BetweennessMethod::Exact,
        Betweenness::Sampled(_) => BetweennessMethod::Sampled,
    }
}

/// A finished round for the API (a day claimed but still counting has no method yet).
fn present_round(row: &RoundRow) -> Option<AmbassadorRound> {
    Some(AmbassadorRound {
        ran_at: to_datetime(row.ran_at),
        people: u32::try_from(row.people).unwrap_or(0),
        candidates: u32::try_from(row.candidates).unwrap_or(0),
        betweenness: BetweennessMethod::parse(&row.betweenness)?,
        millis: u64::try_from(row.millis).unwrap_or(0),
        invited: None,
    })
}

pub fn latest_round(conn: &mut DbConnection) -> ApiResult<Option<AmbassadorRound>> {
    Ok(db::latest_round(conn)?.as_ref().and_then(present_round))
}

/// The invited person answers: yes (badge, the space), or no.
pub fn answer(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    user: &UserRow,
    accept: bool,
    now: i64,
) -> ApiResult<()> {
    require_programme(conn)?;
    db::lock(conn, &user.id)?;
    let status = db::find(conn, &user.id)?.map(|row| row.status());
    if status != Some(AmbassadorStatus::Invited) {
        return Err(ApiError::conflict(
            ErrorCode::NoInvitation,
            "you have no open invitation to join the ambassadors",
        ));
    }
    if !accept {
        db::answer(conn, &user.id, AmbassadorStatus::Declined, now)?;
        return Ok(());
    }
    db::answer(conn, &user.id, AmbassadorStatus::Accepted, now)?;
    let space = space(conn, outbox, now)?;
    membership::enter_ambassadors_space(conn, outbox, &space, &user.id, now)
}

/// An ambassador stops being one: the badge goes, and their place in the space.
pub fn step_down(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    user: &UserRow,
    now: i64,
) -> ApiResult<()> {
    db::lock(conn, &user.id)?;
    if db::find(conn, &user.id)?.map(|row| row.status()) != Some(AmbassadorStatus::Accepted) {
        return Err(ApiError::conflict(
            ErrorCode::NotAmbassador,
            "you are not an ambassador",
        ));
    }
    db::answer(conn, &user.id, AmbassadorStatus::SteppedDown, now)?;
    if let Some(space) = db::space(conn)? {
        membership::leave_ambassadors_space(conn, outbox, &space, &user.id, now)?;
    }
    Ok(())
}

/// The ambassadors' space, made at the first acceptance: a secret community whose owners
/// are the admins and community managers of the moment.
fn space(conn: &mut DbConnection, outbox: &mut Outbox, now: i64) -> ApiResult<String> {
    db::lock_space_creation(conn)?;
    if let Some(id) = db::space(conn)? {
        return Ok(id);
    }
    let owners = db::overseers(conn)?;
    let Some((first, others)) = owners.split_first() else {
        return Err(ApiError::conflict(
            ErrorCode::NoOverseer,
            "the ambassadors' space needs an admin or community manager to run it",
        ));
    };
    let id = new_id();
    let topics = vec!["ambassadors".to_owned()];
    communities::insert(
        conn,
        &id,
        Fields {
            name: "Ambassadors",
            description: "For ambassadors, who help colleagues find their way around Hearth, \
                          and the community managers who work with them.",
            privacy: Privacy::Secret,
            topics: &topics,
        },
        first,
        now,
    )?;
    for owner in others {
        communities::put_member(
            conn,
            &id,
            owner,
            GroupRole::Owner,
            MembershipStatus::Active,
            now,
        )?;
    }
    outbox.access_changed(owners.iter().cloned());
    db::set_space(conn, &id, now)?;
    Ok(id)
}

/// A community manager's message to every ambassador, as a notification linking to their
/// space. Returns how many were told.
pub fn message_all(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    manager: &UserRow,
    body: &str,
    now: i64,
) -> ApiResult<u32> {
    let space = db::space(conn)?;
    let mut about = About::new(NotificationKind::AmbassadorMessage, manager, now).note(body);
    if let Some(space) = &space {
        about = about.group(space);
    }
    let mut sent = 0;
    for ambassador in db::accepted(conn)? {
        if ambassador.id != manager.id {
            notify::tell(conn, outbox, &ambassador, &about)?;
            sent += 1;
        }
    }
    Ok(sent)
}
