//! Model-based visibility: a generator builds a random organisation through the API —
//! employees and guests, communities of each privacy, memberships, follows, posts, comments,
//! reactions, shares, pins, must-reads and their acknowledgements, reports, privacy changes,
//! removals, deletions and a suspension — while a small reference model records who may see
//! what. Then every read path is compared with the model for every person: each post, the
//! company feed, each community's feed and pinned posts, comments and reactions, profiles,
//! the directory, notifications and their unread count, what is pinned at the top of the
//! home feed (pins and pending must-reads), the moderation queue and one's own reports,
//! community insights and the list of communities one looks after, and the stream replayed
//! from the start; then, with everyone's stream open, a last round of posts, comments and
//! reactions must reach live exactly those the model says may see them.
//!
//! CI runs a few fixed seeds; `HEARTH_MODEL_SEEDS=N` runs N more, random ones.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::time::Duration;

use hearth_common::events::EventBody;
use hearth_common::groups::{CreateGroupRequest, Privacy, UpdateGroupRequest};
use hearth_common::moderation::{CreateReportRequest, ReportReason, ReportTarget};
use hearth_common::notifications::count_lines;
use hearth_common::posts::{CreateCommentRequest, CreatePostRequest, ReactionKind, ShareRequest};
use hearth_common::search::{SearchKind, SearchQuery};
use hearth_common::users::{AdminUpdateUserRequest, DirectoryQuery};

use crate::helpers::{Session, TestApp, EVERYTHING};
use crate::on_both_databases;

/// Seeds every CI run checks.
const FIXED_SEEDS: [u64; 2] = [7, 2026];

on_both_databases!(every_read_path_agrees_with_the_model);

async fn every_read_path_agrees_with_the_model(app: TestApp) {
    let extra: u64 = std::env::var("HEARTH_MODEL_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let random = (0..extra).map(|i| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        nanos ^ (i << 32)
    });
    // One server, one organisation per seed: names are prefixed by the seed's round.
    for (round, seed) in FIXED_SEEDS.into_iter().chain(random).enumerate() {
        eprintln!("model visibility: seed {seed}");
        let mut org = Org::build(&app, seed, round).await;
        org.compare().await;
        org.compare_live(seed).await;
    }
}

/// A small deterministic generator (64-bit LCG), so a failing seed can be replayed.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

struct Person {
    session: Session,
    guest: bool,
    admin: bool,
    suspended: bool,
}

struct Community {
    id: String,
    owner: usize,
    privacy: Privacy,
    members: BTreeSet<usize>,
}

struct PostModel {
    id: String,
    author: usize,
    group: Option<usize>,
    deleted: bool,
    shared: Option<usize>,
}

struct MustReadModel {
    post: usize,
    marked_by: usize,
    /// Fixed when it was marked: who was asked to acknowledge it.
    audience: BTreeSet<usize>,
    acknowledged: BTreeSet<usize>,
}

struct Org {
    people: Vec<Person>,
    groups: Vec<Community>,
    posts: Vec<PostModel>,
    /// (post index, person) for every comment, reaction and their authors.
    comments: Vec<(usize, usize)>,
    reactions: BTreeMap<(usize, usize), ReactionKind>,
    pins: BTreeSet<usize>,
    must_reads: Vec<MustReadModel>,
    /// (post, reporter).
    reports: Vec<(usize, usize)>,
}

