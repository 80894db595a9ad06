//! `/insights`: community health for community managers, admins and a community's owners
//! and moderators; `/insights/communities/:id` for one community; `/insights/about` says
//! what Hearth counts, for everyone.

use hearth_common::events::EventBody;
use hearth_common::insights::{
    AnalyticsMode, CollaborationStyle, CommunityHealthLine, Departments, Health, Participation,
    Period, Signal, SignalKind, HEALTHY_SHARE, WINDOWS,
};
use hearth_common::users::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::form_error::FormError;
use crate::live;
use crate::session::use_session;

/// Loads `call` for the current window, again whenever it changes.
fn load<T, F, Fut>(window: RwSignal<u16>, call: F) -> LocalResource<Result<T, String>>
where
    T: 'static,
    F: Fn(hearth_client::Client, u16) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<T, hearth_client::ClientError>> + 'static,
{
    let session = use_session();
    LocalResource::new(move || {
        let days = window.get();
        async move {
            api::authed(session, move |c| call(c, days))
                .await
                .map_err(|e| api::describe(&e))
        }
    })
}

/// Shows a loaded value, or why it could not be loaded.
fn shown<T: Clone + 'static, V: IntoView + 'static>(
    resource: LocalResource<Result<T, String>>,
    view: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || resource.get().map(|loaded| match loaded {
                Ok(value) => view(value).into_any(),
                Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn WindowPicker(window: RwSignal<u16>) -> impl IntoView {
    view! {
        <div class="tabs" role="group" aria-label="Period">
            {WINDOWS.into_iter().map(|days| view! {
                <button aria-pressed=move || (window.get() == days).to_string()
                    aria-selected=move || (window.get() == days).to_string()
                    on:click=move |_| window.set(days)>{format!("{days} days")}</button>
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn Insights() -> impl IntoView {
    let session = use_session();
    let oversees = move || {
        session.with(|s| {
            s.as_ref()
                .is_some_and(|s| matches!(s.user.role, Role::Admin | Role::CommunityManager))
        })
    };
    let window = RwSignal::new(28u16);
    view! {
        <h1>"Community health"</h1>
        <p class="muted">
            "Counts of communities, never of individuals. "
            <A href="/insights/about">"What Hearth counts"</A>
        </p>
        <WindowPicker window=window/>
        <Show when=oversees>
            <Organisation window=window/>
        </Show>
        <TodoList/>
        <CommunityTable window=window/>
    }
}

#[component]
fn Organisation(window: RwSignal<u16>) -> impl IntoView {
    let data = load(window, |c, days| async move {
        c.organisation_insights(Some(days)).await
    });
    shown(data, |o| {
        let a = o.adoption.clone();
        view! {
            <section class="card" aria-labelledby="org-heading">
                <h2 id="org-heading">"The organisation"</h2>
                <Kpis health=o.health.clone()/>
                <h3>"Adoption"</h3>
                <dl class="kpis">
                    <Kpi label="People" value=a.people.to_string() was=None/>
                    <Kpi label="Active yesterday" value=count(a.daily_active) was=None/>
                    <Kpi label="Active this week" value=count(a.weekly_active) was=None/>
                    <Kpi label="Active in 28 days" value=count(a.monthly_active) was=None/>
                    <Kpi label="Stickiness (DAU/MAU)" value=a.stickiness.map(percent).unwrap_or_else(|| "–".into()) was=None/>
                    <Kpi label="Ever signed in" value=percent(a.activated_share) was=None/>
                    <Kpi label="Active 10 of 28 days" value=count(a.regulars) was=None/>
                </dl>
                <DepartmentTable departments=o.departments.clone()/>
            </section>
        }
    })
}

#[component]
fn TodoList() -> impl IntoView {
    let window = RwSignal::new(28u16);
    let data = load(window, |c, _| async move { c.insights_todo().await });
    // Posts waiting for an answer (or just answered), quiet communities coming back and
    // sizes crossing the guidance arrive live.
    live::listen(move |event| {
        if matches!(event.body, EventBody::TodoChanged(_)) {
            data.refetch();
        }
    });
    shown(data, |todo| {
        view! {
            <section class="card" aria-labelledby="todo-heading">
                <h2 id="todo-heading">"To do"</h2>
                {if todo.items.is_empty() {
                    view! { <p class="muted">"Nothing needs you right now."</p> }.into_any()
                } else {
                    view! {
                        <ul class="list">
                            {todo.items.into_iter().map(|s| view! { <SignalLine signal=s/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        }
    })
}

#[component]
fn SignalLine(signal: Signal) -> impl IntoView {
    view! {
        <li>
            <span class="tag">{signal_words(signal.kind)}</span>
            <A href=format!("/insights/communities/{}", signal.community.id)>{signal.community.name.clone()}</A>
            <span class="excerpt" style="white-space: normal">{signal.message.clone()}</span>
        </li>
    }
}

#[component]
fn CommunityTable(window: RwSignal<u16>) -> impl IntoView {
    let data = load(window, |c, days| async move {
        c.community_health_list(Some(days)).await
    });
    shown(data, |list| {
        view! {
            <section class="card" aria-labelledby="communities-heading">
                <h2 id="communities-heading">"Communities"</h2>
                {if list.items.is_empty() {
                    view! { <p class="muted">"You do not look after any community."</p> }.into_any()
                } else {
                    view! {
                        <div class="scroll">
                            <table>
                                <thead><tr>
                                    <th scope="col">"Community"</th><th scope="col">"Members"</th>
                                    <th scope="col">"Engaged"</th><th scope="col">"Posts"</th>
                                    <th scope="col">"Unanswered"</th><th scope="col">"Signals"</th>
                                </tr></thead>
                                <tbody>{list.items.into_iter().map(community_row).collect_view()}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </section>
        }
    })
}

fn community_row(line: CommunityHealthLine) -> impl IntoView {
    view! {
        <tr>
            <th scope="row"><A href=format!("/insights/communities/{}", line.community.id)>{line.community.name.clone()}</A></th>
            <td>{line.members}</td>
            // A community without members in the window (new today) has no share to judge.
            <td>{(line.members > 0).then(|| view! { <Band participation=line.participation share=line.engaged_share/> })}</td>
            <td>{line.posts}</td>
            <td>{line.unanswered_posts}</td>
            <td>{line.signals.into_iter().map(|k| view! { <span class="tag">{signal_words(k)}</span>" " }).collect_view()}</td>
        </tr>
    }
}

#[component]
pub fn CommunityHealth() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let window = RwSignal::new(28u16);
    let session = use_session();
    let data = LocalResource::new(move || {
        let (id, days) = (id.get(), window.get());
        async move {
            api::authed(session, move |c| {
                let id = id.clone();
                async move { c.community_insights(&id, Some(days)).await }
            })
            .await
            .map_err(|e| api::describe(&e))
        }
    });
    view! {
        <WindowPicker window=window/>
        {shown(data, |c| view! {
            <h1>{format!("{} — health", c.community.name)}</h1>
            <p><A href=format!("/communities/{}", c.community.id)>"Back to the community"</A></p>
            {(!c.signals.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="signals-heading">
                    <h2 id="signals-heading">"Signals"</h2>
                    <ul class="list">{c.signals.into_iter().map(|s| view! { <SignalLine signal=s/> }).collect_view()}</ul>
                </section>
            })}
            <section class="card"><Kpis health=c.health.clone()/></section>
            <section class="card"><DepartmentTable departments=c.departments.clone()/></section>
        })}
    }
}

/// A window's figures beside the window before.
#[component]
fn Kpis(health: Health) -> impl IntoView {
    let (p, q): (Period, Period) = (health.current, health.previous);
    let rows: Vec<(&str, String, String)> = vec![
        ("Members", p.members.to_string(), q.members.to_string()),
        (
            "Active members",
            count(p.active_members),
            count(q.active_members),
        ),
        (
            "Engaged members",
            p.engaged_members.to_string(),
            q.engaged_members.to_string(),
        ),
        ("Posts", p.posts.to_string(), q.posts.to_string()),
        ("Comments", p.comments.to_string(), q.comments.to_string()),
        (
            "Reactions",
            p.reactions.to_string(),
            q.reactions.to_string(),
        ),
        (
            "People who posted",
            p.posters.to_string(),
            q.posters.to_string(),
        ),
        (
            "… commented",
            p.commenters.to_string(),
            q.commenters.to_string(),
        ),
        ("… reacted", p.reactors.to_string(), q.reactors.to_string()),
        (
            "New members",
            p.new_members.to_string(),
            q.new_members.to_string(),
        ),
        (
            "Members who left",
            p.leaving_members.to_string(),
            q.leaving_members.to_string(),
        ),
        (
            "Unanswered posts",
            p.unanswered_posts.to_string(),
            q.unanswered_posts.to_string(),
        ),
        (
            "First reply (median)",
            duration(p.first_reply_median_seconds),
            duration(q.first_reply_median_seconds),
        ),
        (
            "First reply (90%)",
            duration(p.first_reply_p90_seconds),
            duration(q.first_reply_p90_seconds),
        ),
        (
            "Answered within 48 h",
            p.response_rate.map(percent).unwrap_or_else(|| "–".into()),
            q.response_rate.map(percent).unwrap_or_else(|| "–".into()),
        ),
        (
            "Across departments",
            p.cross_department_share
                .map(percent)
                .unwrap_or_else(|| "–".into()),
            q.cross_department_share
                .map(percent)
                .unwrap_or_else(|| "–".into()),
        ),
    ];
    view! {
        <p>
            <Band participation=p.participation share=p.engaged_share/>
            {format!(" engaged over {} days (the previous {} days: {})", health.window_days, health.window_days, percent(q.engaged_share))}
        </p>
        <ShareBar share=p.engaged_share/>
        <dl class="kpis">
            {rows.into_iter().map(|(label, value, was)| view! { <Kpi label=label value=value was=Some(was)/> }).collect_view()}
        </dl>
    }
}

#[component]
fn Kpi(label: &'static str, value: String, was: Option<String>) -> impl IntoView {
    view! {
        <div>
            <dt>{label}</dt>
            <dd>{value}{was.map(|w| view! { <span class="muted">{format!(" (was {w})")}</span> })}</dd>
        </div>
    }
}

/// The engaged share against the ~10% norm, as a small bar.
#[component]
fn ShareBar(share: f64) -> impl IntoView {
    // 0 to 30% fills the bar; more is shown full.
    let scale = |s: f64| (s / 0.3).clamp(0.0, 1.0) * 300.0;
    let label = format!(
        "{} of members engaged; about {} is normal",
        percent(share),
        percent(HEALTHY_SHARE)
    );
    view! {
        <svg class="share" viewBox="0 0 300 24" width="300" height="24" role="img" aria-label=label>
            <rect x="0" y="4" width="300" height="16" class="track"/>
            <rect x="0" y="4" width=format!("{:.1}", scale(share)) height="16" class="fill"/>
            <line x1=format!("{:.1}", scale(HEALTHY_SHARE)) x2=format!("{:.1}", scale(HEALTHY_SHARE)) y1="0" y2="24" class="norm"/>
        </svg>
    }
}

#[component]
fn Band(participation: Participation, share: f64) -> impl IntoView {
    let (class, words) = match participation {
        Participation::Healthy => ("tag healthy", "healthy"),
        Participation::Watch => ("tag watch", "watch"),
        Participation::Low => ("tag low", "low"),
    };
    view! { <span class=class>{format!("{} {words}", percent(share))}</span> }
}

#[component]
fn DepartmentTable(departments: Departments) -> impl IntoView {
    let small = departments.small_departments;
    view! {
        <h3>"Members by department"</h3>
        {if departments.rows.is_empty() {
            view! { <p class="muted">"No department has 5 or more members here."</p> }.into_any()
        } else {
            view! {
                <table>
                    <thead><tr><th scope="col">"Department"</th><th scope="col">"Members"</th><th scope="col">"Engaged"</th></tr></thead>
                    <tbody>
                        {departments.rows.into_iter().map(|r| view! {
                            <tr>
                                <th scope="row">{r.department.unwrap_or_else(|| "No department given".into())}</th>
                                <td>{count(r.members)}</td>
                                <td>{count(r.engaged)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {(small > 0).then(|| view! {
            <p class="muted">{format!("{small} department(s) with fewer than 5 members are not shown; \"<5\" marks figures hidden so that no group of fewer than 5 people can be told apart.")}</p>
        })}
    }
}

/// My own insights, on my profile: for me alone.
#[component]
pub fn MyInsights() -> impl IntoView {
    let window = RwSignal::new(28u16);
    let data = load(window, |c, days| async move {
        c.personal_insights(Some(days)).await
    });
    view! {
        <section class="card" aria-labelledby="mine-heading">
            <h2 id="mine-heading">"My insights"</h2>
            <p class="muted">"Only you see this. " <A href="/insights/about">"What Hearth counts"</A></p>
            <Suspense fallback=|| ()>
                {move || data.get().map(|loaded| match loaded {
                    Ok(m) => view! {
                        <p>{format!("Over the last {} days you were mostly {}.", m.window_days, style_words(m.style))}</p>
                        <dl class="kpis">
                            <Kpi label="People you interacted with" value=m.people.to_string() was=None/>
                            <Kpi label="Their departments" value=m.departments.to_string() was=None/>
                            <Kpi label="Posts" value=m.posts.to_string() was=None/>
                            <Kpi label="Replies to your posts" value=m.replies_received.to_string() was=None/>
                            <Kpi label="Your comments on others' posts" value=m.comments.to_string() was=None/>
                            <Kpi label="Reactions received" value=m.reactions_received.to_string() was=None/>
                        </dl>
                    }.into_any(),
                    Err(message) => view! { <p class="muted">{message}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

fn style_words(style: CollaborationStyle) -> &'static str {
    match style {
        CollaborationStyle::Observer => "an observer: you read more than you write, for now",
        CollaborationStyle::Catalyst => "a catalyst: your posts start conversations",
        CollaborationStyle::Responder => "a responder: you answer and build on others' posts",
        CollaborationStyle::Broadcaster => "a broadcaster: you share news and updates",
        CollaborationStyle::Engager => "an engager: you take part in many ways",
    }
}

#[component]
pub fn InsightsAbout() -> impl IntoView {
    let window = RwSignal::new(0u16);
    let data = load(window, |c, _| async move { c.insights_about().await });
    shown(data, |p| {
        let mode = match p.analytics_mode {
            AnalyticsMode::Off => "Off: nothing is counted, and no visits are recorded.",
            AnalyticsMode::Aggregate => "Counts of communities and of the organisation.",
            AnalyticsMode::AggregateAndPersonal => {
                "Counts of communities and of the organisation, and each person's own insights, shown to them alone."
            }
            AnalyticsMode::AggregatePersonalAndAmbassadors => {
                "Counts of communities and of the organisation, each person's own insights (to them alone), and finding people who connect teams, to invite them as ambassadors."
            }
        };
        view! {
            <h1>"What Hearth counts"</h1>
            <section class="card">
                <h2>"Set by your admins"</h2>
                <p>{mode}</p>
            </section>
            <section class="card">
                <h2>"What is recorded"</h2>
                <ul>
                    <li>{format!("The days on which you visited: one line per person per day, deleted after {} days, never shown for one person.", p.presence_retention_days)}</li>
                    <li>"When you joined and left communities."</li>
                    <li>{format!("Daily counts of each community and of the organisation, kept {} days.", p.counts_retention_days)}</li>
                    <li>"What you read is not recorded. Direct messages are never analysed."</li>
                </ul>
            </section>
            <section class="card">
                <h2>"Finding ambassadors"</h2>
                <p>"Only when the admins choose it. Once a week Hearth looks at who replied to, reacted to and mentioned whom over the last 90 days (never direct messages) and finds people who connect teams: many contacts, in both directions, across departments, on the paths between otherwise distant colleagues. Hearth invites them itself; they may say no, and are then never asked again."</p>
                <ul>
                    <li>"No score or ranking is stored or shown to anyone: only who was invited and their answer."</li>
                    <li>"Community managers see how many candidates there are, and the names of those who accepted (who carry an \"Ambassador\" badge)."</li>
                    <li>"Switching your own insights off also keeps you out of the candidates."</li>
                </ul>
            </section>
            <PersonalSwitch on=p.my_personal_insights/>
            <section class="card">
                <h2>"Who sees what"</h2>
                <ul>
                    <li>"Community managers and admins see counts for the organisation and its communities; a community's owners and moderators see their community's."</li>
                    <li>{format!("No figure describes fewer than {} people: smaller groups show as \"<{}\", and departments with fewer than {} people are not listed.", p.min_group, p.min_group, p.min_group)}</li>
                    <li>"Nobody sees a list of people by activity, and there is no \"least active\" list."</li>
                    <li>"The one exception: the author of a must-read announcement and admins see who acknowledged it."</li>
                </ul>
            </section>
        }
    })
}

/// Lets me switch my own insights off (and on again).
#[component]
fn PersonalSwitch(on: bool) -> impl IntoView {
    let session = use_session();
    let on = RwSignal::new(on);
    let error = RwSignal::new(None::<String>);
    let toggle = move |ev: leptos::ev::Event| {
        let wanted = event_target_checked(&ev);
        api::act(
            session,
            error,
            move |c| async move { c.set_personal_insights(wanted).await },
            move |s| on.set(s.personal_insights),
        );
    };
    view! {
        <section class="card">
            <h2>"My own insights"</h2>
            <label class="check">
                <input type="checkbox" prop:checked=move || on.get() on:change=toggle/>
                " Compute my personal insights (shown to me alone)"
            </label>
            <FormError error=error/>
        </section>
    }
}

fn count(n: Option<u32>) -> String {
    n.map_or_else(|| "<5".into(), |n| n.to_string())
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn duration(seconds: Option<u64>) -> String {
    match seconds {
        None => "–".into(),
        Some(s) if s < 3600 => format!("{} min", s / 60),
        Some(s) if s < 2 * 86_400 => format!("{} h", s / 3600),
        Some(s) => format!("{} days", s / 86_400),
    }
}

pub fn signal_words(kind: SignalKind) -> &'static str {
    match kind {
        SignalKind::OverSize => "over 150 members",
        SignalKind::ApproachingSize => "approaching 150",
        SignalKind::MirrorsOrgChart => "mirrors the org chart",
        SignalKind::Quiet => "quiet",
        SignalKind::Dormant => "dormant",
        SignalKind::UnansweredPosts => "unanswered posts",
        SignalKind::LowParticipation => "low participation",
        SignalKind::SlowReplies => "slow replies",
    }
}
