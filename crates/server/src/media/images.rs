//! Turning an uploaded photo into the copies Hearth serves. The upload itself is never
//! served: it may carry the camera's metadata (GPS position, serial numbers) or be a
//! polyglot that is also a script. Every copy is decoded and encoded again from pixels, so
//! it carries nothing but the picture, upright.
//!
//! Pure functions over bytes; the pipeline runs them off the request threads.

use std::io::Cursor;

use hearth_common::media::{MediaVariant, MAX_IMAGE_PIXELS};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::sniff::ImageType;

/// Longer side of the large copy.
const LARGE: u32 = 2048;
/// Longer side of the feed copy.
const THUMB: u32 = 640;
/// Side of the square (avatar) copy.
const SQUARE: u32 = 256;
const JPEG_QUALITY: u8 = 85;
/// Memory the decoder may use: a 40-megapixel image in RGBA with room to spare.
const DECODE_BYTES: u64 = 4 * MAX_IMAGE_PIXELS + 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("the image has {0} pixels; at most 40 million are accepted")]
    TooLarge(u64),
    #[error("the image could not be read: {0}")]
    Unreadable(String),
}

impl From<image::ImageError> for ImageError {
    fn from(e: image::ImageError) -> Self {
        ImageError::Unreadable(e.to_string())
    }
}

/// The served copies of one photo.
#[derive(Debug)]
pub struct Copies {
    /// Upright size of the photo.
    pub width: u32,
    pub height: u32,
    /// `image/jpeg`, or `image/png` for a picture with transparency.
    pub content_type: &'static str,
    pub files: Vec<(MediaVariant, Vec<u8>)>,
}

fn reader(bytes: &[u8], kind: ImageType) -> ImageReader<Cursor<&[u8]>> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    let mut limits = Limits::default();
    limits.max_alloc = Some(DECODE_BYTES);
    reader.limits(limits);
    reader
}

/// The stored size from the file's header, without decoding any pixel; refuses images over
/// 40 megapixels (a decompression bomb is a small file that claims huge dimensions).
pub fn check_dimensions(bytes: &[u8], kind: ImageType) -> Result<(u32, u32), ImageError> {
    let (width, height) = reader(bytes, kind).into_dimensions()?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_IMAGE_PIXELS {
        return Err(ImageError::TooLarge(pixels));
    }
    Ok((width, height))
}

/// Decodes the photo (the first frame of an animation), turns it upright as the camera
/// recorded, and encodes the large, feed and square copies.
pub fn make_copies(bytes: &[u8], kind: ImageType) -> Result<Copies, ImageError> {
    check_dimensions(bytes, kind)?;
    let mut decoder = reader(bytes, kind).into_decoder()?;
    let orientation = decoder.orientation()?;
    let mut picture = DynamicImage::from_decoder(decoder)?;
    picture.apply_orientation(orientation);
    let (width, height) = (picture.width(), picture.height());
    let transparent = picture.color().has_alpha();

    let large = fit(&picture, LARGE);
    let thumb = fit(&large, THUMB);
    let side = large.width().min(large.height());
    let square = large
        .crop_imm(
            (large.width() - side) / 2,
            (large.height() - side) / 2,
            side,
            side,
        )
        .resize_exact(SQUARE.min(side), SQUARE.min(side), FilterType::Triangle);
    let encode = |img: &DynamicImage| encode(img, transparent);
    Ok(Copies {
        width,
        height,
        content_type: if transparent {
            "image/png"
        } else {
            "image/jpeg"
        },
        files: vec![
            (MediaVariant::Large, encode(&large)?),
            (MediaVariant::Thumb, encode(&thumb)?),
            (MediaVariant::Square, encode(&square)?),
        ],
    })
}

/// The picture made to fit within `side` × `side`, never enlarged.
fn fit(picture: &DynamicImage, side: u32) -> DynamicImage {
    if picture.width() <= side && picture.height() <= side {
        return picture.clone();
    }
    picture.resize(side, side, FilterType::Triangle)
}

