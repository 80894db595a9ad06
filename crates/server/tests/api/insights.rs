//! Community health on a small organisation built through the API at fixed times, with every
//! figure known in advance; the k = 5 rule across every breakdown; who may read insights.

use std::collections::{BTreeMap, BTreeSet};

use hearth_client::Client;
use hearth_common::admin::UpdateSettingsRequest;
use hearth_common::groups::{CreateGroupRequest, Privacy};
use hearth_common::insights::{
    AnalyticsMode, CollaborationStyle, Departments, Participation, Period, SignalKind, WINDOWS,
};
use hearth_common::posts::{CreateCommentRequest, CreatePostRequest};
use hearth_common::users::{AdminUpdateUserRequest, Role, UpdateProfileRequest};
use hearth_db::health::day_start;

use crate::helpers::{assert_error, spawn_at, Backend, Session, TestApp, EVERYTHING};
use crate::on_both_databases;

/// Monday 2 March 2026, as days since the Unix epoch.
const D0: i32 = 20_514;
const HOUR: i64 = 3_600_000_000;

async fn spawn(backend: Backend) -> Option<TestApp> {
    spawn_at(backend, at(0, 9)).await
}

/// `hour` o'clock on day `day` of the fixture (UTC).
fn at(day: i32, hour: i64) -> i64 {
    day_start(D0 + day) + hour * HOUR
}

/// The organisation: who is in which department, and the three communities.
struct Org {
    people: BTreeMap<&'static str, Session>,
    cycling: String,
    legal_eagles: String,
    eng_guild: String,
    /// Every (day, person) with a signed-in request, as the server should have counted.
    visits: BTreeSet<(i32, &'static str)>,
}

impl Org {
    fn who(&self, name: &str) -> &Client {
        &self.people[name].client
    }

    fn id(&self, name: &str) -> String {
        self.people[name].user.id.clone()
    }

