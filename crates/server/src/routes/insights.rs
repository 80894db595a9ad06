//! `/insights/*`: community health and adoption for community managers, admins and a
//! community's owners and moderators; `/insights/about` for everyone.

use actix_web::web;
use hearth_common::error::ErrorBody;
use hearth_common::error::ErrorCode;
use hearth_common::insights::{
    CollaborationStyle, CommunityHealthLine, CommunityHealthList, CommunityInsights,
    InsightsPolicy, OrganisationInsights, PersonalInsights, PersonalInsightsSettings, Todo,
    WindowQuery, COUNTS_RETENTION_DAYS, MIN_GROUP, PRESENCE_RETENTION_DAYS,
};
use hearth_db::health::{self, Scope};
use hearth_db::users::UserRow;
use hearth_db::{communities, settings, DbConnection};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::insights::{self, anonymity, job, Counter, Windows, SIGNAL_WINDOW};
use crate::membership::Community;
use crate::policy::groups::Standing;
use crate::policy::insights as policy;
use crate::present;
use crate::state::AppState;

fn require_counting(conn: &mut DbConnection) -> ApiResult<()> {
    policy::require_counting(settings::get(conn)?.analytics_mode)
}

/// The organisation's health
///
/// Members, visits, participation against the ~10% norm, replies and cross-department
/// reach over a window of whole days before today, beside the window before it; adoption
/// (daily, weekly and monthly active people); members by department. Figures that would
/// describe fewer than 5 people are `null`.
#[utoipa::path(
    get, path = "/api/v1/insights/organisation", operation_id = "organisation_insights",
    tag = "insights", params(WindowQuery),
    responses(
        (status = 200, description = "The organisation's health", body = OrganisationInsights),
        (status = 403, description = "Not a community manager or admin (`managers_only`), or insights are off (`analytics_off`)", body = ErrorBody),
    )
)]
pub async fn organisation(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<WindowQuery>,
) -> ApiResult<web::Json<OrganisationInsights>> {
    policy::require_overseer(&caller.user)?;
    let days = insights::window(query.window)?;
    let today = health::day_of(state.now());
    let (answer, counted) = state
        .read(move |conn| {
            require_counting(conn)?;
            let mut counter = Counter::everything();
            let windows = insights::windows(&mut counter, conn, Scope::Organisation, days, today)?;
            let answer = OrganisationInsights {
                health: windows.health(),
                adoption: insights::adoption(&mut counter, conn, today)?,
                departments: anonymity::departments(&windows.current.departments),
                communities: u32::try_from(communities::all_ids(conn)?.len()).unwrap_or(0),
            };
            Ok((answer, counter.counted()))
        })
        .await?;
    job::keep(&state, counted).await?;
    Ok(web::Json(answer))
}

/// The communities I look after
///
/// Community managers and admins: every community they can see; owners and moderators:
/// their own. Each with its size, participation and signals over the last 28 days (or
/// `window`).
#[utoipa::path(
    get, path = "/api/v1/insights/communities", operation_id = "community_health_list",
    tag = "insights", params(WindowQuery),
    responses(
        (status = 200, description = "The communities and their health", body = CommunityHealthList),
        (status = 403, description = "Insights are off (`analytics_off`)", body = ErrorBody),
    )
)]
pub async fn communities_list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<WindowQuery>,
) -> ApiResult<web::Json<CommunityHealthList>> {
    let days = insights::window(query.window)?;
    let now = state.now();
    let today = health::day_of(now);
    let viewer = caller.user;
    let (items, counted) = state
        .read(move |conn| {
            require_counting(conn)?;
            let mut items = Vec::new();
            let mut counter = Counter::everything();
            let live = insights::live(conn, None, now)?;
            for (row, _) in looked_after(conn, &viewer)? {
                let scope = Scope::Community(&row.id);
                let month = insights::windows(&mut counter, conn, scope, SIGNAL_WINDOW, today)?;
                let signals = insights::community_signals(&row, &month, &live, now);
                let shown = if days == SIGNAL_WINDOW {
                    None
                } else {
                    Some(insights::windows(&mut counter, conn, scope, days, today)?)
                };
                let health = shown.as_ref().unwrap_or(&month).health();
                items.push(CommunityHealthLine {
                    community: present::group_summary(&row),
                    members: health.current.members,
                    engaged_share: health.current.engaged_share,
                    participation: health.current.participation,
                    posts: health.current.posts,
                    unanswered_posts: health.current.unanswered_posts,
                    signals: signals.iter().map(|s| s.kind).collect(),
                });
            }
            Ok((items, counter.counted()))
        })
        .await?;
    job::keep(&state, counted).await?;
    Ok(web::Json(CommunityHealthList {
        window_days: days,
        items,
    }))
}

