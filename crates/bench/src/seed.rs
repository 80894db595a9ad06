//! The benchmark data set: people in departments, communities from a handful to thousands of
//! members (some closed or secret), skewed follows, a year of posts with skewed authorship,
//! reactions, comments with replies, and shares. Rows are written complete, with their
//! counts, in multi-row inserts of one transaction per chunk.

use std::time::{Duration, Instant};

use hearth_db::bulk::{
    self, CommentRecord, CommunityRecord, MemberRecord, PostRecord, ReactionRecord, UserRecord,
};
use hearth_db::{search, Db, DbError};
use uuid::Uuid;

use crate::random::Random;

/// Every seeded account's password.
pub const PASSWORD: &str = "hearth-bench-password";

#[derive(Debug, Clone)]
pub struct Shape {
    pub users: usize,
    pub groups: usize,
    pub follows_per_user: usize,
    pub posts: usize,
    pub reactions: usize,
    pub comments: usize,
    pub shares: usize,
}

impl Shape {
    /// The data set of ARCHITECTURE.md's performance targets.
    pub fn full() -> Shape {
        Shape {
            users: 10_000,
            groups: 200,
            follows_per_user: 50,
            posts: 1_000_000,
            reactions: 5_000_000,
            comments: 2_000_000,
            shares: 200_000,
        }
    }

    /// The same shape at a fiftieth of the size: exercises everything in seconds.
    pub fn quick() -> Shape {
        Shape {
            users: 1_000,
            groups: 20,
            follows_per_user: 20,
            posts: 20_000,
            reactions: 100_000,
            comments: 40_000,
            shares: 4_000,
        }
    }
}

