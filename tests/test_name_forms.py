"""Names are compared in one form (``identity.fold``: canonical caseless — NFD, casefold, NFC) wherever they are
compared: a name written decomposed ("Jo\u0308rg", as macOS and some mail clients write it) is the name written
precomposed ("Jörg") in any case, in the knowledge base's filters (--speaker, --org, --to: test_kb_addressees), in a
sign-off read against its author, and in the keys of people rows. Accents are not folded: "Jorg" is another name."""
from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from threadkb import identity, store
from threadkb.parse.people import same_person

NFD = "Jo\u0308rg Mu\u0308ller"  # decomposed
NFC = unicodedata.normalize("NFC", NFD)  # "Jörg Müller"

FOLD = [  # text, its folded form
    (NFD, "jörg müller"),
    (NFC, "jörg müller"),
    ("JÖRG MÜLLER", "jörg müller"),
    ("JO\u0308RG", "jörg"),
    ("Straße", "strasse"),
    ("FRANC\u0327OIS", "françois"),
    ("ΣΟΦΊΑ", "σοφία"),
    ("Jorg", "jorg"),  # no accent folding
]


@pytest.mark.parametrize("text,folded", FOLD)
def test_fold(text, folded):
    assert identity.fold(text) == folded


def _people(*names: str) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, identity_id INTEGER, name TEXT)")
    db.executemany("INSERT INTO people (name) VALUES (?)", [(n,) for n in names])
    return db


@pytest.mark.parametrize("stored,typed,found", [
    (NFD, "Jörg", True),  # fails before: the decomposed name's words are "jo", "rg"
    (NFD, "JÖRG MÜLLER", True),  # fails before
    (NFC, "Jo\u0308rg", True),  # fails before
    (NFC, "MU\u0308LLER", True),  # fails before
    (NFD, "Jo\u0308rg", True),
    (NFC, "jörg", True),
    (NFD, "Jorg", False),
])
def test_speaker_matches_a_name_in_either_form(stored, typed, found):
    assert bool(identity.person_ids(_people(stored, "Ann Lee"), typed)) is found


@pytest.mark.parametrize("stored,typed,found", [
    ("Cre\u0301dit Agricole CA", "Crédit", True),  # fails before
    ("Crédit Agricole CA", "CRE\u0301DIT", True),  # fails before
    ("Crédit Agricole CA", "crédit agricole", True),
    ("Cre\u0301dit Agricole CA", "Credit", False),
])
def test_org_matches_a_name_in_either_form(stored, typed, found):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE organisations (id INTEGER PRIMARY KEY, name TEXT)")
    db.execute("INSERT INTO organisations (name) VALUES (?)", (stored,))
    assert bool(identity.organisation_ids(db, typed)) is found


@pytest.mark.parametrize("a,b", [(NFD, NFC), ("JÖRG MÜLLER", NFD), ("Jörg Müller <jm@example.de>", NFD)])
def test_a_name_has_one_key_in_either_form(a, b):
    """People rows are keyed by ``store.name_key``: before, the decomposed name's key was "jo rg mu ller" (a combining
    mark is no word character), another person than "jörg müller" (the three fail before)."""
    assert store.name_key(a) == store.name_key(b) == "jörg müller"


@pytest.mark.parametrize("sign_off,author,same", [
    ("Jo\u0308rg", "Jörg Müller", True),
    ("Jörg", NFD, True),
    ("- Ju\u0308rgen", "Jürgen Schmidt", True),
    ("Ömer", "O\u0308mer Yılmaz", True),
    ("Ömer", "Ryan Sleevi", False),
])
def test_a_sign_off_names_its_author_in_either_form(sign_off, author, same):
    assert same_person(sign_off, author) is same
