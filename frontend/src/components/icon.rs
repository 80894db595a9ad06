//! Icons as inline SVG, drawn with the text colour: nothing depends on an emoji font. They
//! are decoration (`aria-hidden`); the control that carries one has the accessible name.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glyph {
    Bell,
    Mail,
    Home,
    Communities,
    People,
    Like,
    Celebrate,
    Support,
    Insightful,
    Curious,
    More,
}

/// Strokes on a 24 × 24 grid.
fn path(glyph: Glyph) -> &'static str {
    match glyph {
        Glyph::Bell => "M6 17V11a6 6 0 0 1 12 0v6l2 2H4z M10 21h4",
        Glyph::Mail => "M3 6h18v12H3z M3 6l9 7 9-7",
        Glyph::Home => "M3 11l9-8 9 8 M5 9v12h5v-6h4v6h5V9",
        Glyph::Communities => "M4 20a5 5 0 0 1 10 0 M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6 M15 7a3 3 0 0 1 0 6 M16 15a5 5 0 0 1 4 5",
        Glyph::People => "M5 20a7 7 0 0 1 14 0 M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8",
        Glyph::Like => "M7 11v10H3V11z M7 11l4-8a2 2 0 0 1 3 2l-1 5h6a2 2 0 0 1 2 2l-2 7a2 2 0 0 1-2 2H7",
        Glyph::Celebrate => "M12 3l2.5 6H21l-5 4 2 7-6-4-6 4 2-7-5-4h6.5z",
        Glyph::Support => "M12 20s-8-5-8-11a4 4 0 0 1 8-1 4 4 0 0 1 8 1c0 6-8 11-8 11z",
        Glyph::Insightful => "M9 18h6 M10 21h4 M12 3a6 6 0 0 0-3.5 10.9V16h7v-2.1A6 6 0 0 0 12 3z",
        Glyph::Curious => "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18 M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7v.5 M12 17h.01",
        Glyph::More => "M5 12h.01 M12 12h.01 M19 12h.01",
    }
}

#[component]
pub fn Icon(glyph: Glyph) -> impl IntoView {
    view! {
        <svg class="icon-svg" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"
            fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
            <path d=path(glyph)/>
        </svg>
    }
}