    fn visit(&mut self, day: i32, name: &'static str) {
        self.visits.insert((day, name));
    }
}

const DEPARTMENTS: [(&str, &[&str]); 4] = [
    ("People", &["amara", "carl"]),
    (
        "Engineering",
        &["eng1", "eng2", "eng3", "eng4", "eng5", "eng6"],
    ),
    ("Sales", &["sal1", "sal2", "sal3", "sal4", "sal5"]),
    // Four people: never to be seen in a breakdown.
    ("Legal", &["leg1", "leg2", "leg3", "leg4"]),
];

fn group(name: &str, privacy: Privacy) -> CreateGroupRequest {
    CreateGroupRequest {
        name: name.into(),
        description: format!("{name} talk"),
        privacy,
        topics: None,
    }
}

fn post(body: &str, group_id: &str) -> CreatePostRequest {
    CreatePostRequest {
        body: body.into(),
        title: None,
        group_id: Some(group_id.into()),
        attachments: Vec::new(),
    }
}

fn comment(body: &str) -> CreateCommentRequest {
    CreateCommentRequest {
        body: body.into(),
        parent_id: None,
        attachments: Vec::new(),
    }
}

/// Builds the organisation day by day (days 0 to 6).
async fn build(app: &TestApp) -> Org {
    let clock = &app.clock;
    clock.set(at(0, 9));
    let mut people = BTreeMap::new();
    for (department, names) in DEPARTMENTS {
        for name in names {
            let session = app.register(name).await;
            session
                .client
                .update_me(&UpdateProfileRequest {
                    department: Some(department.into()),
                    ..UpdateProfileRequest::default()
                })
                .await
                .unwrap();
            people.insert(*name, session);
        }
    }
    let mut org = Org {
        people,
        cycling: String::new(),
        legal_eagles: String::new(),
        eng_guild: String::new(),
        visits: BTreeSet::new(),
    };
    for (_, names) in DEPARTMENTS {
        for name in names {
            org.visit(0, name);
        }
    }
    org.who("amara")
        .admin_update_user(
            &org.id("carl"),
            &AdminUpdateUserRequest {
                role: Some(Role::CommunityManager),
                suspended: None,
            },
        )
        .await
        .unwrap();

    // Day 0: three communities. The Engineering Guild is five engineers and one of Sales.
    org.cycling = org
        .who("eng1")
        .create_group(&group("Cycling", Privacy::Open))
        .await
        .unwrap()
        .id;
    org.eng_guild = org
        .who("eng4")
        .create_group(&group("Engineering Guild", Privacy::Open))
        .await
        .unwrap()
        .id;
    for name in ["eng5", "eng6", "eng1", "eng2", "sal5"] {
        org.who(name).join_group(&org.eng_guild).await.unwrap();
    }
    org.legal_eagles = org
        .who("leg1")
        .create_group(&group("Legal Eagles", Privacy::Closed))
        .await
        .unwrap()
        .id;
    for name in ["leg2", "leg3"] {
        org.who(name).join_group(&org.legal_eagles).await.unwrap();
        org.who("leg1")
            .approve_request(&org.legal_eagles, &org.id(name))
            .await
            .unwrap();
    }

    // Day 1: seven people join Cycling.
    clock.set(at(1, 10));
    for name in ["eng2", "eng3", "sal1", "sal2", "sal3", "leg1", "leg2"] {
        org.who(name).join_group(&org.cycling).await.unwrap();
        org.visit(1, name);
    }

    // Day 2: eng1 asks, sal1 answers two hours later; eng2 reacts. eng2 posts and answers
    // themself only (unanswered). leg2 reacts to sal1's comment.
    clock.set(at(2, 10));
    let p1 = org
        .who("eng1")
        .create_post(&post("Who rides on Sunday?", &org.cycling))
        .await
        .unwrap();
    clock.set(at(2, 11));
    let p2 = org
        .who("eng2")
        .create_post(&post("Tyre advice?", &org.cycling))
        .await
        .unwrap();
    org.who("eng2")
        .comment(&p2.id, &comment("Anyone?"))
        .await
        .unwrap();
    clock.set(at(2, 12));
    let answer = org
        .who("sal1")
        .comment(&p1.id, &comment("Me!"))
        .await
        .unwrap();
    org.who("eng2").react(&p1.id, None).await.unwrap();
    org.who("leg2")
        .react_to_comment(&answer.id, None)
        .await
        .unwrap();
    for name in ["eng1", "eng2", "sal1", "leg2"] {
        org.visit(2, name);
    }

    // Day 3: sal4 joins; leg1 posts, answered by eng1 exactly 24 hours later.
    clock.set(at(3, 9));
    org.who("sal4").join_group(&org.cycling).await.unwrap();
    let p3 = org
        .who("leg1")
        .create_post(&post("Route along the river", &org.cycling))
        .await
        .unwrap();
    org.visit(3, "sal4");
    org.visit(3, "leg1");

    // Day 4: eng1 answers leg1; sal1 posts, answered 60 hours later.
    clock.set(at(4, 9));
    org.who("eng1")
        .comment(&p3.id, &comment("Lovely"))
        .await
        .unwrap();
    let p4 = org
        .who("sal1")
        .create_post(&post("Helmet deals", &org.cycling))
        .await
        .unwrap();
    org.visit(4, "eng1");
    org.visit(4, "sal1");

    // Day 5: sal4 leaves.
    clock.set(at(5, 9));
    org.who("sal4").leave_group(&org.cycling).await.unwrap();
    org.visit(5, "sal4");

    // Day 6: eng3 posts in the morning and answers sal1 in the evening.
    clock.set(at(6, 9));
    org.who("eng3")
        .create_post(&post("Photos from Sunday", &org.cycling))
        .await
        .unwrap();
    clock.set(at(6, 21));
    org.who("eng3")
        .comment(&p4.id, &comment("Good deal"))
        .await
        .unwrap();
    org.visit(6, "eng3");
    org
}

fn assert_close(actual: Option<f64>, expected: Option<f64>, what: &str) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!((a - e).abs() < 1e-9, "{what}: {a} ≠ {e}"),
        _ => assert_eq!(actual, expected, "{what}"),
    }
}

/// What every window over the Cycling posts shows, whatever the scope.
fn assert_cycling_activity(p: &Period, what: &str) {
    assert_eq!(p.posts, 5, "{what} posts");
    assert_eq!(p.comments, 4, "{what} comments");
    assert_eq!(p.reactions, 2, "{what} reactions");
    assert_eq!(
        (p.posters, p.commenters, p.reactors),
        (5, 4, 2),
        "{what} people"
    );
    assert_eq!(p.unanswered_posts, 1, "{what} unanswered");
    assert_eq!(
        p.first_reply_median_seconds,
        Some(24 * 3600),
        "{what} median"
    );
    assert_eq!(p.first_reply_p90_seconds, Some(60 * 3600), "{what} p90");
    assert_close(p.response_rate, Some(0.5), &format!("{what} response rate"));
    assert_close(
        p.cross_department_share,
        Some(0.8),
        &format!("{what} cross-department"),
    );
}

