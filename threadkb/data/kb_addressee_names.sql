-- Version 9: an addressee's display name casefolded (str.casefold: "JÖRG" finds "Jörg", "STRASSE" "Straße"), what
-- `threadkb query --to` compares besides address_key: SQL LIKE folds the case of ASCII letters only. The rows stored
-- before get theirs when the base is upgraded (threadkb.store, from the stored names: no file is read again).
ALTER TABLE message_addressees ADD COLUMN name_key TEXT;
