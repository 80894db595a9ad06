//! `hearth-demo` (`cargo xtask demo`): fills a fresh instance — the database `hearth` would
//! use with the same environment — with an organisation: eighteen named people and 160
//! colleagues in departments, communities, posts with comments and reactions, and a few
//! conversations, made over the last six weeks. It starts Hearth in-process on a loopback port
//! (sign-up limits off) with its clock set back, and does everything through the API, so the
//! data is exactly what people using the app would have made.
//!
//! Its community health tells a story: "All Hands" has grown past 150 members, "Sales
//! Corner" mirrors one department, "Parents at Work" has gone quiet, a question in All
//! Hands waits for an answer, and about half have read the new travel policy, a must-read.

use std::process::ExitCode;

use hearth_client::{Client, ClientError};
use hearth_common::admin::{RegistrationMode, UpdateSettingsRequest};
use hearth_common::ambassadors::AmbassadorStatus;
use hearth_common::auth::RegisterRequest;
use hearth_common::groups::{CreateGroupRequest, Group, Privacy};
use hearth_common::insights::AnalyticsMode;
use hearth_common::posts::{CreateCommentRequest, CreatePostRequest, ReactionKind, ShareRequest};
use hearth_common::users::{AdminUpdateUserRequest, Role, UpdateProfileRequest};
use hearth_db::health::DAY;
use hearth_db::time;
use hearth_server::clock::Clock;
use hearth_server::config::Config;
use hearth_server::startup::Application;

const HOUR: i64 = 3_600_000_000;

/// The guest from a client organisation.
const GUEST: &str = "rosa";

/// The company's e-mail domain.
const DOMAIN: &str = "hearth.example";

/// Password of every demo account.
const PASSWORD: &str = "hearth-demo-password";

/// username, name, title, department, skills
const PEOPLE: [(&str, &str, &str, &str, &[&str]); 18] = [
    (
        "amara",
        "Amara Okafor",
        "Chief Executive",
        "Leadership",
        &["Strategy", "Public speaking"],
    ),
    (
        "lars",
        "Lars Jensen",
        "Head of Engineering",
        "Engineering",
        &["Rust", "Architecture"],
    ),
    (
        "mei",
        "Mei Chen",
        "Senior Engineer",
        "Engineering",
        &["Rust", "PostgreSQL", "Mentoring"],
    ),
    (
        "diego",
        "Diego Alvarez",
        "Engineer",
        "Engineering",
        &["TypeScript", "Accessibility"],
    ),
    (
        "priya",
        "Priya Nair",
        "Site Reliability Engineer",
        "Engineering",
        &["Kubernetes", "Observability"],
    ),
    (
        "sofia",
        "Sofia Rossi",
        "Design Lead",
        "Design",
        &["Interaction design", "Research"],
    ),
    (
        "tom",
        "Tom Becker",
        "Product Designer",
        "Design",
        &["Figma", "Illustration"],
    ),
    (
        "hana",
        "Hana Sato",
        "Head of Sales",
        "Sales",
        &["Negotiation", "Japanese"],
    ),
    (
        "kwame",
        "Kwame Mensah",
        "Account Executive",
        "Sales",
        &["Enterprise sales"],
    ),
    (
        "laura",
        "Laura Schmidt",
        "Account Manager",
        "Sales",
        &["German", "Onboarding"],
    ),
    (
        "noor",
        "Noor Haddad",
        "People Partner",
        "People & Culture",
        &["Coaching", "Arabic"],
    ),
    (
        "ben",
        "Ben Walsh",
        "Recruiter",
        "People & Culture",
        &["Interviewing"],
    ),
    (
        "ines",
        "Inês Costa",
        "Finance Manager",
        "Finance",
        &["Forecasting", "Excel"],
    ),
    (
        "oliver",
        "Oliver Grant",
        "Controller",
        "Finance",
        &["Audit"],
    ),
    (
        "yuki",
        "Yuki Tanaka",
        "Operations Lead",
        "Operations",
        &["Logistics", "Lean"],
    ),
    (
        "sam",
        "Sam Rivera",
        "Office Coordinator",
        "Operations",
        &["Events", "Facilities"],
    ),
    (
        "elif",
        "Elif Yildiz",
        "Product Manager",
        "Product",
        &["Roadmaps", "Analytics"],
    ),
    (
        "jonas",
        "Jonas Berg",
        "Data Analyst",
        "Product",
        &["SQL", "Python"],
    ),
];

