//! The instance's settings: one row, created by the first migration.

use diesel::prelude::*;
use hearth_common::admin::InstanceSettings;
use hearth_common::insights::AnalyticsMode;

use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::instance_settings;

pub fn get(conn: &mut DbConnection) -> DbResult<InstanceSettings> {
    let (registration_open, cap, mode): (bool, i32, String) = instance_settings::table
        .find(1)
        .select((
            instance_settings::registration_open,
            instance_settings::group_member_cap,
            instance_settings::analytics_mode,
        ))
        .first(conn)?;
    Ok(InstanceSettings {
        registration_open,
        group_member_cap: u32::try_from(cap).unwrap_or(0),
        // Only valid modes are written; an unknown one computes nothing.
        analytics_mode: AnalyticsMode::parse(&mode).unwrap_or(AnalyticsMode::Off),
    })
}

pub fn set(conn: &mut DbConnection, settings: &InstanceSettings) -> DbResult<()> {
    let cap = i32::try_from(settings.group_member_cap).unwrap_or(i32::MAX);
    diesel::update(instance_settings::table.find(1))
        .set((
            instance_settings::registration_open.eq(settings.registration_open),
            instance_settings::group_member_cap.eq(cap),
            instance_settings::analytics_mode.eq(settings.analytics_mode.as_str()),
        ))
        .execute(conn)?;
    Ok(())
}
