//! What people write: Markdown rendered to safe HTML, and the `#topics` and `@mentions` in
//! it. Everything a browser shows of a post goes through `render`.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// Topics and mentions kept per post, so a pasted list cannot fan out without bound.
const MAX_TOPICS: usize = 20;
const MAX_MENTIONS: usize = 50;
const TOPIC_MAX_LEN: usize = 50;

fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        // Only web and mail links: no javascript:, data:, vbscript: or relative tricks.
        builder
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .link_rel(Some("nofollow noopener noreferrer"))
            .add_allowed_classes("a", ["mention", "topic"])
            .add_tag_attributes("input", ["type", "checked", "disabled"]);
        builder
    })
}

/// Containers (quotes, lists) nested deeper than this on one line are written as text: each
/// level costs the parser a pass over the rest of the line, so `>` × 20,000 would take
/// seconds, and no one quotes 10 levels deep.
const MAX_LINE_NESTING: usize = 10;
/// Markdown events rendered at most: bounds the HTML whatever the text (a table with
/// thousands of columns pads every row to all of them). A 20,000-character post of ordinary
/// text makes a few thousand.
const MAX_EVENTS: usize = 20_000;

/// Markdown to HTML that is safe to insert into a page: no scripts, no event handlers, no
/// styles, only http(s) and mailto links, and every link `rel="nofollow noopener"`. Its cost
/// and size are bounded (see `MAX_LINE_NESTING`, `MAX_EVENTS`); past them the text is shown
/// plainer or cut short, never rejected.
pub fn render(markdown: &str) -> String {
    let markdown = flatten_deep_nesting(markdown);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(
        &mut unsafe_html,
        link_tags(Parser::new_ext(&markdown, markdown_options()).take(MAX_EVENTS)).into_iter(),
    );
    // The sanitiser also closes whatever the cut left open.
    sanitizer().clean(&unsafe_html).to_string()
}

/// The text of Markdown without its markup, as a reader sees it: for search snippets. Bounded
/// like `render`.
pub fn plain_text(markdown: &str) -> String {
    let markdown = flatten_deep_nesting(markdown);
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(&markdown, markdown_options()).take(MAX_EVENTS) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !text.ends_with(' ') && !text.is_empty() =>
            {
                text.push(' ');
            }
            _ => {}
        }
    }
    text.trim_end().to_owned()
}

/// `render` on the blocking pool: for handlers, before their write transaction starts, so
/// that rendering never holds the database's write turn.
pub async fn render_apart(markdown: String) -> Result<String, actix_web::error::BlockingError> {
    actix_web::web::block(move || render(&markdown)).await
}

/// Escapes the container markers (`>`, list bullets and numbers) at the start of a line past
/// the `MAX_LINE_NESTING`th, so they read as text.
fn flatten_deep_nesting(markdown: &str) -> std::borrow::Cow<'_, str> {
    if !markdown
        .lines()
        .any(|line| line_nesting_cut(line).is_some())
    {
        return std::borrow::Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len() + 8);
    for line in markdown.split_inclusive('\n') {
        match line_nesting_cut(line) {
            Some(at) => {
                out.push_str(&line[..at]);
                out.push('\\');
                out.push_str(&line[at..]);
            }
            None => out.push_str(line),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Where the container marker past the allowed depth starts in `line`, if it nests that deep.
fn line_nesting_cut(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut depth = 0;
    let mut i = 0;
    while i < bytes.len() {
        let marker_len = match bytes[i] {
            b' ' | b'\t' => {
                i += 1;
                continue;
            }
            b'>' => 1,
            b'-' | b'*' | b'+' if matches!(bytes.get(i + 1), Some(b' ' | b'\t')) => 1,
            b'0'..=b'9' => {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                match (bytes.get(i + digits), bytes.get(i + digits + 1)) {
                    (Some(b'.' | b')'), Some(b' ' | b'\t')) if digits <= 9 => digits + 1,
                    _ => return None,
                }
            }
            _ => return None,
        };
        if depth == MAX_LINE_NESTING {
            return Some(i);
        }
        depth += 1;
        i += marker_len;
    }
    None
}

/// The `#topics` and `@usernames` in the text of a post, outside code, lower-cased, each
/// once, in order of appearance.
#[derive(Debug, Default, PartialEq)]
pub struct Tags {
    pub topics: Vec<String>,
    pub mentions: Vec<String>,
}

pub fn tags(markdown: &str) -> Tags {
    let mut tags = Tags::default();
    let mut seen_topics = HashSet::new();
    let mut seen_mentions = HashSet::new();
    let mut in_code = 0usize;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(text) if in_code == 0 => {
                for (sigil, word) in sigil_words(&text) {
                    let (list, seen, max) = match sigil {
                        '#' => (&mut tags.topics, &mut seen_topics, MAX_TOPICS),
                        _ => (&mut tags.mentions, &mut seen_mentions, MAX_MENTIONS),
                    };
                    if list.len() < max && seen.insert(word.clone()) {
                        list.push(word);
                    }
                }
            }
            _ => {}
        }
    }
    tags
}