fn assert_empty(p: &Period, what: &str) {
    assert_eq!(
        (
            p.members,
            p.engaged_members,
            p.posts,
            p.comments,
            p.reactions
        ),
        (0, 0, 0, 0, 0),
        "{what}"
    );
    assert_eq!(p.response_rate, None, "{what}");
    assert_eq!(p.participation, Participation::Low, "{what}");
}

async fn known_answers(app: TestApp) {
    let mut org = build(&app).await;
    app.clock.set(at(7, 10));
    org.visit(7, "carl");
    let carl = org.who("carl");

    // The organisation over the last 7 days (days 0 to 6).
    let insights = carl.organisation_insights(Some(7)).await.unwrap();
    let current = &insights.health.current;
    assert_eq!(insights.health.window_days, 7);
    assert_eq!(current.start.timestamp_micros(), at(0, 0));
    assert_eq!(current.end.timestamp_micros(), at(7, 0));
    assert_eq!(current.members, 17);
    assert_eq!(current.active_members, Some(17));
    assert_eq!(current.engaged_members, 6);
    assert_close(Some(current.engaged_share), Some(6.0 / 17.0), "org share");
    assert_eq!(current.participation, Participation::Healthy);
    assert_eq!((current.new_members, current.leaving_members), (17, 0));
    assert_cycling_activity(current, "organisation");
    assert_empty(&insights.health.previous, "organisation before");
    assert_eq!(insights.communities, 3);

    let adoption = &insights.adoption;
    assert_eq!(adoption.people, 17);
    assert_eq!(
        adoption.daily_active, None,
        "one person on day 6: fewer than 5"
    );
    assert_eq!(adoption.weekly_active, Some(17));
    assert_eq!(adoption.monthly_active, Some(17));
    let visit_days = org.visits.iter().filter(|(day, _)| *day < 7).count();
    assert_eq!(visit_days, 34);
    assert_close(
        adoption.stickiness,
        Some(visit_days as f64 / 28.0 / 17.0),
        "stickiness",
    );
    assert_close(Some(adoption.activated_share), Some(1.0), "activated");
    assert_eq!(adoption.regulars, Some(0));

    // By department: Legal (4) and People (2) are left out; Sales' size is hidden with them;
    // the engaged of Engineering (3 of 6) and Sales (1 of 5) are small groups.
    assert_eq!(
        rows(&insights.departments),
        vec![
            (Some("Engineering".to_owned()), Some(6), None),
            (Some("Sales".to_owned()), None, None),
        ]
    );
    assert_eq!(insights.departments.small_departments, 2);

    // Cycling over 7 days, as its owner sees it.
    let cycling = org
        .who("eng1")
        .community_insights(&org.cycling, Some(7))
        .await
        .unwrap();
    let current = &cycling.health.current;
    assert_eq!(current.members, 8, "sal4 left");
    assert_eq!(current.active_members, Some(8));
    assert_eq!(current.engaged_members, 6);
    assert_close(Some(current.engaged_share), Some(0.75), "cycling share");
    assert_eq!((current.new_members, current.leaving_members), (9, 1));
    assert_cycling_activity(current, "Cycling");
    assert_empty(&cycling.health.previous, "Cycling before");
    assert_eq!(cycling.departments.rows, vec![], "3 + 3 + 2: all small");
    assert_eq!(cycling.departments.small_departments, 3);
    assert_eq!(kinds(&cycling.signals), vec![SignalKind::UnansweredPosts]);
    assert_eq!(cycling.signals[0].value, Some(1));

    // The same over 28 and 90 days: the same activity, a longer empty time before.
    for days in [28, 90] {
        let health = carl
            .community_insights(&org.cycling, Some(days))
            .await
            .unwrap()
            .health;
        assert_eq!(health.window_days, days);
        assert_cycling_activity(&health.current, &format!("Cycling {days}"));
        assert_eq!(
            health.current.start.timestamp_micros(),
            at(7 - i32::from(days), 0)
        );
        assert_empty(&health.previous, &format!("Cycling {days} before"));
    }

    // Three members who all visited: too few to say.
    let legal = carl
        .community_insights(&org.legal_eagles, None)
        .await
        .unwrap();
    assert_eq!(legal.health.current.members, 3);
    assert_eq!(legal.health.current.active_members, None);
    assert_eq!(legal.health.current.engaged_members, 0);
    assert_eq!(legal.signals, vec![]);

    // The guild: five of six in Engineering mirrors the org chart.
    let guild = carl.community_insights(&org.eng_guild, None).await.unwrap();
    assert_eq!(guild.health.current.members, 6);
    assert_eq!(kinds(&guild.signals), vec![SignalKind::MirrorsOrgChart]);
    assert_eq!(guild.signals[0].value, Some(5));

    // The community manager's to-do list, most pressing first; an owner's has their own.
    let todo = carl.insights_todo().await.unwrap();
    assert_eq!(
        todo_items(&todo.items),
        vec![
            ("Cycling".into(), SignalKind::UnansweredPosts),
            ("Engineering Guild".into(), SignalKind::MirrorsOrgChart),
        ]
    );
    let todo = org.who("eng1").insights_todo().await.unwrap();
    assert_eq!(
        todo_items(&todo.items),
        vec![("Cycling".into(), SignalKind::UnansweredPosts)]
    );
    assert_eq!(org.who("eng2").insights_todo().await.unwrap().items, vec![]);

    let list = carl.community_health_list(None).await.unwrap();
    let lines: Vec<(String, u32, Vec<SignalKind>)> = list
        .items
        .iter()
        .map(|l| (l.community.name.clone(), l.members, l.signals.clone()))
        .collect();
    assert_eq!(
        lines,
        vec![
            ("Cycling".into(), 8, vec![SignalKind::UnansweredPosts]),
            (
                "Engineering Guild".into(),
                6,
                vec![SignalKind::MirrorsOrgChart]
            ),
            ("Legal Eagles".into(), 3, vec![]),
        ]
    );

    // Two weeks later everything has gone quiet, and eng3's photos have waited too.
    app.clock.set(at(21, 10));
    let todo = carl.insights_todo().await.unwrap();
    let mut items: Vec<(String, SignalKind, Option<u64>)> = todo
        .items
        .iter()
        .map(|s| (s.community.name.clone(), s.kind, s.value))
        .collect();
    items.sort_by(|a, b| (&a.0, a.1 as u8).cmp(&(&b.0, b.1 as u8)));
    assert_eq!(
        items,
        vec![
            ("Cycling".into(), SignalKind::Quiet, Some(15)),
            ("Cycling".into(), SignalKind::UnansweredPosts, Some(2)),
            (
                "Engineering Guild".into(),
                SignalKind::MirrorsOrgChart,
                Some(5)
            ),
            ("Engineering Guild".into(), SignalKind::Quiet, Some(21)),
            ("Legal Eagles".into(), SignalKind::Quiet, Some(21)),
        ]
    );
}

