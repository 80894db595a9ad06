//! Ambassadors through the API: a small organisation of three teams that only one person
//! connects is found, invited by Hearth, accepts (badge, space), hears the managers'
//! message and steps down; people who only message others directly, or who opted out, are
//! never candidates; managers never see who the candidates are; who may call what; and
//! simultaneous rounds and answers.

use hearth_common::admin::UpdateSettingsRequest;
use hearth_common::ambassadors::{AmbassadorStatus, BetweennessMethod, MESSAGE_MAX};
use hearth_common::insights::AnalyticsMode;
use hearth_common::notifications::NotificationKind;
use hearth_common::posts::CreatePostRequest;
use hearth_common::users::UpdateProfileRequest;

use crate::helpers::{assert_error, Cast, Session, TestApp, EVERYTHING};
use crate::on_both_databases;

async fn set_mode(admin: &Session, mode: AnalyticsMode) {
    admin
        .client
        .update_settings(&UpdateSettingsRequest {
            analytics_mode: Some(mode),
            ..UpdateSettingsRequest::default()
        })
        .await
        .unwrap();
}

async fn person(app: &TestApp, name: &str, department: &str) -> Session {
    let s = app.register(name).await;
    s.client
        .update_me(&UpdateProfileRequest {
            department: Some(department.into()),
            ..UpdateProfileRequest::default()
        })
        .await
        .unwrap();
    s
}

async fn post_of(s: &Session) -> String {
    s.client
        .create_post(&CreatePostRequest {
            body: format!("Hello from {}", s.user.username),
            title: None,
            group_id: None,
            attachments: Vec::new(),
        })
        .await
        .unwrap()
        .id
}

struct Org {
    cast: Cast,
    /// Connects the three teams (reactions both ways with two people of each).
    bea: Session,
    /// Connects them the same way, but opted out of personal insights.
    olaf: Session,
    /// Writes direct messages to people of every team, and nothing else.
    dora: Session,
    teams: Vec<Vec<Session>>,
}

/// Three teams of five (Engineering, Sales, Design) in which everyone reacts to everyone's
/// post; nobody reacts across teams but bea and olaf.
async fn organisation(app: &TestApp) -> Org {
    let cast = app.cast().await;
    let mut teams = Vec::new();
    for department in ["Engineering", "Sales", "Design"] {
        let mut team = Vec::new();
        for i in 0..5 {
            let name = format!("{}{i}", &department[..3].to_lowercase());
            team.push(person(app, &name, department).await);
        }
        teams.push(team);
    }
    let bea = person(app, "bea", "Engineering").await;
    let olaf = person(app, "olaf", "Engineering").await;
    let dora = person(app, "dora", "Engineering").await;
    olaf.client.set_personal_insights(false).await.unwrap();
    for team in &teams {
        let posts: Vec<String> = futures_util::future::join_all(team.iter().map(post_of)).await;
        for (i, s) in team.iter().enumerate() {
            for (j, p) in posts.iter().enumerate() {
                if i != j {
                    s.client.react(p, None).await.unwrap();
                }
            }
        }
    }
    for bridge in [&bea, &olaf] {
        let own = post_of(bridge).await;
        for team in &teams {
            for s in &team[..2] {
                bridge.client.react(&post_of(s).await, None).await.unwrap();
                s.client.react(&own, None).await.unwrap();
            }
        }
    }
    for team in &teams {
        let c = dora
            .client
            .start_conversation(&[team[0].id()])
            .await
            .unwrap();
        dora.client.send_message(&c.id, "Coffee?").await.unwrap();
        team[0].client.send_message(&c.id, "Sure").await.unwrap();
    }
    Org {
        cast,
        bea,
        olaf,
        dora,
        teams,
    }
}

async fn notices(
    s: &Session,
    kind: NotificationKind,
) -> Vec<hearth_common::notifications::Notification> {
    s.client
        .notifications(&EVERYTHING)
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|n| n.kind == kind)
        .collect()
}

