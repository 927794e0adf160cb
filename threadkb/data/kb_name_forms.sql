-- Version 10: message_addressees.name_key and address_key in the form every name is compared in (identity.fold:
-- canonical caseless, NFD then casefold then NFC): a name stored decomposed ("Jo\u0308rg", as macOS and some clients
-- write it) is found by `threadkb query --to` typed precomposed ("Jörg", "JÖRG") and the reverse. Version 9 keyed
-- them by str.casefold alone. The rows stored before get their keys again when the base is upgraded (threadkb.store,
-- from the stored names and addresses: no file is read again).
UPDATE message_addressees SET name_key = name_key;