/// The first web link in the text, outside code: a Markdown link or autolink, or a bare
/// `http(s)://` address. For the post's preview card.
pub fn first_web_link(markdown: &str) -> Option<String> {
    let mut in_code = 0usize;
    for event in Parser::new_ext(markdown, markdown_options()).take(MAX_EVENTS) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. })
                if dest_url.starts_with("https://") || dest_url.starts_with("http://") =>
            {
                return Some(dest_url.into_string());
            }
            Event::Text(text) if in_code == 0 => {
                let bare = text
                    .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '(' | ')'))
                    .find(|w| w.starts_with("https://") || w.starts_with("http://"));
                if let Some(word) = bare {
                    // A sentence's full stop or comma is not part of the address.
                    return Some(
                        word.trim_end_matches(['.', ',', ';', ':', '!', '?'])
                            .to_owned(),
                    );
                }
            }
            _ => {}
        }
    }
    None
}

/// `#word` and `@word` at the start of the text or after a character that is not part of a
/// word (so `a#b` and `ann@example.com` are not tags).
fn sigil_words(text: &str) -> Vec<(char, String)> {
    sigil_spans(text)
        .into_iter()
        .map(|span| (span.sigil, span.word))
        .collect()
}

/// A tag found in a text: its sigil, its word lower-cased, and where it stands (byte range,
/// sigil included).
struct SigilSpan {
    sigil: char,
    word: String,
    start: usize,
    end: usize,
}

fn sigil_spans(text: &str) -> Vec<SigilSpan> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let starts_word = i == 0 || !(chars[i - 1].1.is_alphanumeric() || chars[i - 1].1 == '_');
        if (c == '#' || c == '@') && starts_word {
            let word: String = chars[i + 1..]
                .iter()
                .map(|&(_, ch)| ch)
                .take_while(|&ch| tag_char(c, ch))
                .collect();
            // A username may contain dots, but not end with one ("thanks @ann.").
            let word = word.trim_end_matches(['.', '-']);
            let length = word.chars().count();
            let word = word.to_lowercase();
            let valid = match c {
                '#' => {
                    !word.is_empty()
                        && length <= TOPIC_MAX_LEN
                        && word.chars().any(|ch| ch.is_alphabetic())
                }
                _ => hearth_common::validation::Username::parse(&word).is_ok(),
            };
            if valid {
                let end = chars.get(i + 1 + length).map_or(text.len(), |&(at, _)| at);
                i += 1 + length;
                found.push(SigilSpan {
                    sigil: c,
                    word,
                    start,
                    end,
                });
                continue;
            }
        }
        i += 1;
    }
    found
}

