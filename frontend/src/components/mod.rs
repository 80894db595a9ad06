pub mod form_error;
pub mod profile_card;
pub mod profile_form;
pub mod top_bar;
