//! Search (`GET /search`): posts, comments and one's own messages found by their words, and
//! people and communities by their names.

use serde::{Deserialize, Serialize};

use crate::conversations::Message;
use crate::groups::Group;
use crate::posts::{Comment, Post};
use crate::users::User;

string_enum! {
    /// What to search.
    SearchKind {
        /// Posts and articles, by title and text.
        Posts = "posts",
        /// Comments, by text.
        Comments = "comments",
        /// People, by name, username, title, department, location and skills (as the
        /// directory, `GET /users?q=`).
        People = "people",
        /// Communities, by name, description and topics (as `GET /groups?q=`).
        Communities = "communities",
        /// Messages of one's own conversations, by text.
        Messages = "messages",
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
    /// `posts` (default), `comments`, `people`, `communities` or `messages`.
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

/// One thing found. Posts and comments come most relevant first (then newest); people and
/// communities in name order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SearchHit {
    Post {
        post: Box<Post>,
        /// Where the words stand in its text, about thirty words around the first of them.
        snippet: Vec<SnippetPart>,
    },
    Comment {
        comment: Box<Comment>,
        /// The post it is on.
        post: Box<Post>,
        snippet: Vec<SnippetPart>,
    },
    /// A message of one of the caller's conversations (`message.conversation_id`).
    Message {
        message: Box<Message>,
        snippet: Vec<SnippetPart>,
    },
    Person {
        user: Box<User>,
    },
    Community {
        group: Box<Group>,
    },
}

impl SearchHit {
    /// The post found, or the post of the comment found.
    pub fn post(&self) -> Option<&Post> {
        match self {
            SearchHit::Post { post, .. } | SearchHit::Comment { post, .. } => Some(post),
            SearchHit::Message { .. } | SearchHit::Person { .. } | SearchHit::Community { .. } => {
                None
            }
        }
    }

    pub fn comment(&self) -> Option<&Comment> {
        match self {
            SearchHit::Comment { comment, .. } => Some(comment),
            _ => None,
        }
    }

    pub fn message(&self) -> Option<&Message> {
        match self {
            SearchHit::Message { message, .. } => Some(message),
            _ => None,
        }
    }

    pub fn snippet(&self) -> &[SnippetPart] {
        match self {
            SearchHit::Post { snippet, .. }
            | SearchHit::Comment { snippet, .. }
            | SearchHit::Message { snippet, .. } => snippet,
            SearchHit::Person { .. } | SearchHit::Community { .. } => &[],
        }
    }
}
