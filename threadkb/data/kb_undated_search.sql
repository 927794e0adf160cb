-- Version 2: full-text index of the messages that have no date (see kb_migrations.json).
--
-- A copy look-up (threadkb.store) finds a stored message that contains an incoming one. A stored
-- message with a date can only be a copy of an incoming message dated near it, so it is found through
-- the date index; one without a date may be a copy of anything, and is found here. Searching the full
-- message_search for every incoming message grew with the archive (one phrase query over every
-- stored message); this index holds only the undated ones.
CREATE VIRTUAL TABLE undated_search USING fts5(text, content='messages', content_rowid='id');
INSERT INTO undated_search(rowid, text) SELECT id, text FROM messages WHERE date_utc IS NULL;
CREATE TRIGGER undated_search_insert AFTER INSERT ON messages WHEN new.date_utc IS NULL BEGIN
    INSERT INTO undated_search(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER undated_search_delete AFTER DELETE ON messages WHEN old.date_utc IS NULL BEGIN
    INSERT INTO undated_search(undated_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER undated_search_update AFTER UPDATE OF text, date_utc ON messages
    WHEN old.text IS NOT new.text OR old.date_utc IS NOT new.date_utc BEGIN
    INSERT INTO undated_search(undated_search, rowid, text) SELECT 'delete', old.id, old.text WHERE old.date_utc IS NULL;
    INSERT INTO undated_search(rowid, text) SELECT new.id, new.text WHERE new.date_utc IS NULL;
END;
