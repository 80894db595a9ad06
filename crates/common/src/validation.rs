//! Validation at the edge: each newtype's `parse` is the only way to build it, so a value of the
//! type is valid by construction. Limits are those of the API contract; they are checked before
//! any expensive work (hashing, rendering).

use std::collections::BTreeMap;
use std::fmt;

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 30;
pub const PASSWORD_MIN: usize = 8;
/// Bounded so hashing cost is bounded.
pub const PASSWORD_MAX: usize = 128;
pub const EMAIL_MAX: usize = 254;
pub const DISPLAY_NAME_MAX: usize = 80;
pub const PROFILE_LINE_MAX: usize = 100;
pub const BIO_MAX: usize = 2_000;
pub const SKILLS_MAX: usize = 30;
pub const SKILL_MAX: usize = 50;
pub const TOKEN_NAME_MAX: usize = 100;
pub const POST_BODY_MAX: usize = 20_000;
pub const TITLE_MAX: usize = 200;
pub const COMMENT_BODY_MAX: usize = 5_000;

/// What is wrong with each field of a request, for a `validation_failed` answer.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value when it parsed; records the message under `field` when it did not.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, String>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when no field failed.
    pub fn finish(self) -> Result<(), FieldErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn into_inner(self) -> String {
                self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

/// `^[a-z0-9_.-]{3,30}$`, stored lower-case so uniqueness is case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);
string_newtype!(Username);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = raw.trim().to_lowercase();
        let len = char_len(&name);
        if !(USERNAME_MIN..=USERNAME_MAX).contains(&len) {
            return Err(format!(
                "must be {USERNAME_MIN} to {USERNAME_MAX} characters"
            ));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'))
        {
            return Err("may contain only letters a-z, digits, '_', '.' and '-'".into());
        }
        Ok(Username(name))
    }
}

/// An e-mail address, trimmed and lower-cased; only its shape is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);
string_newtype!(Email);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let email = raw.trim().to_lowercase();
        let invalid = || "is not a valid e-mail address".to_string();
        if email.is_empty() || char_len(&email) > EMAIL_MAX {
            return Err(invalid());
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
        if local.is_empty()
            || domain.contains('@')
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
        {
            return Err(invalid());
        }
        Ok(Email(email))
    }

    /// The part after `@`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }
}

/// An e-mail domain people may register with: `example.com`, lowercase, no `@`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailDomain(String);
string_newtype!(EmailDomain);

impl EmailDomain {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let domain = raw.trim().trim_start_matches('@').to_lowercase();
        let label_ok = |label: &str| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        if domain.len() > 253 || !domain.contains('.') || !domain.split('.').all(label_ok) {
            return Err(format!("{raw:?} is not a domain such as example.com"));
        }
        Ok(EmailDomain(domain))
    }
}

/// A new password: 8 to 128 characters.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let len = char_len(raw);
        if len < PASSWORD_MIN {
            return Err(format!("must be at least {PASSWORD_MIN} characters"));
        }
        if len > PASSWORD_MAX {
            return Err(format!("must be at most {PASSWORD_MAX} characters"));
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(..)")
    }
}

/// A required single line of text: trimmed, 1 to `max` characters, no control characters.
fn required_line(raw: &str, max: usize) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("must not be empty".into());
    }
    if char_len(value) > max {
        return Err(format!("must be at most {max} characters"));
    }
    if has_control(value) {
        return Err("must be a single line of text".into());
    }
    Ok(value.to_owned())
}

/// A person's name as shown to others: 1 to 80 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);
string_newtype!(DisplayName);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        required_line(raw, DISPLAY_NAME_MAX).map(DisplayName)
    }
}

/// The name of a personal access token: 1 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);
string_newtype!(TokenName);

impl TokenName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        required_line(raw, TOKEN_NAME_MAX).map(TokenName)
    }
}

