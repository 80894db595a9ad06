//! `hearth-demo` (`cargo xtask demo`): fills a fresh instance — the database `hearth` would
//! use with the same environment — with a small organisation: people in departments,
//! communities, posts with comments and reactions, and a few conversations. It starts Hearth
//! in-process on a loopback port (sign-up limits off) and does everything through the API,
//! so the data is exactly what people using the app would have made.

use std::process::ExitCode;

use hearth_client::{Client, ClientError};
use hearth_common::auth::RegisterRequest;
use hearth_common::groups::{CreateGroupRequest, Group, Privacy};
use hearth_common::posts::{CreateCommentRequest, CreatePostRequest, ReactionKind, ShareRequest};
use hearth_common::users::{AdminUpdateUserRequest, Role, UpdateProfileRequest};
use hearth_server::config::Config;
use hearth_server::startup::Application;

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
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("hearth-demo: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let client = Client::new(&format!("http://{}", app.addr()));
    actix_web::rt::spawn(app.run_until_stopped());
    match fill(&client).await {
        Ok(()) => {
            println!(
                "demo data added: {} people (password {PASSWORD:?}; {:?} is an admin), {} communities, {} posts",
                PEOPLE.len(),
                PEOPLE[0].0,
                COMMUNITIES.len(),
                POSTS.len()
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
    username: &'static str,
    id: String,
    client: Client,
}

fn find<'a>(people: &'a [Person], username: &str) -> &'a Person {
    people
        .iter()
        .find(|p| p.username == username)
        .expect("demo people are listed in PEOPLE")
}

async fn fill(base: &Client) -> Result<(), ClientError> {
    let mut people = Vec::new();
    for (username, name, title, department, skills) in PEOPLE {
        let auth = base
            .register(&RegisterRequest {
                username: username.into(),
                email: format!("{username}@hearth.example"),
                password: PASSWORD.into(),
                display_name: name.into(),
                invite_code: None,
            })
            .await?;
        let client = base.with_token(&auth.access_token);
        client
            .update_me(&UpdateProfileRequest {
                title: Some(title.into()),
                department: Some(department.into()),
                skills: Some(skills.iter().map(|s| s.to_string()).collect()),
                ..UpdateProfileRequest::default()
            })
            .await?;
        people.push(Person {
            username,
            id: auth.user.id,
            client,
        });
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

    let mut post_ids = Vec::new();
    for (author, community, title, body) in POSTS {
        let post = find(&people, author)
            .client
            .create_post(&CreatePostRequest {
                body: body.into(),
                title: title.map(Into::into),
                group_id: community.and_then(group_id),
            })
            .await?;
        post_ids.push(post.id);
    }
    for (index, commenter, text) in COMMENTS {
        find(&people, commenter)
            .client
            .comment(
                &post_ids[index],
                &CreateCommentRequest {
                    body: text.into(),
                    parent_id: None,
                },
            )
            .await?;
    }
    // Reactions: most people react to company-wide posts, with a spread of kinds.
    for (i, person) in people.iter().enumerate() {
        for (p, (_, community, _, _)) in POSTS.iter().enumerate() {
            if community.is_none() && (i + p) % 3 != 0 {
                let kind = ReactionKind::ALL[(i + p) % ReactionKind::ALL.len()];
                person.client.react(&post_ids[p], Some(kind)).await?;
            }
        }
    }
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
    ];
    for (a, b, lines) in conversations {
        let (a, b) = (find(&people, a), find(&people, b));
        let conversation = a.client.start_conversation(&[&b.id]).await?;
        for (n, line) in lines.iter().enumerate() {
            let speaker = if n % 2 == 0 { a } else { b };
            speaker.client.send_message(&conversation.id, line).await?;
        }
    }
    Ok(())
}
