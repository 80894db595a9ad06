//! Opaque keyset cursors and page assembly. A cursor is the sort key of the last item of a
//! page, base64url-encoded so clients treat it as a token, not as data.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hearth_common::error::ErrorCode;
use hearth_common::page::{Page, PageQuery};

use crate::error::{ApiError, ApiResult};

/// The page size asked for, checked (1–100, default 20).
pub fn limit(query: &PageQuery) -> ApiResult<i64> {
    query.limit().map(i64::from).ok_or_else(|| {
        ApiError::bad_request(ErrorCode::InvalidQuery, "limit must be from 1 to 100")
    })
}

/// The page size and the (time, id) key after which a newest-first list continues.
pub fn time_keyed(query: &PageQuery) -> ApiResult<(i64, Option<(i64, String)>)> {
    let after = query.cursor.as_deref().map(decode_time_id).transpose()?;
    Ok((limit(query)?, after))
}

fn bad_cursor() -> ApiError {
    ApiError::bad_request(
        ErrorCode::InvalidCursor,
        "the cursor is not one this server gave out",
    )
}

pub fn encode(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

pub fn decode(cursor: &str) -> ApiResult<String> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad_cursor())?;
    let key = String::from_utf8(bytes).map_err(|_| bad_cursor())?;
    // Cursors this server gives out hold no control character but the line break that
    // separates a name from an id.
    if key.chars().any(|c| c.is_control() && c != '\n') {
        return Err(bad_cursor());
    }
    Ok(key)
}

/// A (time, id) key, as used by every newest-first list.
pub fn encode_time_id(at: i64, id: &str) -> String {
    encode(&format!("{at}:{id}"))
}

pub fn decode_time_id(cursor: &str) -> ApiResult<(i64, String)> {
    let key = decode(cursor)?;
    let (at, id) = key.split_once(':').ok_or_else(bad_cursor)?;
    let at = at.parse().map_err(|_| bad_cursor())?;
    Ok((at, id.to_owned()))
}

/// Builds a page from up to `limit + 1` rows: the extra row only says there is a next page.
/// `key` gives the cursor of a row; `keep` drops rows the caller may not see after the
/// query (the cursor still moves past them).
pub fn page<R, T>(
    mut rows: Vec<R>,
    limit: i64,
    key: impl Fn(&R) -> String,
    keep: impl Fn(&R) -> bool,
    item: impl Fn(R) -> T,
) -> Page<T> {
    let limit = usize::try_from(limit).unwrap_or(0);
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next_cursor = if more { rows.last().map(&key) } else { None };
    Page {
        items: rows.into_iter().filter(|r| keep(r)).map(item).collect(),
        next_cursor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = encode_time_id(1_700_000_000_000_000, "0190-abc");
        assert_eq!(
            decode_time_id(&c).unwrap(),
            (1_700_000_000_000_000, "0190-abc".into())
        );
        assert!(decode_time_id("!!!").is_err());
        assert!(decode_time_id(&encode("no-colon")).is_err());
        assert!(decode_time_id(&encode("x:1")).is_err());
    }

    #[test]
    fn pages_know_when_there_is_more() {
        let p = page(vec![1, 2, 3], 2, |r| r.to_string(), |_| true, |r| r * 10);
        assert_eq!(p.items, vec![10, 20]);
        assert_eq!(p.next_cursor.as_deref(), Some("2"));
        let last = page(vec![1, 2], 2, |r| r.to_string(), |r| *r != 1, |r| r);
        assert_eq!(last.items, vec![2]);
        assert_eq!(last.next_cursor, None);
    }

    #[test]
    fn limits_are_bounded() {
        let q = |limit| PageQuery {
            limit,
            cursor: None,
        };
        assert_eq!(limit(&q(None)).unwrap(), 20);
        assert_eq!(limit(&q(Some(100))).unwrap(), 100);
        assert!(limit(&q(Some(0))).is_err());
        assert!(limit(&q(Some(101))).is_err());
    }
}