fn rows(d: &Departments) -> Vec<(Option<String>, Option<u32>, Option<u32>)> {
    d.rows
        .iter()
        .map(|r| (r.department.clone(), r.members, r.engaged))
        .collect()
}

fn kinds(signals: &[hearth_common::insights::Signal]) -> Vec<SignalKind> {
    signals.iter().map(|s| s.kind).collect()
}

fn todo_items(items: &[hearth_common::insights::Signal]) -> Vec<(String, SignalKind)> {
    items
        .iter()
        .map(|s| (s.community.name.clone(), s.kind))
        .collect()
}

/// Legal has four people: in no window and no scope does it appear, and wherever figures
/// are hidden at least two are, so that none can be worked out from the totals.
async fn a_department_of_four_never_appears(app: TestApp) {
    let org = build(&app).await;
    app.clock.set(at(9, 10));
    let carl = org.who("carl");
    let mut breakdowns = Vec::new();
    for days in WINDOWS {
        breakdowns.push(
            carl.organisation_insights(Some(days))
                .await
                .unwrap()
                .departments,
        );
        for id in [&org.cycling, &org.legal_eagles, &org.eng_guild] {
            breakdowns.push(
                carl.community_insights(id, Some(days))
                    .await
                    .unwrap()
                    .departments,
            );
        }
    }
    for d in &breakdowns {
        assert!(
            d.rows
                .iter()
                .all(|r| r.department.as_deref() != Some("Legal")),
            "{d:?}"
        );
        let hidden_members = d.rows.iter().filter(|r| r.members.is_none()).count()
            + usize::from(d.small_departments > 0);
        let hidden_engaged = d.rows.iter().filter(|r| r.engaged.is_none()).count()
            + usize::from(d.small_departments > 0);
        let cells = d.rows.len() + usize::from(d.small_departments > 0);
        for hidden in [hidden_members, hidden_engaged] {
            assert!(hidden == 0 || hidden >= 2 || cells < 2, "{d:?}");
        }
    }
}