fn encode(picture: &DynamicImage, transparent: bool) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::new();
    if transparent {
        picture
            .to_rgba8()
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)?;
    } else {
        JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).encode_image(&picture.to_rgb8())?;
    }
    Ok(out)
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    /// A JPEG of `w` × `h` pixels, red in its top-left quarter, with an EXIF block that
    /// records `orientation` and a GPS position.
    pub fn jpeg_with_exif(w: u32, h: u32, orientation: u16) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| {
            if x < w / 2 && y < h / 2 {
                Rgb([255, 0, 0])
            } else {
                Rgb([0, 0, 255])
            }
        });
        let mut plain = Vec::new();
        JpegEncoder::new_with_quality(&mut plain, 90)
            .encode_image(&img)
            .unwrap();
        with_exif(&plain, orientation)
    }

    /// `jpeg` with an APP1 EXIF segment (orientation, and a GPS IFD) after its SOI marker.
    pub fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
        // TIFF, little-endian: IFD0 with Orientation and a GPS IFD pointer; the GPS IFD
        // holds GPSLatitudeRef "N".
        let mut tiff: Vec<u8> = b"II*\0\x08\0\0\0".to_vec();
        tiff.extend_from_slice(&2u16.to_le_bytes());
        tiff.extend_from_slice(&0x0112u16.to_le_bytes());
        tiff.extend_from_slice(&3u16.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&u32::from(orientation).to_le_bytes());
        tiff.extend_from_slice(&0x8825u16.to_le_bytes());
        tiff.extend_from_slice(&4u16.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&38u32.to_le_bytes());
        tiff.extend_from_slice(&0u32.to_le_bytes());
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&0x0001u16.to_le_bytes());
        tiff.extend_from_slice(&2u16.to_le_bytes());
        tiff.extend_from_slice(&2u32.to_le_bytes());
        tiff.extend_from_slice(b"N\0\0\0");
        tiff.extend_from_slice(&0u32.to_le_bytes());
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    /// A PNG header that claims `w` × `h` pixels, followed by nothing: a decompression bomb's
    /// opening.
    pub fn png_claiming(w: u32, h: u32) -> Vec<u8> {
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        let crc = crc32(&ihdr);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        out.extend_from_slice(&13u32.to_be_bytes());
        out.extend_from_slice(&ihdr);
        out.extend_from_slice(&crc.to_be_bytes());
        // One IDAT of zeros that would inflate to the whole claimed size.
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(b"IDAT");
        out.extend_from_slice(&crc32(b"IDAT").to_be_bytes());
        out
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn decode(bytes: &[u8]) -> DynamicImage {
        image::load_from_memory(bytes).unwrap()
    }

    fn is_red(img: &DynamicImage, x: u32, y: u32) -> bool {
        let p = img.to_rgb8().get_pixel(x, y).0;
        p[0] > 200 && p[2] < 60
    }

    #[test]
    fn every_exif_orientation_comes_out_upright() {
        // The stored pixels are what a camera held in each orientation would record of an
        // upright scene whose red quarter is top-left; the copy must show it top-left again.
        for orientation in 1u16..=8 {
            let (w, h) = (64, 48);
            let upright = RgbImage::from_fn(w, h, |x, y| {
                if x < w / 2 && y < h / 2 {
                    Rgb([255, 0, 0])
                } else {
                    Rgb([0, 0, 255])
                }
            });
            let stored = {
                let img = DynamicImage::ImageRgb8(upright);
                // The inverse of what the orientation asks a viewer to do.
                match orientation {
                    1 => img,
                    2 => img.fliph(),
                    3 => img.rotate180(),
                    4 => img.flipv(),
                    5 => img.rotate90().fliph(),
                    6 => img.rotate270(),
                    7 => img.rotate270().fliph(),
                    _ => img.rotate90(),
                }
            };
            let mut plain = Vec::new();
            JpegEncoder::new_with_quality(&mut plain, 95)
                .encode_image(&stored.to_rgb8())
                .unwrap();
            let copies = make_copies(&with_exif(&plain, orientation), ImageType::Jpeg).unwrap();
            assert_eq!(
                (copies.width, copies.height),
                (w, h),
                "orientation {orientation}"
            );
            let large = decode(&copies.files[0].1);
            assert_eq!((large.width(), large.height()), (w, h));
            assert!(
                is_red(&large, 4, 4),
                "orientation {orientation}: top-left is red"
            );
            assert!(!is_red(&large, w - 4, h - 4), "orientation {orientation}");
            assert!(!is_red(&large, w - 4, 4), "orientation {orientation}");
        }
    }

    #[test]
    fn copies_carry_no_metadata() {
        let upload = jpeg_with_exif(80, 60, 1);
        assert!(upload.windows(4).any(|w| w == b"Exif"));
        let copies = make_copies(&upload, ImageType::Jpeg).unwrap();
        assert_eq!(copies.content_type, "image/jpeg");
        for (variant, bytes) in &copies.files {
            assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{variant:?}");
            // No APP1 (EXIF/XMP) segment at all.
            assert!(!bytes.windows(2).any(|w| w == [0xFF, 0xE1]), "{variant:?}");
        }
    }

    #[test]
    fn sizes_fit_and_are_never_enlarged() {
        let big = jpeg_with_exif(3000, 1500, 1);
        let copies = make_copies(&big, ImageType::Jpeg).unwrap();
        let sizes: Vec<(u32, u32)> = copies
            .files
            .iter()
            .map(|(_, b)| {
                let i = decode(b);
                (i.width(), i.height())
            })
            .collect();
        assert_eq!(sizes, vec![(2048, 1024), (640, 320), (256, 256)]);
        let small = jpeg_with_exif(100, 50, 1);
        let copies = make_copies(&small, ImageType::Jpeg).unwrap();
        let large = decode(&copies.files[0].1);
        assert_eq!((large.width(), large.height()), (100, 50));
        let square = decode(&copies.files[2].1);
        assert_eq!((square.width(), square.height()), (50, 50));
    }

    #[test]
    fn transparency_is_kept_as_png() {
        let img = image::RgbaImage::from_fn(10, 10, |x, _| image::Rgba([0, 0, 0, (x * 20) as u8]));
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let copies = make_copies(&png, ImageType::Png).unwrap();
        assert_eq!(copies.content_type, "image/png");
        assert!(copies.files[0].1.starts_with(b"\x89PNG"));
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        let bomb = png_claiming(60_000, 60_000);
        assert!(bomb.len() < 100);
        let started = std::time::Instant::now();
        assert_eq!(
            check_dimensions(&bomb, ImageType::Png),
            Err(ImageError::TooLarge(3_600_000_000))
        );
        assert_eq!(
            make_copies(&bomb, ImageType::Png).unwrap_err(),
            ImageError::TooLarge(3_600_000_000)
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn broken_images_are_errors_not_panics() {
        for bytes in [
            b"\xFF\xD8\xFF\xE0 truncated".as_slice(),
            b"GIF89a<script>alert(1)</script>",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
            b"RIFF\x10\0\0\0WEBPVP8 junk",
        ] {
            let kind = super::super::sniff::sniff(bytes, bytes);
            let Some(super::super::sniff::Sniffed::Image(kind)) = kind else {
                panic!("{bytes:?} sniffs as an image");
            };
            // Unreadable, or (the script's bytes read as a size) too large: refused either way.
            assert!(make_copies(bytes, kind).is_err(), "{bytes:?}");
        }
    }
}