/// An optional profile line (title, department, location): empty clears it.
pub fn profile_line(raw: &str) -> Result<Option<String>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    required_line(value, PROFILE_LINE_MAX).map(Some)
}

/// An optional bio of up to 2,000 characters; line breaks allowed, empty clears it.
pub fn bio(raw: &str) -> Result<Option<String>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if char_len(value) > BIO_MAX {
        return Err(format!("must be at most {BIO_MAX} characters"));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err("contains control characters".into());
    }
    Ok(Some(value.to_owned()))
}

/// Up to 30 skills of up to 50 characters each, trimmed, blanks dropped, duplicates (ignoring
/// case) removed, order kept.
pub fn skills(raw: &[String]) -> Result<Vec<String>, String> {
    if raw.len() > SKILLS_MAX {
        return Err(format!("at most {SKILLS_MAX} skills"));
    }
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for skill in raw {
        let skill = skill.trim();
        if skill.is_empty() {
            continue;
        }
        if char_len(skill) > SKILL_MAX || has_control(skill) {
            return Err(format!(
                "each skill must be one line of at most {SKILL_MAX} characters"
            ));
        }
        if !out.iter().any(|s| s.eq_ignore_ascii_case(skill)) {
            out.push(skill.to_owned());
        }
    }
    Ok(out)
}

/// Markdown text with a length limit: not blank, at most `max` characters, no control
/// characters other than line breaks and tabs.
fn markdown_text(raw: &str, max: usize) -> Result<String, String> {
    if raw.trim().is_empty() {
        return Err("must not be empty".into());
    }
    if char_len(raw) > max {
        return Err(format!("must be at most {max} characters"));
    }
    if raw
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("contains control characters".into());
    }
    Ok(raw.trim_end().to_owned())
}

/// The Markdown body of a post: 1 to 20,000 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostBody(String);
string_newtype!(PostBody);

impl PostBody {
    pub fn parse(raw: &str) -> Result<Self, String> {
        markdown_text(raw, POST_BODY_MAX).map(PostBody)
    }
}

/// The Markdown body of a comment or a message: 1 to 5,000 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentBody(String);
string_newtype!(CommentBody);

impl CommentBody {
    pub fn parse(raw: &str) -> Result<Self, String> {
        markdown_text(raw, COMMENT_BODY_MAX).map(CommentBody)
    }
}

/// A community's name: one line of 1 to 80 characters.
pub fn group_name(raw: &str) -> Result<String, String> {
    required_line(raw, DISPLAY_NAME_MAX)
}

/// A community's description: up to 2,000 characters.
pub fn group_description(raw: &str) -> Result<String, String> {
    Ok(bio(raw)?.unwrap_or_default())
}

/// Up to 10 topics, each a word of letters, digits, `_` or `-` (a leading `#` is dropped),
/// lower-cased, without duplicates.
pub fn group_topics(raw: &[String]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for topic in raw {
        let topic = topic.trim().trim_start_matches('#').to_lowercase();
        if topic.is_empty() {
            continue;
        }
        let valid = char_len(&topic) <= 50
            && topic
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err("each topic is one word of up to 50 letters, digits, '_' or '-'".into());
        }
        if !out.contains(&topic) {
            out.push(topic);
        }
    }
    if out.len() > 10 {
        return Err("at most 10 topics".into());
    }
    Ok(out)
}

