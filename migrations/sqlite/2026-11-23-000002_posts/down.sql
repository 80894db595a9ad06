DROP TABLE notifications;
DROP TABLE comment_reactions;
DROP TABLE comments;
DROP TABLE post_reactions;
DROP TABLE post_topics;
DROP TABLE post_versions;
DROP TABLE posts;
