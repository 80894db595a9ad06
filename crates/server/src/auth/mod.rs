//! Who is calling: passwords, tokens, and the `Caller` extractor every protected handler takes.

pub mod caller;
mod jwt_crypto;
pub mod password;
pub mod tokens;

pub use caller::Caller;
