-- threadkb knowledge base, schema version 1.
--
-- One row per distinct thing: a message quoted in several files is one `messages` row (every place it
-- was seen is a `message_copies` row); a thread spread over several files is one `threads` row.
-- Dates: `date_utc` is ISO 8601 in UTC ("2025-10-08T12:25:33Z") when the text gave a zone, the local
-- time as written ("2011-08-02T19:14:17") when it did not, or a day ("2025-07-25");
-- `date_offset` keeps the offset the text showed ("+07:00"), `date_text` the words as written.
-- Offsets (`start_offset`, `end_offset`) are character offsets in the message's own text (`messages.text`);
-- `line_start`/`line_end` are 1-based lines of the source file (`source_file_id`).
-- Lists (flags, evidence) are JSON arrays.

CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    applied_at  TEXT NOT NULL,
    description TEXT NOT NULL
);

CREATE TABLE source_files (
    id           INTEGER PRIMARY KEY,
    path         TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,          -- sha256 of the file bytes
    size_bytes   INTEGER NOT NULL,
    ingested_at  TEXT NOT NULL,
    threads      INTEGER NOT NULL DEFAULT 0,   -- extractions (parsed threads) the file gave
    warnings     TEXT NOT NULL DEFAULT '[]'    -- JSON array of ingest/parse warnings
);

CREATE TABLE threads (
    id        INTEGER PRIMARY KEY,
    subject   TEXT,
    list_name TEXT
);

CREATE TABLE people (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,               -- as first seen
    name_key TEXT NOT NULL UNIQUE,        -- case-folded, punctuation and "via <list>" removed
    email    TEXT
);

CREATE TABLE organisations (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE
);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    thread_id       INTEGER NOT NULL REFERENCES threads(id),
    author_id       INTEGER REFERENCES people(id),
    author          TEXT,                 -- display name as written
    email           TEXT,
    date_utc        TEXT,
    date_offset     TEXT,
    date_text       TEXT,
    subject         TEXT,
    message_id      TEXT,                 -- RFC 822 Message-ID when the input had one
    in_reply_to_id  INTEGER REFERENCES messages(id),
    on_behalf_of_id INTEGER REFERENCES organisations(id),
    partial         INTEGER NOT NULL DEFAULT 0,   -- 1: only fragments of the message survive
    text            TEXT NOT NULL,        -- own text of the fullest copy seen
    text_hash       TEXT NOT NULL,        -- sha256 of normalised_text
    normalised_text TEXT NOT NULL,        -- case-folded words only: what copies are compared on
    opening_words   TEXT NOT NULL,        -- first 12 words of normalised_text (finds shorter copies)
    source_file_id  INTEGER NOT NULL REFERENCES source_files(id),  -- where the fullest copy is
    line_start      INTEGER,
    line_end        INTEGER,
    origin          TEXT                  -- the parser rule that found the message
);
CREATE INDEX messages_thread ON messages(thread_id);
CREATE INDEX messages_author ON messages(author_id, date_utc);
CREATE INDEX messages_date ON messages(date_utc);
CREATE INDEX messages_text_hash ON messages(text_hash);
CREATE INDEX messages_reply ON messages(in_reply_to_id);
CREATE INDEX messages_opening ON messages(opening_words);

CREATE TABLE message_copies (
    message_id     INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    source_file_id INTEGER NOT NULL REFERENCES source_files(id),
    message_key    TEXT NOT NULL,         -- the parser's key for the message in that file
    depth          INTEGER NOT NULL DEFAULT 0,   -- quote depth at which it was found
    line_start     INTEGER,
    line_end       INTEGER,
    PRIMARY KEY (source_file_id, message_key)
);
CREATE INDEX message_copies_message ON message_copies(message_id);

CREATE TABLE claims (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL REFERENCES messages(id),
    claim_key       TEXT NOT NULL,        -- the extractor's id for the claim (first copy seen)
    kind            TEXT NOT NULL CHECK (kind IN
                        ('assertion', 'admission', 'commitment', 'question', 'request', 'denial')),
    speaker_id      INTEGER REFERENCES people(id),
    speaker         TEXT,
    on_behalf_of_id INTEGER REFERENCES organisations(id),
    text            TEXT NOT NULL,
    text_hash       TEXT NOT NULL,        -- sha256 of the normalised claim text
    deadline        TEXT,                 -- ISO date or date-time
    deadline_text   TEXT,
    cue             TEXT,                 -- the word(s)/rule that made it a claim of this kind
    reported        INTEGER NOT NULL DEFAULT 0,
    start_offset    INTEGER,              -- in messages.text
    end_offset      INTEGER,
    source_file_id  INTEGER REFERENCES source_files(id),  -- the file line_start/line_end refer to
    line_start      INTEGER,
    line_end        INTEGER,
    UNIQUE (message_id, text_hash)
);
CREATE INDEX claims_kind ON claims(kind);
CREATE INDEX claims_speaker ON claims(speaker_id);
CREATE INDEX claims_org ON claims(on_behalf_of_id);

