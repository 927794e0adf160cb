-- Version 2: indexes for copy look-ups (see kb_migrations.json).
--
-- A copy look-up (threadkb.store) finds the stored message an incoming one is a copy of. A stored
-- message with a date can only be a copy of an incoming message dated near it, so candidates are
-- read through indexes that hold the date: for "the stored text contains the incoming one" the date
-- index, for "the stored text is inside the incoming one" (opening_words, date_utc). One without a
-- date may be a copy of anything; undated_search is the full-text index of those only. Before, each
-- look-up read every stored message that shared its opening words or phrase, and storing slowed down
-- as the archive grew.
CREATE INDEX messages_opening_date ON messages(opening_words, date_utc);
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
