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
        /// Whether the person's own insights are computed (they can opt out).
        personal_insights -> Bool,
        /// An accepted ambassador (shown as a badge).
        ambassador -> Bool,
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
        group_member_cap -> Integer,
        analytics_mode -> Text,
        registration -> Text,
        allowed_domains -> Text,
        /// Where indexing the posts written before search existed has got to (`search`).
        search_backfill_after -> Nullable<Text>,
        message_backfill_after -> Nullable<Text>,
    }
}

diesel::table! {
    posts (id) {
        id -> Text,
        author_id -> Text,
        group_id -> Nullable<Text>,
        title -> Nullable<Text>,
        body -> Text,
        body_html -> Text,
        /// JSON array of strings.
        topics -> Text,
        /// JSON array of usernames.
        mentions -> Text,
        shared_post_id -> Nullable<Text>,
        reactions_like -> Integer,
        reactions_celebrate -> Integer,
        reactions_support -> Integer,
        reactions_insightful -> Integer,
        reactions_curious -> Integer,
        comment_count -> Integer,
        share_count -> Integer,
        author_suspended -> Bool,
        edited_at -> Nullable<BigInt>,
        deleted_at -> Nullable<BigInt>,
        created_at -> BigInt,
        /// Company-wide, or in an open community: shown in the company feed.
        in_company_feed -> Bool,
        /// Hidden by reports, pending review (then `deleted_at` is set too).
        hidden_at -> Nullable<BigInt>,
        /// When someone other than the author first commented (a comment still there).
        answered_at -> Nullable<BigInt>,
        /// The link its preview card is for (see `link_previews`).
        preview_url -> Nullable<Text>,
    }
}

diesel::table! {
    communities (id) {
        id -> Text,
        name -> Text,
        description -> Text,
        privacy -> Text,
        /// JSON array of strings.
        topics -> Text,
        search_text -> Text,
        member_count -> Integer,
        created_at -> BigInt,
        updated_at -> BigInt,
        /// When it was archived: read-only since (see `communities::set_archived`).
        archived_at -> Nullable<BigInt>,
        /// The address of its cover image, if it has one.
        cover_url -> Nullable<Text>,
        /// Whether its posts show link preview cards.
        link_previews -> Bool,
    }
}

diesel::table! {
    link_previews (url) {
        url -> Text,
        status -> Text,
        title -> Nullable<Text>,
        description -> Nullable<Text>,
        site_name -> Nullable<Text>,
        image_sha256 -> Nullable<Text>,
        image_content_type -> Nullable<Text>,
        image_width -> Nullable<Integer>,
        image_height -> Nullable<Integer>,
        image_bytes -> Nullable<BigInt>,
        fetched_at -> BigInt,
    }
}

diesel::table! {
    message_terms (term, message_id) {
        term -> Text,
        message_id -> Text,
        weight -> Integer,
    }
}

diesel::table! {
    link_preview_jobs (post_id) {
        post_id -> Text,
        url -> Text,
        due_at -> BigInt,
    }
}

