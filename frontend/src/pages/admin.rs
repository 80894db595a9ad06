//! `/admin`: how people join, instance settings, people's roles and suspension and the audit
//! log, for admins; anyone else is told the page is not for them.

use hearth_common::admin::{InstanceSettings, RegistrationMode, UpdateSettingsRequest};
use hearth_common::insights::AnalyticsMode;
use hearth_common::page::PageQuery;
use hearth_common::users::{AdminUpdateUserRequest, Role, User};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;
use crate::components::form_error::FormError;
use crate::components::when::When;
use crate::pages::people::{search_people, PersonLine};
use crate::session::use_session;
use crate::words;

const ROLES: [Role; 4] = [
    Role::Member,
    Role::CommunityManager,
    Role::Admin,
    Role::Guest,
];

#[component]
pub fn Admin() -> impl IntoView {
    let session = use_session();
    let admin = move || session.with(|s| s.as_ref().is_some_and(|s| s.user.role == Role::Admin));
    view! {
        <Show when=admin fallback=|| view! {
            <div class="card">
                <h1>"Administration"</h1>
                <p>"Only admins can see this page."</p>
            </div>
        }>
            <AdminPage/>
        </Show>
    }
}

const JOINING: [(RegistrationMode, &str, &str); 3] = [
    (
        RegistrationMode::Domains,
        "People with a company e-mail address",
        "Anyone with an address at one of the domains below may register as an employee.",
    ),
    (
        RegistrationMode::Invitation,
        "By invitation only",
        "Only guests with an invite code from a community can register.",
    ),
    (
        RegistrationMode::Open,
        "Anyone",
        "Anyone who finds this page may register as an employee and read the company feed.",
    ),
];

#[component]
fn AdminPage() -> impl IntoView {
    let session = use_session();
    let settings = RwSignal::new(None::<InstanceSettings>);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    // The allowed domains as typed, one per line.
    let domains = RwSignal::new(String::new());
    Effect::new(move || {
        if let Some(s) = settings.get() {
            domains.set(s.allowed_domains.join("\n"));
        }
    });
    api::load_into(
        session,
        settings,
        error,
        |c| async move { c.settings().await },
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(current) = settings.get_untracked() else {
            return;
        };
        let domains: Vec<String> = domains
            .get_untracked()
            .split([',', ' ', '\n'])
            .filter(|d| !d.trim().is_empty())
            .map(str::to_owned)
            .collect();
        let request = UpdateSettingsRequest {
            registration: (current.registration != RegistrationMode::Undecided)
                .then_some(current.registration),
            allowed_domains: Some(domains),
            group_member_cap: Some(current.group_member_cap),
            analytics_mode: Some(current.analytics_mode),
        };
        spawn_local(async move {
            match api::authed(session, move |c| {
                let request = request.clone();
                async move { c.update_settings(&request).await }
            })
            .await
            {
                Ok(saved) => {
                    settings.set(Some(saved));
                    error.set(None);
                    notice.set(Some("Settings saved.".into()));
                }
                Err(err) => error.set(Some(api::describe(&err))),
            }
        });
    };
    view! {
        <h1>"Administration"</h1>
        <FormError error=error/>
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {move || settings.get().map(|s| view! {
            <form class="card" on:submit=save aria-labelledby="settings-heading">
                <h2 id="settings-heading">"Settings"</h2>
                {(s.registration == RegistrationMode::Undecided).then(|| view! {
                    <p class="notice" role="status">
                        "Nobody else can register until you choose how people join Hearth."
                    </p>
                })}
                <fieldset>
                    <legend>"How do people join?"</legend>
                    {JOINING.into_iter().map(|(mode, label, explained)| view! {
                        <label class="check">
                            <input type="radio" name="registration" value=mode.as_str()
                                prop:checked=s.registration == mode
                                on:change=move |_| settings.update(|s| if let Some(s) = s { s.registration = mode })/>
                            " " <strong>{label}</strong>
                            <span class="muted">{format!(" — {explained}")}</span>
                        </label>
                    }).collect_view()}
                    <p class="muted">"Company sign-in (single sign-on) is coming; guests always join with an invite code."</p>
                </fieldset>
                <Show when=move || settings.with(|s| s.as_ref().is_some_and(|s| s.registration == RegistrationMode::Domains))>
                    <label for="allowed-domains">"E-mail domains, one per line (for example acme.com)"</label>
                    <textarea id="allowed-domains" rows="3" prop:value=domains
                        on:input=move |ev| domains.set(event_target_value(&ev))></textarea>
                </Show>
                <label for="member-cap">"Most members per community"</label>
                <input id="member-cap" type="number" min="2" max="100000" prop:value=s.group_member_cap.to_string()
                    on:input=move |ev| {
                        if let Ok(cap) = event_target_value(&ev).parse() {
                            settings.update(|s| if let Some(s) = s { s.group_member_cap = cap });
                        }
                    }/>
                <label for="analytics-mode">"What Hearth counts"</label>
                <select id="analytics-mode" on:change=move |ev| {
                    if let Some(mode) = AnalyticsMode::parse(&event_target_value(&ev)) {
                        settings.update(|s| if let Some(s) = s { s.analytics_mode = mode });
                    }
                }>
                    {MODES.into_iter().map(|(mode, words)| view! {
                        <option value=mode.as_str() selected=s.analytics_mode == mode>{words}</option>
                    }).collect_view()}
                </select>
                <p class="notice">
                    "Works councils may need to approve anything that could monitor people: "
                    <A href="/insights/about">"what Hearth counts"</A>
                    " says exactly what each choice computes. Every change is in the audit log."
                </p>
                <div class="actions"><button type="submit">"Save settings"</button></div>
            </form>
        })}
        <AdminUsers/>
        <AuditLog/>
    }
}