CREATE TABLE citations (
    id                INTEGER PRIMARY KEY,
    message_id        INTEGER NOT NULL REFERENCES messages(id),
    document          TEXT NOT NULL,      -- BR, EVG, MRSP, CCADB, CRP, SMIME-BR, CSBR, NSR, RFC, CPS, OTHER
    section           TEXT NOT NULL,
    item              TEXT NOT NULL DEFAULT '',  -- numbered point inside the section, '' when none
    surface_text      TEXT NOT NULL,      -- the words as written
    title             TEXT,               -- resolved section title
    version           TEXT,               -- policy version in force on the message date
    item_text         TEXT,
    flags             TEXT NOT NULL DEFAULT '[]',
    in_document_quote INTEGER NOT NULL DEFAULT 0,
    rule              TEXT,
    start_offset      INTEGER,
    end_offset        INTEGER,
    line_start        INTEGER,
    line_end          INTEGER,
    UNIQUE (message_id, document, section, item, surface_text)
);
CREATE INDEX citations_section ON citations(document, section, item);

CREATE TABLE claim_citations (
    claim_id    INTEGER NOT NULL REFERENCES claims(id),
    citation_id INTEGER NOT NULL REFERENCES citations(id),
    PRIMARY KEY (claim_id, citation_id)
);
CREATE INDEX claim_citations_citation ON claim_citations(citation_id);

CREATE TABLE apis (
    id   INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE
);

CREATE TABLE api_mentions (
    id           INTEGER PRIMARY KEY,
    message_id   INTEGER NOT NULL REFERENCES messages(id),
    api_id       INTEGER NOT NULL REFERENCES apis(id),
    start_offset INTEGER,
    end_offset   INTEGER,
    line_start   INTEGER,
    line_end     INTEGER,
    UNIQUE (message_id, api_id)
);
CREATE INDEX api_mentions_api ON api_mentions(api_id);

CREATE TABLE claim_apis (
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    api_id   INTEGER NOT NULL REFERENCES apis(id),
    PRIMARY KEY (claim_id, api_id)
);

CREATE TABLE entities (
    id           INTEGER PRIMARY KEY,
    message_id   INTEGER NOT NULL REFERENCES messages(id),
    label        TEXT NOT NULL,           -- ORG, URL, BUG, BALLOT, CRTSH, DEADLINE, DURATION, FIGURE
    text         TEXT NOT NULL,
    norm         TEXT NOT NULL,
    start_offset INTEGER,
    end_offset   INTEGER,
    line_start   INTEGER,
    line_end     INTEGER,
    UNIQUE (message_id, label, norm)
);
CREATE INDEX entities_norm ON entities(label, norm);

CREATE TABLE relations (
    id            INTEGER PRIMARY KEY,
    from_claim_id INTEGER NOT NULL REFERENCES claims(id),
    to_claim_id   INTEGER NOT NULL REFERENCES claims(id),
    kind          TEXT NOT NULL CHECK (kind IN ('rebuts', 'supports', 'answers')),
    score         REAL NOT NULL DEFAULT 0,
    evidence      TEXT NOT NULL DEFAULT '[]',   -- JSON array of readable reasons, each names its rule
    UNIQUE (from_claim_id, to_claim_id, kind)
);
CREATE INDEX relations_to ON relations(to_claim_id, kind);

-- Full-text search (FTS5, external content kept in step by triggers).
CREATE VIRTUAL TABLE message_search USING fts5(text, content='messages', content_rowid='id');
CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_search(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO message_search(message_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER messages_search_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO message_search(message_search, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO message_search(rowid, text) VALUES (new.id, new.text);
END;

CREATE VIRTUAL TABLE claim_search USING fts5(text, content='claims', content_rowid='id');
CREATE TRIGGER claims_search_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claim_search(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER claims_search_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claim_search(claim_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER claims_search_update AFTER UPDATE OF text ON claims BEGIN
    INSERT INTO claim_search(claim_search, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO claim_search(rowid, text) VALUES (new.id, new.text);
END;

-- Readable views for Datasette / the sqlite3 shell.
CREATE VIEW claim_overview AS
SELECT c.id AS claim, m.thread_id AS thread, m.date_utc AS date, c.speaker, o.name AS on_behalf_of,
       c.kind, c.text, c.deadline, f.path AS file, c.line_start AS line
FROM claims c
JOIN messages m ON m.id = c.message_id
LEFT JOIN source_files f ON f.id = c.source_file_id
LEFT JOIN organisations o ON o.id = COALESCE(c.on_behalf_of_id, m.on_behalf_of_id);

CREATE VIEW relation_overview AS
SELECT r.id AS relation, r.kind, a.speaker AS from_speaker, a.text AS from_text,
       b.speaker AS to_speaker, b.text AS to_text, r.evidence
FROM relations r
JOIN claims a ON a.id = r.from_claim_id
JOIN claims b ON b.id = r.to_claim_id;
