//! Suggestions while someone types `@na…` or `#lau…` in a text box: up to five people from
//! the directory, or topics in use, chosen with the arrow keys and Enter (or Tab), or a
//! click; Escape closes.

use hearth_common::posts::TopicQuery;
use hearth_common::users::{DirectoryQuery, User};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api;
use crate::session::{use_session, SessionSignal};

/// The `@word` or `#word` being typed: its sigil, where the sigil is (in characters) and the
/// word so far.
fn typed_tag(before_caret: &str) -> Option<(char, usize, String)> {
    let (at, sigil) = before_caret
        .char_indices()
        .rev()
        .find(|&(_, c)| c == '@' || c == '#')?;
    let word = &before_caret[at + 1..];
    let starts_word = before_caret[..at]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "([{\"'".contains(c));
    let word_ok = !word.is_empty()
        && word.chars().count() <= 30
        && word.chars().all(|c| match sigil {
            '@' => c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'),
            _ => c.is_alphanumeric() || matches!(c, '_' | '-'),
        });
    (starts_word && word_ok).then(|| (sigil, before_caret[..at].chars().count(), word.to_owned()))
}

/// One suggestion: a person or a topic.
#[derive(Debug, Clone, PartialEq)]
enum Suggestion {
    Person(User),
    Topic(String),
}

impl Suggestion {
    fn label(&self) -> String {
        match self {
            Suggestion::Person(user) => format!("{} @{}", user.display_name, user.username),
            Suggestion::Topic(topic) => format!("#{topic}"),
        }
    }

    fn inserted(&self) -> String {
        match self {
            Suggestion::Person(user) => format!("@{} ", user.username),
            Suggestion::Topic(topic) => format!("#{topic} "),
        }
    }
}

/// The handlers a text box wires up, and the list shown under it.
#[derive(Clone, Copy)]
pub struct Mentions {
    text: RwSignal<String>,
    field: StoredValue<String>,
    /// The sigil, where it is (in characters) and what follows it, while a tag is typed.
    typed: RwSignal<Option<(char, usize, String)>>,
    options: RwSignal<Vec<Suggestion>>,
    active: RwSignal<usize>,
    session: SessionSignal,
}

impl Mentions {
    /// For the text box with id `field`, whose text is `text`.
    pub fn new(text: RwSignal<String>, field: impl Into<String>) -> Mentions {
        Mentions {
            text,
            field: StoredValue::new(field.into()),
            typed: RwSignal::new(None),
            options: RwSignal::new(Vec::new()),
            active: RwSignal::new(0),
            session: use_session(),
        }
    }

    fn element(&self) -> Option<web_sys::HtmlTextAreaElement> {
        document()
            .get_element_by_id(&self.field.get_value())
            .and_then(|el| el.dyn_into().ok())
    }

    /// After each input: looks at the word before the caret.
    pub fn on_input(self) {
        let Some(el) = self.element() else {
            return;
        };
        let caret = el.selection_start().ok().flatten().unwrap_or(0) as usize;
        // The caret counts UTF-16 units.
        let value = el.value();
        let units: Vec<u16> = value.encode_utf16().take(caret).collect();
        let before = String::from_utf16_lossy(&units);
        let typed = typed_tag(&before);
        self.typed.set(typed.clone());
        let Some((sigil, _, word)) = typed else {
            self.options.set(Vec::new());
            return;
        };
        let session = self.session;
        spawn_local(async move {
            let asked = word.clone();
            let found = api::authed(session, move |c| {
                let word = asked.clone();
                async move {
                    if sigil == '@' {
                        let query = DirectoryQuery {
                            q: Some(word),
                            limit: Some(5),
                            cursor: None,
                        };
                        let page = c.users(&query).await?;
                        Ok(page
                            .items
                            .into_iter()
                            .map(Suggestion::Person)
                            .collect::<Vec<_>>())
                    } else {
                        let query = TopicQuery {
                            q: word,
                            limit: Some(5),
                        };
                        let list = c.topics(&query).await?;
                        Ok(list.topics.into_iter().map(Suggestion::Topic).collect())
                    }
                }
            })
            .await;
            // Only the answer for what is typed now.
            let current = self.typed.get_untracked().map(|(_, _, w)| w);
            if let (Ok(options), Some(true)) = (found, current.map(|w| w == word)) {
                self.active.set(0);
                self.options.set(options);
            }
        });
    }