diesel::table! {
    community_members (community_id, user_id) {
        community_id -> Text,
        user_id -> Text,
        role -> Text,
        status -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    guest_invites (code_hash) {
        code_hash -> Text,
        community_id -> Text,
        email -> Text,
        created_by -> Text,
        created_at -> BigInt,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    post_versions (id) {
        id -> Text,
        post_id -> Text,
        title -> Nullable<Text>,
        body -> Text,
        body_html -> Text,
        replaced_at -> BigInt,
    }
}

diesel::table! {
    post_topics (topic, post_id) {
        topic -> Text,
        post_id -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    post_reactions (post_id, user_id) {
        post_id -> Text,
        user_id -> Text,
        kind -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    comments (id) {
        id -> Text,
        post_id -> Text,
        parent_id -> Nullable<Text>,
        author_id -> Text,
        body -> Text,
        body_html -> Text,
        reactions_like -> Integer,
        reactions_celebrate -> Integer,
        reactions_support -> Integer,
        reactions_insightful -> Integer,
        reactions_curious -> Integer,
        edited_at -> Nullable<BigInt>,
        created_at -> BigInt,
    }
}

diesel::table! {
    comment_reactions (comment_id, user_id) {
        comment_id -> Text,
        user_id -> Text,
        kind -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        actor_id -> Text,
        post_id -> Nullable<Text>,
        comment_id -> Nullable<Text>,
        group_id -> Nullable<Text>,
        conversation_id -> Nullable<Text>,
        is_read -> Bool,
        created_at -> BigInt,
        /// What a moderator said (a removal's reason, a warning).
        note -> Nullable<Text>,
    }
}

diesel::table! {
    conversations (id) {
        id -> Text,
        pair_key -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::table! {
    conversation_participants (conversation_id, user_id) {
        conversation_id -> Text,
        user_id -> Text,
        last_read_message_id -> Nullable<Text>,
        unread_count -> Integer,
        last_activity_at -> BigInt,
    }
}

diesel::table! {
    messages (id) {
        id -> Text,
        conversation_id -> Text,
        author_id -> Text,
        body -> Text,
        body_html -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    /// A span of active membership; `left_at` is set when it ends.
    membership_spans (community_id, user_id, joined_at) {
        community_id -> Text,
        user_id -> Text,
        joined_at -> BigInt,
        left_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// A day (since the Unix epoch, UTC) on which a person visited; kept 90 days.
    presence_days (day, user_id) {
        day -> Integer,
        user_id -> Text,
    }
}

diesel::table! {
    health_snapshots (scope, window_days, end_day) {
        scope -> Text,
        window_days -> Integer,
        end_day -> Integer,
        data -> Text,
        computed_at -> BigInt,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        actor_id -> Text,
        action -> Text,
        target_user_id -> Nullable<Text>,
        target_group_id -> Nullable<Text>,
        detail -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    pins (scope, post_id) {
        scope -> Text,
        post_id -> Text,
        pinned_by -> Text,
        pinned_at -> BigInt,
    }
}

diesel::table! {
    must_reads (post_id) {
        post_id -> Text,
        marked_by -> Text,
        marked_at -> BigInt,
        deadline -> BigInt,
        reminders_sent -> Integer,
        last_manual_reminder_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    must_read_audience (post_id, user_id) {
        post_id -> Text,
        user_id -> Text,
        acknowledged_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        target_kind -> Text,
        target_id -> Text,
        post_id -> Nullable<Text>,
        conversation_id -> Nullable<Text>,
        group_id -> Nullable<Text>,
        author_id -> Text,
        reporter_id -> Text,
        reason -> Text,
        details -> Text,
        excerpt -> Text,
        status -> Text,
        escalated -> Bool,
        created_at -> BigInt,
        decided_at -> Nullable<BigInt>,
        decided_by -> Nullable<Text>,
    }
}

diesel::table! {
    moderation_log (id) {
        id -> Text,
        group_id -> Nullable<Text>,
        actor_id -> Text,
        action -> Text,
        target_kind -> Text,
        target_id -> Text,
        author_id -> Text,
        reason -> Text,
        note -> Text,
        created_at -> BigInt,
    }
}

diesel::joinable!(logins -> users (user_id));
diesel::joinable!(ambassadors -> users (user_id));
diesel::joinable!(media -> users (uploader_id));
diesel::joinable!(refresh_tokens -> logins (login_id));
diesel::joinable!(personal_tokens -> users (user_id));
diesel::joinable!(posts -> users (author_id));
diesel::joinable!(post_versions -> posts (post_id));
diesel::table! {
    events (id) {
        id -> BigInt,
        kind -> Text,
        audience -> Text,
        data -> Text,
        redacted_data -> Nullable<Text>,
        group_id -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::joinable!(post_topics -> posts (post_id));
diesel::joinable!(post_reactions -> users (user_id));
diesel::joinable!(comments -> posts (post_id));
diesel::joinable!(post_reactions -> posts (post_id));
diesel::joinable!(comment_reactions -> comments (comment_id));
diesel::joinable!(membership_spans -> users (user_id));
diesel::joinable!(presence_days -> users (user_id));
diesel::joinable!(pins -> posts (post_id));
diesel::joinable!(must_reads -> posts (post_id));
diesel::joinable!(must_read_audience -> users (user_id));
diesel::joinable!(must_read_audience -> must_reads (post_id));
diesel::joinable!(comment_reactions -> users (user_id));
diesel::joinable!(community_members -> communities (community_id));
diesel::joinable!(community_members -> users (user_id));
diesel::joinable!(conversation_participants -> conversations (conversation_id));
diesel::joinable!(conversation_participants -> users (user_id));
diesel::joinable!(messages -> users (author_id));

diesel::table! {
    /// People invited to be ambassadors, and their answer (never a score or a rank).
    ambassadors (user_id) {
        user_id -> Text,
        status -> Text,
        invited_at -> BigInt,
        answered_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    ambassador_rounds (day) {
        day -> Integer,
        ran_at -> BigInt,
        people -> Integer,
        candidates -> Integer,
        betweenness -> Text,
        millis -> BigInt,
    }
}

diesel::table! {
    ambassador_spaces (community_id) {
        community_id -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    /// The search index of posts (see `search`).
    post_terms (term, post_id) {
        term -> Text,
        post_id -> Text,
        weight -> Integer,
    }
}

diesel::table! {
    comment_terms (term, comment_id) {
        term -> Text,
        comment_id -> Text,
        weight -> Integer,
    }
}

diesel::table! {
    search_terms (term) {
        term -> Text,
    }
}

diesel::table! {
    /// The first answer to a write sent with an `Idempotency-Key` (see `idempotency`).
    idempotency_keys (user_id, key) {
        user_id -> Text,
        key -> Text,
        request_hash -> Text,
        status -> Integer,
        body -> Text,
        created_at -> BigInt,
    }
}

diesel::joinable!(post_terms -> posts (post_id));
diesel::joinable!(comment_terms -> comments (comment_id));

diesel::table! {
    /// Uploaded files (see `media`).
    media (id) {
        id -> Text,
        uploader_id -> Text,
        kind -> Text,
        status -> Text,
        content_type -> Text,
        file_name -> Text,
        byte_size -> BigInt,
        sha256 -> Text,
        width -> Nullable<Integer>,
        height -> Nullable<Integer>,
        alt_text -> Text,
        attached_kind -> Nullable<Text>,
        attached_id -> Nullable<Text>,
        position -> Integer,
        created_at -> BigInt,
        deleted_at -> Nullable<BigInt>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    message_terms,
    link_previews,
    link_preview_jobs,
    users,
    logins,
    refresh_tokens,
    personal_tokens,
    follows,
    instance_settings,
    posts,
    post_versions,
    post_topics,
    post_reactions,
    comments,
    comment_reactions,
    notifications,
    communities,
    community_members,
    guest_invites,
    conversations,
    conversation_participants,
    messages,
    events,
    membership_spans,
    presence_days,
    health_snapshots,
    audit_log,
    pins,
    must_reads,
    must_read_audience,
    reports,
    moderation_log,
    ambassadors,
    ambassador_rounds,
    ambassador_spaces,
    post_terms,
    comment_terms,
    search_terms,
    idempotency_keys,
    media,
);

// Community health counts who did what per community in one query.
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    posts::group_id,
    comments::author_id,
    post_reactions::user_id,
    comment_reactions::user_id,
);