/// An article's title: one line of up to 200 characters; empty means no title.
pub fn title(raw: &str) -> Result<Option<String>, String> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    required_line(raw, TITLE_MAX).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(Username::parse("Alice_01").unwrap().as_str(), "alice_01");
        assert_eq!(Username::parse("a.b-c").unwrap().as_str(), "a.b-c");
        for bad in ["ab", "", "a b c", "émile", "x".repeat(31).as_str(), "bob!"] {
            assert!(Username::parse(bad).is_err(), "{bad:?} should fail");
        }
        assert!(Username::parse(&"x".repeat(30)).is_ok());
    }

    #[test]
    fn email_domains() {
        assert_eq!(
            Email::parse("ann@Acme.example").unwrap().domain(),
            "acme.example"
        );
        for (raw, domain) in [
            ("example.com", "example.com"),
            (" @Example.COM ", "example.com"),
            ("mail.acme-corp.co.uk", "mail.acme-corp.co.uk"),
        ] {
            assert_eq!(EmailDomain::parse(raw).unwrap().as_str(), domain, "{raw}");
        }
        for bad in [
            "",
            "example",
            ".example.com",
            "example.com.",
            "exa mple.com",
            "-acme.com",
            "acme-.com",
            "a@b.com",
            "acme..com",
            "é.com",
            "acme.com/x",
            "acme.com\u{0}",
        ] {
            assert!(EmailDomain::parse(bad).is_err(), "{bad:?}");
        }
        assert!(EmailDomain::parse(&format!("{}.com", "a".repeat(64))).is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" Ann@Example.COM ").unwrap().as_str(),
            "ann@example.com"
        );
        for bad in [
            "",
            "ann",
            "ann@",
            "@example.com",
            "ann@example",
            "a b@c.d",
            "a@b@c.d",
            "a@.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn passwords_are_bounded() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse(&"p".repeat(129)).is_err());
        assert!(Password::parse("long enough").is_ok());
        assert_eq!(
            format!("{:?}", Password::parse("secret123").unwrap()),
            "Password(..)"
        );
    }

    #[test]
    fn display_names() {
        assert_eq!(
            DisplayName::parse("  Ann Lee ").unwrap().as_str(),
            "Ann Lee"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"é".repeat(80)).is_ok());
        assert!(DisplayName::parse(&"é".repeat(81)).is_err());
        assert!(DisplayName::parse("two\nlines").is_err());
    }

    #[test]
    fn profile_fields() {
        assert_eq!(profile_line("  ").unwrap(), None);
        assert_eq!(profile_line(" Sales ").unwrap(), Some("Sales".into()));
        assert!(profile_line(&"x".repeat(101)).is_err());
        assert_eq!(
            bio("line one\nline two").unwrap(),
            Some("line one\nline two".into())
        );
        assert!(bio(&"x".repeat(2001)).is_err());
        let s = skills(&["Rust".into(), " rust ".into(), "".into(), "SQL".into()]).unwrap();
        assert_eq!(s, vec!["Rust".to_string(), "SQL".to_string()]);
        assert!(skills(&vec!["x".to_string(); 31]).is_err());
        assert!(skills(&["x".repeat(51)]).is_err());
    }

    #[test]
    fn post_and_comment_bodies() {
        assert_eq!(
            PostBody::parse("Hello *world*\n\n").unwrap().as_str(),
            "Hello *world*"
        );
        for bad in ["", "   \n\t "] {
            assert!(PostBody::parse(bad).is_err());
            assert!(CommentBody::parse(bad).is_err());
        }
        assert!(PostBody::parse(&"x".repeat(20_000)).is_ok());
        assert!(PostBody::parse(&"x".repeat(20_001)).is_err());
        assert!(CommentBody::parse(&"x".repeat(5_001)).is_err());
        assert!(PostBody::parse("bell\u{7}").is_err());
        assert_eq!(title(" ").unwrap(), None);
        assert_eq!(title(" News ").unwrap(), Some("News".into()));
        assert!(title(&"t".repeat(201)).is_err());
    }

    #[test]
    fn field_errors_collect_every_failure() {
        let mut errors = FieldErrors::new();
        assert!(errors.check("username", Username::parse("x")).is_none());
        assert!(errors
            .check("email", Email::parse("ann@example.com"))
            .is_some());
        errors.check("password", Password::parse("1"));
        let fields = errors.finish().unwrap_err().0;
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["password", "username"]);
    }
}
