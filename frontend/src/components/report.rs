//! "Report" under a post, a comment or a message: a reason from a short list and a few
//! words, sent to those who moderate it. The author never learns who reported.

use hearth_common::moderation::{CreateReportRequest, ReportReason, ReportTarget};
use leptos::prelude::*;

use crate::api;
use crate::components::form_error::FormError;
use crate::session::use_session;

pub fn reason_words(reason: ReportReason) -> &'static str {
    match reason {
        ReportReason::Spam => "Spam",
        ReportReason::Harassment => "Harassment or bullying",
        ReportReason::Hate => "Hate or discrimination",
        ReportReason::Misinformation => "False information",
        ReportReason::Confidential => "Confidential information",
        ReportReason::Other => "Something else",
    }
}

#[component]
pub fn ReportControl(kind: ReportTarget, id: String) -> impl IntoView {
    let session = use_session();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(ReportReason::Spam);
    let details = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let field = format!("report-{id}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreateReportRequest {
            target_kind: kind,
            target_id: id.clone(),
            reason: reason.get_untracked(),
            details: details.get_untracked(),
        };
        api::act(
            session,
            error,
            move |c| {
                let request = request.clone();
                async move { c.report(&request).await }
            },
            move |_| {
                sent.set(true);
                open.set(false);
            },
        );
    };
    view! {
        <Show when=move || !open.get() && !sent.get()>
            <button class="link" on:click=move |_| open.set(true)>"Report"</button>
        </Show>
        <Show when=move || sent.get()>
            <span class="notice" role="status">"Reported. Thank you — the moderators will look at it."</span>
        </Show>
        <Show when=move || open.get()>
            <form class="inline-form" on:submit=submit.clone() aria-label="Report">
                <label for=format!("{field}-reason")>"What is wrong?"</label>
                <select id=format!("{field}-reason") on:change=move |ev| {
                    if let Some(r) = ReportReason::parse(&event_target_value(&ev)) { reason.set(r) }
                }>
                    {ReportReason::ALL.iter().map(|r| view! {
                        <option value=r.as_str()>{reason_words(*r)}</option>
                    }).collect_view()}
                </select>
                <label for=format!("{field}-details")>"Anything the moderators should know (optional)"</label>
                <textarea id=format!("{field}-details") maxlength="1000" bind:value=details></textarea>
                <FormError error=error/>
                <div class="actions">
                    <button type="submit">"Send report"</button>
                    <button type="button" class="secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                </div>
            </form>
        </Show>
    }
}