/// Colleagues beyond the named people: first names, last names and departments to make them.
const COLLEAGUES: usize = 160;
const FIRST: [&str; 16] = [
    "Alex", "Bea", "Chris", "Dana", "Eli", "Fatima", "Gus", "Hiro", "Ivy", "Jules", "Kai", "Lena",
    "Marco", "Nia", "Omar", "Pia",
];
const LAST: [&str; 10] = [
    "Andersen", "Bakker", "Conti", "Dubois", "Eriksen", "Fischer", "García", "Horvat", "Ito",
    "Jansen",
];
const DEPARTMENTS: [&str; 7] = [
    "Engineering",
    "Sales",
    "Operations",
    "Product",
    "Customer Success",
    "Finance",
    "Design",
];

/// name, privacy, description, members (usernames; the first is the owner)
const COMMUNITIES: [(&str, Privacy, &str, &[&str]); 6] = [
    (
        "Engineering Guild",
        Privacy::Open,
        "How we build: talks, reviews, and help with hard problems.",
        &["lars", "mei", "diego", "priya", "jonas", "elif"],
    ),
    (
        "Design Critique",
        Privacy::Open,
        "Show work in progress and get kind, useful feedback.",
        &["sofia", "tom", "diego", "elif"],
    ),
    (
        "Q3 Launch",
        Privacy::Closed,
        "Everything about the September launch: plans, risks, dates.",
        &["elif", "lars", "sofia", "hana", "kwame", "sam"],
    ),
    (
        "Leadership Team",
        Privacy::Secret,
        "The leadership team's working space.",
        &["amara", "lars", "hana", "noor", "ines"],
    ),
    (
        "Running Club",
        Privacy::Open,
        "Lunchtime runs by the river, all paces welcome.",
        &["priya", "kwame", "noor", "yuki", "ben"],
    ),
    (
        "Parents at Work",
        Privacy::Open,
        "Advice, swaps and solidarity for working parents.",
        &["ines", "oliver", "laura", "sam"],
    ),
];

/// The day (before today) each of `POSTS` was written: Parents at Work's question was six
/// weeks ago, and nothing since.
const POST_DAYS: [i64; 14] = [40, 33, 30, 26, 19, 12, 9, 8, 6, 5, 4, 3, 40, 2];

/// author, community (None: company-wide), title, body
const POSTS: [(&str, Option<&str>, Option<&str>, &str); 14] = [
    ("amara", None, Some("Our plan for the year"),
        "Thank you all for a strong quarter. Three things matter most this year:\n\n1. **Customers first**: every team talks to a customer each month.\n2. **Ship smaller, ship sooner.**\n3. **Look after each other.**\n\nQuestions welcome in the comments. #strategy"),
    ("sam", None, None, "The new coffee machine on the 3rd floor is in! ☕ Please descale it on Fridays; instructions are taped to the side. #office"),
    ("noor", None, Some("Welcome our new colleagues"),
        "Please welcome **Diego** (Engineering) and **Laura** (Sales), who joined this week. Say hello when you see them! #welcome"),
    ("lars", Some("Engineering Guild"), None, "We moved the build cache to a shared disk: clean builds went from 14 to 6 minutes. Thanks @priya! #devex"),
    ("mei", Some("Engineering Guild"), Some("Reading group: Designing Data-Intensive Applications"),
        "We start chapter 1 next Thursday at 16:00 in the library room. Bring questions, not slides. #reading"),
    ("diego", Some("Engineering Guild"), None, "Accessibility tip: every icon-only button needs a label. `aria-label` is the quick fix; visible text is the better one. #a11y"),
    ("sofia", Some("Design Critique"), None, "First sketches of the new onboarding flow are up. What confuses you in step 2? #onboarding"),
    ("tom", Some("Design Critique"), None, "Trying a warmer palette for the marketing site. Thoughts on contrast in dark mode? #branding"),
    ("elif", Some("Q3 Launch"), Some("Launch checklist v2"),
        "Updated checklist:\n\n- [x] Pricing page copy\n- [ ] Support macros\n- [ ] Press kit\n\nOwners are in the doc. Shout if a date slips. #launch"),
    ("hana", Some("Q3 Launch"), None, "Two pilot customers agreed to be references at launch. 🎉 #launch"),
    ("amara", Some("Leadership Team"), None, "Draft budget for next year is in the shared folder. Please review before Monday."),
    ("yuki", Some("Running Club"), None, "Tomorrow 12:15 at the south entrance, 5 km easy loop. Rain or shine! #running"),
    ("ines", Some("Parents at Work"), None, "Does anyone have a recommendation for a holiday camp in August? Ours just closed."),
    ("jonas", None, Some("What the data says about our support queue"),
        "Median first response time dropped from 9 h to 3 h since we added the rota. Tickets about invoices are the slowest; @ines and I will look into why. #support"),
];

