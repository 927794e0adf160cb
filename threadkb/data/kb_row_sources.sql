-- Version 11 (10 on the s15-kbfix15 branch; Store._renumber): which ingested copy of a file supplied each row (see kb_migrations.json).
--
-- A file at one path may change (a page saved again, a `fetch --ingest` rerun after a comment was edited). Its
-- new bytes replace what its old bytes said: every claim, citation, entity, API mention and relation records the
-- copies (file + the sha256 of its bytes) that gave it; on ingest of changed bytes, the rows the file's old copy
-- gave are forgotten for it, the new copy records its own, and a row no copy supplies any more is retired (a row
-- another file also gives stays). Messages keep their copies in `message_copies` as before.
CREATE TABLE row_sources (
    tbl            TEXT NOT NULL,        -- claims, citations, entities, api_mentions, relations
    row_id         INTEGER NOT NULL,     -- the row's id in that table
    source_file_id INTEGER NOT NULL REFERENCES source_files(id),
    content_hash   TEXT NOT NULL,        -- the bytes of the file that gave it (source_files.content_hash then)
    PRIMARY KEY (tbl, row_id, source_file_id)
);
CREATE INDEX row_sources_file ON row_sources(source_file_id);

-- Rows stored before this version: each is taken as given by every file that holds a copy of its message (what
-- an older base can tell; too many sources at worst, so an upgrade never retires a row another file still gives).
INSERT OR IGNORE INTO row_sources (tbl, row_id, source_file_id, content_hash)
SELECT x.tbl, x.id, c.source_file_id, f.content_hash FROM (
    SELECT 'claims' AS tbl, id, message_id FROM claims
    UNION ALL SELECT 'citations', id, message_id FROM citations
    UNION ALL SELECT 'entities', id, message_id FROM entities
    UNION ALL SELECT 'api_mentions', id, message_id FROM api_mentions
    UNION ALL SELECT 'relations', r.id, a.message_id FROM relations r JOIN claims a ON a.id = r.from_claim_id
) x JOIN message_copies c ON c.message_id = x.message_id JOIN source_files f ON f.id = c.source_file_id;