/// The communities `viewer` looks after, with their membership.
fn looked_after(
    conn: &mut DbConnection,
    viewer: &UserRow,
) -> ApiResult<
    Vec<(
        hearth_db::communities::CommunityRow,
        Option<hearth_db::communities::MemberRow>,
    )>,
> {
    Ok(communities::all_with_membership(conn, &viewer.id)?
        .into_iter()
        .filter(|(row, membership)| {
            policy::looks_after(&Standing {
                user: viewer,
                community: row,
                membership: membership.as_ref(),
            })
        })
        .collect())
}

/// One community's health
///
/// As for the organisation, for one community, with its members by department and its
/// signals. For community managers, admins, and the community's owners and moderators.
#[utoipa::path(
    get, path = "/api/v1/insights/communities/{id}", operation_id = "community_insights",
    tag = "insights", params(("id" = String, Path, description = "Community id"), WindowQuery),
    responses(
        (status = 200, description = "The community's health", body = CommunityInsights),
        (status = 403, description = "Not someone who looks after it (`managers_only`), or insights are off (`analytics_off`)", body = ErrorBody),
        (status = 404, description = "No such community, or not visible", body = ErrorBody),
    )
)]
pub async fn community(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<WindowQuery>,
) -> ApiResult<web::Json<CommunityInsights>> {
    let days = insights::window(query.window)?;
    let now = state.now();
    let today = health::day_of(now);
    let id = path.into_inner();
    let viewer = caller.user;
    let (answer, counted) = state
        .read(move |conn| {
            let community = Community::load(conn, &id, &viewer)?;
            policy::require_community(&community.standing(&viewer))?;
            require_counting(conn)?;
            let scope = Scope::Community(&id);
            let mut counter = Counter::community(&id);
            let month = insights::windows(&mut counter, conn, scope, SIGNAL_WINDOW, today)?;
            let shown: Option<Windows> = if days == SIGNAL_WINDOW {
                None
            } else {
                Some(insights::windows(&mut counter, conn, scope, days, today)?)
            };
            let windows = shown.as_ref().unwrap_or(&month);
            let live = insights::live(conn, Some(&id), now)?;
            let answer = CommunityInsights {
                community: present::group_summary(&community.row),
                health: windows.health(),
                departments: anonymity::departments(&windows.current.departments),
                signals: insights::community_signals(&community.row, &month, &live, now),
            };
            Ok((answer, counter.counted()))
        })
        .await?;
    job::keep(&state, counted).await?;
    Ok(web::Json(answer))
}

