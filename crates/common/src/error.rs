//! The one error body every failing request answers with.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `{"error": {"code": "...", "message": "...", "fields": {...}}}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable snake_case code, e.g. `validation_failed`, `not_found`, `registration_closed`.
    pub code: String,
    /// A human sentence; may change, do not match on it.
    pub message: String,
    /// For `validation_failed`: the offending fields, each with what is wrong.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

impl ErrorBody {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
                fields: BTreeMap::new(),
            },
        }
    }
}
