//! Times are stored as microseconds since the Unix epoch (UTC): one portable, sortable integer
//! on both backends, and the first half of every keyset cursor.

use chrono::{DateTime, Utc};

pub fn now_micros() -> i64 {
    Utc::now().timestamp_micros()
}

pub fn to_datetime(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(micros).unwrap_or_default()
}

pub fn from_datetime(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}
