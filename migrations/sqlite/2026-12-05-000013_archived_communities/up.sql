-- An archived community is kept to be read but takes no new posts, comments, reactions or
-- members; its owners and the admins can reopen it.
ALTER TABLE communities ADD COLUMN archived_at BIGINT;
