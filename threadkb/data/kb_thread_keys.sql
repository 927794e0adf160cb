-- Version 13: each thread's opening, key and the subject shown, kept at ingest (see kb_migrations.json).
--
-- `query threads`, `--thread KEY` and `--thread TEXT` read one row per thread here; before, every query read every
-- message of the base (threadkb.kb.thread_openings) to find the openings. threadkb.store.index_threads keeps the rows
-- of the threads a file touched (and of every thread whose opening has the same words); an older base gets them for
-- every thread when opened.
CREATE TABLE IF NOT EXISTS thread_keys (
    thread_id    INTEGER PRIMARY KEY,    -- threads(id); a row of a thread gone (merged, its files gone) is
                                         -- dropped by the next index_threads, which keys its opening's twins again
    opening_id   INTEGER,                -- messages(id): the thread's opening (store.thread_openings)
    opening_hash TEXT NOT NULL,          -- its text hash (threads whose openings share one take another key)
    thread_key   TEXT NOT NULL,          -- KEY_LENGTH hex digits (--thread KEY)
    shown        TEXT NOT NULL           -- the subject `query threads` shows (store.thread_subject; --thread TEXT)
);
CREATE INDEX IF NOT EXISTS thread_keys_key ON thread_keys(thread_key);
CREATE INDEX IF NOT EXISTS thread_keys_hash ON thread_keys(opening_hash);
