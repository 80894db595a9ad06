//! Search over posts, comments and messages: Hearth's own inverted index (`post_terms`,
//! `comment_terms`, `message_terms`, and the vocabulary `search_terms`), kept in the same transaction as the
//! text it indexes, and the queries that read it. The same statements run on both databases,
//! so both find the same things; which of them a person may see is the caller's `Audience`,
//! applied in the query like the feeds do.

pub mod terms;

use std::collections::HashMap;

use diesel::dsl::not;
use diesel::prelude::*;

use crate::backend::insert_chunks;
use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::posts::Audience;
use crate::schema::{
    comment_terms, comments, conversation_participants, instance_settings, message_terms, messages,
    post_terms, posts, search_terms,
};
use terms::QueryWord;

/// Rows per insert statement (SQLite allows 32,766 bound values; three per row).
const CHUNK: usize = 500;
/// Vocabulary terms one query word may stand for.
const TERMS_PER_WORD: i64 = 200;

/// How well a term matches a query word.
pub const EXACT: i32 = 3;
pub const PREFIX: i32 = 2;
pub const PART: i32 = 1;

fn add_to_vocabulary(conn: &mut DbConnection, terms: &[(String, i32)]) -> DbResult<()> {
    let rows: Vec<_> = terms
        .iter()
        .map(|(term, _)| search_terms::term.eq(term))
        .collect();
    for chunk in rows.chunks(CHUNK) {
        let insert = diesel::insert_into(search_terms::table)
            .values(chunk)
            .on_conflict_do_nothing();
        match conn {
            DbConnection::Pg(c) => insert.execute(c)?,
            DbConnection::Sqlite(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Indexes a post's text, replacing what it was indexed by.
pub fn index_post(
    conn: &mut DbConnection,
    post_id: &str,
    title: Option<&str>,
    body: &str,
) -> DbResult<()> {
    unindex_post(conn, post_id)?;
    let terms = terms::document_terms(title, body);
    let rows: Vec<_> = terms
        .iter()
        .map(|(term, weight)| {
            (
                post_terms::term.eq(term),
                post_terms::post_id.eq(post_id),
                post_terms::weight.eq(weight),
            )
        })
        .collect();
    insert_chunks!(conn, post_terms::table, rows, CHUNK)?;
    add_to_vocabulary(conn, &terms)
}

/// Indexes posts that have never been indexed, many at once (the benchmark's data set):
/// `(id, title, body)`.
pub fn index_new_posts(
    conn: &mut DbConnection,
    posts: &[(&str, Option<&str>, &str)],
) -> DbResult<()> {
    let mut terms: Vec<(String, i32, &str)> = Vec::new();
    for (id, title, body) in posts {
        for (term, weight) in terms::document_terms(*title, body) {
            terms.push((term, weight, id));
        }
    }
    let rows: Vec<_> = terms
        .iter()
        .map(|(term, weight, id)| {
            (
                post_terms::term.eq(term),
                post_terms::post_id.eq(*id),
                post_terms::weight.eq(weight),
            )
        })
        .collect();
    insert_chunks!(conn, post_terms::table, rows, CHUNK)?;
    let mut vocabulary: Vec<(String, i32)> = terms.into_iter().map(|(t, w, _)| (t, w)).collect();
    vocabulary.sort();
    vocabulary.dedup_by(|a, b| a.0 == b.0);
    add_to_vocabulary(conn, &vocabulary)
}

pub fn unindex_post(conn: &mut DbConnection, post_id: &str) -> DbResult<()> {
    diesel::delete(post_terms::table.filter(post_terms::post_id.eq(post_id))).execute(conn)?;
    Ok(())
}

/// Indexes a comment's text, replacing what it was indexed by.
pub fn index_comment(conn: &mut DbConnection, comment_id: &str, body: &str) -> DbResult<()> {
    unindex_comments(conn, &[comment_id.to_owned()])?;
    let terms = terms::document_terms(None, body);
    let rows: Vec<_> = terms
        .iter()
        .map(|(term, weight)| {
            (
                comment_terms::term.eq(term),
                comment_terms::comment_id.eq(comment_id),
                comment_terms::weight.eq(weight),
            )
        })
        .collect();
    insert_chunks!(conn, comment_terms::table, rows, CHUNK)?;
    add_to_vocabulary(conn, &terms)
}

pub fn unindex_comments(conn: &mut DbConnection, ids: &[String]) -> DbResult<()> {
    diesel::delete(comment_terms::table.filter(comment_terms::comment_id.eq_any(ids)))
        .execute(conn)?;
    Ok(())
}

/// Indexes a message's text, replacing what it was indexed by.
pub fn index_message(conn: &mut DbConnection, message_id: &str, body: &str) -> DbResult<()> {
    unindex_message(conn, message_id)?;
    let terms = terms::document_terms(None, body);
    let rows: Vec<_> = terms
        .iter()
        .map(|(term, weight)| {
            (
                message_terms::term.eq(term),
                message_terms::message_id.eq(message_id),
                message_terms::weight.eq(weight),
            )
        })
        .collect();
    insert_chunks!(conn, message_terms::table, rows, CHUNK)?;
    add_to_vocabulary(conn, &terms)
}

pub fn unindex_message(conn: &mut DbConnection, message_id: &str) -> DbResult<()> {
    diesel::delete(message_terms::table.filter(message_terms::message_id.eq(message_id)))
        .execute(conn)?;
    Ok(())
}

/// Indexes the next `batch` messages written before message search existed; true while
/// some are left.
fn backfill_messages(conn: &mut DbConnection, batch: i64) -> DbResult<bool> {
    let after: Option<String> = instance_settings::table
        .find(1)
        .select(instance_settings::message_backfill_after)
        .first(conn)?;
    let Some(after) = after else {
        return Ok(false);
    };
    let rows: Vec<(String, String)> = messages::table
        .filter(messages::id.gt(&after))
        .select((messages::id, messages::body))
        .order(messages::id)
        .limit(batch)
        .load(conn)?;
    for (id, body) in &rows {
        index_message(conn, id, body)?;
    }
    let more = i64::try_from(rows.len()).unwrap_or(0) == batch;
    let next = rows.last().map(|(id, _)| id.clone()).filter(|_| more);
    diesel::update(instance_settings::table.find(1))
        .set(instance_settings::message_backfill_after.eq(next))
        .execute(conn)?;
    Ok(more)
}

/// Indexes the next `batch` posts (and their comments) written before search existed, in id
/// order; true while some are left. Each call is one short transaction of the caller's.
pub fn backfill(conn: &mut DbConnection, batch: i64) -> DbResult<bool> {
    // Several processes run it: one batch at a time.
    crate::backend::lock_instance_settings(conn)?;
    let after: Option<String> = instance_settings::table
        .find(1)
        .select(instance_settings::search_backfill_after)
        .first(conn)?;
    let Some(after) = after else {
        return backfill_messages(conn, batch);
    };
    let rows: Vec<(String, Option<String>, String, Option<i64>)> = posts::table
        .filter(posts::id.gt(&after))
        .select((posts::id, posts::title, posts::body, posts::deleted_at))
        .order(posts::id)
        .limit(batch)
        .load(conn)?;
    for (id, title, body, deleted_at) in &rows {
        if deleted_at.is_none() {
            index_post(conn, id, title.as_deref(), body)?;
        }
    }
    let ids: Vec<&String> = rows.iter().map(|(id, ..)| id).collect();
    let replies: Vec<(String, String)> = comments::table
        .filter(comments::post_id.eq_any(ids))
        .select((comments::id, comments::body))
        .load(conn)?;
    for (id, body) in &replies {
        index_comment(conn, id, body)?;
    }
    let more = i64::try_from(rows.len()).unwrap_or(0) == batch;
    let next = rows.last().map(|(id, ..)| id.clone()).filter(|_| more);
    diesel::update(instance_settings::table.find(1))
        .set(instance_settings::search_backfill_after.eq(next))
        .execute(conn)?;
    Ok(more)
}

/// The indexed terms that stand for `word`, each with how well it matches: one of its forms
/// exactly, a word it begins, or a word it is part of (the "rat" of "betriebsrat"; for query
/// words of `MIN_PART_CHARS` or more).
pub fn matching_terms(conn: &mut DbConnection, word: &QueryWord) -> DbResult<Vec<(String, i32)>> {
    let mut out: Vec<(String, i32)> = word.forms.iter().map(|f| (f.clone(), EXACT)).collect();
    if word.word.chars().count() >= terms::MIN_PART_CHARS {
        let containing: Vec<String> = search_terms::table
            .filter(
                search_terms::term
                    .like(crate::users::like_pattern(&word.word))
                    .escape('\\'),
            )
            .select(search_terms::term)
            .order(search_terms::term)
            .limit(TERMS_PER_WORD)
            .load(conn)?;
        for term in containing {
            if out.iter().all(|(t, _)| *t != term) {
                let how = if term.starts_with(&word.word) {
                    PREFIX
                } else {
                    PART
                };
                out.push((term, how));
            }
        }
    }
    Ok(out)
}

/// A post or comment found, with its relevance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: String,
    pub created_at: i64,
    pub score: i32,
}

/// The relevance of each candidate: for every query word, its best term there (how well it
/// matches × where it stands), summed.
fn score(
    candidates: Vec<(String, i64)>,
    weights: Vec<(String, String, i32)>,
    words: &[Vec<(String, i32)>],
) -> Vec<Hit> {
    let mut by_doc: HashMap<&str, HashMap<&str, i32>> = HashMap::new();
    for (doc, term, weight) in &weights {
        by_doc
            .entry(doc.as_str())
            .or_default()
            .insert(term.as_str(), *weight);
    }
    let mut hits: Vec<Hit> = candidates
        .iter()
        .map(|(id, created_at)| {
            let terms = by_doc.get(id.as_str());
            let score = words
                .iter()
                .map(|word| {
                    word.iter()
                        .filter_map(|(term, how)| {
                            terms?.get(term.as_str()).map(|weight| how * weight)
                        })
                        .max()
                        .unwrap_or(0)
                })
                .sum();
            Hit {
                id: id.clone(),
                created_at: *created_at,
                score,
            }
        })
        .collect();
    hits.sort_by(|a, b| (b.score, b.created_at, &b.id).cmp(&(a.score, a.created_at, &a.id)));
    hits
}

fn all_terms(words: &[Vec<(String, i32)>]) -> Vec<String> {
    let mut all: Vec<String> = words.iter().flatten().map(|(t, _)| t.clone()).collect();
    all.sort();
    all.dedup();
    all
}

/// Postings read per word at most: what bounds a query's cost, however common its words.
const WINDOW: i64 = 2_000;

/// The documents (ids in `$doc` of `$table`) that have every word, read in bounded steps:
/// the postings of the rarest word (when one has at most `WINDOW`, all of its documents),
/// else the newest `WINDOW` documents with an exact form of the first word; then only those
/// that have each other word too.
macro_rules! candidates {
    ($conn:expr, $words:expr, $table:path, $term:path, $doc:path) => {{
        let conn: &mut DbConnection = $conn;
        let words: &[Vec<(String, i32)>] = $words;
        let terms_of = |word: &Vec<(String, i32)>| -> Vec<String> {
            word.iter().map(|(t, _)| t.clone()).collect()
        };
        let mut rarest: Option<(usize, Vec<String>)> = None;
        for (i, word) in words.iter().enumerate() {
            let ids: Vec<String> = $table
                .filter($term.eq_any(terms_of(word)))
                .select($doc)
                .limit(WINDOW + 1)
                .load(conn)?;
            let complete = i64::try_from(ids.len()).unwrap_or(i64::MAX) <= WINDOW;
            if complete && rarest.as_ref().is_none_or(|(_, r)| ids.len() < r.len()) {
                rarest = Some((i, ids));
            }
        }
        let (driver, mut ids) = match rarest {
            Some(found) => found,
            None => {
                let mut ids: Vec<String> = Vec::new();
                for (form, how) in &words[0] {
                    if *how == EXACT {
                        let newest: Vec<String> = $table
                            .filter($term.eq(form))
                            .select($doc)
                            .order($doc.desc())
                            .limit(WINDOW)
                            .load(conn)?;
                        ids.extend(newest);
                    }
                }
                ids.sort_by(|a, b| b.cmp(a));
                ids.dedup();
                ids.truncate(usize::try_from(WINDOW).unwrap_or(usize::MAX));
                (0, ids)
            }
        };
        ids.sort();
        ids.dedup();
        for (i, word) in words.iter().enumerate() {
            if i == driver || ids.is_empty() {
                continue;
            }
            let having: std::collections::HashSet<String> = $table
                .filter($doc.eq_any(&ids))
                .filter($term.eq_any(terms_of(word)))
                .select($doc)
                .load::<String>(conn)?
                .into_iter()
                .collect();
            ids.retain(|id| having.contains(id));
        }
        ids
    }};
}

/// Live posts `audience` may read that match every word (each by one of its terms, from
/// `matching_terms`), by relevance, then newest first. Relevance is decided among the newest
/// `limit` of the candidates `candidates!` reads, so a query's cost is bounded however many
/// posts its words are in.
pub fn posts(
    conn: &mut DbConnection,
    audience: &Audience,
    words: &[Vec<(String, i32)>],
    limit: i64,
) -> DbResult<Vec<Hit>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = posts::table
        .filter(posts::deleted_at.is_null())
        .filter(not(posts::author_suspended))
        .select((posts::id, posts::created_at))
        .order((posts::created_at.desc(), posts::id.desc()))
        .limit(limit)
        .into_boxed();
    q = match (audience.company, audience.groups.as_slice()) {
        (true, []) => q.filter(posts::in_company_feed),
        (true, groups) => {
            q.filter(posts::in_company_feed.or(posts::group_id.eq_any(groups.to_vec())))
        }
        (false, []) => return Ok(Vec::new()),
        (false, groups) => q.filter(posts::group_id.eq_any(groups.to_vec())),
    };
    let ids = candidates!(
        conn,
        words,
        post_terms::table,
        post_terms::term,
        post_terms::post_id
    );
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let candidates: Vec<(String, i64)> = q.filter(posts::id.eq_any(&ids)).load(conn)?;
    let ids: Vec<&String> = candidates.iter().map(|(id, _)| id).collect();
    let weights: Vec<(String, String, i32)> = post_terms::table
        .filter(post_terms::post_id.eq_any(ids))
        .filter(post_terms::term.eq_any(all_terms(words)))
        .select((post_terms::post_id, post_terms::term, post_terms::weight))
        .load(conn)?;
    Ok(score(candidates, weights, words))
}

/// Comments on live posts `audience` may read that match every word, as `posts` does. The
/// caller still decides whose comments the reader may see.
pub fn comments(
    conn: &mut DbConnection,
    audience: &Audience,
    words: &[Vec<(String, i32)>],
    limit: i64,
) -> DbResult<Vec<Hit>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = comments::table
        .inner_join(posts::table)
        .filter(posts::deleted_at.is_null())
        .filter(not(posts::author_suspended))
        .select((comments::id, comments::created_at))
        .order((comments::created_at.desc(), comments::id.desc()))
        .limit(limit)
        .into_boxed();
    q = match (audience.company, audience.groups.as_slice()) {
        (true, []) => q.filter(posts::in_company_feed),
        (true, groups) => {
            q.filter(posts::in_company_feed.or(posts::group_id.eq_any(groups.to_vec())))
        }
        (false, []) => return Ok(Vec::new()),
        (false, groups) => q.filter(posts::group_id.eq_any(groups.to_vec())),
    };
    let ids = candidates!(
        conn,
        words,
        comment_terms::table,
        comment_terms::term,
        comment_terms::comment_id
    );
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let candidates: Vec<(String, i64)> = q.filter(comments::id.eq_any(&ids)).load(conn)?;
    let ids: Vec<&String> = candidates.iter().map(|(id, _)| id).collect();
    let weights: Vec<(String, String, i32)> = comment_terms::table
        .filter(comment_terms::comment_id.eq_any(ids))
        .filter(comment_terms::term.eq_any(all_terms(words)))
        .select((
            comment_terms::comment_id,
            comment_terms::term,
            comment_terms::weight,
        ))
        .load(conn)?;
    Ok(score(candidates, weights, words))
}

/// Messages of the conversations `person` takes part in that match every word, as `posts`
/// does.
pub fn messages(
    conn: &mut DbConnection,
    person: &str,
    words: &[Vec<(String, i32)>],
    limit: i64,
) -> DbResult<Vec<Hit>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let ids = candidates!(
        conn,
        words,
        message_terms::table,
        message_terms::term,
        message_terms::message_id
    );
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let candidates: Vec<(String, i64)> = messages::table
        .inner_join(
            conversation_participants::table.on(conversation_participants::conversation_id
                .eq(messages::conversation_id)
                .and(conversation_participants::user_id.eq(person))),
        )
        .filter(messages::id.eq_any(&ids))
        .select((messages::id, messages::created_at))
        .order((messages::created_at.desc(), messages::id.desc()))
        .limit(limit)
        .load(conn)?;
    let ids: Vec<&String> = candidates.iter().map(|(id, _)| id).collect();
    let weights: Vec<(String, String, i32)> = message_terms::table
        .filter(message_terms::message_id.eq_any(ids))
        .filter(message_terms::term.eq_any(all_terms(words)))
        .select((
            message_terms::message_id,
            message_terms::term,
            message_terms::weight,
        ))
        .load(conn)?;
    Ok(score(candidates, weights, words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevance_sums_each_words_best_term_then_recency() {
        let words = vec![
            vec![
                ("rat".to_string(), EXACT),
                ("betriebsrat".to_string(), PART),
            ],
            vec![("sitzung".to_string(), EXACT)],
        ];
        let candidates = vec![
            ("new".to_string(), 30),
            ("title".to_string(), 20),
            ("old".to_string(), 10),
        ];
        let weights = vec![
            ("new".to_string(), "betriebsrat".to_string(), 1),
            ("new".to_string(), "sitzung".to_string(), 1),
            ("title".to_string(), "rat".to_string(), 2),
            ("title".to_string(), "sitzung".to_string(), 1),
            ("old".to_string(), "rat".to_string(), 1),
            ("old".to_string(), "betriebsrat".to_string(), 1),
            ("old".to_string(), "sitzung".to_string(), 1),
        ];
        let hits = score(candidates, weights, &words);
        let order: Vec<(&str, i32)> = hits.iter().map(|h| (h.id.as_str(), h.score)).collect();
        // title: 3×2 + 3; old: 3 + 3 (its part match does not add); new: 1 + 3.
        assert_eq!(order, [("title", 9), ("old", 6), ("new", 4)]);
    }
}