    /// Arrow keys, Enter or Tab and Escape while suggestions are shown; true when used.
    pub fn on_keydown(self, ev: &leptos::ev::KeyboardEvent) -> bool {
        let count = self.options.with_untracked(Vec::len);
        if count == 0 {
            return false;
        }
        match ev.key().as_str() {
            "ArrowDown" => self.active.update(|a| *a = (*a + 1) % count),
            "ArrowUp" => self.active.update(|a| *a = (*a + count - 1) % count),
            "Enter" | "Tab" => {
                let chosen = self
                    .options
                    .with_untracked(|o| o.get(self.active.get_untracked()).cloned());
                if let Some(user) = chosen {
                    self.choose(&user);
                }
            }
            "Escape" => self.close(),
            _ => return false,
        }
        ev.prevent_default();
        true
    }

    fn close(self) {
        self.options.set(Vec::new());
        self.typed.set(None);
    }

    /// Puts `@username ` or `#topic ` in place of what was typed, the caret after it.
    fn choose(self, chosen: &Suggestion) {
        let Some((_, at, word)) = self.typed.get_untracked() else {
            return;
        };
        let inserted = chosen.inserted();
        let mut caret = 0;
        self.text.update(|text| {
            let start: usize = text.chars().take(at).map(char::len_utf8).sum();
            let end = (start + 1 + word.len()).min(text.len());
            text.replace_range(start..end, &inserted);
            caret = text[..start + inserted.len()].encode_utf16().count() as u32;
        });
        self.close();
        if let Some(el) = self.element() {
            el.set_value(&self.text.get_untracked());
            let _ = el.set_selection_range(caret, caret);
            let _ = el.focus();
        }
    }

    fn list_id(self) -> String {
        format!("{}-mentions", self.field.get_value())
    }

    /// The text box's `aria-controls`: the list, while it is shown.
    pub fn controls(self) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        move || (!self.options.with(Vec::is_empty)).then(|| self.list_id())
    }

    pub fn view(self) -> impl IntoView {
        let list_id = self.list_id();
        move || {
            let options = self.options.get();
            (!options.is_empty()).then(|| {
                view! {
                    <ul class="suggestions" id=list_id.clone() role="listbox" aria-label="Suggestions">
                        {options.into_iter().enumerate().map(|(n, option)| {
                            let name = option.label();
                            view! {
                                <li role="option" aria-selected=move || (self.active.get() == n).to_string()
                                    class:active=move || self.active.get() == n
                                    // Mouse down, not click: the text box keeps the focus.
                                    on:mousedown=move |ev| { ev.prevent_default(); self.choose(&option); }>
                                    {name}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::typed_tag;

    #[test]
    fn the_word_being_typed() {
        assert_eq!(typed_tag("thanks @an"), Some(('@', 7, "an".into())));
        assert_eq!(typed_tag("@a"), Some(('@', 0, "a".into())));
        assert_eq!(typed_tag("(@mei.c"), Some(('@', 1, "mei.c".into())));
        assert_eq!(typed_tag("héllo @x"), Some(('@', 6, "x".into())));
        assert_eq!(typed_tag("see #lau"), Some(('#', 4, "lau".into())));
        assert_eq!(typed_tag("#été"), Some(('#', 0, "été".into())));
        for none in [
            "thanks @",
            "mail ann@example",
            "@an ",
            "no tag",
            "@a b",
            "a#b",
            "#la.x",
            "@ann#x",
        ] {
            assert_eq!(typed_tag(none), None, "{none:?}");
        }
    }
}
