//! The admin audit log: what admins changed, append only (nothing here updates or deletes).

use diesel::prelude::*;
use hearth_common::admin::AuditAction;

use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::audit_log;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct AuditRow {
    pub id: String,
    pub actor_id: String,
    pub action: String,
    pub target_user_id: Option<String>,
    pub target_group_id: Option<String>,
    pub detail: String,
    pub created_at: i64,
}

impl AuditRow {
    pub fn action(&self) -> Option<AuditAction> {
        AuditAction::parse(&self.action)
    }
}

pub struct Entry<'a> {
    pub actor_id: &'a str,
    pub action: AuditAction,
    pub target_user_id: Option<&'a str>,
    pub detail: String,
    pub now: i64,
}

pub fn record(conn: &mut DbConnection, entry: Entry<'_>) -> DbResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(crate::new_id()),
            audit_log::actor_id.eq(entry.actor_id),
            audit_log::action.eq(entry.action.as_str()),
            audit_log::target_user_id.eq(entry.target_user_id),
            audit_log::target_group_id.eq(None::<&str>),
            audit_log::detail.eq(&entry.detail),
            audit_log::created_at.eq(entry.now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Newest first, after the keyset `after`.
pub fn list(
    conn: &mut DbConnection,
    after: Option<(i64, String)>,
    limit: i64,
) -> DbResult<Vec<AuditRow>> {
    let mut q = audit_log::table
        .select(AuditRow::as_select())
        .order((audit_log::created_at.desc(), audit_log::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            audit_log::created_at
                .le(at)
                .and(audit_log::created_at.lt(at).or(audit_log::id.lt(id))),
        );
    }
    Ok(q.load(conn)?)
}
