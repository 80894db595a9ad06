//! `/insights/*`: community health and adoption for community managers, admins and a
//! community's owners and moderators; `/insights/about` for everyone.

use actix_web::web;
use hearth_common::error::ErrorBody;
use hearth_common::insights::{
    CommunityHealthLine, CommunityHealthList, CommunityInsights, InsightsPolicy,
    OrganisationInsights, Todo, WindowQuery, COUNTS_RETENTION_DAYS, MIN_GROUP,
    PRESENCE_RETENTION_DAYS,
};
use hearth_db::health::{self, Scope};
use hearth_db::users::UserRow;
use hearth_db::{communities, settings, DbConnection};

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::insights::{self, anonymity, job, Windows, SIGNAL_WINDOW};
use crate::membership::Community;
use crate::policy::groups::Standing;
use crate::policy::insights as policy;
use crate::present;
use crate::state::AppState;

/// Windows counted while answering, to keep as snapshots: (community or organisation, …).
type Fresh = Vec<(Option<String>, Vec<(i32, i32, health::PeriodCounts)>)>;

async fn keep(state: &AppState, fresh: Fresh) -> ApiResult<()> {
    for (scope, windows) in fresh {
        job::store(state, scope, windows).await?;
    }
    Ok(())
}

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
    let (answer, fresh) = state
        .read(move |conn| {
            require_counting(conn)?;
            let windows = insights::windows(conn, Scope::Organisation, days, today)?;
            let answer = OrganisationInsights {
                health: windows.health(),
                adoption: insights::adoption(conn, today)?,
                departments: anonymity::departments(&windows.current.counts.departments),
                communities: u32::try_from(communities::all_ids(conn)?.len()).unwrap_or(0),
            };
            Ok((answer, vec![(None, windows.fresh())]))
        })
        .await?;
    keep(&state, fresh).await?;
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
    let (items, fresh) = state
        .read(move |conn| {
            require_counting(conn)?;
            let mut items = Vec::new();
            let mut fresh: Fresh = Vec::new();
            for (row, _) in looked_after(conn, &viewer)? {
                let scope = Scope::Community(&row.id);
                let month = insights::windows(conn, scope, SIGNAL_WINDOW, today)?;
                let signals = insights::community_signals(conn, &row, &month, now)?;
                let shown = if days == SIGNAL_WINDOW {
                    None
                } else {
                    Some(insights::windows(conn, scope, days, today)?)
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
                fresh.push((Some(row.id.clone()), month.fresh()));
                if let Some(shown) = shown {
                    fresh.push((Some(row.id.clone()), shown.fresh()));
                }
            }
            Ok((items, fresh))
        })
        .await?;
    keep(&state, fresh).await?;
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
    let (answer, fresh) = state
        .read(move |conn| {
            let community = Community::load(conn, &id, &viewer)?;
            policy::require_community(&community.standing(&viewer))?;
            require_counting(conn)?;
            let scope = Scope::Community(&id);
            let month = insights::windows(conn, scope, SIGNAL_WINDOW, today)?;
            let shown: Option<Windows> = if days == SIGNAL_WINDOW {
                None
            } else {
                Some(insights::windows(conn, scope, days, today)?)
            };
            let windows = shown.as_ref().unwrap_or(&month);
            let answer = CommunityInsights {
                community: present::group_summary(&community.row),
                health: windows.health(),
                departments: anonymity::departments(&windows.current.counts.departments),
                signals: insights::community_signals(conn, &community.row, &month, now)?,
            };
            let mut fresh = vec![(Some(id.clone()), month.fresh())];
            if let Some(shown) = &shown {
                fresh.push((Some(id.clone()), shown.fresh()));
            }
            Ok((answer, fresh))
        })
        .await?;
    keep(&state, fresh).await?;
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
    let (mut items, fresh) = state
        .read(move |conn| {
            require_counting(conn)?;
            let mut items = Vec::new();
            let mut fresh: Fresh = Vec::new();
            for (row, _) in looked_after(conn, &viewer)? {
                let month =
                    insights::windows(conn, Scope::Community(&row.id), SIGNAL_WINDOW, today)?;
                items.extend(insights::community_signals(conn, &row, &month, now)?);
                fresh.push((Some(row.id.clone()), month.fresh()));
            }
            Ok((items, fresh))
        })
        .await?;
    keep(&state, fresh).await?;
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
    _caller: Caller,
) -> ApiResult<web::Json<InsightsPolicy>> {
    let mode = state
        .read(|conn| Ok(settings::get(conn)?.analytics_mode))
        .await?;
    Ok(web::Json(InsightsPolicy {
        analytics_mode: mode,
        min_group: MIN_GROUP,
        presence_retention_days: u32::try_from(PRESENCE_RETENTION_DAYS).unwrap_or(90),
        counts_retention_days: u32::try_from(COUNTS_RETENTION_DAYS).unwrap_or(730),
    }))
}