async fn found_invited_accepted_and_stepped_down(app: TestApp) {
    let org = organisation(&app).await;
    let (admin, manager) = (&org.cast.admin, &org.cast.manager);

    // Off by default: no round, no answers.
    assert_error(
        manager.client.run_ambassador_round().await,
        403,
        "ambassadors_off",
    );
    let programme = manager.client.ambassador_programme().await.unwrap();
    assert!(!programme.programme_on);
    set_mode(admin, AnalyticsMode::AggregatePersonalAndAmbassadors).await;

    let round = manager.client.run_ambassador_round().await.unwrap();
    // Every employee is in the graph: the cast but the guest, 15 team members, bea, olaf, dora.
    assert_eq!(round.people, 3 + 15 + 3);
    assert_eq!(round.betweenness, BetweennessMethod::Exact);
    assert_eq!((round.candidates, round.invited), (1, Some(1)));

    // Only bea is invited, by Hearth itself, and only she can see it.
    let mine = org.bea.client.my_ambassadorship().await.unwrap();
    assert_eq!(mine.status, Some(AmbassadorStatus::Invited));
    assert!(mine
        .invitation
        .unwrap()
        .contains("connect people across teams"));
    assert!(mine.space.is_none());
    let invites = notices(&org.bea, NotificationKind::AmbassadorInvite).await;
    assert_eq!(invites.len(), 1);
    assert_eq!(invites[0].actor.id, org.bea.id(), "nobody else is named");
    for other in [&org.olaf, &org.dora, &org.teams[0][0], &org.cast.member] {
        assert_eq!(other.client.my_ambassadorship().await.unwrap().status, None);
        assert!(notices(other, NotificationKind::AmbassadorInvite)
            .await
            .is_empty());
    }

    // Managers see how many, never whom.
    let programme = manager.client.ambassador_programme().await.unwrap();
    assert_eq!((programme.candidates, programme.open_invitations), (1, 1));
    assert!(programme.ambassadors.is_empty());
    let text = serde_json::to_string(&programme).unwrap();
    assert!(
        !text.contains(org.bea.id()) && !text.contains("bea"),
        "{text}"
    );

    // Invited once ever, however many rounds find her.
    let again = manager.client.run_ambassador_round().await.unwrap();
    assert_eq!((again.candidates, again.invited), (1, Some(0)));
    assert_eq!(
        notices(&org.bea, NotificationKind::AmbassadorInvite)
            .await
            .len(),
        1
    );
    assert_error(
        org.olaf.client.accept_ambassadorship().await,
        409,
        "no_invitation",
    );

    // She accepts: a badge, and the ambassadors' secret space.
    let mine = org.bea.client.accept_ambassadorship().await.unwrap();
    assert_eq!(mine.status, Some(AmbassadorStatus::Accepted));
    let space = mine.space.expect("the ambassadors' space");
    assert!(org.bea.client.group(&space.id).await.is_ok());
    assert!(
        manager.client.group(&space.id).await.is_ok(),
        "managers run it"
    );
    assert_error(
        org.cast.member.client.group(&space.id).await,
        404,
        "not_found",
    );
    assert_error(org.olaf.client.group(&space.id).await, 404, "not_found");
    assert!(
        org.cast
            .member
            .client
            .user(org.bea.id())
            .await
            .unwrap()
            .user
            .ambassador
    );
    assert!(
        !org.cast
            .member
            .client
            .user(org.olaf.id())
            .await
            .unwrap()
            .user
            .ambassador
    );
    let programme = manager.client.ambassador_programme().await.unwrap();
    let names: Vec<&str> = programme
        .ambassadors
        .iter()
        .map(|a| a.username.as_str())
        .collect();
    assert_eq!(names, ["bea"]);
    assert!(programme.ambassadors[0].ambassador);
    assert_eq!(programme.open_invitations, 0);
    assert_eq!(programme.space.unwrap().id, space.id);
    assert_error(
        org.bea.client.decline_ambassadorship().await,
        409,
        "no_invitation",
    );

    // The managers' message reaches every ambassador, linking to the space.
    let sent = manager
        .client
        .message_ambassadors("Thank you for joining!")
        .await
        .unwrap();
    assert_eq!(sent.sent, 1);
    let messages = notices(&org.bea, NotificationKind::AmbassadorMessage).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].note.as_deref(), Some("Thank you for joining!"));
    assert_eq!(messages[0].actor.id, manager.id());
    assert_eq!(messages[0].group.as_ref().unwrap().id, space.id);
    assert!(notices(&org.olaf, NotificationKind::AmbassadorMessage)
        .await
        .is_empty());
    for bad in [String::new(), "   ".into(), "x".repeat(MESSAGE_MAX + 1)] {
        assert_error(
            manager.client.message_ambassadors(&bad).await,
            422,
            "validation_failed",
        );
    }
    assert_eq!(
        notices(&org.bea, NotificationKind::AmbassadorMessage)
            .await
            .len(),
        1
    );

    // Stepping down takes the badge and the place in the space away.
    let mine = org.bea.client.step_down_as_ambassador().await.unwrap();
    assert_eq!(mine.status, Some(AmbassadorStatus::SteppedDown));
    assert!(mine.space.is_none());
    assert!(
        !org.cast
            .member
            .client
            .user(org.bea.id())
            .await
            .unwrap()
            .user
            .ambassador
    );
    assert_error(org.bea.client.group(&space.id).await, 404, "not_found");
    assert_error(
        org.bea.client.step_down_as_ambassador().await,
        409,
        "not_ambassador",
    );
    assert!(manager
        .client
        .ambassador_programme()
        .await
        .unwrap()
        .ambassadors
        .is_empty());
}

