-- A community's cover image: the address of its served copy (`media` rows with
-- attached_kind 'cover'), as users.avatar_url is for people. Comments and direct messages
-- carry uploads too (attached_kind 'comment' and 'message'); that needs no new column.
ALTER TABLE communities ADD COLUMN cover_url TEXT;
