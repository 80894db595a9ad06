//! What a web page says about itself in its `<head>`: Open Graph, then Twitter card, then
//! `<title>` and `<meta name="description">`. A small scanner rather than an HTML parser:
//! it reads the head once, left to right (linear in the page's size whatever its shape),
//! and keeps only a few bounded strings.

use reqwest::Url;

const TITLE_CHARS: usize = 200;
const DESCRIPTION_CHARS: usize = 300;
const SITE_CHARS: usize = 100;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageFacts {
    pub title: Option<String>,
    pub description: Option<String>,
    pub site_name: Option<String>,
    /// Absolute, `http` or `https`.
    pub image: Option<Url>,
}

impl PageFacts {
    /// Whether there is enough for a card.
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.description.is_none()
    }
}

#[derive(Default)]
struct Found {
    og_title: Option<String>,
    og_description: Option<String>,
    og_site: Option<String>,
    og_image: Option<String>,
    twitter_title: Option<String>,
    twitter_description: Option<String>,
    twitter_image: Option<String>,
    description: Option<String>,
    title: Option<String>,
}

/// The facts of the page at `base` (its address after redirects) with this HTML.
pub fn facts(html: &str, base: &Url) -> PageFacts {
    let found = scan(html);
    let image = found
        .og_image
        .or(found.twitter_image)
        .and_then(|src| base.join(src.trim()).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    PageFacts {
        title: clean(
            found.og_title.or(found.twitter_title).or(found.title),
            TITLE_CHARS,
        ),
        description: clean(
            found
                .og_description
                .or(found.twitter_description)
                .or(found.description),
            DESCRIPTION_CHARS,
        ),
        site_name: clean(found.og_site, SITE_CHARS),
        image,
    }
}

fn scan(html: &str) -> Found {
    let mut found = Found::default();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(offset) = lower[at..].find('<') {
        let start = at + offset;
        let rest = &lower[start..];
        if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(end) => at = start + end + 3,
                None => break,
            }
            continue;
        }
        let closing = rest[1..].starts_with('/');
        let name_from = if closing { 2 } else { 1 };
        let name_end = rest[name_from..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(rest.len(), |n| n + name_from);
        let name = &rest[name_from..name_end];
        let Some((attributes, tag_end)) = attributes(html, start + name_end) else {
            break;
        };
        at = tag_end;
        if closing {
            if name == "head" {
                break;
            }
            continue;
        }
        match name {
            "meta" => meta(&attributes, &mut found),
            "title" if found.title.is_none() => {
                let Some(close) = lower[at..].find("</title") else {
                    break;
                };
                found.title = Some(decode(&html[at..at + close]));
                at += close;
            }
            // Their content is not markup: skipped whole.
            "script" | "style" | "noscript" | "template" => {
                let Some(close) = lower[at..].find(&format!("</{name}")) else {
                    break;
                };
                at += close + 2;
            }
            "body" => break,
            _ => {}
        }
    }
    found
}

fn meta(attributes: &[(String, String)], found: &mut Found) {
    let get = |key: &str| {
        attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let Some(content) = get("content") else {
        return;
    };
    let key = get("property")
        .or_else(|| get("name"))
        .unwrap_or("")
        .to_ascii_lowercase();
    let slot = match key.as_str() {
        "og:title" => &mut found.og_title,
        "og:description" => &mut found.og_description,
        "og:site_name" => &mut found.og_site,
        "og:image" | "og:image:url" | "og:image:secure_url" => &mut found.og_image,
        "twitter:title" => &mut found.twitter_title,
        "twitter:description" => &mut found.twitter_description,
        "twitter:image" | "twitter:image:src" => &mut found.twitter_image,
        "description" => &mut found.description,
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(decode(content));
    }
}

/// The attributes of the tag whose name ends at `from`, lower-cased names, and where the tag
/// ends; `None` when the page ends first.
fn attributes(html: &str, from: usize) -> Option<(Vec<(String, String)>, usize)> {
    let bytes = html.as_bytes();
    let mut list = Vec::new();
    let mut i = from;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if *bytes.get(i)? == b'>' {
            return Some((list, i + 1));
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i)? {
                quote @ (b'"' | b'\'') => {
                    let close = html[i + 1..].find(*quote as char)?;
                    value = html[i + 1..i + 1 + close].to_owned();
                    i += close + 2;
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = html[start..i].to_owned();
                }
            }
        }
        // A tag with hundreds of attributes is not a page's head: keep the first few.
        if list.len() < 16 && !name.is_empty() {
            list.push((name, value));
        }
        if i == name_start {
            // Not an attribute character: step over it.
            i += 1;
        }
    }
}

