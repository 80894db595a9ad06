//! Search: a fixed English, Dutch and German corpus with the hits of each query written out
//! (the same table on both databases, so both find exactly the same), hostile query strings,
//! and who finds what.

use hearth_common::groups::{CreateGroupRequest, Privacy};
use hearth_common::posts::{CreateCommentRequest, CreatePostRequest};
use hearth_common::search::{SearchHit, SearchKind, SearchQuery};
use hearth_common::users::AdminUpdateUserRequest;

use std::time::Duration;

use diesel::prelude::*;

use crate::helpers::{assert_error, spawn_app_with, Backend, Session, TestApp};
use crate::on_both_databases;

/// As `spawn_app`, with the timed duties (the search backfill among them) every 50 ms.
async fn spawn_indexing(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |config| {
        config.duties_every = Some(Duration::from_millis(50));
    })
    .await
}

on_both_databases!(
    spawn = super::spawn_indexing;
    posts_from_before_search_are_indexed_in_the_background,
);

on_both_databases!(
    a_fixed_corpus_finds_the_same_on_both_databases,
    hostile_queries_are_words_never_syntax,
    nobody_finds_what_they_may_not_read,
    pages_go_through_every_hit_once,
    messages_are_found_only_in_ones_own_conversations,
);

/// (label, title, body), posted company-wide in this order.
const CORPUS: [(&str, Option<&str>, &str); 12] = [
    (
        "council-en",
        Some("Works council"),
        "The works council meets every first Monday.",
    ),
    (
        "meetings-en",
        None,
        "Three meetings moved to Thursday; the meeting room is booked.",
    ),
    (
        "launch-en",
        Some("Launch plan"),
        "Launching the new intranet in March, with training sessions.",
    ),
    (
        "raad-nl",
        Some("Ondernemingsraad"),
        "De ondernemingsraad vergadert op dinsdag.",
    ),
    (
        "vergadering-nl",
        None,
        "Alle vergaderingen van deze week gaan online.",
    ),
    (
        "kinderen-nl",
        None,
        "Kinderen zijn welkom op de familiedag.",
    ),
    (
        "rat-de",
        Some("Betriebsrat"),
        "Der Betriebsrat tagt am Mittwoch in der Kantine.",
    ),
    (
        "raete-de",
        None,
        "Die Betriebsräte aller Standorte treffen sich.",
    ),
    (
        "strasse-de",
        None,
        "Die Hauptstraße ist wegen Bauarbeiten gesperrt.",
    ),
    (
        "cafe",
        None,
        "Coffee at the Café de Flore on Friday — tout le monde est bienvenu.",
    ),
    (
        "sommerfest-de",
        Some("Sommerfest"),
        "Das Sommerfest findet im Juli statt, Anmeldung bis Juni.",
    ),
    (
        "council-title",
        None,
        "A council of volunteers plans the summer party.",
    ),
];

/// A query and the labels it finds, most relevant first (equal relevance: newest first).
const QUERIES: [(&str, &[&str]); 30] = [
    ("works council", &["council-en"]),
    ("council", &["council-en", "council-title"]),
    ("COUNCIL", &["council-en", "council-title"]),
    // "meets" shares the stem "meet": equally relevant, so the newer first.
    ("meeting", &["meetings-en", "council-en"]),
    ("meetings", &["meetings-en", "council-en"]),
    ("launch", &["launch-en"]),
    ("launches", &["launch-en"]),
    ("training", &["launch-en"]),
    ("ondernemingsraad", &["raad-nl"]),
    ("raad", &["raad-nl"]),
    // The Dutch stemmer leaves the verb "vergadert" alone.
    ("vergadering", &["vergadering-nl"]),
    ("vergaderingen", &["vergadering-nl"]),
    ("kind", &["kinderen-nl"]),
    ("familiedag", &["kinderen-nl"]),
    ("betriebsrat", &["rat-de", "raete-de"]),
    // The stem "betriebsrat" stands in the title of rat-de: it counts double.
    ("Betriebsräte", &["rat-de", "raete-de"]),
    ("rat", &["rat-de", "raete-de"]),
    ("betriebsraete", &[]),
    ("hauptstrasse", &["strasse-de"]),
    ("Straße", &["strasse-de"]),
    ("strasse", &["strasse-de"]),
    ("cafe", &["cafe"]),
    ("café", &["cafe"]),
    ("CAFÉ flore", &["cafe"]),
    ("sommerfest juli", &["sommerfest-de"]),
    ("fest", &["sommerfest-de"]),
    ("summer party", &["council-title"]),
    ("council monday", &["council-en"]),
    ("intranet march", &["launch-en"]),
    ("nothing matches this", &[]),
];

