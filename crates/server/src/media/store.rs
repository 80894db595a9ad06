//! Where the bytes of uploads live: a directory under `HEARTH_DATA_DIR` (the default) or an
//! S3-compatible bucket, behind one `object_store` interface. Keys are made from content:
//! `content/<sha256>/<variant>`, so one file uploaded twice is stored once, and nothing in a
//! key says who uploaded it or where it is used. An upload waits under `incoming/<id>` until
//! its copies are made, so that a process that stops mid-way leaves work another can finish.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use actix_web::web::Bytes;
use futures_util::stream::BoxStream;
use futures_util::StreamExt;
use hearth_common::media::MediaVariant;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{GetOptions, ObjectStore, ObjectStoreExt, PutPayload};

/// Which storage, from the environment (see `Config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreConfig {
    /// A directory (created when missing).
    Local(PathBuf),
    S3(S3Config),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Config {
    /// `https://s3.eu-central-1.amazonaws.com`, or any S3-compatible server.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    /// Bucket in the path (`endpoint/bucket/key`) rather than the host name: most
    /// S3-compatible servers want this.
    pub path_style: bool,
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`).
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not in the media store")]
    Missing,
    #[error("media store: {0}")]
    Failed(String),
}

impl From<object_store::Error> for StoreError {
    fn from(e: object_store::Error) -> Self {
        match e {
            object_store::Error::NotFound { .. } => StoreError::Missing,
            other => StoreError::Failed(other.to_string()),
        }
    }
}

/// What a read returns: the bytes asked for, as a stream, and the object's whole size.
pub struct Read {
    pub size: u64,
    pub range: Range<u64>,
    pub body: BoxStream<'static, Result<Bytes, StoreError>>,
}

#[derive(Clone)]
pub struct MediaStore {
    inner: Arc<dyn ObjectStore>,
}

impl MediaStore {
    pub fn open(config: &StoreConfig) -> Result<MediaStore, StoreError> {
        let inner: Arc<dyn ObjectStore> = match config {
            StoreConfig::Local(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| StoreError::Failed(e.to_string()))?;
                Arc::new(LocalFileSystem::new_with_prefix(dir)?)
            }
            StoreConfig::S3(s3) => {
                let mut builder = AmazonS3Builder::new()
                    .with_endpoint(&s3.endpoint)
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_virtual_hosted_style_request(!s3.path_style)
                    .with_allow_http(s3.endpoint.starts_with("http://"));
                if let Some(id) = &s3.access_key_id {
                    builder = builder.with_access_key_id(id);
                }
                if let Some(secret) = &s3.secret_access_key {
                    builder = builder.with_secret_access_key(secret);
                }
                if let Some(token) = &s3.session_token {
                    builder = builder.with_token(token);
                }
                Arc::new(builder.build()?)
            }
        };
        Ok(MediaStore { inner })
    }

    pub async fn put(&self, key: &Path, bytes: Bytes) -> Result<(), StoreError> {
        self.inner.put(key, PutPayload::from(bytes)).await?;
        Ok(())
    }

    /// The whole object, for processing.
    pub async fn get(&self, key: &Path) -> Result<Bytes, StoreError> {
        Ok(self.inner.get(key).await?.bytes().await?)
    }

    /// The object or the part of it in `range` (already checked against its size).
    pub async fn read(&self, key: &Path, range: Option<Range<u64>>) -> Result<Read, StoreError> {
        let result = self
            .inner
            .get_opts(key, GetOptions::new().with_range(range))
            .await?;
        let (size, range) = (result.meta.size, result.range.clone());
        let body = result
            .into_stream()
            .map(|chunk| chunk.map_err(StoreError::from))
            .boxed();
        Ok(Read { size, range, body })
    }

    /// The object's size.
    pub async fn size(&self, key: &Path) -> Result<u64, StoreError> {
        Ok(self.inner.head(key).await?.size)
    }

    /// Removes the object; one that is already gone is fine.
    pub async fn delete(&self, key: &Path) -> Result<(), StoreError> {
        match self.inner.delete(key).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// The key of one served copy of the content with this hash.
pub fn content_key(sha256: &str, variant: MediaVariant) -> Path {
    Path::from(format!("content/{sha256}/{}", variant.as_str()))
}

/// The key an upload waits under until it is processed.
pub fn incoming_key(media_id: &str) -> Path {
    Path::from(format!("incoming/{media_id}"))
}
