"""The surname particles of people_words.json ("van", "de", "dos", ...) are read by one regex alternation
(``speakers.PARTICLE_ALTERNATION``) for both readers: a "Last, First" display name (``speakers.clean_name``) and a
sign-off name (``parse.people``: "-Maarten de Jong"). Session 11 had built it a second time in people.py (without
``re.escape``: a table word with a regex character would have read differently in the two places)."""
from __future__ import annotations

import pytest

from threadkb import speakers, tables
from threadkb.parse import people

TABLE = tables.people_words("surname_particles")


def test_one_alternation_serves_both_readers():
    assert people._PARTICLE == f"(?:{speakers.PARTICLE_ALTERNATION}) "
    assert people.PARTICLES is speakers.SURNAME_PARTICLES
    assert speakers.SURNAME_PARTICLES == frozenset(TABLE) and len(TABLE) == 12


@pytest.mark.parametrize("particle", TABLE)
def test_every_particle_reads_alike_in_both_places(particle):
    assert speakers.clean_name(f"{particle} Berg, Anna", None) == (f"Anna {particle} Berg", None)
    assert people.signature_name(f"Anna {particle} Berg") == f"Anna {particle} Berg"
    assert people.signature_name(f"-Anna {particle} Berg") == f"Anna {particle} Berg"
