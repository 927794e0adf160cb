-- Version 12: what each file's copy says of a claim or relation it gives (row_sources.reading), so that the row reads
-- as its best copy still stored, whatever order the files came in and whichever of them changed (see kb_migrations.json).
--
-- A claim is read from the best copy that gives it (the rank of the files' copies of its message, _COPY_ORDER): its
-- words, kind, cue, offsets, file and lines from that copy; its speaker, organisation and deadline from the best copy
-- that names them. A relation's evidence and score are those of one copy: the file whose copy of its source claim's
-- message ranks first among the files that give the relation (threadkb.store.row_readings). When the file that gave a
-- row its reading changes or goes, the next copy's reading is the row's; before this version a copy kept nothing of
-- its own and the row kept the reading of a copy no longer stored.
ALTER TABLE row_sources ADD COLUMN reading TEXT;  -- JSON; NULL: not known (given before version 12)

-- Rows stored before this version: the reading of a claim is known for the file it was read from (claims.source_file_id).
UPDATE row_sources SET reading = (
    SELECT json_object('text', c.text, 'kind', c.kind, 'cue', c.cue, 'speaker', c.speaker, 'speaker_id', c.speaker_id,
                       'on_behalf_of_id', c.on_behalf_of_id, 'deadline', c.deadline, 'deadline_text', c.deadline_text,
                       'deadline_rule', c.deadline_rule, 'deadline_start', c.deadline_start, 'deadline_end', c.deadline_end,
                       'start_offset', c.start_offset, 'end_offset', c.end_offset, 'line_start', c.line_start,
                       'line_end', c.line_end)
    FROM claims c WHERE c.id = row_sources.row_id AND c.source_file_id = row_sources.source_file_id)
WHERE tbl = 'claims';

-- A copy's own text, origin and partial flag: when the copy a message row's text came from goes (its file changed or
-- emptied) the row takes the text of the best copy left, as a fresh ingest of the files left gives it. NULL: stored
-- before version 12 (the row keeps its text).
ALTER TABLE message_copies ADD COLUMN text TEXT;
ALTER TABLE message_copies ADD COLUMN origin TEXT;
ALTER TABLE message_copies ADD COLUMN partial INTEGER;
