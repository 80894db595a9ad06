DROP TABLE instance_settings;
DROP TABLE follows;
DROP TABLE personal_tokens;
DROP TABLE refresh_tokens;
DROP TABLE logins;
DROP TABLE users;
