-- How people get an account. A fresh instance stays closed (only the first account, the
-- admin, can register) until the admin chooses; an instance that already has people keeps
-- what it allowed.
ALTER TABLE instance_settings ADD COLUMN registration TEXT NOT NULL DEFAULT 'undecided';
-- With registration = 'domains': the domains, separated by single spaces.
ALTER TABLE instance_settings ADD COLUMN allowed_domains TEXT NOT NULL DEFAULT '';
UPDATE instance_settings
SET registration = CASE WHEN registration_open THEN 'open' ELSE 'invitation' END
WHERE EXISTS (SELECT 1 FROM users);
ALTER TABLE instance_settings DROP COLUMN registration_open;
-- Direct messages no longer raise notifications: the messages badge says it once.
DELETE FROM notifications WHERE kind = 'message';
