//! `/communities`: the communities I may see, with search and creation; `/communities/:id`:
//! one community with its feed, members and, for owners and moderators, their tools.

use hearth_client::Client;
use hearth_common::events::EventBody;
use hearth_common::groups::{
    CreateGroupRequest, Group, GroupQuery, GroupRole, Member, MembershipStatus, Privacy,
    UpdateGroupRequest,
};
use hearth_common::insights::{SIZE_APPROACHING, SIZE_GUIDANCE};
use hearth_common::media::SetImageRequest;
use hearth_common::notifications::NotificationKind;
use hearth_common::page::PageQuery;
use hearth_common::posts::Post;
use hearth_common::users::DepartmentList;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api;
use crate::components::announce::{CommunityRole, PinnedPosts, PinnedSource};
use crate::components::composer::Composer;
use crate::components::feed::{Feed, FeedSource};
use crate::components::form_error::FormError;
use crate::components::media::{media_ready, Avatar, PictureChooser};
use crate::components::person_picker::PersonPicker;
use crate::components::when::When;
use crate::live;
use crate::session::use_session;
use crate::words;

fn privacy_words(privacy: Privacy) -> &'static str {
    match privacy {
        Privacy::Open => "Open: everyone in the company can see it and join at once.",
        Privacy::Closed => {
            "Closed: everyone can find it, but only members see its posts; owners approve who joins."
        }
        Privacy::Secret => "Secret: only members know it exists; people join by invitation.",
    }
}

