//! `/ambassadors`: my own invitation and answer (for anyone Hearth invited), and for
//! community managers and admins the programme: how many candidates, who accepted, a round
//! on request and a message to all ambassadors. Never who the candidates are.

use hearth_common::ambassadors::{
    AmbassadorProgramme, AmbassadorStatus, BetweennessMethod, MyAmbassadorship, MESSAGE_MAX,
};
use hearth_common::users::Role;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::form_error::FormError;
use crate::components::when::ago;
use crate::session::use_session;

#[component]
pub fn Ambassadors() -> impl IntoView {
    let session = use_session();
    let oversees = session.with_untracked(|s| {
        s.as_ref()
            .is_some_and(|s| matches!(s.user.role, Role::Admin | Role::CommunityManager))
    });
    view! {
        <h1>"Ambassadors"</h1>
        <p class="muted">
            "Ambassadors are colleagues who connect people across teams. Hearth finds them from "
            "who replies to, reacts to and mentions whom (never direct messages) and invites them "
            "itself; nobody sees a score or a ranking. "
            <A href="/insights/about">"What Hearth counts"</A>
        </p>
        <Mine/>
        {oversees.then(|| view! { <Programme/> })}
    }
}

#[component]
fn Mine() -> impl IntoView {
    let session = use_session();
    let version = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let mine = LocalResource::new(move || {
        version.track();
        async move {
            api::authed(session, |c| async move { c.my_ambassadorship().await })
                .await
                .map_err(|e| api::describe(&e))
        }
    });
    let answered = move |_: MyAmbassadorship| version.update(|v| *v += 1);
    let accept = move |_| {
        api::act(
            session,
            error,
            |c| async move { c.accept_ambassadorship().await },
            answered,
        )
    };
    let decline = move |_| {
        api::act(
            session,
            error,
            |c| async move { c.decline_ambassadorship().await },
            answered,
        )
    };
    let step_down = move |_| {
        api::act(
            session,
            error,
            |c| async move { c.step_down_as_ambassador().await },
            answered,
        )
    };
    view! {
        <section class="card" aria-labelledby="mine-heading">
            <h2 id="mine-heading">"You"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || mine.get().map(|loaded| match loaded {
                    Ok(m) => match m.status {
                        Some(AmbassadorStatus::Invited) => view! {
                            <p data-testid="invitation">{m.invitation.unwrap_or_default()}</p>
                            <div class="actions">
                                <button on:click=accept>"Join the ambassadors"</button>
                                <button class="secondary" on:click=decline>"No, thank you"</button>
                            </div>
                        }.into_any(),
                        Some(AmbassadorStatus::Accepted) => view! {
                            <p data-testid="ambassador">
                                <span class="tag">"Ambassador"</span>
                                " Thank you for helping colleagues find their way. "
                                {m.space.map(|s| view! { <A href=format!("/communities/{}", s.id)>"The ambassadors' community"</A> })}
                            </p>
                            <button class="secondary" on:click=step_down>"Step down"</button>
                        }.into_any(),
                        Some(AmbassadorStatus::Declined) => view! {
                            <p class="muted">"You declined the invitation; Hearth will not ask again."</p>
                        }.into_any(),
                        Some(AmbassadorStatus::SteppedDown) => view! {
                            <p class="muted">"You stepped down as ambassador. Thank you for your help."</p>
                        }.into_any(),
                        None if m.programme_on => view! {
                            <p class="muted">"Hearth has not invited you. Anyone can help colleagues find their way, badge or not."</p>
                        }.into_any(),
                        None => view! {
                            <p class="muted">"Finding ambassadors is switched off on this instance."</p>
                        }.into_any(),
                    },
                    Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                })}
            </Suspense>
            <FormError error=error/>
        </section>
    }
}

#[component]
fn Programme() -> impl IntoView {
    let session = use_session();
    let version = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let ran = RwSignal::new(None::<String>);
    let programme = LocalResource::new(move || {
        version.track();
        async move {
            api::authed(session, |c| async move { c.ambassador_programme().await })
                .await
                .map_err(|e| api::describe(&e))
        }
    });
    let run = move |_| {
        ran.set(None);
        api::act(
            session,
            error,
            |c| async move { c.run_ambassador_round().await },
            move |round| {
                ran.set(Some(format!(
                    "Found {} candidate(s); {} new invitation(s) sent.",
                    round.candidates,
                    round.invited.unwrap_or(0)
                )));
                version.update(|v| *v += 1);
            },
        )
    };
    view! {
        <section class="card" aria-labelledby="programme-heading">
            <h2 id="programme-heading">"The programme"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || programme.get().map(|loaded| match loaded {
                    Ok(p) => view! { <ProgrammeFigures p=p/> }.into_any(),
                    Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                })}
            </Suspense>
            <div class="actions">
                <button class="secondary" on:click=run>"Find candidates now"</button>
            </div>
            {move || ran.get().map(|text| view! { <p role="status" data-testid="round">{text}</p> })}
            <FormError error=error/>
        </section>
        <MessageAll/>
    }
}

#[component]
fn ProgrammeFigures(p: AmbassadorProgramme) -> impl IntoView {
    let round = p.last_round.clone().map(|r| {
        let how = match r.betweenness {
            BetweennessMethod::Exact => "every path counted",
            BetweennessMethod::Sampled => "paths from 500 people sampled",
        };
        format!(
            "Last round {}: {} people, {} ({} ms).",
            ago(r.ran_at),
            r.people,
            how,
            r.millis
        )
    });
    view! {
        {(!p.programme_on).then(|| view! {
            <p class="notice" role="note">"Finding ambassadors is off. An admin can switch it on in Admin (analytics: aggregate, personal and ambassadors)."</p>
        })}
        <dl class="kpis">
            <div><dt>"Candidates"</dt><dd data-testid="candidates">{p.candidates}</dd></div>
            <div><dt>"Waiting for an answer"</dt><dd>{p.open_invitations}</dd></div>
            <div><dt>"Ambassadors"</dt><dd>{p.ambassadors.len()}</dd></div>
        </dl>
        {round.map(|text| view! { <p class="muted">{text}</p> })}
        {if p.ambassadors.is_empty() {
            view! { <p class="muted">"Nobody has accepted yet."</p> }.into_any()
        } else {
            view! {
                <ul class="list" aria-label="Ambassadors">
                    {p.ambassadors.into_iter().map(|a| view! {
                        <li data-testid="ambassador-name"><A href=format!("/people/{}", a.id)>{a.display_name}</A></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {p.space.map(|s| view! { <p><A href=format!("/communities/{}", s.id)>"The ambassadors' community"</A></p> })}
    }
}

#[component]
fn MessageAll() -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let body = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<u32>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sent.set(None);
        let text = body.get_untracked();
        api::act(
            session,
            error,
            move |c| {
                let text = text.clone();
                async move { c.message_ambassadors(&text).await }
            },
            move |answer| {
                body.set(String::new());
                sent.set(Some(answer.sent));
            },
        );
    };
    view! {
        <section class="card" aria-labelledby="message-heading">
            <h2 id="message-heading">"Message every ambassador"</h2>
            <form on:submit=send>
                <label for="ambassador-message">"Your message"</label>
                <textarea id="ambassador-message" maxlength=MESSAGE_MAX.to_string() required bind:value=body></textarea>
                <button type="submit">"Send"</button>
            </form>
            {move || sent.get().map(|n| view! { <p role="status">{format!("Sent to {n} ambassador(s).")}</p> })}
            <FormError error=error/>
        </section>
    }
}
