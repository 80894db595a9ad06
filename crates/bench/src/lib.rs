//! Hearth's benchmark tools. `hearth-seed` fills a database with an organisation of the size
//! ARCHITECTURE.md's performance targets assume.

pub mod random;
pub mod seed;