/// The text with each `#topic` and `@mention` as a link to its page in the web app
/// (`/topics/…`, `/people/@…`). Outside code and links only.
fn link_tags<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let (mut in_code, mut in_link) = (0usize, 0usize);
    for event in events {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::Text(text) if in_code == 0 && in_link == 0 => {
                let spans = sigil_spans(text);
                if !spans.is_empty() {
                    let text = text.to_string();
                    let mut at = 0;
                    for span in spans {
                        out.push(Event::Text(text[at..span.start].to_owned().into()));
                        // The words hold only letters, digits, `_`, `-` and `.`: nothing to
                        // escape.
                        let (class, href) = match span.sigil {
                            '#' => ("topic", format!("/topics/{}", span.word)),
                            _ => ("mention", format!("/people/@{}", span.word)),
                        };
                        out.push(Event::InlineHtml(
                            format!(
                                "<a class=\"{class}\" href=\"{href}\">{}</a>",
                                &text[span.start..span.end]
                            )
                            .into(),
                        ));
                        at = span.end;
                    }
                    out.push(Event::Text(text[at..].to_owned().into()));
                    continue;
                }
            }
            _ => {}
        }
        out.push(event);
    }
    out
}

fn tag_char(sigil: char, ch: char) -> bool {
    match sigil {
        '#' => ch.is_alphanumeric() || ch == '_' || ch == '-',
        _ => ch.is_ascii_alphanumeric() || matches!(ch, '_' | '.' | '-'),
    }
}