fn query(q: &str) -> SearchQuery {
    SearchQuery {
        q: q.into(),
        limit: Some(100),
        ..Default::default()
    }
}

async fn found(who: &Session, q: &str) -> Vec<String> {
    let page = who.client.search(&query(q)).await.unwrap();
    page.items
        .into_iter()
        .map(|hit| hit.post().unwrap().id.clone())
        .collect()
}

async fn a_fixed_corpus_finds_the_same_on_both_databases(app: TestApp) {
    let ann = app.register("ann").await;
    let mut ids = Vec::new();
    for (label, title, body) in CORPUS {
        let request = CreatePostRequest {
            title: title.map(str::to_owned),
            body: body.into(),
            group_id: None,
            attachments: Vec::new(),
        };
        ids.push((label, ann.client.create_post(&request).await.unwrap().id));
    }
    let label = |id: &String| ids.iter().find(|(_, i)| i == id).map(|(l, _)| *l).unwrap();
    let mut wrong = Vec::new();
    for (q, expected) in QUERIES {
        let got: Vec<&str> = found(&ann, q).await.iter().map(label).collect();
        if got != expected {
            wrong.push(format!("{q:?}: got {got:?}, expected {expected:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} queries differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );

    // The snippet marks the words found, as plain text.
    let hit = ann
        .client
        .search(&query("betriebsrat mittwoch"))
        .await
        .unwrap()
        .items;
    let marked: Vec<&str> = hit[0]
        .snippet()
        .iter()
        .filter(|p| p.hit)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(marked, ["Betriebsrat", "Betriebsrat", "Mittwoch"]);

    // An edit is found by its new words only; a deleted post is not found at all.
    let (_, council) = &ids[0];
    let edit = hearth_common::posts::UpdatePostRequest {
        title: Some("Staff forum".into()),
        body: Some("The staff forum meets every first Monday.".into()),
        attachments: None,
    };
    ann.client.update_post(council, &edit).await.unwrap();
    assert_eq!(found(&ann, "works council").await, Vec::<String>::new());
    assert_eq!(
        found(&ann, "staff forum").await,
        std::slice::from_ref(council)
    );
    ann.client.delete_post(council).await.unwrap();
    assert!(found(&ann, "forum").await.is_empty());

    // Comments, by their own words, with the post they are on.
    let (_, cafe) = &ids[9];
    let comment = CreateCommentRequest {
        body: "Ik neem de croissants mee naar het café.".into(),
        parent_id: None,
        attachments: Vec::new(),
    };
    let c = ann.client.comment(cafe, &comment).await.unwrap();
    let comments = SearchQuery {
        kind: Some(SearchKind::Comments),
        ..query("croissant")
    };
    let hits = ann.client.search(&comments).await.unwrap().items;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].comment().map(|c| c.id.clone()), Some(c.id.clone()));
    assert_eq!(&hits[0].post().unwrap().id, cafe);
    ann.client.delete_comment(&c.id).await.unwrap();
    assert!(ann.client.search(&comments).await.unwrap().items.is_empty());
}

async fn hostile_queries_are_words_never_syntax(app: TestApp) {
    let ann = app.register("ann").await;
    let request = CreatePostRequest {
        body: "Quarterly numbers: 100% on target, see \"report\" (final) — done_now".into(),
        ..Default::default()
    };
    let post = ann.client.create_post(&request).await.unwrap().id;
    // Each finds the post by its words; the rest of the string is never syntax.
    let finding = [
        "\"report\"",
        "report*",
        "-report",
        "100%",
        "done_now",
        "(final)",
        "report\\",
        "^report$",
        "report 💥",
        "\"numbers\" -(report)",
        "target: see*",
    ];
    for q in finding {
        assert_eq!(found(&ann, q).await, std::slice::from_ref(&post), "{q:?}");
    }
    // Every word must be found: these have one the post does not.
    for q in [
        "NEAR(report numbers)",
        "report AND numbers",
        "report OR nothing",
        "report'; DROP TABLE posts; --",
    ] {
        assert!(found(&ann, q).await.is_empty(), "{q:?}");
    }
    // Control characters never reach search: the whole address is refused.
    assert_error(
        ann.client.search(&query("report\u{0}\u{7}")).await,
        400,
        "invalid_characters",
    );
    // Nothing to look for, or too much: refused, never a server error.
    for q in ["", "   ", "***", "\"\"", "--", "—"] {
        assert_error(ann.client.search(&query(q)).await, 422, "validation_failed");
    }
    let long = "word ".repeat(41);
    assert_error(
        ann.client.search(&query(&long)).await,
        422,
        "validation_failed",
    );
    let limit = "word ".repeat(40);
    assert!(ann
        .client
        .search(&query(&limit))
        .await
        .unwrap()
        .items
        .is_empty());
    // Wildcards of the databases' LIKE are letters of nobody's words.
    for q in ["%", "_", "%%%", "___"] {
        assert_error(ann.client.search(&query(q)).await, 422, "validation_failed");
    }
    let bad_limit = SearchQuery {
        limit: Some(0),
        ..query("report")
    };
    assert_error(ann.client.search(&bad_limit).await, 400, "invalid_query");
    let bad_cursor = SearchQuery {
        cursor: Some("not-ours".into()),
        ..query("report")
    };
    assert_error(ann.client.search(&bad_cursor).await, 400, "invalid_cursor");
}

async fn community(owner: &Session, name: &str, privacy: Privacy) -> String {
    let request = CreateGroupRequest {
        name: name.into(),
        description: String::new(),
        privacy,
        topics: None,
    };
    owner.client.create_group(&request).await.unwrap().id
}

async fn post_in(who: &Session, group: Option<&str>, body: &str) -> String {
    let request = CreatePostRequest {
        body: body.into(),
        title: None,
        group_id: group.map(str::to_owned),
        attachments: Vec::new(),
    };
    who.client.create_post(&request).await.unwrap().id
}

async fn nobody_finds_what_they_may_not_read(app: TestApp) {
    let admin = app.register("admin").await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let secret = community(&ann, "Project Falcon", Privacy::Secret).await;
    let closed = community(&ann, "Board", Privacy::Closed).await;
    let open = community(&ann, "Partners", Privacy::Open).await;
    let company = post_in(&ann, None, "Falcon news for everyone").await;
    let in_secret = post_in(&ann, Some(&secret), "Falcon acquisition details").await;
    let in_closed = post_in(&ann, Some(&closed), "Falcon budget figures").await;
    let in_open = post_in(&ann, Some(&open), "Falcon partner update").await;
    let code = ann
        .client
        .guest_invite(&open, "gus@example.com")
        .await
        .unwrap()
        .invite_code;
    let gus = app.register_guest("gus", &code).await;
    // Comments: Bob (an employee outside the guest's communities) on the company post, and
    // on the open community's post, where the guest may read the post but not know Bob.
    let say = |body: &str| CreateCommentRequest {
        body: body.into(),
        parent_id: None,
        attachments: Vec::new(),
    };
    bob.client
        .comment(&company, &say("Falcon looks good"))
        .await
        .unwrap();
    bob.client
        .comment(&in_open, &say("Falcon partner call"))
        .await
        .unwrap();
    ann.client
        .comment(&in_open, &say("Falcon partner agenda"))
        .await
        .unwrap();

    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let all = sorted(vec![
        company.clone(),
        in_secret.clone(),
        in_closed.clone(),
        in_open.clone(),
    ]);
    assert_eq!(
        sorted(found(&ann, "falcon").await),
        all,
        "the owner of all three"
    );
    assert_eq!(
        sorted(found(&bob, "falcon").await),
        sorted(vec![company.clone(), in_open.clone()]),
        "an employee outside the closed and the secret community"
    );
    assert_eq!(
        found(&gus, "falcon").await,
        std::slice::from_ref(&in_open),
        "a guest: their community only"
    );
    assert!(
        found(&bob, "acquisition").await.is_empty(),
        "secret: not even a hint"
    );
    assert!(
        found(&admin, "acquisition").await.is_empty(),
        "admins are not members either"
    );

    let comments = |q: &str| SearchQuery {
        kind: Some(SearchKind::Comments),
        ..query(q)
    };
    let guest_comments = gus.client.search(&comments("falcon")).await.unwrap().items;
    let authors: Vec<&str> = guest_comments
        .iter()
        .map(|h| h.comment().unwrap().author.username.as_str())
        .collect();
    assert_eq!(
        authors,
        ["ann"],
        "the guest finds only comments of people they may see"
    );
    assert_eq!(
        bob.client
            .search(&comments("falcon"))
            .await
            .unwrap()
            .items
            .len(),
        3
    );

    // People and communities by name, as the directory and the list of communities show them.
    let named = |kind, q: &str| SearchQuery {
        kind: Some(kind),
        ..query(q)
    };
    let names = |page: hearth_common::page::Page<SearchHit>| -> Vec<String> {
        page.items
            .into_iter()
            .map(|hit| match hit {
                SearchHit::Person { user } => user.username.clone(),
                SearchHit::Community { group } => group.name.clone(),
                other => panic!("not a name: {other:?}"),
            })
            .collect()
    };
    let people = |who: &Session| {
        let client = who.client.clone();
        async move {
            names(
                client
                    .search(&named(SearchKind::People, "b"))
                    .await
                    .unwrap(),
            )
        }
    };
    assert_eq!(people(&ann).await, ["bob"]);
    assert!(people(&gus).await.is_empty(), "the guest does not know Bob");
    let communities = |who: &Session, q: &str| {
        let (client, request) = (who.client.clone(), named(SearchKind::Communities, q));
        async move { names(client.search(&request).await.unwrap()) }
    };
    assert_eq!(communities(&ann, "falcon").await, ["Project Falcon"]);
    assert!(
        communities(&bob, "falcon").await.is_empty(),
        "a secret name is never found"
    );
    assert_eq!(communities(&bob, "o").await, ["Board"]);
    assert_eq!(communities(&gus, "r").await, ["Partners"]);

    // A suspended author's posts and comments are gone from search.
    let suspend = AdminUpdateUserRequest {
        role: None,
        suspended: Some(true),
    };
    admin
        .client
        .admin_update_user(bob.id(), &suspend)
        .await
        .unwrap();
    let ann_comments = ann.client.search(&comments("falcon")).await.unwrap().items;
    assert_eq!(ann_comments.len(), 1, "{ann_comments:?}");
}

async fn pages_go_through_every_hit_once(app: TestApp) {
    let ann = app.register("ann").await;
    let mut posted = Vec::new();
    for n in 0..7 {
        posted.push(post_in(&ann, None, &format!("Standup notes, day {n}")).await);
    }
    let mut seen = Vec::new();
    let mut q = SearchQuery {
        limit: Some(3),
        ..query("standup")
    };
    loop {
        let page = ann.client.search(&q).await.unwrap();
        assert!(page.items.len() <= 3);
        seen.extend(page.items.iter().map(|h| h.post().unwrap().id.clone()));
        match page.next_cursor {
            Some(next) => q.cursor = Some(next),
            None => break,
        }
    }
    posted.reverse();
    assert_eq!(seen, posted, "newest first at equal relevance, each once");
}

async fn posts_from_before_search_are_indexed_in_the_background(app: TestApp) {
    let ann = app.register("ann").await;
    let mut posted = Vec::new();
    for n in 0..3 {
        posted.push(post_in(&ann, None, &format!("Archive note {n}")).await);
    }
    let comment = CreateCommentRequest {
        body: "Archived comment".into(),
        parent_id: None,
        attachments: Vec::new(),
    };
    ann.client.comment(&posted[0], &comment).await.unwrap();
    let bob = app.register("bob").await;
    let chat = ann.client.start_conversation(&[bob.id()]).await.unwrap();
    ann.client
        .send_message(&chat.id, "Archived chat")
        .await
        .unwrap();
    // As an instance upgraded to search finds itself: posts, no index, the backfill to do.
    let database = app.database.clone();
    actix_web::rt::task::spawn_blocking(move || {
        use hearth_db::schema::{comment_terms, instance_settings, message_terms, post_terms};
        let mut conn = database.connect().unwrap();
        diesel::delete(post_terms::table)
            .execute(&mut conn)
            .unwrap();
        diesel::delete(comment_terms::table)
            .execute(&mut conn)
            .unwrap();
        diesel::delete(message_terms::table)
            .execute(&mut conn)
            .unwrap();
        diesel::update(instance_settings::table)
            .set((
                instance_settings::search_backfill_after.eq(Some("")),
                instance_settings::message_backfill_after.eq(Some("")),
            ))
            .execute(&mut conn)
            .unwrap();
    })
    .await
    .unwrap();
    let comments = SearchQuery {
        kind: Some(SearchKind::Comments),
        ..query("archived")
    };
    for _ in 0..100 {
        let posts = found(&ann, "archive note").await;
        let replies = ann.client.search(&comments).await.unwrap().items;
        let chats = messages_found(&bob, "archived").await;
        if posts.len() == 3 && replies.len() == 1 && chats == ["Archived chat"] {
            posted.reverse();
            assert_eq!(posts, posted);
            return;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the backfill did not index the posts within 5 s");
}

fn in_messages(q: &str) -> SearchQuery {
    SearchQuery {
        kind: Some(SearchKind::Messages),
        ..query(q)
    }
}

async fn messages_found(who: &Session, q: &str) -> Vec<String> {
    let page = who.client.search(&in_messages(q)).await.unwrap();
    page.items
        .iter()
        .map(|hit| hit.message().expect("only messages").body.clone())
        .collect()
}

async fn messages_are_found_only_in_ones_own_conversations(app: TestApp) {
    use hearth_common::moderation::{
        CreateReportRequest, DecisionRequest, ModerationAction, ReportReason, ReportTarget,
    };
    let cast = app.cast().await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let theirs = ann.client.start_conversation(&[bob.id()]).await.unwrap();
    let other = ann
        .client
        .start_conversation(&[cast.member.id()])
        .await
        .unwrap();
    let said = "Die Betriebsratssitzung ist am Dienstag.";
    let message = ann.client.send_message(&theirs.id, said).await.unwrap();
    ann.client
        .send_message(&other.id, "Lunch on Dienstag?")
        .await
        .unwrap();
    bob.client
        .send_message(&theirs.id, "Der Betriebsrat tagt wieder.")
        .await
        .unwrap();

    // Both participants find it, by a part of a compound, in another form, without accents.
    assert_eq!(messages_found(&bob, "rat sitzung").await, [said]);
    assert_eq!(messages_found(&ann, "dienstag").await.len(), 2);
    let hit = bob.client.search(&in_messages("sitzung")).await.unwrap();
    let SearchHit::Message {
        message: found,
        snippet,
    } = &hit.items[0]
    else {
        panic!("a message");
    };
    assert_eq!(found.conversation_id, theirs.id);
    assert!(snippet
        .iter()
        .any(|part| part.hit && part.text.to_lowercase().contains("sitzung")));
    // Nobody else: not a member of the other conversation, not an admin, not a guest.
    assert_eq!(
        messages_found(&cast.member, "dienstag").await,
        ["Lunch on Dienstag?"]
    );
    for stranger in [&cast.admin, &cast.manager, &cast.guest] {
        assert!(messages_found(stranger, "betriebsrat").await.is_empty());
        assert!(messages_found(stranger, "dienstag").await.is_empty());
    }
    // Hostile input is words, never syntax.
    for q in [
        "\"sitzung",
        "sitzung*",
        "NEAR(sitzung",
        "-sitzung",
        "sitzung OR 1=1",
    ] {
        assert!(bob.client.search(&in_messages(q)).await.is_ok(), "{q}");
    }

    // A message a moderator removed is found no more.
    bob.client
        .report(&CreateReportRequest {
            target_kind: ReportTarget::Message,
            target_id: message.id.clone(),
            reason: ReportReason::Harassment,
            details: String::new(),
        })
        .await
        .unwrap();
    cast.manager
        .client
        .decide(&DecisionRequest {
            target_kind: ReportTarget::Message,
            target_id: message.id.clone(),
            action: ModerationAction::Remove,
            note: String::new(),
        })
        .await
        .unwrap();
    assert!(messages_found(&bob, "sitzung").await.is_empty());
    assert_eq!(
        messages_found(&bob, "betriebsrat").await,
        ["Der Betriebsrat tagt wieder."]
    );
}
