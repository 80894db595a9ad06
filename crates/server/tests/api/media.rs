//! Uploads end to end: what is accepted, what is served and to whom, the browser's media
//! cookie, attachments and avatars, on both databases.

use std::io::Cursor;
use std::time::Duration;

use hearth_common::conversations::SendMessageRequest;
use hearth_common::groups::{CreateGroupRequest, Privacy};
use hearth_common::media::{Media, MediaStatus, SetImageRequest, UpdateMediaRequest};
use hearth_common::posts::{CreateCommentRequest, CreatePostRequest, UpdatePostRequest};

use crate::helpers::{assert_error, Session, TestApp};
use crate::on_both_databases;

on_both_databases!(
    a_photo_is_served_re_encoded_to_those_who_see_its_post,
    what_is_accepted_comes_from_the_bytes,
    browsers_fetch_with_the_media_cookie,
    avatars_are_seen_by_who_sees_the_person,
    an_upload_is_attached_once_however_many_try,
    comments_messages_and_covers_show_files_to_who_sees_them,
    an_edit_replaces_a_posts_files,
);

/// The same tests with the files in S3 (a real S3-compatible server on loopback).
mod on_s3 {
    use super::*;

    on_both_databases!(
        spawn = crate::helpers::spawn_on_s3;
        a_photo_is_served_re_encoded_to_those_who_see_its_post,
        what_is_accepted_comes_from_the_bytes,
        browsers_fetch_with_the_media_cookie,
        avatars_are_seen_by_who_sees_the_person,
        an_upload_is_attached_once_however_many_try,
    );
}

/// A JPEG with an EXIF block (orientation 6 and a GPS tag) whose stored pixels are 40 × 60.
fn camera_jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 60, |x, _| image::Rgb([(x * 6) as u8, 90, 160]));
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .encode_image(&img)
        .unwrap();
    let mut tiff: Vec<u8> = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend_from_slice(&2u16.to_le_bytes());
    for (tag, kind, value) in [(0x0112u16, 3u16, 6u32), (0x8825, 4, 38)] {
        tiff.extend_from_slice(&tag.to_le_bytes());
        tiff.extend_from_slice(&kind.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&value.to_le_bytes());
    }
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&[1, 0, 2, 0, 2, 0, 0, 0]);
    tiff.extend_from_slice(b"N\0\0\0");
    tiff.extend_from_slice(&0u32.to_le_bytes());
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