/// Opting back in makes olaf a candidate; switching the programme off withdraws his open
/// invitation, and nobody can answer.
async fn switching_off_withdraws_open_invitations(app: TestApp) {
    let org = organisation(&app).await;
    set_mode(
        &org.cast.admin,
        AnalyticsMode::AggregatePersonalAndAmbassadors,
    )
    .await;
    org.olaf.client.set_personal_insights(true).await.unwrap();
    // bea declines; the next round's one place goes to olaf, the other bridge.
    org.cast
        .manager
        .client
        .run_ambassador_round()
        .await
        .unwrap();
    org.bea.client.decline_ambassadorship().await.unwrap();
    let round = org
        .cast
        .manager
        .client
        .run_ambassador_round()
        .await
        .unwrap();
    assert_eq!((round.candidates, round.invited), (1, Some(1)));
    let olaf = org.olaf.client.my_ambassadorship().await.unwrap();
    assert_eq!(olaf.status, Some(AmbassadorStatus::Invited));
    let bea = org.bea.client.my_ambassadorship().await.unwrap();
    assert_eq!(bea.status, Some(AmbassadorStatus::Declined));
    assert_eq!(
        notices(&org.bea, NotificationKind::AmbassadorInvite)
            .await
            .len(),
        1
    );
    set_mode(&org.cast.admin, AnalyticsMode::Aggregate).await;
    assert_eq!(
        org.olaf.client.my_ambassadorship().await.unwrap().status,
        None
    );
    assert_eq!(
        org.cast
            .manager
            .client
            .ambassador_programme()
            .await
            .unwrap()
            .open_invitations,
        0
    );
    assert_error(
        org.bea.client.accept_ambassadorship().await,
        403,
        "ambassadors_off",
    );
    assert_error(
        org.cast.manager.client.run_ambassador_round().await,
        403,
        "ambassadors_off",
    );
}

