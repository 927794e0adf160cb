-- Version 5: a claim's deadline as the claim stage computed it (threadkb.extract.deadlines), read by
-- `threadkb query commitments` from these columns (never worked out again per row). `deadline` (ISO date,
-- or UTC date-time) and `deadline_text` (the phrase) exist since version 1; added here: how the date was
-- obtained and where the phrase lies in messages.text. A database stored before is filled in by
-- threadkb.store after this file runs (each stored claim's text read again with the extract stage's rule).
ALTER TABLE claims ADD COLUMN deadline_rule TEXT;      -- "within one month of the message date", "stated", ...
ALTER TABLE claims ADD COLUMN deadline_start INTEGER;  -- the phrase's offsets in messages.text
ALTER TABLE claims ADD COLUMN deadline_end INTEGER;
CREATE INDEX claims_kind_deadline ON claims(kind, deadline);
