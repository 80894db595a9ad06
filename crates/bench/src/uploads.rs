//! S9: photos through the real endpoint: a 12-megapixel JPEG sent to `POST /media`, timed
//! until `media.processed` says its copies (large, feed, square; upright, metadata gone) are
//! ready on the uploader's live stream.

use std::io::Cursor;
use std::time::{Duration, Instant};

use hearth_client::Client;
use hearth_common::events::EventBody;
use hearth_common::media::MediaStatus;

/// 4,000 × 3,000: a phone camera's photo.
const WIDTH: u32 = 4_000;
const HEIGHT: u32 = 3_000;

pub struct Uploads {
    pub photos: usize,
    pub megapixels: f64,
    /// Of the JPEG sent.
    pub bytes: usize,
    pub p50: Duration,
    pub max: Duration,
}

/// A photo-like JPEG: smooth gradients with fine detail, so that it encodes to the size
/// of a real one (a few megabytes) rather than to a flat colour's few kilobytes.
fn photo() -> Result<Vec<u8>, String> {
    let img = image::RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let detail = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 64) as u8;
        image::Rgb([
            (x * 255 / WIDTH) as u8 / 2 + detail,
            (y * 255 / HEIGHT) as u8 / 2 + detail,
            128u8.wrapping_add(detail),
        ])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut jpeg), 90)
        .encode_image(&img)
        .map_err(|e| e.to_string())?;
    Ok(jpeg)
}

/// Uploads `count` photos one after another as the person of `token`, each timed from the
/// upload's first byte to its `media.processed` event.
pub async fn photos(url: &str, token: &str, count: usize) -> Result<Uploads, String> {
    let jpeg = photo()?;
    let client = Client::new(url).with_token(token);
    let mut stream = client.stream(None).await.map_err(|e| e.to_string())?;
    let mut times = Vec::with_capacity(count);
    for n in 0..count {
        let started = Instant::now();
        let uploaded = client
            .upload_media(&format!("photo-{n}.jpg"), &jpeg, None)
            .await
            .map_err(|e| e.to_string())?;
        loop {
            let event = tokio::time::timeout(Duration::from_secs(30), stream.next())
                .await
                .map_err(|_| "no media.processed within 30 s".to_string())?
                .map_err(|e| format!("the stream ended: {e:?}"))?;
            if let EventBody::MediaProcessed(done) = event.body {
                if done.id == uploaded.id {
                    if done.status != MediaStatus::Ready {
                        return Err(format!("photo {n} was not processed: {:?}", done.status));
                    }
                    break;
                }
            }
        }
        times.push(started.elapsed());
    }
    times.sort();
    Ok(Uploads {
        photos: count,
        megapixels: f64::from(WIDTH * HEIGHT) / 1e6,
        bytes: jpeg.len(),
        p50: times[times.len() / 2],
        max: *times.last().unwrap_or(&Duration::ZERO),
    })
}
