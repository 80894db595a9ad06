//! Two `hearth` processes sharing one PostgreSQL database act as one: an event raised in
//! one reaches streams on the other, with the same ids.

use hearth_common::admin::{RegistrationMode, UpdateSettingsRequest};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use hearth_client::Client;
use hearth_common::events::EventBody;

use crate::helpers::{fresh_postgres_url, register_request, JWT_SECRET};
use crate::stream::{connect, next_event, post};

/// A `hearth` process (the real binary), killed when dropped.
pub struct Process {
    child: Child,
    pub client: Client,
    _dir: tempfile::TempDir,
}

impl Process {
    /// Starts `hearth` on the database and waits until it listens.
    pub fn start(database_url: &str) -> Process {
        Process::start_with(database_url, &[])
    }

    /// `start`, with more of the environment.
    pub fn start_with(database_url: &str, env: &[(&str, String)]) -> Process {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_hearth"))
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("DATABASE_URL", database_url)
            .env("HEARTH_ADDR", "127.0.0.1:0")
            .env("HEARTH_DATA_DIR", dir.path())
            .env("HEARTH_JWT_SECRET", JWT_SECRET)
            .env("HEARTH_WEB_DIR", dir.path().join("no-web-app"))
            .env("HEARTH_WORKERS", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("hearth starts");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        Process {
            child,
            client: Client::new(&url),
            _dir: dir,
        }
    }
}

impl Process {
    /// `kill -9`: no shutdown, no flushing, requests in flight cut off.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[actix_web::test]
async fn an_event_raised_in_one_process_reaches_streams_on_another() {
    let Some(url) = fresh_postgres_url().await else {
        eprintln!("TEST_POSTGRES_URL not set: the two-process test needs PostgreSQL");
        return;
    };
    let (a, b) =
        actix_web::rt::task::spawn_blocking(move || (Process::start(&url), Process::start(&url)))
            .await
            .unwrap();

    let ann = a.client.register(&register_request("ann")).await.unwrap();
    a.client
        .with_token(&ann.access_token)
        .update_settings(&UpdateSettingsRequest {
            registration: Some(RegistrationMode::Open),
            ..UpdateSettingsRequest::default()
        })
        .await
        .unwrap();
    let bob = b.client.register(&register_request("bob")).await.unwrap();
    let ann_on_a = a.client.with_token(&ann.access_token);
    let bob_on_b = b.client.with_token(&bob.access_token);
    let mut bob_listens_on_a = connect(&a.client.with_token(&bob.access_token), None).await;
    let mut ann_listens_on_b = connect(&b.client.with_token(&ann.access_token), None).await;

    let posted = post(&ann_on_a, "Made on A", None).await;
    let on_b = next_event(&mut ann_listens_on_b).await;
    let EventBody::PostCreated(seen) = &on_b.body else {
        panic!("expected the post, got {on_b:?}")
    };
    assert_eq!(seen.id, posted.id);

    let conversation = bob_on_b.start_conversation(&[&ann.user.id]).await.unwrap();
    let message = bob_on_b
        .send_message(&conversation.id, "Sent through B")
        .await
        .unwrap();
    let on_a = next_event(&mut bob_listens_on_a).await;
    assert_eq!(
        on_a.id, on_b.id,
        "one log, one numbering: bob saw the post on A too"
    );
    let EventBody::MessageCreated(live) = next_event(&mut bob_listens_on_a).await.body else {
        panic!("expected bob's own message")
    };
    assert_eq!(live.id, message.id);

    // Resuming on the other process continues from the same ids.
    let mut resumed_on_a = connect(&a.client.with_token(&ann.access_token), Some(on_b.id)).await;
    let EventBody::MessageCreated(replayed) = next_event(&mut resumed_on_a).await.body else {
        panic!("expected the message first")
    };
    assert_eq!(replayed.id, message.id);
}
