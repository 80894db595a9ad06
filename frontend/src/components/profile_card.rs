//! A person's profile, read-only.

use hearth_common::users::UserProfile;
use leptos::prelude::*;

use crate::components::media::Avatar;

#[component]
pub fn ProfileCard(profile: UserProfile) -> impl IntoView {
    let user = profile.user;
    let rows: Vec<(&'static str, String)> = [
        ("Username", Some(format!("@{}", user.username))),
        ("Title", user.title),
        ("Department", user.department),
        ("Location", user.location),
        ("E-mail", user.email),
        ("About", user.bio),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.map(|v| (label, v)))
    .collect();
    let skills = user.skills;
    view! {
        <section class="card" aria-labelledby="profile-name">
            <div class="with-avatar">
                <Avatar name=user.display_name.clone() url=user.avatar_url.clone() size="large"/>
                <h2 id="profile-name">{user.display_name}</h2>
            </div>
            {user.ambassador.then(|| view! { <p><span class="tag ambassador" data-testid="ambassador-badge">"Ambassador"</span></p> })}
            <dl class="profile">
                {rows.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> }).collect_view()}
            </dl>
            {(!skills.is_empty()).then(|| view! {
                <h3>"Skills"</h3>
                <ul class="chips">
                    {skills.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                </ul>
            })}
            <p class="notice">
                {profile.follower_count} " followers · " {profile.following_count} " following"
            </p>
        </section>
    }
}