/// The first words of a text, for previews in notifications.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let mut cut: String = flat.chars().take(max_chars).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile shapes and random mixtures of Markdown's special characters, each as long as
    /// a post may be: every render stays small and fast. The bounds are loose (a debug
    /// build, a busy machine); what they catch is work that grows with the square of the
    /// text, which takes seconds.
    #[test]
    fn rendering_cost_is_bounded() {
        const POST_MAX: usize = 20_000;
        let fill = |unit: &str| unit.repeat(POST_MAX / unit.chars().count());
        let mut inputs = vec![
            fill(">"),
            fill("> "),
            fill("- "),
            fill("* "),
            fill("1. "),
            fill("["),
            fill("*"),
            fill("**a"),
            fill("_"),
            fill("`"),
            fill("<div>"),
            fill("[a]("),
            fill("![a](b"),
            fill("~~"),
            fill("\n"),
            fill("|"),
            fill("> - 1. "),
            fill("&amp;"),
            fill("<"),
        ];
        // A table whose header has thousands of columns and whose rows are empty: every row
        // is padded to all the columns.
        let mut table = "|a".repeat(2_500);
        table.push_str("|\n");
        table.push_str(&"|-".repeat(2_500));
        table.push_str("|\n");
        table.push_str(&"|\n".repeat((POST_MAX - table.len()) / 2));
        inputs.push(table);
        let mut seed: u64 = 0x5eed;
        let alphabet: Vec<char> = "> -*+1.)[]()!`_~|#@<>&\\\n\t a".chars().collect();
        for _ in 0..40 {
            let text: String = (0..POST_MAX)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            inputs.push(text);
        }
        for input in &inputs {
            let started = std::time::Instant::now();
            let html = render(input);
            let took = started.elapsed();
            let shape: String = input.chars().take(24).collect();
            assert!(html.len() <= 400_000, "{shape:?}…: {} bytes", html.len());
            assert!(
                took < std::time::Duration::from_secs(2),
                "{shape:?}…: {took:?}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_written_as_text() {
        let html = render(&">".repeat(50));
        assert_eq!(html.matches("<blockquote>").count(), MAX_LINE_NESTING);
        assert!(html.contains("&gt;&gt;"), "{html}");
        assert_eq!(
            render("> > quoted twice").matches("<blockquote>").count(),
            2
        );
        assert_eq!(render("- a\n  - b").matches("<ul>").count(), 2);
    }

    #[test]
    fn topics_and_mentions_become_links() {
        let html = render("Thanks @Ann.Lee, see #Release-2 and ann@example.com, not a#b.");
        assert!(
            html.contains(r#"<a class="mention" href="/people/@ann.lee" rel="nofollow noopener noreferrer">@Ann.Lee</a>,"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a class="topic" href="/topics/release-2" rel="nofollow noopener noreferrer">#Release-2</a> and"#),
            "{html}"
        );
        assert!(html.contains("ann@example.com, not a#b."), "{html}");
        // Not in code, and not inside a link someone wrote.
        for plain in [
            "`#code @code`",
            "```\n#code @code\n```",
            "[#x @y](https://example.com)",
        ] {
            let html = render(plain);
            assert!(
                !html.contains("class=\"topic\"") && !html.contains("class=\"mention\""),
                "{html}"
            );
        }
        // Each tag exactly once, the rest of the text kept, whatever is around.
        let html = render("#a #b\n\n**@carl**: #ÉTÉ!");
        assert_eq!(html.matches("<a ").count(), 4, "{html}");
        assert!(html.contains(r#"href="/topics/été""#), "{html}");
    }

    #[test]
    fn markdown_renders() {
        assert_eq!(render("Hello *world*"), "<p>Hello <em>world</em></p>\n");
        let link = render("[site](https://example.com)");
        assert!(link.contains(r#"href="https://example.com""#), "{link}");
        assert!(
            link.contains("nofollow") && link.contains("noopener"),
            "{link}"
        );
        assert!(render("| a |\n|---|\n| b |").contains("<table>"));
    }

    /// Hostile inputs: whatever goes in, nothing executable comes out.
    #[test]
    fn hostile_markdown_is_defused() {
        let cases = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<div><p><span onclick=\"x()\">nested</span></p></div>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg><script>alert(1)</script></svg>",
            "<style>body{display:none}</style>",
            "![x](javascript:alert(1))",
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<<script>script>alert(1)<</script>/script>",
            "<form action=\"https://evil.example\"><input name=x></form>",
        ];
        for input in cases {
            let out = render(input).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onclick",
                "javascript:",
                "vbscript:",
                "data:",
                "<iframe",
                "<style",
                "<form",
                "<svg",
            ] {
                assert!(!out.contains(bad), "{input:?} gave {out:?}");
            }
        }
    }

    #[test]
    fn topics_and_mentions() {
        let t = tags("Shipped #Release-2 with @Ann and @bob.smith! #release-2 again, mail ann@example.com, not a#b\n\n```\n#code @code\n```\n`#inline`");
        assert_eq!(t.topics, ["release-2"]);
        assert_eq!(t.mentions, ["ann", "bob.smith"]);
        assert_eq!(tags("#123 #ok").topics, ["ok"], "topics need a letter");
        assert_eq!(tags("thanks @ann.").mentions, ["ann"]);
        assert_eq!(
            tags("@ab @x").mentions,
            Vec::<String>::new(),
            "too short for a username"
        );
    }

    #[test]
    fn first_web_links() {
        let cases: &[(&str, Option<&str>)] = &[
            ("See https://example.com/a.", Some("https://example.com/a")),
            (
                "[the plan](https://example.com/plan) and https://other.example",
                Some("https://example.com/plan"),
            ),
            (
                "<https://example.com/auto>",
                Some("https://example.com/auto"),
            ),
            (
                "`https://in.code` then http://after.example/x?y=1, ok",
                Some("http://after.example/x?y=1"),
            ),
            ("```\nhttps://in.block\n```\n", None),
            (
                "[mail](mailto:ann@example.com) [js](javascript:alert(1))",
                None,
            ),
            ("no links at all", None),
            (
                "(https://example.com/in-brackets)",
                Some("https://example.com/in-brackets"),
            ),
        ];
        for (text, link) in cases {
            assert_eq!(first_web_link(text).as_deref(), *link, "{text}");
        }
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("short  text", 50), "short text");
        assert_eq!(excerpt("one two three four", 10), "one two…");
    }
}
