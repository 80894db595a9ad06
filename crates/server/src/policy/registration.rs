//! Who may register, and as what: the first account becomes the admin; an invitation makes a
//! guest; anyone else only as far as the admin's choice of how people join allows.

use hearth_common::admin::{InstanceSettings, RegistrationMode};
use hearth_common::error::ErrorCode;
use hearth_common::users::Role;
use hearth_common::validation::Email;

use crate::error::{ApiError, ApiResult};

/// How the person registering arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// Nobody has an account yet.
    First,
    /// With a valid guest invite code.
    Invited,
    /// On their own.
    Uninvited,
}

/// The role a new account gets, or why there is none.
pub fn role_for(settings: &InstanceSettings, arrival: Arrival, email: &Email) -> ApiResult<Role> {
    match arrival {
        Arrival::First => return Ok(Role::Admin),
        Arrival::Invited => return Ok(Role::Guest),
        Arrival::Uninvited => {}
    }
    match settings.registration {
        RegistrationMode::Open => Ok(Role::Member),
        RegistrationMode::Domains
            if settings.allowed_domains.iter().any(|d| d == email.domain()) =>
        {
            Ok(Role::Member)
        }
        RegistrationMode::Domains => Err(ApiError::forbidden(
            ErrorCode::EmailDomainNotAllowed,
            format!(
                "registration is open to addresses at {} only",
                settings.allowed_domains.join(", ")
            ),
        )),
        RegistrationMode::Invitation => Err(ApiError::forbidden(
            ErrorCode::RegistrationClosed,
            "registration is by invitation only; ask an admin for one",
        )),
        RegistrationMode::Undecided => Err(ApiError::forbidden(
            ErrorCode::RegistrationClosed,
            "Hearth is being set up: its admin has not yet chosen how people join",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(registration: RegistrationMode, domains: &[&str]) -> InstanceSettings {
        InstanceSettings {
            registration,
            allowed_domains: domains.iter().map(|d| d.to_string()).collect(),
            group_member_cap: 150,
            analytics_mode: Default::default(),
        }
    }

    /// mode, allowed domains, arrival, e-mail, the role or the error code.
    type Case = (
        RegistrationMode,
        &'static [&'static str],
        Arrival,
        &'static str,
        Result<Role, &'static str>,
    );

    #[test]
    fn who_registers_as_what() {
        use Arrival::*;
        use RegistrationMode::*;
        const ACME: &[&str] = &["acme.example"];
        let cases: &[Case] = &[
            (Undecided, &[], First, "a@private.example", Ok(Role::Admin)),
            (
                Undecided,
                &[],
                Uninvited,
                "b@acme.example",
                Err("registration_closed"),
            ),
            (Undecided, &[], Invited, "g@client.example", Ok(Role::Guest)),
            (
                Invitation,
                &[],
                Uninvited,
                "b@acme.example",
                Err("registration_closed"),
            ),
            (
                Invitation,
                &[],
                Invited,
                "g@client.example",
                Ok(Role::Guest),
            ),
            (Domains, ACME, Uninvited, "b@acme.example", Ok(Role::Member)),
            (
                Domains,
                ACME,
                Uninvited,
                "b@private.example",
                Err("email_domain_not_allowed"),
            ),
            // Exactly the domain: a subdomain or a look-alike is another organisation.
            (
                Domains,
                ACME,
                Uninvited,
                "b@mail.acme.example",
                Err("email_domain_not_allowed"),
            ),
            (
                Domains,
                ACME,
                Uninvited,
                "b@notacme.example",
                Err("email_domain_not_allowed"),
            ),
            (Domains, ACME, Invited, "g@client.example", Ok(Role::Guest)),
            (
                Domains,
                &[],
                Uninvited,
                "b@acme.example",
                Err("email_domain_not_allowed"),
            ),
            (Open, &[], Uninvited, "b@private.example", Ok(Role::Member)),
            (Open, &[], Invited, "g@client.example", Ok(Role::Guest)),
        ];
        for (mode, domains, arrival, email, expected) in cases {
            let got = role_for(
                &settings(*mode, domains),
                *arrival,
                &Email::parse(email).unwrap(),
            )
            .map_err(|e| e.body().error.code);
            assert_eq!(
                got,
                (*expected).map_err(String::from),
                "{mode:?} {domains:?} {arrival:?} {email}"
            );
        }
    }
}