const MODES: [(AnalyticsMode, &str); 4] = [
    (AnalyticsMode::Off, "Nothing (insights off)"),
    (AnalyticsMode::Aggregate, "Counts of communities (default)"),
    (
        AnalyticsMode::AggregateAndPersonal,
        "… and each person's own insights",
    ),
    (
        AnalyticsMode::AggregatePersonalAndAmbassadors,
        "… and finding ambassadors",
    ),
];

/// What admins changed, newest first.
#[component]
fn AuditLog() -> impl IntoView {
    let session = use_session();
    let entries = LocalResource::new(move || async move {
        api::authed(session, |c| async move {
            c.audit_log(&PageQuery {
                limit: Some(50),
                cursor: None,
            })
            .await
        })
        .await
        .map_err(|e| api::describe(&e))
    });
    view! {
        <section class="card" aria-labelledby="audit-heading">
            <h2 id="audit-heading">"Audit log"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || entries.get().map(|loaded| match loaded {
                    Ok(page) if page.items.is_empty() => view! { <p class="muted">"No changes yet."</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="list">
                            {page.items.into_iter().map(|e| view! {
                                <li>
                                    <strong>{e.actor.display_name.clone()}</strong>
                                    {e.target_user.map(|t| format!(" · {}", t.display_name))}
                                    <span>{format!(" · {}", e.detail)}</span>
                                    <span class="muted">" · " <When at=e.created_at/></span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AdminUsers() -> impl IntoView {
    let session = use_session();
    let q = RwSignal::new(String::new());
    let people = RwSignal::new(Vec::<RwSignal<User>>::new());
    let error = RwSignal::new(None::<String>);
    // Each person's signal belongs to this list, which outlives the search that made it.
    let owner = StoredValue::new(Owner::current().expect("rendered in a component"));
    let search = move || {
        let text = q.get_untracked();
        spawn_local(async move {
            match search_people(session, text).await {
                Ok(page) => {
                    // Nothing to show once the page was left.
                    let Some(owner) = owner.try_get_value() else {
                        return;
                    };
                    people.set(
                        page.items
                            .into_iter()
                            .map(|u| owner.with(|| RwSignal::new(u)))
                            .collect(),
                    )
                }
                Err(err) => error.set(Some(api::describe(&err))),
            }
        });
    };
    search();
    let change = move |user: RwSignal<User>, request: AdminUpdateUserRequest| {
        let id = user.with_untracked(|u| u.id.clone());
        spawn_local(async move {
            match api::authed(session, move |c| {
                let (id, request) = (id.clone(), request.clone());
                async move { c.admin_update_user(&id, &request).await }
            })
            .await
            {
                Ok(updated) => user.set(updated),
                Err(err) => error.set(Some(api::describe(&err))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="users-heading">
            <h2 id="users-heading">"People"</h2>
            <form role="search" aria-label="Find people to administer" on:submit=move |ev| { ev.prevent_default(); search(); }>
                <label for="admin-q">"Find people"</label>
                <div class="row">
                    <input id="admin-q" type="search" prop:value=q on:input=move |ev| q.set(event_target_value(&ev))/>
                    <button type="submit" class="secondary">"Search"</button>
                </div>
            </form>
            <FormError error=error/>
            <ul class="list">
                <For each=move || people.get() key=|u| u.with_untracked(|u| u.id.clone()) children=move |user| {
                    let uid = user.with_untracked(|u| u.id.clone());
                    view! {
                        <li>
                            {move || view! { <PersonLine user=user.get()/> }}
                            <label class="visually-hidden" for=format!("admin-role-{uid}")>"Role"</label>
                            <select id=format!("admin-role-{uid}") on:change=move |ev| {
                                let role = ROLES.into_iter().find(|r| r.as_str() == event_target_value(&ev));
                                change(user, AdminUpdateUserRequest { role, suspended: None });
                            }>
                                {ROLES.into_iter().map(|r| view! {
                                    <option value=r.as_str() selected=move || user.with(|u| u.role == r)>{words::role(r)}</option>
                                }).collect_view()}
                            </select>
                            <label class="check">
                                <input type="checkbox" prop:checked=move || user.with(|u| u.suspended) on:change=move |ev| {
                                    change(user, AdminUpdateUserRequest { role: None, suspended: Some(event_target_checked(&ev)) });
                                }/>
                                " Suspended"
                            </label>
                        </li>
                    }
                }/>
            </ul>
        </section>
    }
}