/// My to-do list
///
/// The signals of the communities I look after — too big, mirroring the org chart, quiet,
/// unanswered posts, low participation, slow replies — most pressing first.
#[utoipa::path(
    get, path = "/api/v1/insights/todo", operation_id = "insights_todo", tag = "insights",
    responses(
        (status = 200, description = "What may need doing", body = Todo),
        (status = 403, description = "Insights are off (`analytics_off`)", body = ErrorBody),
    )
)]
pub async fn todo(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Todo>> {
    let now = state.now();
    let today = health::day_of(now);
    let viewer = caller.user;
    let (mut items, counted) = state
        .read(move |conn| {
            require_counting(conn)?;
            let mut items = Vec::new();
            let mut counter = Counter::everything();
            let live = insights::live(conn, None, now)?;
            for (row, _) in looked_after(conn, &viewer)? {
                let scope = Scope::Community(&row.id);
                let month = insights::windows(&mut counter, conn, scope, SIGNAL_WINDOW, today)?;
                items.extend(insights::community_signals(&row, &month, &live, now));
            }
            Ok((items, counter.counted()))
        })
        .await?;
    job::keep(&state, counted).await?;
    // Unanswered people first, then what shapes a community, then what can wait.
    items.sort_by_key(|s| (insights::urgency(s.kind), s.community.name.clone()));
    Ok(web::Json(Todo { items }))
}

/// What Hearth counts
///
/// The analytics mode the admin chose and the rules every figure follows: for everyone,
/// and for works councils.
#[utoipa::path(
    get, path = "/api/v1/insights/about", operation_id = "insights_about", tag = "insights",
    responses((status = 200, description = "What is computed", body = InsightsPolicy))
)]
pub async fn about(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<InsightsPolicy>> {
    let (mode, mine) = state
        .read(move |conn| {
            Ok((
                settings::get(conn)?.analytics_mode,
                health::personal_insights(conn, &caller.user.id)?,
            ))
        })
        .await?;
    Ok(web::Json(InsightsPolicy {
        analytics_mode: mode,
        min_group: MIN_GROUP,
        presence_retention_days: u32::try_from(PRESENCE_RETENTION_DAYS).unwrap_or(90),
        counts_retention_days: u32::try_from(COUNTS_RETENTION_DAYS).unwrap_or(730),
        my_personal_insights: mine,
    }))
}

/// My own insights
///
/// How many people and departments I interacted with, replies and reactions I received,
/// and my collaboration style, over `window` days before today. Shown to me alone; only
/// when the admins chose to compute personal insights and I have not switched mine off.
#[utoipa::path(
    get, path = "/api/v1/insights/me", operation_id = "personal_insights", tag = "insights",
    params(WindowQuery),
    responses(
        (status = 200, description = "My insights", body = PersonalInsights),
        (status = 403, description = "Not computed here (`personal_insights_off`) or switched off by me (`opted_out`)", body = ErrorBody),
    )
)]
pub async fn me(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<WindowQuery>,
) -> ApiResult<web::Json<PersonalInsights>> {
    let days = insights::window(query.window)?;
    let today = health::day_of(state.now());
    let answer = state
        .read(move |conn| {
            if !settings::get(conn)?.analytics_mode.personal() {
                return Err(ApiError::forbidden(
                    ErrorCode::PersonalInsightsOff,
                    "personal insights are not computed on this instance",
                ));
            }
            if !health::personal_insights(conn, &caller.user.id)? {
                return Err(ApiError::forbidden(
                    ErrorCode::OptedOut,
                    "you switched your personal insights off",
                ));
            }
            let start = health::day_start(today - i32::from(days));
            let a = health::own_activity(conn, &caller.user.id, start, health::day_start(today))?;
            let others: Vec<String> = a.others.iter().cloned().collect();
            let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            Ok(PersonalInsights {
                window_days: days,
                people: count(others.len()),
                departments: health::departments_of(conn, &others)?,
                posts: a.posts,
                replies_received: a.replies_received,
                comments: a.comments,
                reactions_given: a.reactions_given,
                reactions_received: a.reactions_received,
                style: CollaborationStyle::of(
                    a.posts,
                    a.replies_received,
                    a.comments,
                    a.reactions_given,
                ),
            })
        })
        .await?;
    Ok(web::Json(answer))
}

/// Switch my personal insights on or off
///
/// Off: nothing about me is computed for my own insights (or for finding ambassadors).
#[utoipa::path(
    put, path = "/api/v1/insights/me/settings", operation_id = "set_personal_insights", tag = "insights",
    request_body = PersonalInsightsSettings,
    responses((status = 200, description = "The setting now", body = PersonalInsightsSettings))
)]
pub async fn set_mine(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<PersonalInsightsSettings>,
) -> ApiResult<web::Json<PersonalInsightsSettings>> {
    let on = body.personal_insights;
    state
        .write(move |conn| Ok(health::set_personal_insights(conn, &caller.user.id, on)?))
        .await?;
    Ok(web::Json(PersonalInsightsSettings {
        personal_insights: on,
    }))
}
