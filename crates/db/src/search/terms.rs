//! The one analyser of search: how a text becomes the terms it is found by, and a query the
//! terms it looks for. Written once in Rust rather than in each database's full-text engine,
//! so that SQLite and PostgreSQL find exactly the same posts.
//!
//! A word is lower-cased and stripped of accents ("Café" → "cafe", "Straße" → "strasse"),
//! and indexed with its English, Dutch and German stems ("meetings" → "meet", "Betriebsräte"
//! → "betriebsrat"): a post's language is not known, and a wrong stem costs little. Parts of
//! compounds ("rat" in "Betriebsrat") are found at query time, by matching query words
//! inside indexed words (see `search::matching_terms`), so the index does not grow with them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Longer words are cut: nobody searches for them, and they would only grow the index.
pub const MAX_WORD_CHARS: usize = 40;
/// Words of a document that are indexed; a longer text is indexed by its start.
pub const MAX_DOCUMENT_WORDS: usize = 5_000;
/// Words of a query that are used; the rest are ignored.
pub const MAX_QUERY_WORDS: usize = 8;
/// Query words shorter than this are not matched inside other words ("at" would match
/// everything).
pub const MIN_PART_CHARS: usize = 3;

static STEMMERS: LazyLock<[Stemmer; 3]> = LazyLock::new(|| {
    [
        Stemmer::create(Algorithm::English),
        Stemmer::create(Algorithm::Dutch),
        Stemmer::create(Algorithm::German),
    ]
});

/// A letter without its accent, lower-cased; letters that are two in plain text become two.
fn fold_char(c: char, out: &mut String) {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' | 'ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ķ' => 'k',
        'ł' | 'ľ' | 'ļ' | 'ĺ' => 'l',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ŕ' | 'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ß' => return out.push_str("ss"),
        'æ' => return out.push_str("ae"),
        'œ' => return out.push_str("oe"),
        'ĳ' => return out.push_str("ij"),
        other => other,
    };
    out.push(plain);
}

/// The words of `text`, folded, in order: runs of letters and digits, at most
/// `MAX_WORD_CHARS` each.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut folded = String::with_capacity(w.len());
            for c in w.chars().flat_map(char::to_lowercase).take(MAX_WORD_CHARS) {
                fold_char(c, &mut folded);
            }
            folded
        })
}

/// The word and its distinct stems.
pub fn forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_owned()];
    for stemmer in STEMMERS.iter() {
        let stem = stemmer.stem(word);
        if stem.chars().count() >= 2 && !forms.iter().any(|f| f == stem.as_ref()) {
            forms.push(stem.into_owned());
        }
    }
    forms
}

/// How much a term found in a title counts, against one in the body.
pub const TITLE_WEIGHT: i32 = 2;
pub const BODY_WEIGHT: i32 = 1;

/// The terms a post or comment is found by, each with the weight of where it stands (a word
/// in both the title and the body counts as a title word).
pub fn document_terms(title: Option<&str>, body: &str) -> Vec<(String, i32)> {
    let mut terms: BTreeMap<String, i32> = BTreeMap::new();
    let title_words = title.into_iter().flat_map(words).map(|w| (w, TITLE_WEIGHT));
    let body_words = words(body).map(|w| (w, BODY_WEIGHT));
    for (word, weight) in title_words.chain(body_words).take(MAX_DOCUMENT_WORDS) {
        for form in forms(&word) {
            let entry = terms.entry(form).or_insert(weight);
            *entry = (*entry).max(weight);
        }
    }
    terms.into_iter().collect()
}

/// One word of a query: the word as typed (folded) and the forms that find it exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    pub word: String,
    pub forms: Vec<String>,
}

/// The words of a query, at most `MAX_QUERY_WORDS`, each once. Everything that is not a
/// letter or a digit separates words: quotes, `*`, `-`, `NEAR(` and the like are never
/// syntax here.
pub fn query_words(query: &str) -> Vec<QueryWord> {
    let mut out: Vec<QueryWord> = Vec::new();
    for word in words(query) {
        if out.len() == MAX_QUERY_WORDS {
            break;
        }
        if !out.iter().any(|q| q.word == word) {
            out.push(QueryWord {
                forms: forms(&word),
                word,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_split_on_everything_else() {
        let cases: [(&str, &[&str]); 6] = [
            ("Café Straße", &["cafe", "strasse"]),
            (
                "Betriebsräte, Ondernemingsraad!",
                &["betriebsrate", "ondernemingsraad"],
            ),
            (
                "\"launch\" -plan* NEAR(a b)",
                &["launch", "plan", "near", "a", "b"],
            ),
            ("@ann #Q3-launch", &["ann", "q3", "launch"]),
            ("Œuvre Ærø", &["oeuvre", "aero"]),
            ("\u{0}\u{1b}[31m", &["31m"]),
        ];
        for (text, expected) in cases {
            assert_eq!(words(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
        let long = "x".repeat(100);
        assert_eq!(words(&long).next().unwrap().len(), MAX_WORD_CHARS);
    }

    /// A word → one of the forms it must be indexed by.
    #[test]
    fn stems_cover_english_dutch_and_german() {
        let cases = [
            ("meetings", "meet"),
            ("vergaderingen", "vergader"),
            ("betriebsrate", "betriebsrat"),
            ("running", "run"),
            ("kinderen", "kinder"),
        ];
        for (word, form) in cases {
            let all = forms(word);
            assert!(all.iter().any(|f| f == form), "{word}: {all:?}");
            assert_eq!(all[0], word);
        }
    }

    #[test]
    fn a_document_keeps_the_heavier_weight_of_a_term() {
        let terms = document_terms(Some("Works council"), "The works council meets.");
        let weight = |t: &str| terms.iter().find(|(term, _)| term == t).map(|(_, w)| *w);
        assert_eq!(weight("council"), Some(TITLE_WEIGHT));
        assert_eq!(weight("meets"), Some(BODY_WEIGHT));
        assert_eq!(weight("meet"), Some(BODY_WEIGHT), "stem");
        assert_eq!(weight("nothing"), None);
    }

    #[test]
    fn a_query_has_at_most_eight_distinct_words() {
        let q = query_words("a a b c d e f g h i j");
        assert_eq!(q.len(), MAX_QUERY_WORDS);
        assert_eq!(q[0].word, "a");
        assert_eq!(q[1].word, "b");
        assert!(query_words("*** \"\" --").is_empty());
    }
}
