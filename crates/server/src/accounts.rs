//! What admins change about an account: its role and whether it is suspended, with the
//! rule that an active admin always remains, every change in the audit log, and a
//! suspension taking effect at once (signed out everywhere, posts out of view, streams
//! closed). The admin endpoint and moderation both come here.

use hearth_common::admin::AuditAction;
use hearth_common::error::ErrorCode;
use hearth_common::users::Role;
use hearth_db::users::{self, UserRow};
use hearth_db::{audit, logins, posts, DbConnection};

use crate::error::{ApiError, ApiResult};
use crate::stream::Outbox;

pub fn change(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    admin: &str,
    target: &UserRow,
    role: Role,
    suspended: bool,
    now: i64,
) -> ApiResult<UserRow> {
    let id = target.id.clone();
    let was_active_admin = target.role() == Role::Admin && !target.suspended;
    let stays_active_admin = role == Role::Admin && !suspended;
    if was_active_admin && !stays_active_admin && users::count_active_admins(conn)? <= 1 {
        return Err(ApiError::conflict(
            ErrorCode::LastAdmin,
            "this is the last active admin; make someone else admin first",
        ));
    }
    let updated = users::set_role_and_suspension(conn, &id, role, suspended, now)?;
    let mut entries = Vec::new();
    if role != target.role() {
        entries.push((
            AuditAction::RoleChanged,
            format!("role: {} → {}", target.role().as_str(), role.as_str()),
        ));
    }
    if suspended != target.suspended {
        let action = if suspended {
            AuditAction::Suspended
        } else {
            AuditAction::Reinstated
        };
        entries.push((
            action,
            format!("suspended: {} → {suspended}", target.suspended),
        ));
    }
    for (action, detail) in entries {
        audit::record(
            conn,
            audit::Entry {
                actor_id: admin,
                action,
                target_user_id: Some(&id),
                detail,
                now,
            },
        )?;
    }
    if suspended != target.suspended {
        posts::set_author_suspended(conn, &id, suspended)?;
    }
    if suspended && !target.suspended {
        logins::revoke_all_of_user(conn, &id, None, now)?;
    }
    // A role decides what the person sees (guests); a suspension ends their streams.
    outbox.access_changed([id]);
    Ok(updated)
}
