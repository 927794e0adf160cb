-- Version 14: source_files.readings_stored, 0 for a file stored before version 12 (see kb_migrations.json).
--
-- Version 12 keeps what each file's copy says of a row (row_sources.reading, message_copies.text), but it could not
-- recover that for the rows a base already held: a relation two files gave kept the union of their reasons and the
-- highest score, a claim's other copies, a citation's, entity's and API mention's copies and each message copy had no
-- reading. Their files' bytes do not change, so nothing read them again and the base never answered as a fresh ingest
-- of the same files does. A file stored before version 12 is read again by the next ingest (as addressees_stored,
-- version 8), whose merge stores its copies' readings and reads the rows again from their best copy.
ALTER TABLE source_files ADD COLUMN readings_stored INTEGER NOT NULL DEFAULT 1;

-- stored before version 12: its message copies kept no text (every copy stored since keeps it)
UPDATE source_files SET readings_stored = 0 WHERE id IN (SELECT source_file_id FROM message_copies WHERE text IS NULL);
