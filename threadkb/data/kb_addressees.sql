-- Version 8: each e-mail's addressees (see kb_migrations.json), as its To and Cc headers name them
-- (threadkb.models.Addressee): whom a mail was sent to, and `threadkb query --to` ("the mails to X").
-- Every copy keeps what it says (message_copies.addressees, a JSON array of [header, name, address], NULL for a copy
-- that names none: a quoted copy, a page's post); a message's rows are those of its best copy that names any
-- (the order of kb_copy_fields.sql: an e-mail read from its own headers first), so they do not depend on ingest order.
CREATE TABLE message_addressees (
    message_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,      -- 0-based, header order (To first, then Cc)
    header      TEXT NOT NULL CHECK (header IN ('to', 'cc')),
    name        TEXT,                  -- the display name as written (NULL: none)
    address     TEXT,                  -- the mailbox as written (NULL: the header's value is no mailbox)
    address_key TEXT,                  -- the address casefolded: what --to compares
    PRIMARY KEY (message_id, position)
);
CREATE INDEX message_addressees_address ON message_addressees(address_key);
ALTER TABLE message_copies ADD COLUMN addressees TEXT;

-- 1 when the file's addressees are stored (every file stored by this version on); a file stored before stays 0
-- until it is ingested again, and threadkb ingest/run read it again even when its bytes did not change.
ALTER TABLE source_files ADD COLUMN addressees_stored INTEGER NOT NULL DEFAULT 0;