/// How long each part took, for the report.
#[derive(Debug, Default)]
pub struct Timings {
    pub parts: Vec<(&'static str, usize, Duration)>,
}

impl Timings {
    fn record(&mut self, part: &'static str, rows: usize, since: Instant) {
        self.parts.push((part, rows, since.elapsed()));
    }
}

const DEPARTMENTS: [&str; 10] = [
    "Engineering",
    "Sales",
    "Marketing",
    "Support",
    "Finance",
    "People",
    "Operations",
    "Product",
    "Design",
    "Legal",
];
const FIRST: [&str; 16] = [
    "Ann", "Bob", "Chen", "Dara", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jun", "Kwame", "Lena",
    "Mei", "Noor", "Omar", "Priya",
];
const LAST: [&str; 12] = [
    "Lee", "Stone", "Okafor", "Rossi", "Jensen", "Sato", "Costa", "Nair", "Berg", "Haddad",
    "Walsh", "Tanaka",
];
pub const TOPICS: [&str; 12] = [
    "launch",
    "hiring",
    "security",
    "customers",
    "roadmap",
    "wellbeing",
    "release",
    "design",
    "sales",
    "support",
    "data",
    "office",
];
const KINDS: [&str; 5] = ["like", "celebrate", "support", "insightful", "curious"];

const YEAR_MICROS: i64 = 365 * 86_400 * 1_000_000;
/// Posts written per transaction, with their reactions and comments.
const CHUNK: usize = 10_000;

fn id_at(micros: i64, random: &mut Random) -> String {
    let secs = u64::try_from(micros / 1_000_000).unwrap_or(0);
    let nanos = u32::try_from((micros % 1_000_000) * 1_000).unwrap_or(0);
    let ts = uuid::Timestamp::from_unix(uuid::NoContext, secs, nanos);
    // The random part from our own source, so a seed gives the same ids.
    let mut bytes = *Uuid::new_v7(ts).as_bytes();
    bytes[8..].copy_from_slice(&random.next_u64().to_be_bytes());
    bytes[8] = (bytes[8] & 0x3F) | 0x80;
    Uuid::from_bytes(bytes).to_string()
}

/// A post as the rest of the set refers to it.
struct Written {
    id: String,
    group: Option<usize>,
    created_at: i64,
    company: bool,
}

/// Fills `db`, which must hold no people yet, and says how long each part took.
pub fn seed(db: &Db, shape: &Shape, seed: u64, now: i64) -> Result<Timings, String> {
    let mut random = Random::new(seed);
    let mut timings = Timings::default();
    let err = |e: DbError| e.to_string();
    let existing = db.read(hearth_db::users::count).map_err(err)?;
    if existing > 0 {
        return Err(format!(
            "the database already has {existing} people; seed an empty one"
        ));
    }
    let start = now - YEAR_MICROS;
    let hash = hearth_server::auth::password::hash(PASSWORD)?;

    // People: the first is the admin.
    let started = Instant::now();
    let mut user_ids = Vec::with_capacity(shape.users);
    let mut people = Vec::with_capacity(shape.users);
    for n in 0..shape.users {
        let joined = start + (n as i64 * YEAR_MICROS / 10) / shape.users.max(1) as i64;
        let id = id_at(joined, &mut random);
        let department = DEPARTMENTS[n % DEPARTMENTS.len()];
        people.push(UserRecord {
            id: id.clone(),
            username: format!("user{n:05}"),
            email: format!("user{n:05}@bench.example"),
            password_hash: hash.clone(),
            display_name: format!("{} {} {n}", random.pick(&FIRST), random.pick(&LAST)),
            role: if n == 0 { "admin" } else { "member" },
            title: Some(format!("{department} specialist")),
            department: Some(department.to_owned()),
            skills: vec![random.pick(&TOPICS).to_string()],
            created_at: joined,
        });
        user_ids.push(id);
    }
    for chunk in people.chunks(CHUNK) {
        db.write(|conn| bulk::users(conn, chunk)).map_err(err)?;
    }
    timings.record("users", people.len(), started);
    drop(people);

    // Days with a visit over the last 90 days: from almost every day to hardly ever.
    let started = Instant::now();
    let today = hearth_db::health::day_of(now);
    let mut visits = Vec::new();
    for id in &user_ids {
        let keen = random.unit();
        for day in today - 90..today {
            if random.unit() < keen * 0.6 {
                visits.push((day, id.clone()));
            }
        }
    }
    for chunk in visits.chunks(CHUNK * 5) {
        db.write(|conn| bulk::presence(conn, chunk)).map_err(err)?;
    }
    timings.record("presence days", visits.len(), started);
    drop(visits);

    // Follows: a few people are followed by thousands.
    let started = Instant::now();
    let mut follows = Vec::new();
    for (n, follower) in user_ids.iter().enumerate() {
        let mut chosen = std::collections::HashSet::new();
        while chosen.len() < shape.follows_per_user.min(shape.users - 1) {
            let followee = random.skewed(shape.users, 3.0);
            if followee != n {
                chosen.insert(followee);
            }
        }
        for followee in chosen {
            let at = start + random.below(YEAR_MICROS as usize) as i64;
            follows.push((follower.clone(), user_ids[followee].clone(), at));
        }
    }
    for chunk in follows.chunks(CHUNK * 5) {
        db.write(|conn| bulk::follows(conn, chunk)).map_err(err)?;
    }
    timings.record("follows", follows.len(), started);
    drop(follows);

    // Communities: 5 to 2,000 members (log-uniform), one in ten secret, two in ten closed.
    let started = Instant::now();
    let mut communities = Vec::with_capacity(shape.groups);
    let mut members_of: Vec<Vec<usize>> = Vec::with_capacity(shape.groups);
    let mut groups_of: Vec<Vec<usize>> = vec![Vec::new(); shape.users];
    let mut members = Vec::new();
    for g in 0..shape.groups {
        let size = (5f64.ln() + random.unit() * (2000f64.ln() - 5f64.ln())).exp() as usize;
        let who = random.distinct(shape.users, size.max(2));
        let privacy = match g % 10 {
            0 => "secret",
            1 | 2 => "closed",
            _ => "open",
        };
        let created = start + random.below((YEAR_MICROS / 12) as usize) as i64;
        let id = id_at(created, &mut random);
        let topic = TOPICS[g % TOPICS.len()];
        communities.push(CommunityRecord {
            id: id.clone(),
            name: format!("{} {topic} circle {g}", random.pick(&DEPARTMENTS)),
            description: format!("Everything about {topic}, for whoever cares."),
            privacy,
            topics: vec![topic.to_owned()],
            member_count: i32::try_from(who.len()).unwrap_or(i32::MAX),
            created_at: created,
        });
        for (i, &u) in who.iter().enumerate() {
            groups_of[u].push(g);
            members.push(MemberRecord {
                community_id: id.clone(),
                user_id: user_ids[u].clone(),
                role: if i == 0 { "owner" } else { "member" },
                created_at: created,
            });
        }
        members_of.push(who);
    }
    db.write(|conn| bulk::communities(conn, &communities))
        .map_err(err)?;
    for chunk in members.chunks(CHUNK * 5) {
        db.write(|conn| bulk::members(conn, chunk)).map_err(err)?;
    }
    timings.record("communities", communities.len(), started);
    timings.record("memberships", members.len(), started);
    let group_ids: Vec<String> = communities.iter().map(|c| c.id.clone()).collect();
    let open: Vec<bool> = communities.iter().map(|c| c.privacy == "open").collect();
    drop(members);
    drop(communities);

    // How many reactions, comments and shares each post gets: recent posts are likelier.
    let mut reaction_count = vec![0u32; shape.posts];
    for _ in 0..shape.reactions {
        reaction_count[shape.posts - 1 - random.skewed(shape.posts, 2.0)] += 1;
    }
    let mut comment_count = vec![0u32; shape.posts];
    for _ in 0..shape.comments {
        comment_count[shape.posts - 1 - random.skewed(shape.posts, 2.0)] += 1;
    }
    let mut share_count = vec![0u32; shape.posts];
    for _ in 0..shape.shares {
        share_count[shape.posts - 1 - random.skewed(shape.posts, 2.0)] += 1;
    }

    // Posts over the year, with their reactions and comments.
    let started = Instant::now();
    let (mut reactions_written, mut comments_written) = (0usize, 0usize);
    let mut written: Vec<Written> = Vec::with_capacity(shape.posts);
    let step = YEAR_MICROS / shape.posts.max(1) as i64;
    for first in (0..shape.posts).step_by(CHUNK) {
        let last = (first + CHUNK).min(shape.posts);
        let mut posts = Vec::with_capacity(last - first);
        let mut reactions = Vec::new();
        let mut comments = Vec::new();
        for i in first..last {
            let created = start + i as i64 * step + random.below(step.max(1) as usize) as i64;
            let author = random.skewed(shape.users, 2.0);
            let group = if random.unit() < 0.4 || groups_of[author].is_empty() {
                None
            } else {
                Some(*random.pick(&groups_of[author]))
            };
            let company = group.is_none_or(|g| open[g]);
            let id = id_at(created, &mut random);
            let audience: &[usize] = match group {
                Some(g) => &members_of[g],
                None => &[],
            };
            let pool = if audience.is_empty() {
                shape.users
            } else {
                audience.len()
            };
            let mut by_kind = [0i32; 5];
            for r in random.distinct(pool, reaction_count[i] as usize) {
                let user = if audience.is_empty() { r } else { audience[r] };
                let kind = if random.unit() < 0.6 {
                    0
                } else {
                    1 + random.below(4)
                };
                by_kind[kind] += 1;
                reactions.push(ReactionRecord {
                    post_id: id.clone(),
                    user_id: user_ids[user].clone(),
                    kind: KINDS[kind],
                    created_at: (created + random.below(86_400_000_000) as i64).min(now),
                });
            }
            let mut top_level: Vec<String> = Vec::new();
            let mut answered_at = None;
            for c in 0..comment_count[i] {
                let r = random.below(pool);
                let user = if audience.is_empty() { r } else { audience[r] };
                let parent = (!top_level.is_empty() && random.unit() < 0.2)
                    .then(|| random.pick(&top_level).clone());
                let at = (created + (c as i64 + 1) * 60_000_000).min(now);
                let comment_id = id_at(at, &mut random);
                if parent.is_none() {
                    top_level.push(comment_id.clone());
                }
                if user != author {
                    answered_at = answered_at.or(Some(at));
                }
                comments.push(CommentRecord {
                    id: comment_id,
                    post_id: id.clone(),
                    parent_id: parent,
                    author_id: user_ids[user].clone(),
                    body: format!("Thanks for sharing, comment {c}."),
                    body_html: format!("<p>Thanks for sharing, comment {c}.</p>\n"),
                    created_at: at,
                });
            }
            let topic = random.pick(&TOPICS);
            posts.push(PostRecord {
                id: id.clone(),
                author_id: user_ids[author].clone(),
                group_id: group.map(|g| group_ids[g].clone()),
                title: (i % 20 == 0).then(|| format!("Notes on {topic}, part {i}")),
                body: format!("Update {i} on **{topic}**: progress, next steps and thanks to the team. #{topic}"),
                body_html: format!("<p>Update {i} on <strong>{topic}</strong>: progress, next steps and thanks to the team. #{topic}</p>\n"),
                topics: vec![topic.to_string()],
                shared_post_id: None,
                reactions: by_kind,
                comment_count: i32::try_from(comment_count[i]).unwrap_or(i32::MAX),
                share_count: i32::try_from(share_count[i]).unwrap_or(i32::MAX),
                in_company_feed: company,
                created_at: created,
                answered_at,
            });
            written.push(Written {
                id,
                group,
                created_at: created,
                company,
            });
        }
        reactions_written += reactions.len();
        comments_written += comments.len();
        db.write(|conn| {
            bulk::posts(conn, &posts)?;
            search::index_new_posts(conn, &search_rows(&posts))?;
            bulk::reactions(conn, &reactions)?;
            bulk::comments(conn, &comments)
        })
        .map_err(err)?;
    }
    timings.record("posts", shape.posts, started);
    timings.record("reactions", reactions_written, started);
    timings.record("comments", comments_written, started);

    // Shares: company-wide, or within the community when its posts may not leave it.
    let started = Instant::now();
    let mut shares = Vec::with_capacity(shape.shares);
    for (i, original) in written.iter().enumerate() {
        for _ in 0..share_count[i] {
            let sharer = random.skewed(shape.users, 2.0);
            let created = (original.created_at + random.below(86_400_000_000) as i64).min(now);
            let group = if original.company {
                None
            } else {
                original.group
            };
            shares.push(PostRecord {
                id: id_at(created, &mut random),
                author_id: user_ids[sharer].clone(),
                group_id: group.map(|g| group_ids[g].clone()),
                title: None,
                body: "Worth a read.".into(),
                body_html: "<p>Worth a read.</p>\n".into(),
                topics: Vec::new(),
                shared_post_id: Some(original.id.clone()),
                reactions: [0; 5],
                comment_count: 0,
                share_count: 0,
                in_company_feed: group.is_none_or(|g| open[g]),
                created_at: created,
                answered_at: None,
            });
        }
    }
    for chunk in shares.chunks(CHUNK) {
        db.write(|conn| {
            bulk::posts(conn, chunk)?;
            search::index_new_posts(conn, &search_rows(chunk))
        })
        .map_err(err)?;
    }
    timings.record("shares", shares.len(), started);

    let started = Instant::now();
    db.read(bulk::analyze).map_err(err)?;
    timings.record("statistics", 0, started);
    Ok(timings)
}

/// What search indexes of each post: id, title, body.
fn search_rows(posts: &[PostRecord]) -> Vec<(&str, Option<&str>, &str)> {
    posts
        .iter()
        .map(|p| (p.id.as_str(), p.title.as_deref(), p.body.as_str()))
        .collect()
}
