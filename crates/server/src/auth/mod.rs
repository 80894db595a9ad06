//! Who is calling: passwords, tokens, and the `Caller` extractor every protected handler takes.

pub mod caller;
pub mod password;
pub mod tokens;

pub use caller::Caller;