#[component]
pub fn Communities() -> impl IntoView {
    let session = use_session();
    let q = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Vec<Group>>);
    let error = RwSignal::new(None::<String>);
    let creating = RwSignal::new(false);
    let archived = RwSignal::new(false);
    let search = move || {
        let text = q.get_untracked();
        let archived = archived.get_untracked();
        spawn_local(async move {
            let result = api::authed(session, move |c| {
                let query = GroupQuery {
                    q: Some(text.clone()).filter(|t| !t.trim().is_empty()),
                    archived: Some(archived),
                    limit: Some(100),
                    ..GroupQuery::default()
                };
                async move { c.groups(&query).await }
            })
            .await;
            match result {
                Ok(page) => found.set(Some(page.items)),
                Err(err) => error.set(Some(api::describe(&err))),
            }
        });
    };
    search();
    view! {
        <h1>"Communities"</h1>
        <div class="actions">
            <button on:click=move |_| creating.update(|c| *c = !*c) aria-expanded=move || creating.get().to_string()>
                "Create a community"
            </button>
        </div>
        <Show when=move || creating.get()>
            <CreateCommunity/>
        </Show>
        <form class="card search" role="search" aria-label="Search communities" on:submit=move |ev| { ev.prevent_default(); search(); }>
            <label for="groups-q">"Search communities"</label>
            <div class="row">
                <input id="groups-q" type="search" prop:value=q on:input=move |ev| q.set(event_target_value(&ev))/>
                <button type="submit">"Search"</button>
            </div>
        </form>
        <div class="tabs" role="tablist" aria-label="Which communities">
            <button role="tab" aria-selected=move || (!archived.get()).to_string()
                on:click=move |_| { archived.set(false); search(); }>"Active"</button>
            <button role="tab" aria-selected=move || archived.get().to_string()
                on:click=move |_| { archived.set(true); search(); }>"Archived"</button>
        </div>
        <FormError error=error/>
        {move || match found.get() {
            None => view! { <p class="muted">"Loading communities…"</p> }.into_any(),
            Some(groups) if groups.is_empty() && archived.get() => view! { <p class="muted">"No archived communities."</p> }.into_any(),
            Some(groups) if groups.is_empty() => view! { <p class="muted">"No communities yet."</p> }.into_any(),
            Some(groups) => view! {
                <ul class="list card">
                    {groups.into_iter().map(|g| view! {
                        <li class="with-avatar">
                            <Avatar name=g.name.clone() url=g.cover_url.clone()/>
                            <A href=format!("/communities/{}", g.id)><strong>{g.name.clone()}</strong></A>
                            <span class="muted">{format!(" · {} · {} members", g.privacy.as_str(), g.member_count)}</span>
                            {g.my_membership.as_ref().map(|m| view! { <span class="tag">{status_words(m.status)}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

fn status_words(status: MembershipStatus) -> &'static str {
    match status {
        MembershipStatus::Active => "member",
        MembershipStatus::Pending => "request sent",
        MembershipStatus::Invited => "invited",
    }
}

#[component]
fn CreateCommunity() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let privacy = RwSignal::new(Privacy::Open);
    let error = RwSignal::new(None::<String>);
    let departments = RwSignal::new(None::<DepartmentList>);
    let not_shown = RwSignal::new(None::<String>);
    // Only for the hint: guests (who cannot create communities) are refused, quietly.
    api::load_into(session, departments, not_shown, |c| async move {
        c.departments().await
    });
    let hint = move || {
        departments.with(|d| {
            d.as_ref()
                .and_then(|d| name.with(|n| theme_hint(n, &d.items)))
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreateGroupRequest {
            name: name.get_untracked(),
            description: description.get_untracked(),
            privacy: privacy.get_untracked(),
            topics: None,
        };
        let navigate = navigate.clone();
        let call = move |c: Client| {
            let request = request.clone();
            async move { c.create_group(&request).await }
        };
        api::act(session, error, call, move |group| {
            navigate(&format!("/communities/{}", group.id), Default::default());
        });
    };
    view! {
        <form class="card" on:submit=submit aria-labelledby="create-heading">
            <h2 id="create-heading">"New community"</h2>
            <label for="group-name">"Name"</label>
            <input id="group-name" required maxlength="80" bind:value=name/>
            {move || hint().map(|h| view! { <p class="notice" role="status" data-testid="theme-hint">{h}</p> })}
            <label for="group-description">"What is it for?"</label>
            <textarea id="group-description" bind:value=description></textarea>
            <fieldset>
                <legend>"Who can see and join it"</legend>
                {[Privacy::Open, Privacy::Closed, Privacy::Secret].into_iter().map(|p| view! {
                    <label class="check">
                        <input type="radio" name="privacy" prop:checked=move || privacy.get() == p
                            on:change=move |_| privacy.set(p)/>
                        " " {privacy_words(p)}
                    </label>
                }).collect_view()}
            </fieldset>
            <FormError error=error/>
            <div class="actions"><button type="submit">"Create"</button></div>
        </form>
    }
}

/// What owners and moderators are told about the community's size.
fn size_notice(members: u64) -> Option<String> {
    if members > SIZE_GUIDANCE {
        Some(format!(
            "With {members} members this community is past the size where conversations thin \
             out (about {SIZE_GUIDANCE}). Consider splitting it by theme."
        ))
    } else if members >= SIZE_APPROACHING {
        Some(format!(
            "{members} members: approaching the size guidance of {SIZE_GUIDANCE}. Communities \
             built around a theme stay lively when they stay smaller."
        ))
    } else {
        None
    }
}

/// A gentle hint when a new community is named after a department.
fn theme_hint(name: &str, departments: &[String]) -> Option<String> {
    let name = name.trim().to_lowercase();
    departments
        .iter()
        .find(|d| !name.is_empty() && name.contains(&d.to_lowercase()))
        .map(|d| {
            format!(
                "\"{d}\" is a department. Communities built around a theme (a project, a \
                 question, a shared interest) bring people from several teams together; the \
                 department already has its own channels."
            )
        })
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Posts,
    Members,
    Manage,
}

#[component]
pub fn Community() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let group = RwSignal::new(None::<Group>);
    let error = RwSignal::new(None::<String>);
    let tab = RwSignal::new(Tab::Posts);
    let reload = move || {
        let id = id.get_untracked();
        api::load_into(session, group, error, move |c| {
            let id = id.clone();
            async move { c.group(&id).await }
        });
    };
    Effect::new(move |_| {
        id.track();
        reload();
    });
    // Approved while looking at the page: it opens up at once.
    live::listen(move |event| {
        if let EventBody::NotificationCreated(n) = &event.body {
            let here = n.group.as_ref().is_some_and(|g| g.id == id.get_untracked());
            if here && n.kind == NotificationKind::JoinApproved {
                reload();
            }
        }
    });

    let role = move || {
        group.with(|g| {
            g.as_ref()
                .and_then(|g| g.my_membership.clone())
                .filter(|m| m.status == MembershipStatus::Active)
                .map(|m| m.role)
        })
    };
    let moderates = move || matches!(role(), Some(GroupRole::Owner | GroupRole::Moderator));
    provide_context(CommunityRole {
        id: StoredValue::new(id.get_untracked()),
        role: Signal::derive(role),
    });

    let join = move |_| {
        let id = id.get_untracked();
        let call = move |c: Client| {
            let id = id.clone();
            async move { c.join_group(&id).await }
        };
        api::act(session, error, call, move |g| group.set(Some(g)));
    };
    let leave = move |_| {
        let id = id.get_untracked();
        let call = move |c: Client| {
            let id = id.clone();
            async move { c.leave_group(&id).await }
        };
        api::act(session, error, call, move |()| reload());
    };
    let (posted, set_posted) = signal(None::<Post>);

    let missing = move || group.with(Option::is_none) && error.with(Option::is_some);
    view! {
        <Show when=missing>
            <div class="card">
                <h1>"This community is not available"</h1>
                <p>"It may have been deleted, or it is secret and you are not a member."</p>
                <p><A href="/communities">"All communities"</A></p>
            </div>
        </Show>
        <Show when=move || !missing()>
            <FormError error=error/>
        </Show>
        {move || group.get().map(|g| {
            let status = g.my_membership.as_ref().map(|m| m.status);
            let full = g.member_count >= g.member_cap;
            let archived = g.archived_at;
            view! {
                <section class="card">
                    <CoverImage name=g.name.clone() url=g.cover_url.clone()/>
                    <h1>{g.name.clone()}</h1>
                    <p>{g.description.clone()}</p>
                    <p class="muted">{privacy_words(g.privacy)}</p>
                    <p class="muted" data-testid="member-count">
                        {format!("{} of {} members", g.member_count, g.member_cap)}
                        {full.then_some(" · full")}
                    </p>
                    {archived.map(|at| view! {
                        <p class="notice" role="status" data-testid="archived-notice">
                            "Archived " <When at=at/> ": everything here can still be read, but nothing new can be added."
                        </p>
                    })}
                    {moderates().then(|| view! {
                        {size_notice(g.member_count).map(|n| view! { <p class="notice" role="status" data-testid="size-notice">{n}</p> })}
                        <p>
                            <A href=format!("/insights/communities/{}", g.id)>"Community health"</A>
                            " · "
                            <A href=format!("/moderation?group={}", g.id)>"Moderation"</A>
                        </p>
                    })}
                    <div class="actions">
                        {match status {
                            Some(MembershipStatus::Active) => view! {
                                <span class="tag">"You are a member"</span>
                                <button class="secondary" on:click=leave>"Leave"</button>
                            }.into_any(),
                            Some(MembershipStatus::Pending) => view! {
                                <span class="tag">"Request sent"</span>
                                <button class="secondary" on:click=leave>"Withdraw request"</button>
                            }.into_any(),
                            Some(MembershipStatus::Invited) => view! {
                                <button on:click=join>"Accept invitation"</button>
                                <button class="secondary" on:click=leave>"Decline"</button>
                            }.into_any(),
                            None if archived.is_some() => ().into_any(),
                            None if g.privacy == Privacy::Closed => view! {
                                <button on:click=join disabled=full>"Request to join"</button>
                            }.into_any(),
                            None => view! { <button on:click=join disabled=full>"Join"</button> }.into_any(),
                        }}
                    </div>
                </section>
            }
        })}
        <Show when=move || group.with(Option::is_some)>
        <div class="tabs" role="tablist">
            <button role="tab" aria-selected=move || (tab.get() == Tab::Posts).to_string() on:click=move |_| tab.set(Tab::Posts)>"Posts"</button>
            <button role="tab" aria-selected=move || (tab.get() == Tab::Members).to_string() on:click=move |_| tab.set(Tab::Members)>"Members"</button>
            <Show when=moderates>
                <button role="tab" aria-selected=move || (tab.get() == Tab::Manage).to_string() on:click=move |_| tab.set(Tab::Manage)>"Manage"</button>
            </Show>
        </div>
        {move || match tab.get() {
            Tab::Posts => {
                let groups = Signal::derive(move || group.get().filter(|_| role().is_some()).into_iter().collect::<Vec<_>>());
                let open = move || group.with(|g| g.as_ref().is_some_and(|g| g.archived_at.is_none()));
                view! {
                    <Show when=move || role().is_some() && open()>
                        <Composer groups=groups company_wide=false on_posted=Callback::new(move |p| set_posted.set(Some(p)))/>
                    </Show>
                    <PinnedPosts source=PinnedSource::Group(id.get())/>
                    <Feed source=FeedSource::Group(id.get()) posted=posted/>
                }.into_any()
            }
            Tab::Members => view! { <Members id=id.get() owner=role() == Some(GroupRole::Owner)/> }.into_any(),
            Tab::Manage => view! {
                <Manage id=id.get() on_change=Callback::new(move |()| reload())/>
                {(role() == Some(GroupRole::Owner)).then(|| view! {
                    <EditCommunity group=group/>
                    <CommunityCover group=group/>
                    <ArchiveCommunity group=group/>
                })}
            }.into_any(),
        }}
        </Show>
    }
}

/// A community's cover picture, once the browser may load it.
#[component]
fn CoverImage(name: String, url: Option<String>) -> impl IntoView {
    let ready = media_ready();
    move || {
        url.clone().filter(|_| ready.get()).map(|src| {
            view! { <img class="cover" src=src alt=format!("Cover of {name}") data-testid="cover"/> }
        })
    }
}

/// Owners choose the picture at the top of their community.
#[component]
fn CommunityCover(group: RwSignal<Option<Group>>) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let has_picture =
        Signal::derive(move || group.with(|g| g.as_ref().is_some_and(|g| g.cover_url.is_some())));
    let on_chosen = Callback::new(move |media_id: Option<String>| {
        let Some(id) = group.with_untracked(|g| g.as_ref().map(|g| g.id.clone())) else {
            return;
        };
        let request = SetImageRequest { media_id };
        let call = move |c: Client| {
            let (id, request) = (id.clone(), request.clone());
            async move { c.set_group_cover(&id, &request).await }
        };
        api::act(session, error, call, move |g| {
            error.set(None);
            group.set(Some(g));
        });
    });
    view! {
        <section class="card" aria-labelledby="cover-heading">
            <h2 id="cover-heading">"Cover picture"</h2>
            <p class="notice">"Shown at the top of the community and beside its name in lists."</p>
            <PictureChooser has_picture=has_picture id="cover-file".to_string() on_chosen=on_chosen/>
            <FormError error=error/>
        </section>
    }
}

/// Owners change the name, description and topics of their community.
#[component]
fn EditCommunity(group: RwSignal<Option<Group>>) -> impl IntoView {
    let session = use_session();
    let current = group.get_untracked();
    let name = RwSignal::new(current.as_ref().map(|g| g.name.clone()).unwrap_or_default());
    let description = RwSignal::new(
        current
            .as_ref()
            .map(|g| g.description.clone())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = group.with_untracked(|g| g.as_ref().map(|g| g.id.clone())) else {
            return;
        };
        let request = UpdateGroupRequest {
            name: Some(name.get_untracked()),
            description: Some(description.get_untracked()),
            ..UpdateGroupRequest::default()
        };
        saved.set(false);
        let call = move |c: Client| {
            let (id, request) = (id.clone(), request.clone());
            async move { c.update_group(&id, &request).await }
        };
        api::act(session, error, call, move |updated| {
            group.set(Some(updated));
            error.set(None);
            saved.set(true);
        });
    };
    view! {
        <form class="card" on:submit=submit aria-labelledby="edit-community-heading">
            <h2 id="edit-community-heading">"Edit community"</h2>
            <label for="community-name">"Name"</label>
            <input id="community-name" required maxlength="80" bind:value=name/>
            <label for="community-description">"Description"</label>
            <textarea id="community-description" maxlength="2000" prop:value=description
                on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            <FormError error=error/>
            {move || saved.get().then(|| view! { <p class="notice" role="status">"Saved."</p> })}
            <div class="actions"><button type="submit">"Save community"</button></div>
        </form>
    }
}

/// Owners archive a community that has done its job (it stays readable), or reopen it.
#[component]
fn ArchiveCommunity(group: RwSignal<Option<Group>>) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let archived = move || group.with(|g| g.as_ref().is_some_and(|g| g.archived_at.is_some()));
    let toggle = move |_| {
        let Some(id) = group.with_untracked(|g| g.as_ref().map(|g| g.id.clone())) else {
            return;
        };
        let archive = !archived();
        let question = "Archive this community? Its posts stay readable, but nobody can post, \
                        comment, react or join until an owner reopens it.";
        let confirmed = !archive
            || web_sys::window()
                .and_then(|w| w.confirm_with_message(question).ok())
                .unwrap_or(false);
        if !confirmed {
            return;
        }
        let request = UpdateGroupRequest {
            archived: Some(archive),
            ..UpdateGroupRequest::default()
        };
        let call = move |c: Client| {
            let (id, request) = (id.clone(), request.clone());
            async move { c.update_group(&id, &request).await }
        };
        api::act(session, error, call, move |updated| {
            group.set(Some(updated))
        });
    };
    view! {
        <section class="card" aria-labelledby="archive-heading">
            <h2 id="archive-heading">{move || if archived() { "Reopen community" } else { "Archive community" }}</h2>
            <p class="muted">{move || if archived() {
                "Reopening lets members post, comment and react again, and people join."
            } else {
                "When a project or a theme has run its course: everything stays readable, nothing new can be added, and it leaves the list of communities."
            }}</p>
            <FormError error=error/>
            <div class="actions">
                <button class="secondary" data-testid="archive-toggle" on:click=toggle>
                    {move || if archived() { "Reopen" } else { "Archive" }}
                </button>
            </div>
        </section>
    }
}

#[component]
fn Members(id: String, owner: bool) -> impl IntoView {
    let session = use_session();
    let members = RwSignal::new(None::<Vec<Member>>);
    let error = RwSignal::new(None::<String>);
    let load = {
        let id = id.clone();
        move || {
            let id = id.clone();
            api::load_into(session, members, error, move |c| {
                let id = id.clone();
                async move {
                    let page = PageQuery {
                        limit: Some(100),
                        cursor: None,
                    };
                    c.members(&id, &page).await.map(|p| p.items)
                }
            });
        }
    };
    load();
    let act = {
        let id = id.clone();
        move |user_id: String, role: Option<GroupRole>| {
            let (id, load) = (id.clone(), load.clone());
            let call = move |c: Client| {
                let (id, user_id) = (id.clone(), user_id.clone());
                async move {
                    match role {
                        Some(role) => c.set_member_role(&id, &user_id, role).await,
                        None => c.remove_member(&id, &user_id).await,
                    }
                }
            };
            api::act(session, error, call, move |()| load());
        }
    };
    view! {
        <FormError error=error/>
        {move || members.get().map(|all| view! {
            <ul class="list card" aria-label="Members">
                {all.into_iter().map(|m| {
                    let (act_role, act_remove) = (act.clone(), act.clone());
                    let (uid_role, uid_remove) = (m.user.id.clone(), m.user.id.clone());
                    let name = m.user.display_name.clone();
                    view! {
                        <li>
                            <A href=format!("/people/{}", m.user.id)>{name}</A>
                            <span class="muted">{format!(" · {}", words::group_role(m.role))}</span>
                            {owner.then(|| view! {
                                <label class="visually-hidden" for=format!("role-{}", m.user.id)>
                                    {format!("Role of {}", m.user.display_name)}
                                </label>
                                <select id=format!("role-{}", m.user.id) on:change=move |ev| {
                                    if let Some(role) = GroupRole::parse(&event_target_value(&ev)) {
                                        act_role(uid_role.clone(), Some(role));
                                    }
                                }>
                                    {[GroupRole::Member, GroupRole::Moderator, GroupRole::Owner].into_iter().map(|r| view! {
                                        <option value=r.as_str() selected=r == m.role>{words::group_role(r)}</option>
                                    }).collect_view()}
                                </select>
                                <button class="secondary" on:click=move |_| act_remove(uid_remove.clone(), None)>"Remove"</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn Manage(id: String, on_change: Callback<()>) -> impl IntoView {
    let session = use_session();
    let requests = RwSignal::new(None::<Vec<Member>>);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let guest_email = RwSignal::new(String::new());
    let guest_code = RwSignal::new(None::<String>);
    let load = {
        let id = id.clone();
        move || {
            let id = id.clone();
            api::load_into(session, requests, error, move |c| {
                let id = id.clone();
                async move {
                    let page = PageQuery {
                        limit: Some(100),
                        cursor: None,
                    };
                    c.join_requests(&id, &page).await.map(|p| p.items)
                }
            });
        }
    };
    load();
    let decide = {
        let id = id.clone();
        move |user_id: String, approve: bool| {
            let (id, load) = (id.clone(), load.clone());
            let call = move |c: Client| {
                let (id, user_id) = (id.clone(), user_id.clone());
                async move {
                    if approve {
                        c.approve_request(&id, &user_id).await
                    } else {
                        c.deny_request(&id, &user_id).await
                    }
                }
            };
            api::act(session, error, call, move |()| {
                load();
                on_change.try_run(());
            });
        }
    };
    let invite = {
        let id = id.clone();
        Callback::new(move |user: hearth_common::users::User| {
            let (id, name) = (id.clone(), user.display_name.clone());
            let call = move |c: Client| {
                let (id, uid) = (id.clone(), user.id.clone());
                async move { c.invite_to_group(&id, &uid).await }
            };
            api::act(session, error, call, move |()| {
                notice.set(Some(format!("{name} is invited.")));
            });
        })
    };
    let invite_guest = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (id, email) = (id.clone(), guest_email.get_untracked());
            let call = move |c: Client| {
                let (id, email) = (id.clone(), email.clone());
                async move { c.guest_invite(&id, &email).await }
            };
            api::act(session, error, call, move |invite| {
                guest_code.set(Some(invite.invite_code));
            });
        }
    };
    let copy = move |_| {
        if let (Some(code), Some(window)) = (guest_code.get_untracked(), web_sys::window()) {
            let _ = window.navigator().clipboard().write_text(&code);
            notice.set(Some("Copied.".into()));
        }
    };
    view! {
        <FormError error=error/>
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <section class="card" aria-labelledby="requests-heading">
            <h2 id="requests-heading">"Requests to join"</h2>
            {move || requests.get().map(|all| if all.is_empty() {
                view! { <p class="muted">"No requests waiting."</p> }.into_any()
            } else {
                view! {
                    <ul class="list">
                        {all.into_iter().map(|m| {
                            let (yes, no) = (decide.clone(), decide.clone());
                            let (a, b) = (m.user.id.clone(), m.user.id.clone());
                            view! {
                                <li>
                                    <strong>{m.user.display_name.clone()}</strong>
                                    <button on:click=move |_| yes(a.clone(), true)>"Approve"</button>
                                    <button class="secondary" on:click=move |_| no(b.clone(), false)>"Deny"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
        <section class="card" aria-labelledby="invite-heading">
            <h2 id="invite-heading">"Invite a colleague"</h2>
            <PersonPicker label="Find a colleague to invite" action="Invite" on_pick=invite/>
        </section>
        <section class="card" aria-labelledby="guest-heading">
            <h2 id="guest-heading">"Invite a guest"</h2>
            <p class="muted">"A guest from outside the company sees this community and its members, nothing else."</p>
            <form on:submit=invite_guest>
                <label for="guest-email">"Guest's e-mail"</label>
                <input id="guest-email" type="email" required bind:value=guest_email/>
                <div class="actions"><button type="submit">"Create invite code"</button></div>
            </form>
            {move || guest_code.get().map(|code| {
                let link = format!(
                    "{}/register?invite={code}",
                    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
                );
                view! {
                    <p>"Give the guest this code (valid 7 days, once):"</p>
                    <p><code data-testid="guest-code">{code.clone()}</code>
                        " " <button class="secondary" on:click=copy>"Copy"</button></p>
                    <p class="muted">"Or this link: " <span class="break">{link}</span></p>
                }
            })}
        </section>
    }
}
