pub mod home;
pub mod register;
pub mod sign_in;