async fn ready(who: &Session, media: &Media) -> Media {
    for _ in 0..200 {
        let now = who.client.media(&media.id).await.unwrap();
        if now.status != MediaStatus::Processing {
            return now;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{} still processing", media.id);
}

async fn photo(who: &Session) -> Media {
    let uploaded = who
        .client
        .upload_media("IMG_0001.JPG", &camera_jpeg(), Some("The team at the lake"))
        .await
        .unwrap();
    assert_eq!(uploaded.status, MediaStatus::Processing);
    assert_eq!(uploaded.url, None);
    let done = ready(who, &uploaded).await;
    assert_eq!(done.status, MediaStatus::Ready);
    done
}

/// Status, headers and body of a GET with optional token and extra headers.
async fn get_raw(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut request = reqwest::Client::new().get(format!("{}{path}", app.anon.base_url()));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

fn token(who: &Session) -> Option<&str> {
    who.client.token()
}

async fn a_photo_is_served_re_encoded_to_those_who_see_its_post(app: TestApp) {
    let _admin = app.register("admin").await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let pic = photo(&ann).await;
    // Upright: the camera's 40 × 60 turned a quarter.
    assert_eq!((pic.width, pic.height), (Some(60), Some(40)));
    assert_eq!(pic.alt_text, "The team at the lake");
    let url = pic.url.clone().unwrap();
    // Before it is used, only Ann sees it.
    assert_eq!(get_raw(&app, &url, token(&bob), &[]).await.0, 404);
    let (status, headers, body) = get_raw(&app, &url, token(&ann), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("inline"));
    assert!(body.starts_with(&[0xFF, 0xD8]));
    assert!(
        !body.windows(4).any(|w| w == b"Exif"),
        "no EXIF or GPS left"
    );
    let decoded = image::load_from_memory(&body).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (60, 40));
    // Cached by its ETag; ranges.
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let again = get_raw(&app, &url, token(&ann), &[("if-none-match", &etag)]).await;
    assert_eq!(again.0, 304);
    let part = get_raw(&app, &url, token(&ann), &[("range", "bytes=0-9")]).await;
    assert_eq!(part.0, 206);
    assert_eq!(part.2, body[..10]);
    assert_eq!(
        part.1["content-range"],
        format!("bytes 0-9/{}", body.len()).as_str()
    );
    let outside = get_raw(&app, &url, token(&ann), &[("range", "bytes=999999-")]).await;
    assert_eq!(outside.0, 416);

    // Attached to a post in a secret community: its members see it, nobody else.
    let secret = ann
        .client
        .create_group(&CreateGroupRequest {
            name: "Falcon".into(),
            description: String::new(),
            privacy: Privacy::Secret,
            topics: None,
        })
        .await
        .unwrap()
        .id;
    let post = ann
        .client
        .create_post(&CreatePostRequest {
            body: "Photos from Friday".into(),
            title: None,
            group_id: Some(secret.clone()),
            attachments: vec![pic.id.clone()],
        })
        .await
        .unwrap();
    assert_eq!(post.attachments.len(), 1);
    assert_eq!(post.attachments[0].id, pic.id);
    assert_eq!(get_raw(&app, &url, token(&bob), &[]).await.0, 404);
    assert_error(bob.client.media(&pic.id).await, 404, "not_found");
    let thumb = pic.thumb_url.clone().unwrap();
    assert_eq!(get_raw(&app, &thumb, token(&ann), &[]).await.0, 200);
    // The upload itself is never served, nor variants a photo does not have.
    let file = url.replace("/large", "/file");
    assert_eq!(get_raw(&app, &file, token(&ann), &[]).await.0, 404);
    // Only the uploader describes it.
    let described = ann
        .client
        .update_media(
            &pic.id,
            &UpdateMediaRequest {
                alt_text: "Nine of us at the lake".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(described.alt_text, "Nine of us at the lake");
    // A company-wide post's photo: every employee.
    let open = photo(&ann).await;
    let company = ann
        .client
        .create_post(&CreatePostRequest {
            body: "For everyone".into(),
            title: None,
            group_id: None,
            attachments: vec![open.id.clone()],
        })
        .await
        .unwrap();
    let seen = bob.client.post(&company.id).await.unwrap();
    assert_eq!(seen.attachments[0].id, open.id);
    let open_url = open.url.clone().unwrap();
    assert_eq!(get_raw(&app, &open_url, token(&bob), &[]).await.0, 200);
    assert_error(
        bob.client
            .update_media(&open.id, &UpdateMediaRequest::default())
            .await,
        403,
        "not_author",
    );
    // Deleted with its post.
    ann.client.delete_post(&company.id).await.unwrap();
    assert_eq!(get_raw(&app, &open_url, token(&ann), &[]).await.0, 404);
    // No credentials at all.
    assert_eq!(get_raw(&app, &url, None, &[]).await.0, 401);
}

async fn what_is_accepted_comes_from_the_bytes(app: TestApp) {
    let admin = app.register("admin").await;
    let ann = app.register("ann").await;
    let pdf = ann
        .client
        .upload_media("minutes.png", b"%PDF-1.7\n1 0 obj\n", None)
        .await
        .unwrap();
    assert_eq!(
        pdf.status,
        MediaStatus::Ready,
        "documents are ready at once"
    );
    assert_eq!(pdf.content_type, "application/pdf");
    let (status, headers, _) = get_raw(&app, pdf.url.as_deref().unwrap(), token(&ann), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    // Markup is downloaded as text, never shown.
    for (name, markup) in [
        (
            "cat.svg",
            "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        ),
        ("page.html", "<!doctype html><script>alert(1)</script>"),
    ] {
        let up = ann
            .client
            .upload_media(name, markup.as_bytes(), None)
            .await
            .unwrap();
        assert_eq!(up.kind, hearth_common::media::MediaKind::Document, "{name}");
        let (_, headers, _) = get_raw(&app, up.url.as_deref().unwrap(), token(&ann), &[]).await;
        assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment"));
    }
    // A polyglot that starts as a 1 × 1 GIF but is a script: refused, or accepted and then
    // failed in processing; never served.
    let polyglot = b"GIF89a\x01\x00\x01\x00\x00\x00\x00/*<script>alert(1)</script>*/";
    if let Ok(up) = ann.client.upload_media("x.gif", polyglot, None).await {
        let up = ready(&ann, &up).await;
        assert_eq!(up.status, MediaStatus::Failed);
        assert_eq!(up.url, None);
        let large = format!("/api/v1/media/{}/large", up.id);
        assert_eq!(get_raw(&app, &large, token(&ann), &[]).await.0, 404);
    }
    // Programs, empty files, a decompression bomb, oversized files.
    assert_error(
        ann.client
            .upload_media("setup.pdf", b"MZ\x90\0\x03\0\0\0", None)
            .await,
        415,
        "unsupported_media_type",
    );
    assert_error(
        ann.client.upload_media("empty.txt", b"", None).await,
        415,
        "unsupported_media_type",
    );
    let mut bomb = Vec::new();
    image::RgbImage::new(1, 1)
        .write_to(&mut Cursor::new(&mut bomb), image::ImageFormat::Png)
        .unwrap();
    // Rewrite the header to claim 60,000 × 60,000 (the CRC no longer matches: the size is
    // read, and refused, before anything else).
    bomb[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    let started = std::time::Instant::now();
    let refused = ann.client.upload_media("bomb.png", &bomb, None).await;
    assert!(started.elapsed() < Duration::from_secs(5));
    match refused {
        Err(e) => {
            let text = format!("{e:?}");
            assert!(
                text.contains("image_too_large") || text.contains("unsupported_media_type"),
                "{text}"
            );
        }
        Ok(m) => panic!("a bomb was accepted: {m:?}"),
    }
    let huge = vec![b'a'; 25 * 1024 * 1024 + 1];
    assert_error(
        ann.client.upload_media("big.txt", &huge, None).await,
        413,
        "file_too_large",
    );
    assert_error(
        ann.client
            .upload_media("a.txt", b"fine", Some("bell\u{7}"))
            .await,
        422,
        "validation_failed",
    );
    // Admins see the storage used.
    let usage = admin.client.storage_use().await.unwrap();
    assert!(usage.total_files >= 4);
    assert_eq!(usage.people[0].user.username, "ann");
    assert_error(ann.client.storage_use().await, 403, "admin_only");
}

async fn browsers_fetch_with_the_media_cookie(app: TestApp) {
    let _admin = app.register("admin").await;
    let ann = app.register("ann").await;
    let pic = photo(&ann).await;
    let url = pic.url.unwrap();
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/media/session", app.anon.base_url()))
        .bearer_auth(token(&ann).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    let set = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/media"] {
        assert!(set.contains(attribute), "{set}");
    }
    let pair = set.split(';').next().unwrap().to_owned();
    assert_eq!(get_raw(&app, &url, None, &[("cookie", &pair)]).await.0, 200);
    let forged = pair.replacen('a', "b", 1);
    assert_eq!(
        get_raw(&app, &url, None, &[("cookie", &forged)]).await.0,
        401
    );
    // Signing out ends the cookie with the sign-in.
    ann.client.logout().await.unwrap();
    assert_eq!(get_raw(&app, &url, None, &[("cookie", &pair)]).await.0, 401);
}

async fn avatars_are_seen_by_who_sees_the_person(app: TestApp) {
    let _admin = app.register("admin").await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let doc = ann
        .client
        .upload_media("cv.txt", b"Ann, engineer", None)
        .await
        .unwrap();
    assert_error(
        ann.client
            .set_avatar(&SetImageRequest {
                media_id: Some(doc.id),
            })
            .await,
        422,
        "media_not_usable",
    );
    let pic = photo(&ann).await;
    assert_error(
        bob.client
            .set_avatar(&SetImageRequest {
                media_id: Some(pic.id.clone()),
            })
            .await,
        422,
        "media_not_usable",
    );
    let me = ann
        .client
        .set_avatar(&SetImageRequest {
            media_id: Some(pic.id.clone()),
        })
        .await
        .unwrap();
    let avatar = me.avatar_url.clone().unwrap();
    assert!(avatar.ends_with("/square"));
    let (status, _, body) = get_raw(&app, &avatar, token(&bob), &[]).await;
    assert_eq!(status, 200);
    let square = image::load_from_memory(&body).unwrap();
    assert_eq!(square.width(), square.height());
    // A guest who shares no community with Ann sees neither her nor her face.
    let group = bob
        .client
        .create_group(&CreateGroupRequest {
            name: "Partners".into(),
            description: String::new(),
            privacy: Privacy::Open,
            topics: None,
        })
        .await
        .unwrap()
        .id;
    let code = bob
        .client
        .guest_invite(&group, "gus@example.com")
        .await
        .unwrap()
        .invite_code;
    let gus = app.register_guest("gus", &code).await;
    assert_eq!(get_raw(&app, &avatar, token(&gus), &[]).await.0, 404);
    // Back to initials: the old picture is no longer served.
    let me = ann
        .client
        .set_avatar(&SetImageRequest { media_id: None })
        .await
        .unwrap();
    assert_eq!(me.avatar_url, None);
    assert_eq!(get_raw(&app, &avatar, token(&bob), &[]).await.0, 404);
}

async fn an_upload_is_attached_once_however_many_try(app: TestApp) {
    let _admin = app.register("admin").await;
    let ann = app.register("ann").await;
    for round in 0..3 {
        let doc = ann
            .client
            .upload_media("plan.csv", format!("round,{round}\n").as_bytes(), None)
            .await
            .unwrap();
        let tries = (0..20).map(|i| {
            let client = ann.client.clone();
            let id = doc.id.clone();
            async move {
                client
                    .create_post(&CreatePostRequest {
                        body: format!("Plan, try {i}"),
                        title: None,
                        group_id: None,
                        attachments: vec![id],
                    })
                    .await
            }
        });
        let results = futures_util::future::join_all(tries).await;
        let won = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(won, 1, "round {round}: exactly one post gets the file");
        for failed in results.into_iter().filter(|r| r.is_err()) {
            assert_error(failed, 422, "media_not_usable");
        }
    }
    // Someone else's upload, or too many.
    let bob = app.register("bob").await;
    let mine = ann
        .client
        .upload_media("notes.txt", b"notes", None)
        .await
        .unwrap();
    assert_error(
        bob.client
            .create_post(&CreatePostRequest {
                body: "Taking Ann's file".into(),
                title: None,
                group_id: None,
                attachments: vec![mine.id],
            })
            .await,
        422,
        "media_not_usable",
    );
    assert_error(
        ann.client
            .create_post(&CreatePostRequest {
                body: "Too many".into(),
                title: None,
                group_id: None,
                attachments: (0..11).map(|i| i.to_string()).collect(),
            })
            .await,
        422,
        "validation_failed",
    );
}

async fn comments_messages_and_covers_show_files_to_who_sees_them(app: TestApp) {
    let _admin = app.register("admin").await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let cyd = app.register("cyd").await;
    let secret = ann
        .client
        .create_group(&CreateGroupRequest {
            name: "Falcon".into(),
            description: String::new(),
            privacy: Privacy::Secret,
            topics: None,
        })
        .await
        .unwrap()
        .id;
    ann.client.invite_to_group(&secret, bob.id()).await.unwrap();
    bob.client.join_group(&secret).await.unwrap();
    let post = ann
        .client
        .create_post(&CreatePostRequest {
            body: "Plans".into(),
            group_id: Some(secret.clone()),
            ..Default::default()
        })
        .await
        .unwrap();

    // A comment's photo: seen by the members who see the post, not by Cyd.
    let pic = photo(&bob).await;
    let too_many = CreateCommentRequest {
        body: "Five".into(),
        parent_id: None,
        attachments: vec![pic.id.clone(); 5],
    };
    assert_error(
        bob.client.comment(&post.id, &too_many).await,
        422,
        "validation_failed",
    );
    // Nobody attaches somebody else's upload.
    let stolen = CreateCommentRequest {
        body: "Mine now".into(),
        parent_id: None,
        attachments: vec![pic.id.clone()],
    };
    assert_error(
        ann.client.comment(&post.id, &stolen).await,
        422,
        "media_not_usable",
    );
    let comment = bob
        .client
        .comment(
            &post.id,
            &CreateCommentRequest {
                body: "The whiteboard".into(),
                parent_id: None,
                attachments: vec![pic.id.clone()],
            },
        )
        .await
        .unwrap();
    assert_eq!(comment.attachments[0].id, pic.id);
    let listed = ann
        .client
        .comments(&post.id, &Default::default())
        .await
        .unwrap();
    assert_eq!(listed.items[0].attachments[0].id, pic.id);
    let url = pic.url.clone().unwrap();
    assert_eq!(get_raw(&app, &url, token(&ann), &[]).await.0, 200);
    assert_eq!(get_raw(&app, &url, token(&cyd), &[]).await.0, 404);
    // Gone with the comment.
    bob.client.delete_comment(&comment.id).await.unwrap();
    assert_eq!(get_raw(&app, &url, token(&ann), &[]).await.0, 404);
    assert_eq!(get_raw(&app, &url, token(&bob), &[]).await.0, 404);

    // A direct message's file: its participants only, whatever else they see.
    let talk = ann.client.start_conversation(&[bob.id()]).await.unwrap();
    let deck = ann
        .client
        .upload_media("plan.txt", b"Q3: ship it", None)
        .await
        .unwrap();
    let sent = ann
        .client
        .send_message_with(
            &talk.id,
            &SendMessageRequest {
                body: "The plan".into(),
                attachments: vec![deck.id.clone()],
            },
        )
        .await
        .unwrap();
    assert_eq!(sent.attachments[0].id, deck.id);
    let read = bob
        .client
        .messages(&talk.id, &Default::default())
        .await
        .unwrap();
    assert_eq!(read.items[0].attachments[0].id, deck.id);
    let inbox = bob.client.conversation(&talk.id).await.unwrap();
    assert_eq!(inbox.last_message.unwrap().attachments[0].id, deck.id);
    let file = deck.url.clone().unwrap();
    assert_eq!(get_raw(&app, &file, token(&bob), &[]).await.0, 200);
    assert_eq!(get_raw(&app, &file, token(&cyd), &[]).await.0, 404);
    assert_error(cyd.client.media(&deck.id).await, 404, "not_found");

    // A secret community's cover is seen by its members only; only its owners set it.
    let cover = photo(&ann).await;
    let mine = photo(&bob).await;
    assert_error(
        bob.client
            .set_group_cover(
                &secret,
                &SetImageRequest {
                    media_id: Some(mine.id.clone()),
                },
            )
            .await,
        403,
        "owners_only",
    );
    let group = ann
        .client
        .set_group_cover(
            &secret,
            &SetImageRequest {
                media_id: Some(cover.id.clone()),
            },
        )
        .await
        .unwrap();
    let cover_url = group.cover_url.clone().unwrap();
    // A cover keeps the picture's shape.
    assert!(cover_url.ends_with("/thumb"), "{cover_url}");
    assert_eq!(
        bob.client.group(&secret).await.unwrap().cover_url,
        Some(cover_url.clone())
    );
    assert_eq!(get_raw(&app, &cover_url, token(&bob), &[]).await.0, 200);
    assert_eq!(get_raw(&app, &cover_url, token(&cyd), &[]).await.0, 404);
    // Replaced: the old one is no longer served.
    let newer = photo(&ann).await;
    let group = ann
        .client
        .set_group_cover(
            &secret,
            &SetImageRequest {
                media_id: Some(newer.id.clone()),
            },
        )
        .await
        .unwrap();
    assert_ne!(group.cover_url, Some(cover_url.clone()));
    assert_eq!(get_raw(&app, &cover_url, token(&bob), &[]).await.0, 404);
    // Deleted with the community.
    let newer_url = group.cover_url.unwrap();
    ann.client.delete_group(&secret).await.unwrap();
    assert_eq!(get_raw(&app, &newer_url, token(&ann), &[]).await.0, 404);
}

async fn an_edit_replaces_a_posts_files(app: TestApp) {
    let _admin = app.register("admin").await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let upload = |who: &Session, name: &'static str| {
        let client = who.client.clone();
        async move {
            client
                .upload_media(name, name.as_bytes(), None)
                .await
                .unwrap()
        }
    };
    let (a, b, c) = (
        upload(&ann, "a.txt").await,
        upload(&ann, "b.txt").await,
        upload(&ann, "c.txt").await,
    );
    let post = ann
        .client
        .create_post(&CreatePostRequest {
            body: "Agenda".into(),
            title: None,
            group_id: None,
            attachments: vec![a.id.clone(), b.id.clone()],
        })
        .await
        .unwrap();
    let files = |ids: Vec<&str>| UpdatePostRequest {
        body: None,
        title: None,
        attachments: Some(ids.into_iter().map(String::from).collect()),
    };
    let a_url = post.attachments[0].url.clone().unwrap();
    let mut bobs_stream = bob.client.stream(None).await.unwrap();

    // B kept (now first), C added, A removed: served no more.
    let edited = ann
        .client
        .update_post(&post.id, &files(vec![&c.id, &b.id]))
        .await
        .unwrap();
    let ids: Vec<&str> = edited.attachments.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, [c.id.as_str(), b.id.as_str()]);
    assert_eq!(
        bob.client.post(&post.id).await.unwrap().attachments,
        edited.attachments
    );
    assert_eq!(get_raw(&app, &a_url, token(&bob), &[]).await.0, 404);
    let live = crate::stream::next_of(&mut bobs_stream, "post.updated").await;
    let hearth_common::events::EventBody::PostUpdated(change) = live.body else {
        unreachable!()
    };
    assert_eq!(change.attachments, edited.attachments, "live to readers");
    // An edit of the text alone keeps the files.
    let text = UpdatePostRequest {
        body: Some("Agenda, updated".into()),
        ..Default::default()
    };
    assert_eq!(
        ann.client
            .update_post(&post.id, &text)
            .await
            .unwrap()
            .attachments,
        edited.attachments
    );

    // Not usable: someone else's upload, one already used, the same file twice, the removed
    // one back, too many; nothing changes.
    let bobs = upload(&bob, "bob.txt").await;
    let used = ann
        .client
        .create_post(&CreatePostRequest {
            body: "Other".into(),
            title: None,
            group_id: None,
            attachments: vec![upload(&ann, "d.txt").await.id],
        })
        .await
        .unwrap()
        .attachments[0]
        .id
        .clone();
    for wrong in [
        vec![bobs.id.as_str()],
        vec![used.as_str()],
        vec![c.id.as_str(), c.id.as_str()],
        vec![a.id.as_str()],
    ] {
        assert_error(
            ann.client
                .update_post(&post.id, &files(wrong.clone()))
                .await,
            422,
            "media_not_usable",
        );
    }
    let eleven: Vec<String> = (0..11).map(|i| format!("m{i}")).collect();
    assert_error(
        ann.client
            .update_post(
                &post.id,
                &files(eleven.iter().map(String::as_str).collect()),
            )
            .await,
        422,
        "validation_failed",
    );
    assert_error(
        bob.client
            .update_post(&post.id, &files(vec![&bobs.id]))
            .await,
        403,
        "not_author",
    );
    assert_eq!(
        ann.client.post(&post.id).await.unwrap().attachments,
        edited.attachments
    );
    // Twenty edits of twenty posts at once, all claiming one new upload: one gets it, the
    // rest are refused and keep their files; repeated.
    for round in 0..3 {
        let mut targets = Vec::new();
        for i in 0..20 {
            let made = ann
                .client
                .create_post(&CreatePostRequest {
                    body: format!("Round {round}, post {i}"),
                    title: None,
                    group_id: None,
                    attachments: Vec::new(),
                })
                .await
                .unwrap();
            targets.push(made.id);
        }
        let contested = upload(&ann, "contested.txt").await;
        let tries = targets.iter().map(|post_id| {
            let (client, post_id) = (ann.client.clone(), post_id.clone());
            let request = files(vec![contested.id.as_str()]);
            async move { client.update_post(&post_id, &request).await }
        });
        let results = futures_util::future::join_all(tries).await;
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "round {round}"
        );
        for failed in results.into_iter().filter(|r| r.is_err()) {
            assert_error(failed, 422, "media_not_usable");
        }
        let mut holders = 0;
        for post_id in &targets {
            let shown = ann.client.post(post_id).await.unwrap().attachments;
            holders += usize::from(shown.iter().any(|m| m.id == contested.id));
            assert!(shown.len() <= 1);
        }
        assert_eq!(holders, 1, "round {round}: one post holds the file");
    }

    // All files removed.
    let none = ann
        .client
        .update_post(&post.id, &files(vec![]))
        .await
        .unwrap();
    assert!(none.attachments.is_empty());
}
