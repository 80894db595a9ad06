//! Editing my profile.

use hearth_common::users::{UpdateProfileRequest, UserProfile};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form_error::FormError;
use crate::session::use_session;

#[component]
pub fn ProfileForm(profile: UserProfile, on_saved: Callback<UserProfile>) -> impl IntoView {
    let session = use_session();
    let user = profile.user;
    let display_name = RwSignal::new(user.display_name);
    let title = RwSignal::new(user.title.unwrap_or_default());
    let department = RwSignal::new(user.department.unwrap_or_default());
    let location = RwSignal::new(user.location.unwrap_or_default());
    let bio = RwSignal::new(user.bio.unwrap_or_default());
    let skills = RwSignal::new(user.skills.join(", "));
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = UpdateProfileRequest {
            display_name: Some(display_name.get_untracked()),
            title: Some(title.get_untracked()),
            department: Some(department.get_untracked()),
            location: Some(location.get_untracked()),
            bio: Some(bio.get_untracked()),
            skills: Some(
                skills
                    .get_untracked()
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
        };
        saving.set(true);
        spawn_local(async move {
            let result = api::authed(session, move |c| {
                let request = request.clone();
                async move { c.update_me(&request).await }
            })
            .await;
            saving.set(false);
            match result {
                Ok(updated) => {
                    error.set(None);
                    on_saved.try_run(updated);
                }
                Err(err) => error.set(Some(api::describe(&err))),
            }
        });
    };

    view! {
        <form class="card" on:submit=submit aria-labelledby="edit-heading">
            <h2 id="edit-heading">"Edit profile"</h2>
            <label for="display_name">"Name"</label>
            <input id="display_name" name="display_name" required maxlength="80" bind:value=display_name/>
            <label for="title">"Job title"</label>
            <input id="title" name="title" maxlength="100" bind:value=title/>
            <label for="department">"Department"</label>
            <input id="department" name="department" maxlength="100" bind:value=department/>
            <label for="location">"Location"</label>
            <input id="location" name="location" maxlength="100" bind:value=location/>
            <label for="bio">"About you"</label>
            <textarea id="bio" name="bio" maxlength="2000" bind:value=bio></textarea>
            <label for="skills">"Skills (comma-separated)"</label>
            <input id="skills" name="skills" bind:value=skills/>
            <FormError error=error/>
            <div class="actions">
                <button type="submit" disabled=move || saving.get()>"Save profile"</button>
            </div>
        </form>
    }
}
