DROP TABLE ambassador_spaces;
DROP TABLE ambassador_rounds;
DROP TABLE ambassadors;
ALTER TABLE users DROP COLUMN ambassador;
