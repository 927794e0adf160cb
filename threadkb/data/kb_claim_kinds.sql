-- Schema version 5: the claim kinds are the rows of threadkb/data/claim_kinds.json, not a list in the schema.
-- claims.kind loses the CHECK list of version 1 (adding a kind to the table must not need a new schema);
-- threadkb stores only kinds of the table (threadkb.models.ClaimKind refuses any other name).
-- Removing a CHECK constraint changes no stored row: SQLite's documented procedure edits the table's
-- definition in sqlite_schema (https://www.sqlite.org/lang_altertable.html#otheralter); threadkb.store then
-- increments PRAGMA schema_version so that every connection reads the new definition.
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, ' CHECK (kind IN
                        (''assertion'', ''admission'', ''commitment'', ''question'', ''request'', ''denial''))', '')
 WHERE type = 'table' AND name = 'claims';
PRAGMA writable_schema = OFF;
