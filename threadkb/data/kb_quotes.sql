-- Version 7: the quote blocks of each message (see kb_migrations.json), as the parse stage found them
-- (threadkb.models.QuotedSpan): which message quotes which, where, and what the quoted lines say. A reply may
-- quote a message other than the one it replies to (a question asked earlier in the thread, quoted again and
-- answered below): threadkb.followup reads these rows as well as messages.in_reply_to_id.
CREATE TABLE message_quotes (
    id                INTEGER PRIMARY KEY,
    message_id        INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,  -- the quoting message
    quoted_message_id INTEGER REFERENCES messages(id),  -- the message quoted, as the parse resolved it (NULL: unknown)
    quoted_key        TEXT,                  -- the parser's key of the quoted message in that file (NULL: unknown)
    depth             INTEGER NOT NULL,      -- the quoting message's depth + 1 (1: quoted by a top-level post)
    source_file_id    INTEGER NOT NULL REFERENCES source_files(id),  -- the file the lines are in
    thread_number     TEXT NOT NULL DEFAULT '',  -- in a file of many threads (an mbox), the thread's number
                                             --   ("path#3"): the lines count in that thread's text; '' for a file of one
    line_start        INTEGER NOT NULL,      -- 1-based, inclusive: the quote block's lines
    line_end          INTEGER NOT NULL,
    col               INTEGER NOT NULL DEFAULT 0,  -- column of the quoted text in line_start (after the markers)
    answer_line_start INTEGER,               -- the quoting message's own lines right below the block (1-based,
    answer_line_end   INTEGER,               --   inclusive): an interleaved answer to it; NULL when none
    text              TEXT NOT NULL,         -- the block's lines, quote markers removed, joined by "\n"
    UNIQUE (source_file_id, thread_number, message_id, line_start, line_end)
);
CREATE INDEX message_quotes_message ON message_quotes(message_id);
CREATE INDEX message_quotes_quoted ON message_quotes(quoted_message_id);

-- 1 when the file's quote blocks are stored (every file stored by this version on); a file stored before stays 0
-- until it is ingested again, and threadkb ingest/run read it again even when its bytes did not change.
ALTER TABLE source_files ADD COLUMN quotes_stored INTEGER NOT NULL DEFAULT 0;