impl Org {
    async fn build(app: &TestApp, seed: u64, round: usize) -> Org {
        let mut dice = Dice(seed);
        let mut org = Org {
            people: Vec::new(),
            groups: Vec::new(),
            posts: Vec::new(),
            comments: Vec::new(),
            reactions: BTreeMap::new(),
            pins: BTreeSet::new(),
            must_reads: Vec::new(),
            reports: Vec::new(),
        };
        // The first account of the server is its admin; later rounds sign in as them.
        let admin = if round == 0 {
            app.register("admin").await
        } else {
            app.login("admin", crate::helpers::PASSWORD).await.unwrap()
        };
        org.people.push(Person {
            session: admin,
            guest: false,
            admin: true,
            suspended: false,
        });
        for i in 0..6 {
            let session = app.register(&format!("r{round}emp{i}")).await;
            org.people.push(Person {
                session,
                guest: false,
                admin: false,
                suspended: false,
            });
        }
        // Communities, each owned by an employee.
        for g in 0..4 {
            let owner = 1 + dice.below(6);
            let privacy = [Privacy::Open, Privacy::Closed, Privacy::Secret][dice.below(3)];
            let id = org.people[owner]
                .session
                .client
                .create_group(&CreateGroupRequest {
                    name: format!("r{round} community {g}"),
                    description: String::new(),
                    privacy,
                    topics: None,
                })
                .await
                .unwrap()
                .id;
            org.groups.push(Community {
                id,
                owner,
                privacy,
                members: [owner].into(),
            });
        }
        // Employees join (open), ask and are approved (closed) or are invited (secret).
        for g in 0..org.groups.len() {
            let owner = org.groups[g].owner;
            for p in 1..org.people.len() {
                if org.groups[g].members.contains(&p) || !dice.chance(45) {
                    continue;
                }
                org.admit(g, owner, p).await;
            }
        }
        // Two guests, each invited into one community.
        for i in 0..2 {
            let g = dice.below(org.groups.len());
            let owner = org.groups[g].owner;
            let email = format!("r{round}guest{i}@example.com");
            let code = org.people[owner]
                .session
                .client
                .guest_invite(&org.groups[g].id, &email)
                .await
                .unwrap()
                .invite_code;
            let mut request = crate::helpers::register_request(&format!("r{round}guest{i}"));
            request.email = email;
            request.invite_code = Some(code);
            let auth = app.anon.register(&request).await.unwrap();
            org.people.push(Person {
                session: Session {
                    user: auth.user.clone(),
                    client: app.anon.with_token(&auth.access_token),
                    auth,
                },
                guest: true,
                admin: false,
                suspended: false,
            });
            org.groups[g].members.insert(org.people.len() - 1);
        }
        // Follows: every follow notifies, guests included (it must not reach them from
        // people outside their communities).
        for _ in 0..12 {
            let (a, b) = (dice.below(org.people.len()), dice.below(org.people.len()));
            let target = org.people[b].session.id().to_owned();
            if a != b && org.sees_person(a, b) {
                org.people[a].session.client.follow(&target).await.unwrap();
            }
        }
        // Posts: company-wide by employees, in communities by members; some with mentions.
        for n in 0..24 {
            let author = dice.below(org.people.len());
            let group = if org.people[author].guest || dice.chance(60) {
                let mine: Vec<usize> = (0..org.groups.len())
                    .filter(|g| org.groups[*g].members.contains(&author))
                    .collect();
                if mine.is_empty() {
                    continue;
                }
                Some(mine[dice.below(mine.len())])
            } else {
                None
            };
            let mentioned = org.people[dice.below(org.people.len())]
                .session
                .user
                .username
                .clone();
            let body = format!("post {n} for @{mentioned}");
            let post = org.people[author]
                .session
                .client
                .create_post(&CreatePostRequest {
                    body,
                    title: None,
                    group_id: group.map(|g| org.groups[g].id.clone()),
                    attachments: Vec::new(),
                })
                .await
                .unwrap();
            org.posts.push(PostModel {
                id: post.id,
                author,
                group,
                deleted: false,
                shared: None,
            });
        }
        // Comments, reactions and shares by people who may see the post.
        for _ in 0..40 {
            let p = dice.below(org.posts.len());
            let who = dice.below(org.people.len());
            if !org.sees_post(who, p) {
                continue;
            }
            let client = org.people[who].session.client.clone();
            let id = org.posts[p].id.clone();
            match dice.below(3) {
                0 => {
                    client
                        .comment(
                            &id,
                            &CreateCommentRequest {
                                body: "a comment".into(),
                                parent_id: None,
                                attachments: Vec::new(),
                            },
                        )
                        .await
                        .unwrap();
                    org.comments.push((p, who));
                }
                1 => {
                    let kind = ReactionKind::ALL[dice.below(5)];
                    client.react(&id, Some(kind)).await.unwrap();
                    org.reactions.insert((p, who), kind);
                }
                _ => {
                    let original = &org.posts[p];
                    let open = original
                        .group
                        .is_none_or(|g| org.groups[g].privacy == Privacy::Open);
                    if org.people[who].guest || !open {
                        continue;
                    }
                    let share = client.share(&id, &ShareRequest::default()).await.unwrap();
                    org.posts.push(PostModel {
                        id: share.id,
                        author: who,
                        group: None,
                        deleted: false,
                        shared: Some(p),
                    });
                }
            }
        }
        org.manage(&mut dice).await;
        // Changes after the fact: a privacy change, a removal, a deletion, a suspension.
        let g = dice.below(org.groups.len());
        let privacy = [Privacy::Open, Privacy::Closed, Privacy::Secret][dice.below(3)];
        let owner = org.groups[g].owner;
        let gid = org.groups[g].id.clone();
        org.people[owner]
            .session
            .client
            .update_group(
                &gid,
                &UpdateGroupRequest {
                    privacy: Some(privacy),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        org.groups[g].privacy = privacy;
        let removable: Vec<usize> = org.groups[g]
            .members
            .iter()
            .copied()
            .filter(|m| *m != owner)
            .collect();
        if !removable.is_empty() {
            let gone = removable[dice.below(removable.len())];
            let uid = org.people[gone].session.id().to_owned();
            org.people[owner]
                .session
                .client
                .remove_member(&gid, &uid)
                .await
                .unwrap();
            org.groups[g].members.remove(&gone);
        }
        // A post its author can still see (a guest removed from the community cannot).
        let deletable: Vec<usize> = (0..org.posts.len())
            .filter(|p| org.sees_post(org.posts[*p].author, *p))
            .collect();
        let doomed = deletable[dice.below(deletable.len())];
        let author = org.posts[doomed].author;
        let pid = org.posts[doomed].id.clone();
        org.people[author]
            .session
            .client
            .delete_post(&pid)
            .await
            .unwrap();
        org.posts[doomed].deleted = true;
        let suspended = 1 + dice.below(6);
        let uid = org.people[suspended].session.id().to_owned();
        org.people[0]
            .session
            .client
            .admin_update_user(
                &uid,
                &AdminUpdateUserRequest {
                    role: None,
                    suspended: Some(true),
                },
            )
            .await
            .unwrap();
        org.people[suspended].suspended = true;
        org
    }

    /// What those who look after communities add: each owner pins a post of their community
    /// and makes one a must-read, the admin does both company-wide, some of each audience
    /// acknowledge, and people report posts they can see (at most two reports each, so none
    /// is hidden).
    async fn manage(&mut self, dice: &mut Dice) {
        let mut places: Vec<Option<usize>> = (0..self.groups.len()).map(Some).collect();
        places.push(None);
        for place in places {
            let here: Vec<usize> = (0..self.posts.len())
                .filter(|p| self.posts[*p].group == place)
                .collect();
            if here.is_empty() {
                continue;
            }
            let (manager, audience): (usize, BTreeSet<usize>) = match place {
                Some(g) => (self.groups[g].owner, self.groups[g].members.clone()),
                None => (
                    0,
                    (0..self.people.len())
                        .filter(|p| !self.people[*p].guest)
                        .collect(),
                ),
            };
            let client = self.people[manager].session.client.clone();
            if dice.chance(70) {
                let p = here[dice.below(here.len())];
                client.pin_post(&self.posts[p].id).await.unwrap();
                self.pins.insert(p);
            }
            if dice.chance(70) {
                let p = here[dice.below(here.len())];
                client.mark_must_read(&self.posts[p].id, 3).await.unwrap();
                let mut acknowledged = BTreeSet::new();
                for &a in &audience {
                    if dice.chance(40) {
                        let reader = &self.people[a].session.client;
                        reader.acknowledge(&self.posts[p].id).await.unwrap();
                        acknowledged.insert(a);
                    }
                }
                self.must_reads.push(MustReadModel {
                    post: p,
                    marked_by: manager,
                    audience,
                    acknowledged,
                });
            }
        }
        for _ in 0..8 {
            let p = dice.below(self.posts.len());
            let who = dice.below(self.people.len());
            let times = self.reports.iter().filter(|(rp, _)| *rp == p).count();
            let again = self.reports.contains(&(p, who));
            if !self.sees_post(who, p) || self.posts[p].author == who || times >= 2 || again {
                continue;
            }
            let request = CreateReportRequest {
                target_kind: ReportTarget::Post,
                target_id: self.posts[p].id.clone(),
                reason: ReportReason::Spam,
                details: String::new(),
            };
            self.people[who]
                .session
                .client
                .report(&request)
                .await
                .unwrap();
            self.reports.push((p, who));
        }
    }

    /// `owner` brings `p` into community `g`, the way its privacy allows.
    async fn admit(&mut self, g: usize, owner: usize, p: usize) {
        let id = self.groups[g].id.clone();
        let owner_client = self.people[owner].session.client.clone();
        let client = self.people[p].session.client.clone();
        let uid = self.people[p].session.id().to_owned();
        match self.groups[g].privacy {
            Privacy::Open => {
                client.join_group(&id).await.unwrap();
            }
            Privacy::Closed => {
                client.join_group(&id).await.unwrap();
                owner_client.approve_request(&id, &uid).await.unwrap();
            }
            Privacy::Secret => {
                owner_client.invite_to_group(&id, &uid).await.unwrap();
                client.join_group(&id).await.unwrap();
            }
        }
        self.groups[g].members.insert(p);
    }

    // The reference model.

    fn member(&self, p: usize, g: usize) -> bool {
        self.groups[g].members.contains(&p)
    }

    fn is_guest(&self, p: usize) -> bool {
        self.person(p).is_some_and(|p| p.guest)
    }

    fn sees_post(&self, viewer: usize, p: usize) -> bool {
        let post = &self.posts[p];
        if post.deleted || self.people[post.author].suspended {
            return false;
        }
        let employee = !self.people[viewer].guest;
        match post.group {
            None => employee,
            Some(g) => {
                self.member(viewer, g) || (employee && self.groups[g].privacy == Privacy::Open)
            }
        }
    }

    fn sees_person(&self, viewer: usize, person: usize) -> bool {
        if viewer == person {
            return true;
        }
        if self.person(person).is_some_and(|p| p.suspended) && !self.people[viewer].admin {
            return false;
        }
        !self.is_guest(viewer)
            || (0..self.groups.len()).any(|g| self.member(viewer, g) && self.member(person, g))
    }

    /// Whether a guest's rule lets `viewer` see who `person` is (comment authors are shown
    /// whether or not they were suspended since).
    fn fellow(&self, viewer: usize, person: usize) -> bool {
        viewer == person
            || !self.is_guest(viewer)
            || (0..self.groups.len()).any(|g| self.member(viewer, g) && self.member(person, g))
    }

    /// The person with this id in this round's organisation. The server may hold people of
    /// earlier rounds (other seeds): only employees may see those, and they stand for an
    /// employee outside every community of this round.
    /// Whether `viewer` sees a comment by `author`: comments of suspended people are gone
    /// for everyone, as their posts are.
    fn sees_comment_by(&self, viewer: usize, author: usize) -> bool {
        !self.person(author).is_some_and(|p| p.suspended) && self.fellow(viewer, author)
    }

    fn sees_group(&self, viewer: usize, g: usize) -> bool {
        self.member(viewer, g)
            || (!self.people[viewer].guest && self.groups[g].privacy != Privacy::Secret)
    }

    fn reads_group(&self, viewer: usize, g: usize) -> bool {
        self.member(viewer, g)
            || (!self.people[viewer].guest && self.groups[g].privacy == Privacy::Open)
    }

    /// Owners (the only moderators here) and admins look after a community they can see.
    fn looks_after(&self, viewer: usize, g: usize) -> bool {
        self.sees_group(viewer, g) && (self.people[viewer].admin || self.groups[g].owner == viewer)
    }

    /// What is at the top of the home feed: pins of company-wide posts (employees) and of
    /// the viewer's communities, and must-reads the viewer was asked to acknowledge and has
    /// not; of those, what the viewer may still see.
    fn home_pinned(&self, viewer: usize) -> BTreeSet<usize> {
        let pinned = self
            .pins
            .iter()
            .copied()
            .filter(|p| match self.posts[*p].group {
                None => !self.people[viewer].guest,
                Some(g) => self.member(viewer, g),
            });
        let pending = self
            .must_reads
            .iter()
            .filter(|m| m.audience.contains(&viewer) && !m.acknowledged.contains(&viewer))
            .map(|m| m.post);
        pinned
            .chain(pending)
            .filter(|p| self.sees_post(viewer, *p))
            .collect()
    }

    /// Reports of community posts go to its owner, of company-wide posts to admins; nobody
    /// handles reports of their own posts.
    fn handles_report_of(&self, viewer: usize, p: usize) -> bool {
        self.posts[p].author != viewer
            && match self.posts[p].group {
                Some(g) => self.groups[g].owner == viewer,
                None => self.people[viewer].admin,
            }
    }

    fn index_of_group(&self, id: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.id == id)
    }

    fn index_of_person(&self, id: &str) -> usize {
        self.people
            .iter()
            .position(|p| p.session.id() == id)
            .unwrap_or(usize::MAX)
    }

    fn person(&self, i: usize) -> Option<&Person> {
        self.people.get(i)
    }

    fn index_of_post(&self, id: &str) -> Option<usize> {
        self.posts.iter().position(|p| p.id == id)
    }

    // The comparison.

    async fn compare(&mut self) {
        let all = EVERYTHING;
        for v in 0..self.people.len() {
            if self.people[v].suspended {
                continue;
            }
            let name = self.people[v].session.user.username.clone();
            let client = self.people[v].session.client.clone();
            // Every post, by id; comments and reactions of the visible ones.
            for p in 0..self.posts.len() {
                let got = client.post(&self.posts[p].id).await;
                let want = self.sees_post(v, p);
                assert_eq!(got.is_ok(), want, "{name} reading post {p}: {got:?}");
                if let Some(shared) = self.posts[p].shared.filter(|_| want) {
                    let embedded = got.unwrap().shared_post.unwrap();
                    assert_eq!(
                        embedded.available,
                        self.sees_post(v, shared),
                        "{name}: share {p} of post {shared}"
                    );
                }
                if !want {
                    continue;
                }
                let comments = client
                    .comments(&self.posts[p].id, &all)
                    .await
                    .unwrap()
                    .items;
                for c in &comments {
                    let author = self.index_of_person(&c.author.id);
                    assert!(
                        self.sees_comment_by(v, author),
                        "{name}: comment by {author}"
                    );
                }
                let expected = self
                    .comments
                    .iter()
                    .filter(|(cp, who)| *cp == p && self.sees_comment_by(v, *who))
                    .count();
                assert_eq!(comments.len(), expected, "{name}: comments on post {p}");
                let reactions = client
                    .reactions(&self.posts[p].id, &all)
                    .await
                    .unwrap()
                    .items;
                let expected: BTreeSet<usize> = self
                    .reactions
                    .keys()
                    .filter(|(rp, who)| *rp == p && self.sees_person(v, *who))
                    .map(|(_, who)| *who)
                    .collect();
                let got: BTreeSet<usize> = reactions
                    .iter()
                    .map(|r| self.index_of_person(&r.user.id))
                    .collect();
                assert_eq!(got, expected, "{name}: reactions on post {p}");
            }
            // The company feed, and each community's feed.
            let company = client.company_feed(&all).await;
            if self.people[v].guest {
                assert!(company.is_err(), "{name}: a guest reads the company feed");
            } else {
                let got: BTreeSet<String> = company
                    .unwrap()
                    .items
                    .into_iter()
                    .map(|p| p.id)
                    .filter(|id| self.index_of_post(id).is_some())
                    .collect();
                let want: BTreeSet<String> = (0..self.posts.len())
                    .filter(|p| {
                        self.sees_post(v, *p)
                            && self.posts[*p]
                                .group
                                .is_none_or(|g| self.groups[g].privacy == Privacy::Open)
                    })
                    .map(|p| self.posts[p].id.clone())
                    .collect();
                assert_eq!(got, want, "{name}: company feed");
            }
            self.compare_search(v).await;
            for g in 0..self.groups.len() {
                if let Ok(page) = client.group_posts(&self.groups[g].id, &all).await {
                    for post in page.items {
                        let p = self.index_of_post(&post.id).unwrap();
                        assert!(self.sees_post(v, p), "{name}: community {g} shows post {p}");
                    }
                }
            }
            // Profiles and the directory.
            for other in 0..self.people.len() {
                let got = client.user(self.people[other].session.id()).await;
                assert_eq!(
                    got.is_ok(),
                    self.sees_person(v, other),
                    "{name} reading person {other}"
                );
            }
            let directory = client
                .users(&DirectoryQuery {
                    q: None,
                    limit: Some(100),
                    cursor: None,
                })
                .await
                .unwrap()
                .items;
            for listed in directory {
                let other = self.index_of_person(&listed.id);
                assert!(
                    self.sees_person(v, other),
                    "{name}: directory lists {other}"
                );
            }
            // Notifications, and the unread count that must match them.
            let notes = client.notifications(&all).await.unwrap().items;
            for n in &notes {
                let actor = self.index_of_person(&n.actor.id);
                assert!(self.sees_person(v, actor), "{name}: told of {actor}");
                if let Some(p) = n
                    .post
                    .as_ref()
                    .and_then(|post| self.index_of_post(&post.id))
                {
                    assert!(self.sees_post(v, p), "{name}: told of post {p}");
                }
            }
            let unread = notes.iter().filter(|n| !n.read).map(|n| n.line_key());
            let unread = count_lines(unread) as u64;
            assert_eq!(
                client.unread_notifications().await.unwrap(),
                unread,
                "{name}"
            );
            self.compare_managed(v).await;
            // The stream, replayed from the start.
            self.compare_replay(v).await;
        }
    }

    /// Search as `v` uses it: every post and every comment found is one they may read, and
    /// all of those are found (every post says "post", every comment "comment").
    async fn compare_search(&self, v: usize) {
        let name = &self.people[v].session.user.username;
        let client = &self.people[v].session.client;
        let found = |kind| async move {
            let mut ids = Vec::new();
            let mut query = SearchQuery {
                q: if kind == SearchKind::Posts {
                    "post"
                } else {
                    "comment"
                }
                .into(),
                kind: Some(kind),
                limit: Some(100),
                cursor: None,
            };
            loop {
                let page = client.search(&query).await.unwrap();
                ids.extend(page.items);
                match page.next_cursor {
                    Some(next) => query.cursor = Some(next),
                    None => return ids,
                }
            }
        };
        let posts: BTreeSet<usize> = found(SearchKind::Posts)
            .await
            .iter()
            .filter_map(|hit| self.index_of_post(&hit.post()?.id))
            .collect();
        for p in &posts {
            assert!(self.sees_post(v, *p), "{name}: search finds post {p}");
        }
        let want: BTreeSet<usize> = (0..self.posts.len())
            .filter(|p| self.posts[*p].shared.is_none() && self.sees_post(v, *p))
            .collect();
        let originals: BTreeSet<usize> = posts
            .into_iter()
            .filter(|p| self.posts[*p].shared.is_none())
            .collect();
        assert_eq!(originals, want, "{name}: posts found");
        // Comments on the model's posts (the stream checks write others).
        let comments: Vec<_> = found(SearchKind::Comments)
            .await
            .into_iter()
            .filter_map(|hit| {
                let c = hit.comment()?.clone();
                Some((self.index_of_post(&c.post_id)?, c))
            })
            .collect();
        for (p, c) in &comments {
            let p = *p;
            let author = self.index_of_person(&c.author.id);
            assert!(
                self.sees_post(v, p) && self.sees_comment_by(v, author),
                "{name}: search finds a comment by {author} on post {p}"
            );
        }
        let want = self
            .comments
            .iter()
            .filter(|(p, who)| self.sees_post(v, *p) && self.sees_comment_by(v, *who))
            .count();
        assert_eq!(comments.len(), want, "{name}: comments found");
    }

    /// Pins, must-reads, reports and insights as `v` reads them.
    async fn compare_managed(&self, v: usize) {
        let name = &self.people[v].session.user.username;
        let client = &self.people[v].session.client;
        let got: BTreeSet<usize> = client
            .home_pinned()
            .await
            .unwrap()
            .items
            .iter()
            .filter_map(|item| self.index_of_post(&item.post.id))
            .collect();
        assert_eq!(got, self.home_pinned(v), "{name}: top of the home feed");
        for g in 0..self.groups.len() {
            let pinned = client.group_pinned(&self.groups[g].id).await;
            assert_eq!(
                pinned.is_ok(),
                self.reads_group(v, g),
                "{name}: pinned posts of community {g}: {pinned:?}"
            );
            if let Ok(pinned) = pinned {
                let got: BTreeSet<usize> = pinned
                    .items
                    .iter()
                    .filter_map(|item| self.index_of_post(&item.post.id))
                    .collect();
                let want: BTreeSet<usize> = self
                    .pins
                    .iter()
                    .copied()
                    .filter(|p| self.posts[*p].group == Some(g) && self.sees_post(v, *p))
                    .collect();
                assert_eq!(got, want, "{name}: pinned posts of community {g}");
            }
            let insights = client.community_insights(&self.groups[g].id, None).await;
            let want = if !self.sees_group(v, g) {
                404
            } else if self.looks_after(v, g) {
                200
            } else {
                403
            };
            let status = insights
                .as_ref()
                .map_or_else(|e| e.status().unwrap_or(0), |_| 200);
            assert_eq!(status, want, "{name}: insights of community {g}");
        }
        let listed: BTreeSet<usize> = client
            .community_health_list(None)
            .await
            .unwrap()
            .items
            .iter()
            .filter_map(|line| self.index_of_group(&line.community.id))
            .collect();
        let want: BTreeSet<usize> = (0..self.groups.len())
            .filter(|g| self.looks_after(v, *g))
            .collect();
        assert_eq!(listed, want, "{name}: communities looked after");
        for item in client.insights_todo().await.unwrap().items {
            if let Some(g) = self.index_of_group(&item.community.id) {
                assert!(self.looks_after(v, g), "{name}: to-do of community {g}");
            }
        }
        // The moderation queue: whose reports reach whom; the count is the queue's.
        let queue = client.moderation_queue().await.unwrap().items;
        assert_eq!(
            client.moderation_open_count().await.unwrap() as usize,
            queue.len(),
            "{name}: open count"
        );
        let got: BTreeSet<usize> = queue
            .iter()
            .filter_map(|item| self.index_of_post(&item.target_id))
            .collect();
        let want: BTreeSet<usize> = self
            .reports
            .iter()
            .map(|(p, _)| *p)
            .filter(|p| self.handles_report_of(v, *p))
            .collect();
        assert_eq!(got, want, "{name}: moderation queue");
        let mine: BTreeSet<usize> = client
            .my_reports()
            .await
            .unwrap()
            .iter()
            .filter_map(|r| self.index_of_post(&r.target_id))
            .collect();
        let want: BTreeSet<usize> = self
            .reports
            .iter()
            .filter(|(_, who)| *who == v)
            .map(|(p, _)| *p)
            .collect();
        assert_eq!(mine, want, "{name}: my reports");
    }

    /// Everyone still active listens live while a post goes up in every community and
    /// company-wide, and a random person who may see each comments on and reacts to it: each
    /// listener receives exactly the posts the model lets them see, and only comments and
    /// reactions by people they may see.
    async fn compare_live(&mut self, seed: u64) {
        let mut dice = Dice(seed ^ 0x11fe);
        let listeners: Vec<usize> = (0..self.people.len())
            .filter(|v| !self.people[*v].suspended)
            .collect();
        let mut streams = Vec::new();
        for &v in &listeners {
            streams.push(self.people[v].session.client.stream(None).await.unwrap());
        }
        let mut places: Vec<Option<usize>> = (0..self.groups.len()).map(Some).collect();
        places.push(None);
        let mut fresh = Vec::new();
        for place in places {
            let authors: Vec<usize> = listeners
                .iter()
                .copied()
                .filter(|a| match place {
                    Some(g) => self.member(*a, g),
                    None => !self.people[*a].guest,
                })
                .collect();
            if authors.is_empty() {
                continue;
            }
            let author = authors[dice.below(authors.len())];
            let post = self.people[author]
                .session
                .client
                .create_post(&CreatePostRequest {
                    body: "live".into(),
                    title: None,
                    group_id: place.map(|g| self.groups[g].id.clone()),
                    attachments: Vec::new(),
                })
                .await
                .unwrap();
            self.posts.push(PostModel {
                id: post.id.clone(),
                author,
                group: place,
                deleted: false,
                shared: None,
            });
            let p = self.posts.len() - 1;
            fresh.push(p);
            let readers: Vec<usize> = listeners
                .iter()
                .copied()
                .filter(|r| self.sees_post(*r, p))
                .collect();
            let who = readers[dice.below(readers.len())];
            let client = self.people[who].session.client.clone();
            client
                .comment(
                    &post.id,
                    &CreateCommentRequest {
                        body: "live comment".into(),
                        parent_id: None,
                        attachments: Vec::new(),
                    },
                )
                .await
                .unwrap();
            self.comments.push((p, who));
            client
                .react(&post.id, Some(ReactionKind::Like))
                .await
                .unwrap();
            self.reactions.insert((p, who), ReactionKind::Like);
        }
        for (stream, &v) in streams.iter_mut().zip(&listeners) {
            let name = self.people[v].session.user.username.clone();
            let mut arrived = BTreeSet::new();
            while let Ok(Ok(event)) =
                tokio::time::timeout(Duration::from_millis(700), stream.next()).await
            {
                match &event.body {
                    EventBody::PostCreated(post) => {
                        let p = self.index_of_post(&post.id).unwrap();
                        assert!(self.sees_post(v, p), "{name}: live post {p}");
                        arrived.insert(p);
                    }
                    EventBody::CommentCreated(c) => {
                        let author = self.index_of_person(&c.author.id);
                        assert!(self.fellow(v, author), "{name}: live comment by {author}");
                    }
                    EventBody::PostReactions(r) => {
                        if let Some(who) = &r.user_id {
                            let who = self.index_of_person(who);
                            assert!(self.fellow(v, who), "{name}: live reaction of {who}");
                        }
                    }
                    EventBody::NotificationCreated(n) => {
                        let actor = self.index_of_person(&n.actor.id);
                        assert!(self.sees_person(v, actor), "{name}: live notice of {actor}");
                    }
                    _ => {}
                }
            }
            let expected: BTreeSet<usize> = fresh
                .iter()
                .copied()
                .filter(|p| self.sees_post(v, *p))
                .collect();
            assert_eq!(arrived, expected, "{name}: live posts");
        }
    }

    async fn compare_replay(&self, v: usize) {
        let name = &self.people[v].session.user.username;
        let client = &self.people[v].session.client;
        let mut stream = client.stream(Some(0)).await.expect("stream opens");
        let mut seen = HashSet::new();
        while let Ok(Ok(event)) =
            tokio::time::timeout(Duration::from_millis(700), stream.next()).await
        {
            let (post_id, shared) = match &event.body {
                EventBody::PostCreated(post) => (Some(post.id.clone()), post.shared_post.clone()),
                EventBody::CommentCreated(c) => {
                    let author = self.index_of_person(&c.author.id);
                    assert!(
                        self.fellow(v, author),
                        "{name}: replayed comment by {author}"
                    );
                    (Some(c.post_id.clone()), None)
                }
                EventBody::PostReactions(r) => {
                    if let Some(who) = &r.user_id {
                        let who = self.index_of_person(who);
                        assert!(self.fellow(v, who), "{name}: replayed reaction of {who}");
                    }
                    (Some(r.post_id.clone()), None)
                }
                EventBody::NotificationCreated(n) => {
                    let actor = self.index_of_person(&n.actor.id);
                    assert!(
                        self.sees_person(v, actor),
                        "{name}: replayed notice of {actor}"
                    );
                    (None, None)
                }
                // Only those who handle a report hear of it.
                EventBody::ReportOpened(r) => {
                    if let Some(p) = self.index_of_post(&r.target_id) {
                        assert!(self.handles_report_of(v, p), "{name}: report of post {p}");
                    }
                    (None, None)
                }
                // Acknowledgements reach whoever made it a must-read and its author.
                EventBody::MustReadAcknowledged(a) => {
                    if let Some(p) = self.index_of_post(&a.post_id) {
                        let follows_up = self
                            .must_reads
                            .iter()
                            .any(|m| m.post == p && m.marked_by == v)
                            || self.posts[p].author == v;
                        assert!(follows_up, "{name}: acknowledgements of post {p}");
                    }
                    (None, None)
                }
                // To-do changes reach those who may look after the community.
                EventBody::TodoChanged(t) => {
                    if let Some(g) = self.index_of_group(&t.group_id) {
                        let may = self.people[v].admin || self.groups[g].owner == v;
                        assert!(may, "{name}: to-do of community {g}");
                    }
                    (None, None)
                }
                _ => (None, None),
            };
            if let Some(p) = post_id.and_then(|id| self.index_of_post(&id)) {
                assert!(
                    self.sees_post(v, p) || event.body.kind() == "post.deleted",
                    "{name}: replayed {} of post {p}",
                    event.body.kind()
                );
                seen.insert(p);
            }
            if let Some(p) = shared
                .filter(|s| s.available)
                .and_then(|s| self.index_of_post(&s.id))
            {
                assert!(
                    self.sees_post(v, p),
                    "{name}: replayed share embeds post {p}"
                );
            }
        }
    }
}
