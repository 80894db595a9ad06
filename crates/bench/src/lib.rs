//! Hearth's benchmark tools. `hearth-seed` fills a database with an organisation of the size
//! ARCHITECTURE.md's performance targets assume; `hearth-bench` drives `hearth` against it and
//! writes BENCHMARKS.md.

pub mod direct;
pub mod fanout;
pub mod load;
pub mod random;
pub mod report;
pub mod seed;
pub mod uploads;