/// Character references decoded: the common named ones and numeric ones.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.bytes().take(12).position(|b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((ch, end + 1))
        });
        match decoded {
            Some((ch, used)) => {
                out.push(ch);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whitespace collapsed, control and formatting characters gone, at most `max` characters
/// (cut at a word); `None` when nothing is left.
fn clean(text: Option<String>, max: usize) -> Option<String> {
    let text = text?;
    // Invisible and direction-changing characters could make a card read as something else.
    let hidden = |c: char| matches!(c as u32, 0x200b..=0x200f | 0x202a..=0x202e | 0x2066..=0x2069);
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c.is_control() || hidden(c))
        .filter(|w| !w.is_empty())
        .collect();
    let cut = crate::content::excerpt(&words.join(" "), max);
    (!cut.is_empty()).then_some(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://news.example.com/articles/42?ref=x").unwrap()
    }

    #[test]
    fn open_graph_comes_first() {
        let html = r#"<!doctype html><html><head>
            <title>Fallback title</title>
            <meta name="description" content="Plain description">
            <meta property="og:title" content="Works council &amp; you" />
            <meta property='og:description' content="What &quot;changes&quot; in March&#8230;">
            <meta property=og:site_name content=Newsroom>
            <meta property="og:image" content="/img/cover.jpg">
            </head><body><meta property="og:title" content="In the body"></body></html>"#;
        let facts = facts(html, &base());
        assert_eq!(facts.title.as_deref(), Some("Works council & you"));
        assert_eq!(
            facts.description.as_deref(),
            Some("What \"changes\" in March…")
        );
        assert_eq!(facts.site_name.as_deref(), Some("Newsroom"));
        assert_eq!(
            facts.image.map(|u| u.to_string()).as_deref(),
            Some("https://news.example.com/img/cover.jpg")
        );
    }

    #[test]
    fn falls_back_to_title_and_description() {
        let html = "<HTML><HEAD><TITLE>\n  Team   lunch\t</TITLE>\
            <META NAME=\"Description\" CONTENT=\"Every Friday\"></HEAD>";
        let facts = facts(html, &base());
        assert_eq!(facts.title.as_deref(), Some("Team lunch"));
        assert_eq!(facts.description.as_deref(), Some("Every Friday"));
        assert_eq!(facts.image, None);
        assert!(!facts.is_empty());
    }

    #[test]
    fn scripts_comments_and_hostile_values_are_not_facts() {
        let html = r#"<head>
            <!-- <meta property="og:title" content="commented out"> -->
            <script>var s = '<meta property="og:title" content="in a script">';</script>
            <meta property="og:title" content="Real&#0;title&#x202E;cba">
            <meta property="og:image" content="javascript:alert(1)">
            <meta property="og:description" content="line
            break	and &#x7;bell &bogus; &amp">
            </head>"#;
        let facts = facts(html, &base());
        assert_eq!(facts.title.as_deref(), Some("Real title cba"));
        assert_eq!(facts.image, None, "only web addresses");
        assert_eq!(
            facts.description.as_deref(),
            Some("line break and bell &bogus; &amp")
        );
    }

    #[test]
    fn long_values_are_cut() {
        let word = "word ".repeat(200);
        let html = format!("<meta property=og:title content=\"{word}\"><title>x</title>");
        let title = facts(&html, &base()).title.unwrap();
        assert!(title.chars().count() <= TITLE_CHARS + 1, "{}", title.len());
    }

    #[test]
    fn broken_pages_end_quietly() {
        for html in [
            "",
            "<",
            "<meta",
            "<meta content=\"never closed",
            "<title>never closed",
            "<script>never closed",
            "<!-- never closed",
            "<<<<>>>><meta =x =\"\" content>",
            "<meta property=\"og:title\" content=\"é\u{301}ü\">",
        ] {
            let _ = facts(html, &base());
        }
        let odd = facts(
            "<meta property=\"og:title\" content=\"é\u{301}ü\">",
            &base(),
        );
        assert_eq!(odd.title.as_deref(), Some("é\u{301}ü"));
    }

    /// Linear whatever the shape: half a megabyte of the worst cases for a scanner that looks
    /// ahead (unclosed tags, quotes, comments) is read in well under a second even unoptimised.
    #[test]
    fn cost_is_bounded() {
        let shapes = [
            "<".repeat(512 * 1024),
            "<a ".repeat(170 * 1024),
            "<a x='".repeat(85 * 1024),
            "<!-".repeat(170 * 1024),
            "<meta content=x ".repeat(32 * 1024),
            "&".repeat(512 * 1024),
            format!("<title>{}", "&#x".repeat(170 * 1024)),
        ];
        for html in shapes {
            let started = std::time::Instant::now();
            let _ = facts(&html, &base());
            assert!(
                started.elapsed() < std::time::Duration::from_secs(2),
                "{} bytes took {:?}",
                html.len(),
                started.elapsed()
            );
        }
    }
}
