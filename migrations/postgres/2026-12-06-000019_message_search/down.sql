ALTER TABLE instance_settings DROP COLUMN message_backfill_after;
DROP TABLE message_terms;
