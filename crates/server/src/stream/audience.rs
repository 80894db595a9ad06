//! Who an event is for, stored with it in the log as JSON. Whether a given person is among
//! them is decided by `policy::events`, with the same rules as the REST reads.

use hearth_db::posts::PostRow;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Audience {
    /// Whoever may see a post written in `place`. With `original` (a share), the shared
    /// post's content is only for those who may also see the original; the others get the
    /// event's redacted data.
    ///
    /// With `actor` (who commented or reacted), the event is for those who may also see that
    /// person; the others get the redacted data if there is one, or nothing.
    Post {
        place: Place,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        original: Option<Place>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        actor: Option<String>,
    },
    /// These people and nobody else. With `actor`, an event that shows who acted (a
    /// notification): a replay leaves it out once that person is suspended.
    People {
        ids: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        actor: Option<String>,
    },
}

/// Where a post was written: company-wide (`group_id` empty) or in a community, and whether
/// it is in the company feed (company-wide posts and those of open communities).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub group_id: Option<String>,
    pub company: bool,
    /// The post itself: a replay judges the event by the post as it is now (deleted, its
    /// community made secret, its author suspended), not as it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_id: Option<String>,
}

impl Place {
    pub fn of(post: &PostRow) -> Place {
        Place {
            group_id: post.group_id.clone(),
            company: post.in_company_feed,
            post_id: Some(post.id.clone()),
        }
    }
}

impl Audience {
    pub fn post(post: &PostRow) -> Audience {
        Audience::Post {
            place: Place::of(post),
            original: None,
            actor: None,
        }
    }

    /// The same audience, for an event that shows who acted.
    pub fn by(self, person_id: &str) -> Audience {
        match self {
            Audience::Post {
                place, original, ..
            } => Audience::Post {
                place,
                original,
                actor: Some(person_id.to_owned()),
            },
            Audience::People { ids, .. } => Audience::People {
                ids,
                actor: Some(person_id.to_owned()),
            },
        }
    }

    /// Who acted, for events that show it.
    pub fn actor(&self) -> Option<&str> {
        match self {
            Audience::Post { actor, .. } | Audience::People { actor, .. } => actor.as_deref(),
        }
    }

    pub fn people<I, S>(ids: I) -> Audience
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Audience::People {
            ids: ids.into_iter().map(Into::into).collect(),
            actor: None,
        }
    }

    /// The posts the event is about (the post, and a share's original).
    pub fn post_ids(&self) -> impl Iterator<Item = &str> {
        let places = match self {
            Audience::Post {
                place, original, ..
            } => [Some(place), original.as_ref()],
            Audience::People { .. } => [None, None],
        };
        places
            .into_iter()
            .flatten()
            .filter_map(|p| p.post_id.as_deref())
    }

    /// The community whose posts the event is about, if any.
    pub fn group_id(&self) -> Option<&str> {
        match self {
            Audience::Post { place, .. } => place.group_id.as_deref(),
            Audience::People { .. } => None,
        }
    }
}
