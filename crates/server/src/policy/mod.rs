//! Who may see and change what, decided in one place per resource. Handlers ask these
//! functions; they never decide on their own.

pub mod conversations;
pub mod groups;
pub mod posts;
pub mod users;