/// Who may read which insights: (actor, endpoint) → status. No answer names a person.
async fn who_reads_insights(app: TestApp) {
    let org = build(&app).await;
    app.clock.set(at(7, 10));
    let guest_invite = org
        .who("eng1")
        .guest_invite(&org.cycling, "gwen@example.com")
        .await
        .unwrap();
    let gwen = app.register_guest("gwen", &guest_invite.invite_code).await;
    let stranger = org.who("leg4");
    // eng1 owns Cycling; eng2 is a plain member; leg4 belongs nowhere; gwen is a guest in Cycling.
    const ENDPOINTS: [&str; 6] = [
        "organisation",
        "cycling",
        "legal (closed)",
        "list",
        "todo",
        "about",
    ];
    //                                   organisation cycling legal list todo about
    let matrix: [(&str, &Client, [u16; 6]); 6] = [
        ("admin", org.who("amara"), [200, 200, 200, 200, 200, 200]),
        (
            "community manager",
            org.who("carl"),
            [200, 200, 200, 200, 200, 200],
        ),
        (
            "owner of Cycling",
            org.who("eng1"),
            [403, 200, 403, 200, 200, 200],
        ),
        (
            "member of Cycling",
            org.who("eng2"),
            [403, 403, 403, 200, 200, 200],
        ),
        ("in no community", stranger, [403, 403, 403, 200, 200, 200]),
        (
            "guest in Cycling",
            &gwen.client,
            [403, 403, 404, 200, 200, 200],
        ),
    ];
    let names: Vec<String> = org
        .people
        .values()
        .flat_map(|s| [s.user.id.clone(), s.user.username.clone()])
        .chain([gwen.user.id.clone()])
        .collect();
    for (actor, client, expected) in matrix {
        for (endpoint, status) in ENDPOINTS.into_iter().zip(expected) {
            let answer = match endpoint {
                "organisation" => client
                    .organisation_insights(None)
                    .await
                    .map(|x| format!("{x:?}")),
                "cycling" => client
                    .community_insights(&org.cycling, None)
                    .await
                    .map(|x| format!("{x:?}")),
                "legal (closed)" => client
                    .community_insights(&org.legal_eagles, None)
                    .await
                    .map(|x| format!("{x:?}")),
                "list" => client
                    .community_health_list(None)
                    .await
                    .map(|x| format!("{x:?}")),
                "todo" => client.insights_todo().await.map(|x| format!("{x:?}")),
                _ => client.insights_about().await.map(|x| format!("{x:?}")),
            };
            match answer {
                Ok(body) => {
                    assert_eq!(status, 200, "{actor} {endpoint}");
                    for name in &names {
                        assert!(
                            !body.contains(&format!("\"{name}\"")),
                            "{actor} {endpoint} names {name}: {body}"
                        );
                    }
                }
                Err(e) => assert_eq!(e.status(), Some(status), "{actor} {endpoint}: {e:?}"),
            }
        }
    }
}

/// A person's own insights: only when the admins chose them, only their own, and off when
/// they say so.
async fn personal_insights_for_the_person_alone(app: TestApp) {
    let org = build(&app).await;
    app.clock.set(at(7, 10));
    assert_error(
        org.who("eng1").personal_insights(Some(7)).await,
        403,
        "personal_insights_off",
    );
    org.who("amara")
        .update_settings(&UpdateSettingsRequest {
            analytics_mode: Some(AnalyticsMode::AggregateAndPersonal),
            ..UpdateSettingsRequest::default()
        })
        .await
        .unwrap();
    let mine = org.who("eng1").personal_insights(Some(7)).await.unwrap();
    assert_eq!(
        (
            mine.people,
            mine.departments,
            mine.posts,
            mine.replies_received
        ),
        (3, 3, 1, 1),
        "sal1 answered, leg1 was answered, eng2 reacted"
    );
    assert_eq!(
        (mine.comments, mine.reactions_given, mine.reactions_received),
        (1, 0, 1)
    );
    assert_eq!(mine.style, CollaborationStyle::Engager);
    let sal1 = org.who("sal1").personal_insights(Some(7)).await.unwrap();
    assert_eq!((sal1.people, sal1.departments), (3, 2));
    let quiet = org.who("leg4").personal_insights(Some(7)).await.unwrap();
    assert_eq!(
        (quiet.people, quiet.style),
        (0, CollaborationStyle::Observer)
    );

    org.who("eng1").set_personal_insights(false).await.unwrap();
    assert_error(
        org.who("eng1").personal_insights(None).await,
        403,
        "opted_out",
    );
    assert!(
        !org.who("eng1")
            .insights_about()
            .await
            .unwrap()
            .my_personal_insights
    );
    org.who("eng1").set_personal_insights(true).await.unwrap();
    assert!(org.who("eng1").personal_insights(None).await.is_ok());
}

