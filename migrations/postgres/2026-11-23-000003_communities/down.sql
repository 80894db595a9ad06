DROP INDEX posts_company_feed_idx;
ALTER TABLE posts DROP COLUMN in_company_feed;
DROP TABLE guest_invites;
DROP TABLE community_members;
DROP TABLE communities;
