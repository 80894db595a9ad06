ALTER TABLE instance_settings ADD COLUMN registration_open BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE instance_settings SET registration_open = (registration IN ('open', 'domains'));
ALTER TABLE instance_settings DROP COLUMN allowed_domains;
ALTER TABLE instance_settings DROP COLUMN registration;
