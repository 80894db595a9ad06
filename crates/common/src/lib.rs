//! The types of Hearth's JSON API (`/api/v1`), shared by the server, hearth-client and the web
//! app, and the validation newtypes every input goes through. serde only: this crate must build
//! for wasm32 without any server dependency.

/// A closed set of names, as an enum that is written and read as its snake_case text.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}

pub mod admin;
pub mod ambassadors;
pub mod announcements;
pub mod auth;
pub mod conversations;
pub mod error;
pub mod events;
pub mod groups;
pub mod insights;
pub mod media;
pub mod moderation;
pub mod notifications;
pub mod page;
pub mod posts;
pub mod search;
pub mod users;
pub mod validation;

// Conventions: ids are opaque strings (UUIDv7 made by the server); times are RFC 3339 in UTC.