/// Caller × endpoint, with the programme on.
async fn who_may_call_what(app: TestApp) {
    let cast = app.cast().await;
    set_mode(&cast.admin, AnalyticsMode::AggregatePersonalAndAmbassadors).await;
    for s in [&cast.admin, &cast.manager] {
        assert!(s.client.ambassador_programme().await.is_ok());
        assert!(s.client.run_ambassador_round().await.is_ok());
        assert_eq!(s.client.message_ambassadors("hello").await.unwrap().sent, 0);
    }
    for s in [&cast.member, &cast.guest] {
        assert_error(s.client.ambassador_programme().await, 403, "managers_only");
        assert_error(s.client.run_ambassador_round().await, 403, "managers_only");
        assert_error(
            s.client.message_ambassadors("hello").await,
            403,
            "managers_only",
        );
    }
    for s in [&cast.admin, &cast.manager, &cast.member, &cast.guest] {
        assert_eq!(s.client.my_ambassadorship().await.unwrap().status, None);
        assert_error(s.client.accept_ambassadorship().await, 409, "no_invitation");
        assert_error(
            s.client.decline_ambassadorship().await,
            409,
            "no_invitation",
        );
        assert_error(
            s.client.step_down_as_ambassador().await,
            409,
            "not_ambassador",
        );
    }
    assert_error(app.anon.ambassador_programme().await, 401, "missing_token");
    assert_error(app.anon.my_ambassadorship().await, 401, "missing_token");
    assert_error(app.anon.run_ambassador_round().await, 401, "missing_token");
}

/// Ten rounds at once invite bea once; eight people accepting at once (invited directly in
/// the database) make one space with each of them in it once.
async fn simultaneous_rounds_and_answers(app: TestApp) {
    let org = organisation(&app).await;
    set_mode(
        &org.cast.admin,
        AnalyticsMode::AggregatePersonalAndAmbassadors,
    )
    .await;
    let rounds = futures_util::future::join_all(
        (0..10).map(|_| org.cast.manager.client.run_ambassador_round()),
    )
    .await;
    let invited: u32 = rounds
        .into_iter()
        .map(|r| r.unwrap().invited.unwrap())
        .sum();
    assert_eq!(invited, 1);
    assert_eq!(
        notices(&org.bea, NotificationKind::AmbassadorInvite)
            .await
            .len(),
        1
    );

    let accepting: Vec<&Session> = org
        .teams
        .iter()
        .flatten()
        .take(7)
        .chain([&org.bea])
        .collect();
    let database = app.database.clone();
    let ids: Vec<String> = accepting.iter().map(|s| s.id().to_owned()).collect();
    actix_web::rt::task::spawn_blocking(move || {
        let mut conn = database.connect().unwrap();
        for id in &ids {
            hearth_db::ambassadors::invite_if_new(&mut conn, id, 1).unwrap();
        }
    })
    .await
    .unwrap();
    let answers =
        futures_util::future::join_all(accepting.iter().map(|s| s.client.accept_ambassadorship()))
            .await;
    assert!(answers.iter().all(Result::is_ok), "{answers:?}");
    // Each twice at once: answered already.
    let answers = futures_util::future::join_all(accepting.iter().flat_map(|s| {
        [
            s.client.accept_ambassadorship(),
            s.client.accept_ambassadorship(),
        ]
    }))
    .await;
    for answer in answers {
        assert_error(answer, 409, "no_invitation");
    }
    let programme = org
        .cast
        .manager
        .client
        .ambassador_programme()
        .await
        .unwrap();
    assert_eq!(programme.ambassadors.len(), accepting.len());
    let space = programme.space.unwrap();
    // The admin and the manager own it; the eight ambassadors are its members.
    let group = org.cast.manager.client.group(&space.id).await.unwrap();
    assert_eq!(group.member_count, 2 + 8);
    let mine =
        futures_util::future::join_all(accepting.iter().map(|s| s.client.my_ambassadorship()))
            .await;
    assert!(mine
        .iter()
        .all(|m| m.as_ref().unwrap().space.as_ref().unwrap().id == space.id));
}

on_both_databases!(
    found_invited_accepted_and_stepped_down,
    switching_off_withdraws_open_invitations,
    who_may_call_what,
    simultaneous_rounds_and_answers,
);