/// The departments, for the hint when a community is named after one: employees only.
async fn departments_for_employees(app: TestApp) {
    let org = build(&app).await;
    let names = org.who("eng2").departments().await.unwrap().items;
    assert_eq!(names, vec!["Engineering", "Legal", "People", "Sales"]);
    let invite = org
        .who("eng1")
        .guest_invite(&org.cycling, "gwen@example.com")
        .await
        .unwrap();
    let gwen = app.register_guest("gwen", &invite.invite_code).await;
    assert_error(gwen.client.departments().await, 403, "employees_only");
}

/// Off: nothing is counted or shown, the days with a visit are deleted, and the change is in
/// the audit log.
async fn analytics_can_be_switched_off(app: TestApp) {
    let org = build(&app).await;
    app.clock.set(at(7, 10));
    let amara = org.who("amara");
    let off = UpdateSettingsRequest {
        analytics_mode: Some(AnalyticsMode::Off),
        ..UpdateSettingsRequest::default()
    };
    assert_eq!(
        amara.update_settings(&off).await.unwrap().analytics_mode,
        AnalyticsMode::Off
    );
    assert_eq!(
        amara.insights_about().await.unwrap().analytics_mode,
        AnalyticsMode::Off
    );
    assert_error(
        org.who("carl").organisation_insights(None).await,
        403,
        "analytics_off",
    );
    assert_error(
        org.who("eng1").community_insights(&org.cycling, None).await,
        403,
        "analytics_off",
    );

    let log = amara.audit_log(&EVERYTHING).await.unwrap();
    // Newest first; the oldest is how people join, chosen when the instance was set up.
    let actions: Vec<String> = log.items.iter().map(|e| e.detail.clone()).collect();
    let actions = &actions[..actions.len() - 1];
    assert_eq!(
        actions,
        vec![
            "analytics_mode: aggregate → off".to_owned(),
            "role: member → community_manager".to_owned(),
        ]
    );
    assert_eq!(log.items[0].actor.username, "amara");
    assert_eq!(
        log.items[1]
            .target_user
            .as_ref()
            .map(|u| u.username.as_str()),
        Some("carl")
    );
    assert_error(
        org.who("carl").audit_log(&EVERYTHING).await,
        403,
        "admin_only",
    );

    // Back on: the visits before were deleted, and today's are not counted again until
    // tomorrow's first request.
    let on = UpdateSettingsRequest {
        analytics_mode: Some(AnalyticsMode::Aggregate),
        ..UpdateSettingsRequest::default()
    };
    amara.update_settings(&on).await.unwrap();
    app.clock.set(at(8, 10));
    let insights = org
        .who("carl")
        .organisation_insights(Some(7))
        .await
        .unwrap();
    assert_eq!(insights.health.current.active_members, Some(0));
    assert_eq!(insights.adoption.weekly_active, Some(0));
    assert_eq!(insights.health.current.posts, 5, "content is still counted");
}

async fn windows_are_7_28_or_90_days(app: TestApp) {
    let org = build(&app).await;
    for bad in ["5", "0", "365", "x"] {
        let status = org
            .who("carl")
            .request(
                reqwest::Method::GET,
                &format!("/api/v1/insights/organisation?window={bad}"),
            )
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 400, "{bad}");
    }
    for good in WINDOWS {
        let health = org
            .who("carl")
            .organisation_insights(Some(good))
            .await
            .unwrap()
            .health;
        assert_eq!(health.window_days, good);
    }
}

on_both_databases!(
    spawn = super::spawn;
    known_answers,
    a_department_of_four_never_appears,
    who_reads_insights,
    analytics_can_be_switched_off,
    windows_are_7_28_or_90_days,
    departments_for_employees,
    personal_insights_for_the_person_alone,
);
