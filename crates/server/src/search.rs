//! Search over posts and comments: the query read as words (never as syntax), the hits the
//! reader may see, and the snippets that show where the words stand. The index and its
//! queries are `hearth_db::search`; the analyser both share is `hearth_db::search::terms`.

use hearth_common::search::SnippetPart;
use hearth_db::search::terms::{self, QueryWord};

/// Words shown around the first word found.
const SNIPPET_BEFORE: usize = 8;
const SNIPPET_WORDS: usize = 30;

/// Whether a word of the text is one of the query's: the same form, or (for query words of
/// three or more letters) contains it, as search matched it.
fn is_hit(word: &str, query: &[QueryWord]) -> bool {
    let Some(folded) = terms::words(word).next() else {
        return false;
    };
    let forms = terms::forms(&folded);
    query.iter().any(|q| {
        q.forms.iter().any(|f| forms.contains(f))
            || (q.word.chars().count() >= terms::MIN_PART_CHARS && folded.contains(&q.word))
    })
}

/// About thirty words of `text` around the first query word in it (its start when none is),
/// in pieces: the words found, and the text between them. "…" marks what is left out.
pub fn snippet(text: &str, query: &[QueryWord]) -> Vec<SnippetPart> {
    // Words and the separators after them, as (word, rest) spans of the text.
    let mut spans: Vec<(&str, &str)> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest.find(char::is_alphanumeric).unwrap_or(rest.len());
        if start > 0 && spans.is_empty() {
            spans.push(("", &rest[..start]));
        } else if start > 0 {
            let last = spans.len() - 1;
            spans[last].1 = &rest[..start];
        }
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        if end > 0 {
            spans.push((&rest[..end], ""));
        }
        rest = &rest[end..];
    }
    let first = spans
        .iter()
        .position(|(w, _)| !w.is_empty() && is_hit(w, query))
        .unwrap_or(0);
    let from = first.saturating_sub(SNIPPET_BEFORE);
    let to = (from + SNIPPET_WORDS).min(spans.len());
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |text: &str, hit: bool| match parts.last_mut() {
        Some(last) if last.hit == hit && !hit => last.text.push_str(text),
        _ if text.is_empty() => {}
        _ => parts.push(SnippetPart {
            text: text.to_owned(),
            hit,
        }),
    };
    if from > 0 {
        push("…", false);
    }
    for (i, (word, after)) in spans[from..to].iter().enumerate() {
        push(word, !word.is_empty() && is_hit(word, query));
        let last = from + i + 1 == to;
        push(if last && to < spans.len() { "" } else { after }, false);
    }
    if to < spans.len() {
        push(" …", false);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_db::search::terms::query_words;

    fn shown(parts: &[SnippetPart]) -> String {
        parts
            .iter()
            .map(|p| {
                if p.hit {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn snippets_mark_the_words_found() {
        let cases = [
            (
                "works council",
                "The works council meets on Monday.",
                "The [works] [council] meets on Monday.",
            ),
            ("rat", "Der Betriebsrat tagt.", "Der [Betriebsrat] tagt."),
            (
                "cafe",
                "Lunch at the Café, 12:00!",
                "Lunch at the [Café], 12:00!",
            ),
            ("meeting", "Two meetings today", "Two [meetings] today"),
            ("absent", "Nothing here", "Nothing here"),
            ("<b>", "a <b>bold</b> claim", "a <[b]>bold</[b]> claim"),
        ];
        for (q, text, expected) in cases {
            assert_eq!(shown(&snippet(text, &query_words(q))), expected, "{q:?}");
        }
    }

    #[test]
    fn long_texts_are_cut_around_the_first_word_found() {
        let text = format!("{} needle {}", "word ".repeat(50), "tail ".repeat(50));
        let shown = shown(&snippet(&text, &query_words("needle")));
        assert!(shown.starts_with("…word word"), "{shown}");
        assert!(shown.contains("[needle]"), "{shown}");
        assert!(shown.ends_with(" …"), "{shown}");
        // Thirty words, the first carrying the "…" before it, and the "…" after them.
        assert_eq!(shown.split_whitespace().count(), 31, "{shown}");
    }
}