/// post index, commenter, text
const COMMENTS: [(usize, &str, &str); 12] = [
    (
        0,
        "lars",
        "Shipping smaller is the one I'm most excited about.",
    ),
    (
        0,
        "hana",
        "Customer calls every month: Sales is happy to help set them up.",
    ),
    (1, "priya", "Finally! Thank you Sam."),
    (2, "kwame", "Welcome Laura! Lunch on Thursday?"),
    (
        3,
        "mei",
        "Six minutes feels like a different project. Great work.",
    ),
    (4, "diego", "Count me in."),
    (
        6,
        "tom",
        "Step 2 asks for the company size before explaining why. Maybe swap?",
    ),
    (
        6,
        "elif",
        "Agree with Tom; also the progress bar looks finished too early.",
    ),
    (
        8,
        "lars",
        "Support macros: I'll pair with the support team on Wednesday.",
    ),
    (11, "ben", "I'll be there, slow lane!"),
    (12, "laura", "The river centre runs one, my two loved it."),
    (
        13,
        "ines",
        "Invoices: I suspect the PDF template. Let's look Tuesday.",
    ),
];

#[actix_web::main]
async fn main() -> ExitCode {
    let mut config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("hearth-demo: {e}");
            return ExitCode::from(2);
        }
    };
    config.addr = ([127, 0, 0, 1], 0).into();
    config.auth_rate_limit = None;
    config.web_dir = None;
    // The organisation is made over six weeks: the clock starts then and moves forward.
    let clock = Clock::manual(time::now_micros() - 42 * DAY);
    config.clock = clock.clone();
    config.health_counting_every = None;
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("hearth-demo: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let client = Client::new(&format!("http://{}", app.addr()));
    actix_web::rt::spawn(app.run_until_stopped());
    match fill(&client, &clock).await {
        Ok(()) => {
            println!(
                "demo data added: {} people, {COLLEAGUES} colleagues and a guest (password {PASSWORD:?}; {:?} is an admin, {:?} a community manager, {GUEST:?} a guest from a client), {} communities, {} posts over six weeks",
                PEOPLE.len(),
                PEOPLE[0].0,
                "noor",
                COMMUNITIES.len() + 2,
                POSTS.len() + 8
            );
            ExitCode::SUCCESS
        }
        Err(e) if e.code() == Some("already_taken") => {
            eprintln!("hearth-demo: this instance already has people ({e}); run it on a fresh one");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("hearth-demo: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Person {
    username: String,
    id: String,
    client: Client,
}

fn find<'a>(people: &'a [Person], username: &str) -> &'a Person {
    people
        .iter()
        .find(|p| p.username == username)
        .expect("demo people are listed in PEOPLE")
}

/// `hour` o'clock (UTC) `days` days before today.
fn days_ago(days: i64, hour: i64) -> i64 {
    let today = time::now_micros().div_euclid(DAY) * DAY;
    today - days * DAY + hour * HOUR
}

async fn register(
    base: &Client,
    username: &str,
    name: &str,
    profile: UpdateProfileRequest,
) -> Result<Person, ClientError> {
    let auth = base
        .register(&RegisterRequest {
            username: username.into(),
            email: format!("{username}@{DOMAIN}"),
            password: PASSWORD.into(),
            display_name: name.into(),
            invite_code: None,
        })
        .await?;
    let client = base.with_token(&auth.access_token);
    client.update_me(&profile).await?;
    Ok(Person {
        username: username.to_owned(),
        id: auth.user.id,
        client,
    })
}

async fn fill(base: &Client, clock: &Clock) -> Result<(), ClientError> {
    clock.set(days_ago(42, 9));
    let mut people = Vec::new();
    for (username, name, title, department, skills) in PEOPLE {
        let profile = UpdateProfileRequest {
            title: Some(title.into()),
            department: Some(department.into()),
            skills: Some(skills.iter().map(|s| s.to_string()).collect()),
            ..UpdateProfileRequest::default()
        };
        people.push(register(base, username, name, profile).await?);
        if people.len() == 1 {
            // The first account is the admin, who opens Hearth to the company's addresses.
            people[0]
                .client
                .update_settings(&UpdateSettingsRequest {
                    registration: Some(RegistrationMode::Domains),
                    allowed_domains: Some(vec![DOMAIN.into()]),
                    ..UpdateSettingsRequest::default()
                })
                .await?;
        }
    }
    let mut colleagues = Vec::new();
    for n in 0..COLLEAGUES {
        let name = format!(
            "{} {}",
            FIRST[n % FIRST.len()],
            LAST[(n / FIRST.len()) % LAST.len()]
        );
        let department = DEPARTMENTS[n % DEPARTMENTS.len()];
        let profile = UpdateProfileRequest {
            department: Some(department.into()),
            ..UpdateProfileRequest::default()
        };
        colleagues.push(register(base, &format!("colleague{n:03}"), &name, profile).await?);
    }
    let admin = &people[0].client;
    admin
        .admin_update_user(
            &find(&people, "noor").id,
            &AdminUpdateUserRequest {
                role: Some(Role::CommunityManager),
                suspended: None,
            },
        )
        .await?;
    // Room for the all-company community.
    admin
        .update_settings(&UpdateSettingsRequest {
            group_member_cap: Some(500),
            ..UpdateSettingsRequest::default()
        })
        .await?;

    // Everyone follows their department and a few people across it.
    for (i, person) in people.iter().enumerate() {
        for step in [1, 3, 7] {
            let other = &people[(i + step) % people.len()];
            person.client.follow(&other.id).await?;
        }
    }

    let mut groups: Vec<Group> = Vec::new();
    for (name, privacy, description, members) in COMMUNITIES {
        let owner = find(&people, members[0]);
        let group = owner
            .client
            .create_group(&CreateGroupRequest {
                name: name.into(),
                description: description.into(),
                privacy,
                topics: None,
            })
            .await?;
        for username in &members[1..] {
            let member = find(&people, username);
            if privacy != Privacy::Open {
                owner.client.invite_to_group(&group.id, &member.id).await?;
            }
            member.client.join_group(&group.id).await?;
        }
        groups.push(group);
    }
    let group_id = |name: &str| groups.iter().find(|g| g.name == name).map(|g| g.id.clone());

    // All Hands: everyone, run by the community manager — past the size guidance.
    let noor = find(&people, "noor");
    let all_hands = noor
        .client
        .create_group(&CreateGroupRequest {
            name: "All Hands".into(),
            description: "Everyone, everything: the place that grew too big.".into(),
            privacy: Privacy::Open,
            topics: None,
        })
        .await?;
    for person in people
        .iter()
        .chain(&colleagues)
        .filter(|p| p.username != "noor")
    {
        person.client.join_group(&all_hands.id).await?;
    }
    // Sales Corner: Sales talking to Sales — it mirrors the org chart.
    let sales_corner = find(&people, "hana")
        .client
        .create_group(&CreateGroupRequest {
            name: "Sales Corner".into(),
            description: "Deals, tips and wins.".into(),
            privacy: Privacy::Open,
            topics: None,
        })
        .await?;
    let sellers = colleagues
        .iter()
        .enumerate()
        .filter(|(n, _)| DEPARTMENTS[n % DEPARTMENTS.len()] == "Sales");
    for (_, person) in sellers.clone().take(10) {
        person.client.join_group(&sales_corner.id).await?;
    }
    for username in ["kwame", "laura"] {
        find(&people, username)
            .client
            .join_group(&sales_corner.id)
            .await?;
    }

    let mut post_ids = Vec::new();
    for ((author, community, title, body), days) in POSTS.into_iter().zip(POST_DAYS) {
        clock.set(days_ago(days, 10));
        let post = find(&people, author)
            .client
            .create_post(&CreatePostRequest {
                body: body.into(),
                title: title.map(Into::into),
                group_id: community.and_then(group_id),
                attachments: Vec::new(),
            })
            .await?;
        post_ids.push(post.id);
    }
    for (index, commenter, text) in COMMENTS {
        clock.set(days_ago(POST_DAYS[index], 10) + (index as i64 % 5 + 1) * HOUR);
        find(&people, commenter)
            .client
            .comment(
                &post_ids[index],
                &CreateCommentRequest {
                    body: text.into(),
                    parent_id: None,
                    attachments: Vec::new(),
                },
            )
            .await?;
    }
    // Reactions: most people react to company-wide posts, with a spread of kinds.
    for (i, person) in people.iter().enumerate() {
        for (p, (_, community, _, _)) in POSTS.iter().enumerate() {
            if community.is_none() && (i + p) % 3 != 0 {
                clock.set(days_ago(POST_DAYS[p], 14));
                let kind = ReactionKind::ALL[(i + p) % ReactionKind::ALL.len()];
                person.client.react(&post_ids[p], Some(kind)).await?;
            }
        }
    }
    // All Hands: weekly notes that many react to, and a question nobody has answered yet.
    for week in 0..4usize {
        clock.set(days_ago(28 - 7 * week as i64, 9));
        let note = noor
            .client
            .create_post(&CreatePostRequest {
                body: format!(
                    "Week {} notes: thanks to everyone who helped with onboarding. #allhands",
                    week + 1
                ),
                title: None,
                group_id: Some(all_hands.id.clone()),
                attachments: Vec::new(),
            })
            .await?;
        clock.set(days_ago(28 - 7 * week as i64, 15));
        for person in colleagues.iter().skip(week * 20).take(25) {
            person
                .client
                .react(&note.id, Some(ReactionKind::Like))
                .await?;
        }
    }
    clock.set(days_ago(4, 11));
    colleagues[3]
        .client
        .create_post(&CreatePostRequest {
            body: "Where do I find the expense policy for travel abroad?".into(),
            title: None,
            group_id: Some(all_hands.id.clone()),
            attachments: Vec::new(),
        })
        .await?;
    clock.set(days_ago(3, 9));
    let (_, seller) = sellers.clone().next().expect("there are sellers");
    seller
        .client
        .create_post(&CreatePostRequest {
            body: "Closed the Nordics renewal! Template in the drive.".into(),
            title: None,
            group_id: Some(sales_corner.id.clone()),
            attachments: Vec::new(),
        })
        .await?;

    clock.set(days_ago(2, 16));
    find(&people, "lars")
        .client
        .share(
            &post_ids[13],
            &ShareRequest {
                body: Some("Good analysis, worth five minutes of everyone's time.".into()),
                group_id: None,
            },
        )
        .await?;

    let conversations = [
        (
            "mei",
            "diego",
            [
                "Do you have time to pair on the flaky test?",
                "Sure, after lunch?",
                "Perfect, 14:00.",
            ],
        ),
        (
            "hana",
            "elif",
            [
                "Can we add the pilot logos to the launch page?",
                "Yes, send me the files.",
                "On their way!",
            ],
        ),
        (
            "noor",
            "ben",
            [
                "The interview panel for Friday is confirmed.",
                "Thanks! I'll send the briefing.",
                "Great.",
            ],
        ),
        (
            "lars",
            "amara",
            [
                "Could you open the all-hands on Thursday? Five minutes on the launch.",
                "Happy to. Send me the three points you want me to make.",
                "Sent: pilots, dates, and thanks to the team.",
            ],
        ),
        (
            "noor",
            "amara",
            [
                "The travel policy must-read is at about half. Shall I remind people?",
                "Yes please, and thank the ones who already read it.",
                "Done. I'll share the numbers on Friday.",
            ],
        ),
    ];
    // A guest from a client: invited into the launch community, and nowhere else.
    let launch = group_id("Q3 Launch").expect("Q3 Launch is a demo community");
    let elif = find(&people, "elif");
    let invite = elif
        .client
        .guest_invite(&launch, &format!("{GUEST}@client.example"))
        .await?;
    let guest = base
        .register(&RegisterRequest {
            username: GUEST.into(),
            email: format!("{GUEST}@client.example"),
            password: PASSWORD.into(),
            display_name: "Rosa Vidal (Northwind)".into(),
            invite_code: Some(invite.invite_code),
        })
        .await?;
    let guest = base.with_token(&guest.access_token);
    let hello = guest
        .create_post(&CreatePostRequest {
            body: "Hello from Northwind! Looking forward to the pilot. Where do I find the \
                   launch checklist?"
                .into(),
            title: None,
            group_id: Some(launch.clone()),
            attachments: Vec::new(),
        })
        .await?;
    elif.client
        .comment(
            &hello.id,
            &CreateCommentRequest {
                body: "Welcome, Rosa! It is pinned at the top of this community.".into(),
                parent_id: None,
                attachments: Vec::new(),
            },
        )
        .await?;

    // A must-read in progress: the new travel policy, two days ago; about half have read it.
    clock.set(days_ago(2, 9));
    let policy = noor
        .client
        .create_post(&CreatePostRequest {
            body: "Our **travel policy** changed: book trips through the portal, and trains \
                   beat planes under 700 km. Please read it before your next trip. #travel"
                .into(),
            title: Some("New travel policy".into()),
            group_id: None,
            attachments: Vec::new(),
        })
        .await?;
    noor.client.mark_must_read(&policy.id, 5).await?;
    clock.set(days_ago(2, 15));
    for person in people.iter().chain(&colleagues).step_by(2) {
        if person.username != "noor" {
            person.client.acknowledge(&policy.id).await?;
        }
    }

    clock.set(days_ago(1, 9));
    for (a, b, lines) in conversations {
        let (a, b) = (find(&people, a), find(&people, b));
        let conversation = a.client.start_conversation(&[&b.id]).await?;
        for (n, line) in lines.iter().enumerate() {
            let speaker = if n % 2 == 0 { a } else { b };
            speaker.client.send_message(&conversation.id, line).await?;
        }
    }
    // Today: the admin and the community manager look in; the admin switches finding
    // ambassadors on, and the first person Hearth invites accepts.
    clock.set(time::now_micros());
    admin.insights_about().await?;
    noor.client.insights_todo().await?;
    admin
        .update_settings(&UpdateSettingsRequest {
            analytics_mode: Some(AnalyticsMode::AggregatePersonalAndAmbassadors),
            ..UpdateSettingsRequest::default()
        })
        .await?;
    noor.client.run_ambassador_round().await?;
    for person in people.iter().chain(&colleagues) {
        let mine = person.client.my_ambassadorship().await?;
        if mine.status == Some(AmbassadorStatus::Invited) {
            person.client.accept_ambassadorship().await?;
            noor.client
                .message_ambassadors("Welcome to the ambassadors! Our first call is on Thursday.")
                .await?;
            break;
        }
    }
    Ok(())
}
