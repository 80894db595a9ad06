//! What an upload is, from its bytes alone: the client's content type and file name are
//! never trusted. Four image formats, PDF, Office files and plain text are accepted; SVG and
//! HTML are text here, so they can only ever be downloaded, never shown.

use hearth_common::media::MediaKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl ImageType {
    pub fn format(self) -> image::ImageFormat {
        match self {
            ImageType::Jpeg => image::ImageFormat::Jpeg,
            ImageType::Png => image::ImageFormat::Png,
            ImageType::Webp => image::ImageFormat::WebP,
            ImageType::Gif => image::ImageFormat::Gif,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Image(ImageType),
    /// A document, with the type it is served as.
    Document(&'static str),
}

impl Sniffed {
    pub fn kind(self) -> MediaKind {
        match self {
            Sniffed::Image(_) => MediaKind::Image,
            Sniffed::Document(_) => MediaKind::Document,
        }
    }
}

pub const TEXT: &str = "text/plain; charset=utf-8";
const PDF: &str = "application/pdf";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
/// Word, Excel and PowerPoint before 2007 share one container format.
const LEGACY_OFFICE: &str = "application/vnd.ms-office";
const ODF: [&str; 3] = [
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
];

/// How many leading bytes `sniff` looks at for everything but text.
pub const HEAD: usize = 4096;

/// The kind of a file whose first bytes are `head` (up to `HEAD` of them) and whose whole
/// content is `whole`; `None`: not accepted.
pub fn sniff(head: &[u8], whole: &[u8]) -> Option<Sniffed> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Sniffed::Image(ImageType::Jpeg));
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Sniffed::Image(ImageType::Png));
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Some(Sniffed::Image(ImageType::Gif));
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Some(Sniffed::Image(ImageType::Webp));
    }
    if head.starts_with(b"%PDF-") {
        return Some(Sniffed::Document(PDF));
    }
    if head.starts_with(b"PK\x03\x04") {
        return office_zip(head).map(Sniffed::Document);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Sniffed::Document(LEGACY_OFFICE));
    }
    is_text(whole).then_some(Sniffed::Document(TEXT))
}

/// OpenDocument files begin with an uncompressed `mimetype` entry that names their type;
/// Office Open XML files name their parts (`word/`, `xl/`, `ppt/`) early in the archive.
/// Any other ZIP archive is not accepted.
fn office_zip(head: &[u8]) -> Option<&'static str> {
    if head.get(30..38) == Some(b"mimetype") {
        let declared = head.get(38..)?;
        return ODF.into_iter().find(|t| declared.starts_with(t.as_bytes()));
    }
    let names = [(b"word/".as_slice(), DOCX), (b"xl/", XLSX), (b"ppt/", PPTX)];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if !has(b"[Content_Types].xml") {
        return None;
    }
    names.into_iter().find(|(n, _)| has(n)).map(|(_, t)| t)
}

/// UTF-8 text (CSV included) with no control characters but line breaks, tabs and form
/// feeds; a byte-order mark is fine.
fn is_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) else {
        return false;
    };
    !text.is_empty()
        && !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(bytes: &[u8]) -> Option<Sniffed> {
        sniff(&bytes[..bytes.len().min(HEAD)], bytes)
    }

    #[test]
    fn kinds_come_from_the_bytes() {
        let mut zip_docx = b"PK\x03\x04".to_vec();
        zip_docx.extend_from_slice(&[0; 26]);
        zip_docx.extend_from_slice(b"[Content_Types].xml....word/document.xml");
        let mut zip_odt = b"PK\x03\x04".to_vec();
        zip_odt.extend_from_slice(&[0; 26]);
        zip_odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        let mut zip_other = b"PK\x03\x04".to_vec();
        zip_other.extend_from_slice(&[0; 26]);
        zip_other.extend_from_slice(b"payload.exe");
        let cases: &[(&[u8], Option<Sniffed>)] = &[
            (
                b"\xFF\xD8\xFF\xE0rest",
                Some(Sniffed::Image(ImageType::Jpeg)),
            ),
            (
                b"\x89PNG\r\n\x1a\nrest",
                Some(Sniffed::Image(ImageType::Png)),
            ),
            (b"GIF89a....", Some(Sniffed::Image(ImageType::Gif))),
            (
                b"RIFF\x10\0\0\0WEBPVP8 ",
                Some(Sniffed::Image(ImageType::Webp)),
            ),
            (b"RIFF\x10\0\0\0WAVEfmt ", None),
            (b"%PDF-1.7\n", Some(Sniffed::Document(PDF))),
            (&zip_docx, Some(Sniffed::Document(DOCX))),
            (&zip_odt, Some(Sniffed::Document(ODF[0]))),
            (&zip_other, None),
            (
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
                Some(Sniffed::Document(LEGACY_OFFICE)),
            ),
            (b"name,amount\nAnn,3\n", Some(Sniffed::Document(TEXT))),
            (
                b"\xEF\xBB\xBFKaffee f\xC3\xBCr alle\r\n",
                Some(Sniffed::Document(TEXT)),
            ),
            // Markup is text: downloaded, never rendered.
            (
                b"<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>",
                Some(Sniffed::Document(TEXT)),
            ),
            (
                b"<!doctype html><script>alert(1)</script>",
                Some(Sniffed::Document(TEXT)),
            ),
            (b"MZ\x90\0\x03\0\0\0", None),
            (b"\x7FELF\x02\x01", None),
            (b"text with a \0 NUL", None),
            (b"\xC3\x28 not UTF-8", None),
            (b"", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(of(bytes), *expected, "{:?}", String::from_utf8_lossy(bytes));
        }
    }
}
