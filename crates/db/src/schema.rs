//! The tables, in types both backends share. Kept by hand in step with `migrations/`; the
//! schema test in `tests/` checks the two migration trees agree.

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        email -> Text,
        password_hash -> Text,
        display_name -> Text,
        role -> Text,
        title -> Nullable<Text>,
        department -> Nullable<Text>,
        location -> Nullable<Text>,
        bio -> Nullable<Text>,
        /// JSON array of strings.
        skills -> Text,
        avatar_url -> Nullable<Text>,
        /// Lower-cased name, username, title, department and skills, for the directory search.
        search_text -> Text,
        suspended -> Bool,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    /// One sign-in (a chain of refresh tokens). Revoking it ends every token of the chain.
    logins (id) {
        id -> Text,
        user_id -> Text,
        created_at -> BigInt,
        revoked_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        login_id -> Text,
        created_at -> BigInt,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    personal_tokens (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        token_hash -> Text,
        created_at -> BigInt,
        expires_at -> Nullable<BigInt>,
        last_used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    follows (follower_id, followee_id) {
        follower_id -> Text,
        followee_id -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    instance_settings (id) {
        id -> Integer,
        registration_open -> Bool,
        group_member_cap -> Integer,
    }
}

diesel::joinable!(logins -> users (user_id));
diesel::joinable!(refresh_tokens -> logins (login_id));
diesel::joinable!(personal_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    logins,
    refresh_tokens,
    personal_tokens,
    follows,
    instance_settings,
);
