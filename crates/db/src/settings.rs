//! The instance's settings: one row, created by the first migration.

use diesel::prelude::*;
use hearth_common::admin::{InstanceSettings, RegistrationMode};
use hearth_common::insights::AnalyticsMode;

use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::instance_settings;

pub fn get(conn: &mut DbConnection) -> DbResult<InstanceSettings> {
    let (registration, domains, cap, mode): (String, String, i32, String) =
        instance_settings::table
            .find(1)
            .select((
                instance_settings::registration,
                instance_settings::allowed_domains,
                instance_settings::group_member_cap,
                instance_settings::analytics_mode,
            ))
            .first(conn)?;
    Ok(InstanceSettings {
        // Only valid values are written; an unknown one lets nobody in.
        registration: RegistrationMode::parse(&registration).unwrap_or(RegistrationMode::Undecided),
        allowed_domains: domains.split_whitespace().map(str::to_owned).collect(),
        group_member_cap: u32::try_from(cap).unwrap_or(0),
        analytics_mode: AnalyticsMode::parse(&mode).unwrap_or(AnalyticsMode::Off),
    })
}

pub fn set(conn: &mut DbConnection, settings: &InstanceSettings) -> DbResult<()> {
    let cap = i32::try_from(settings.group_member_cap).unwrap_or(i32::MAX);
    diesel::update(instance_settings::table.find(1))
        .set((
            instance_settings::registration.eq(settings.registration.as_str()),
            instance_settings::allowed_domains.eq(settings.allowed_domains.join(" ")),
            instance_settings::group_member_cap.eq(cap),
            instance_settings::analytics_mode.eq(settings.analytics_mode.as_str()),
        ))
        .execute(conn)?;
    Ok(())
}
