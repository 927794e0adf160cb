"""Word lists that were sets in code are rows of data tables (threadkb/data/people_words.json), read
through the loader; the behaviour they drive, with real forms and constructed variants."""
from __future__ import annotations

import pytest

from threadkb import tables
from threadkb.parse import people


def test_people_words_table():
    data = tables.load("people_words.json")
    assert set(data) == {"closings", "not_names", "not_given_names", "group_addressees"}
    for key, row in data.items():
        words = row["words"]
        assert words and all(w == w.lower() and w.strip() == w for w in words), key
        assert len(set(words)) == len(words), key
    assert people.CLOSINGS == frozenset(data["closings"]["words"])
    assert people.NOT_NAMES == frozenset(data["not_names"]["words"])


@pytest.mark.parametrize("line,name", [
    ("Thanks", None), ("Best regards", None), ("Kind Regards", None), ("Many thanks", None),  # closings
    ("Note", None), ("Done.", None), ("Summary", None), ("However", None),  # a heading or a sentence's word
    ("- Matt", "Matt"), ("Ben Wilson", "Ben Wilson"), ("-Tim", "Tim"),
])
def test_sign_off_names(line, name):
    assert people.signature_name(line) == name


@pytest.mark.parametrize("line,name", [
    ("Hi everyone,", None), ("Hello all", None), ("Team,", None), ("Hi there,", None), ("Hi folks,", None),
    ("Hi Arabella,", "Arabella"), ("Alvin,", "Alvin"), ("Dear Ben", "Ben"),
])
def test_greeting_names(line, name):
    assert people.greeting_name(line) == name


@pytest.mark.parametrize("raw,name", [
    ("Sleevi, Ryan", "Ryan Sleevi"), ("van der Berg, Anna", "Anna van der Berg"),  # Outlook's "Last, First"
    ("Acme, Inc.", "Acme, Inc."), ("Smith, Jr.", "Smith, Jr."), ("Digicert, LLC", "Digicert, LLC"),  # not a given name
    ("Example, GmbH", "Example, GmbH"),
])
def test_last_first_display_names(raw, name):
    assert people.clean_name(raw, None) == (name, None)
