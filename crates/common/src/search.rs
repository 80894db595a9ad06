//! Search (`GET /search`): posts and comments found by their words.

use serde::{Deserialize, Serialize};

use crate::posts::{Comment, Post};

string_enum! {
    /// What to search.
    SearchKind {
        /// Posts and articles, by title and text.
        Posts = "posts",
        /// Comments, by text.
        Comments = "comments",
    }
}

/// At most this many characters of a query are read.
pub const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SearchQuery {
    /// Words to find (up to 200 characters; the first eight words count). Every word must
    /// match: as written, in another form ("meetings" finds "meeting"), without accents, or
    /// as part of a longer word ("rat" finds "Betriebsrat"). Nothing in it is syntax.
    #[cfg_attr(feature = "openapi", param(min_length = 1, max_length = 200))]
    pub q: String,
    /// `posts` (default) or `comments`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<SearchKind>,
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100, default = 20))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A piece of a snippet: text as it is, and whether it is one of the words searched for.
/// Plain text, never markup: show `hit` pieces highlighted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// One thing found, most relevant first (then newest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    /// The post found, or the post the comment found is on.
    pub post: Post,
    /// With `type=comments`: the comment found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<Comment>,
    /// Where the words stand in its text, about thirty words around the first of them.
    pub snippet: Vec<SnippetPart>,
}
