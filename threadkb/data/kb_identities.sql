-- Schema version 3: one person, one identity; the organisation a person works for, with the evidence.
-- A people row is one name as written (display name, login, "Last, First" read as "First Last", first name);
-- identity_id points at the row that stands for the person (NULL: the row is the person). threadkb.identity
-- sets identity_id, alias_rule, organisation_id and organisation_rule after every stored file.
ALTER TABLE people ADD COLUMN identity_id INTEGER REFERENCES people(id);
ALTER TABLE people ADD COLUMN alias_rule TEXT;           -- why this name is the person of identity_id
ALTER TABLE people ADD COLUMN organisation_id INTEGER REFERENCES organisations(id);  -- person rows only
ALTER TABLE people ADD COLUMN organisation_rule TEXT;    -- the evidence that chose organisation_id
CREATE INDEX people_identity ON people(identity_id);

-- What the texts say about whom a name works for: one row per piece of evidence.
CREATE TABLE affiliations (
    person_id       INTEGER NOT NULL REFERENCES people(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    rule            TEXT NOT NULL,   -- "e-mail domain harica.gr", "name (HARICA)", "login suffix", "signature line", "writes on its behalf"
    message_id      INTEGER NOT NULL REFERENCES messages(id),
    UNIQUE (person_id, organisation_id, rule, message_id)
);
CREATE INDEX affiliations_person ON affiliations(person_id);

-- A claim's words looked up across the messages of its thread (a quotation of it is stored once, for its speaker).
CREATE INDEX claims_text ON claims(text_hash);
