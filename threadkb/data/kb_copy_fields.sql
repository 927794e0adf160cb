-- Version 3: what each copy of a message says (see kb_migrations.json).
--
-- A message seen in several places (an e-mail, a quoted copy of it in a reply, the same thread in
-- another file) is one `messages` row. Its text and its fields must not depend on the order the
-- files were ingested in, so every copy keeps what it says, and the row takes each field from the
-- best copy that knows it: an e-mail read from its own headers first (`is_mail`), then the fullest
-- text (`text_length`, normalised characters), then a stable key (`text_sha`, the sha256 of the
-- copy's own text; then the file path and the parser's key).
ALTER TABLE message_copies ADD COLUMN is_mail INTEGER;
ALTER TABLE message_copies ADD COLUMN text_length INTEGER;
ALTER TABLE message_copies ADD COLUMN text_sha TEXT;
ALTER TABLE message_copies ADD COLUMN author_id INTEGER;  -- people(id)
ALTER TABLE message_copies ADD COLUMN author TEXT;
ALTER TABLE message_copies ADD COLUMN email TEXT;
ALTER TABLE message_copies ADD COLUMN date_utc TEXT;
ALTER TABLE message_copies ADD COLUMN date_offset TEXT;
ALTER TABLE message_copies ADD COLUMN date_text TEXT;
ALTER TABLE message_copies ADD COLUMN subject TEXT;
ALTER TABLE message_copies ADD COLUMN header_message_id TEXT;
ALTER TABLE message_copies ADD COLUMN on_behalf_of_id INTEGER;  -- organisations(id)
