"""A bare number resolves against the policy editions in force on its message's date (issue 14, session 17
"cite17n"; batch MB's MB15, lists.cabforum.org/pipermail/public/2014-October/020673.html, showed the class).

Class: a number a message gives no document, which the thread's documents decide (``_thread_document_of``). Before,
the first of the thread's documents that *ever* had the number took it, so a 2014 mail's "Section 9.2.5 Subject
Country Name Field" (BR 1.x numbering: 9.2 "Subject Information" and its subsections) went to the EVG, whose 9.2.5
the index knows, because the BR's legacy map (the pre-2015 numbers whose paragraphs moved in the 2015 renumbering)
lists 9.2 but not its subsections. Now a thread's document also fits a number it had in the edition in force on the
message's day (``resolve.had_section``: the version in force that day; before the first indexed version, the first
one's numbering; the BR before its 2015 renumbering, its legacy numbering, where a subsection of a listed
two-level number counts as the BR's, resolved as that number: flag ``legacy_under(9.2)``). Nothing that fitted
before stops fitting: a document that has the number only later (a draft discussed before it takes effect: the
CCADB list's "Section 5.2" in 2024) or only earlier (a renumbered section: "7.1.4.2.2 (d)" in 2024 stays the BR's)
still fits, as the project's tests want.

Rows: real text (batch MB's MB15; the CA/B Forum public list's Ballot 148 thread, 2015-04-02, Ryan Sleevi's reply,
found with the search tool's pages corpus), constructed variants, and the same texts at today's date, which must
stay as they were.
"""
from __future__ import annotations

from datetime import date, datetime

import pytest

from threadkb.extract.resolve import had_section, resolve

HAD = [  # (document, number, day) -> had the number that day (None: the index cannot tell)
    ("BR", "9.2", date(2014, 10, 20), True),  # a legacy number the map lists
    ("BR", "9.2.5", date(2014, 10, 20), True),  # its subsection (the map lists 9.2 only)
    ("BR", "9.2.4", date(2015, 4, 2), True),
    ("BR", "9.2.5", date(2015, 4, 16), False),  # the renumbering took effect
    ("BR", "9.2.5", date(2025, 6, 5), False),
    ("BR", "11.1.1", date(2014, 1, 1), True),
    ("BR", "11.1.1", date(2016, 6, 1), False),
    ("BR", "4.9.1.1", date(2014, 1, 1), False),  # an RFC 3647 number before the BR had that numbering
    ("BR", "4.9.1.1", date(2016, 6, 1), True),
    ("BR", "12.1", date(2014, 1, 1), False),  # under a one-level legacy number: not inferred
    ("BR", "7.1.2.7", date(2019, 1, 1), False),  # a section added later (2023)
    ("BR", "7.1.2.7", date(2025, 6, 5), True),
    ("EVG", "9.2.5", date(2014, 10, 20), True),  # before the first indexed EVG: its numbering
    ("EVG", "9.2.5", date(2019, 1, 1), True),
    ("EVG", "9.2.5", date(2025, 6, 5), False),  # EVG 2.0 took the RFC 3647 layout
    ("MRSP", "6.1.3", date(2024, 12, 15), False),
    ("MRSP", "6.1.3", date(2025, 6, 1), True),
    ("BR", "9.2.5", None, None),  # no date
    ("CPS", "4.2.1", date(2015, 12, 8), None),  # not indexed
    ("RFC", "5280", date(2015, 12, 8), None),
]


@pytest.mark.parametrize("document,number,day,expected", HAD, ids=[f"{d} {n}@{t}" for d, n, t, _ in HAD])
def test_had_section(document, number, day, expected):
    assert had_section(document, number, day) is expected


RESOLVED = [  # (document, number, day) -> (version, title, flags, mapped_to)
    ("BR", "9.2.5", date(2014, 10, 20),
     ("1.2.x", "7.1.4.2 Subject Information for Standard Server Authentication certificates",
      ["legacy_numbering", "legacy_under(9.2)"], ["7.1.4.2"])),
    ("BR", "9.7", date(2014, 10, 20), ("1.2.x", "7.1.5 Name constraints", ["legacy_numbering"], ["7.1.5"])),
    ("BR", "11.1.3", date(2014, 12, 15),
     ("1.2.x", "3.2.2.6 Wildcard Domain Validation", ["legacy_numbering"], ["3.2.2.6"])),
    ("BR", "9.2.5", date(2025, 6, 5), ("2.1.5", None, ["unknown_section"], [])),
    ("BR", "12.1", date(2014, 1, 1), ("1.3.0", None, ["before_first_version", "unknown_section"], [])),
]


@pytest.mark.parametrize("document,number,day,expected", RESOLVED, ids=[f"{d} {n}@{t}" for d, n, t, _ in RESOLVED])
def test_resolve_legacy_subsection(document, number, day, expected):
    res = resolve(document, number, None, day)
    assert (res.version, res.title, res.flags, res.mapped_to) == expected


def _dated(text: str, day: datetime, list_name: str = "public", subject: str | None = None) -> set[tuple]:
    from test_citations import _extract, _message

    ex = _extract([_message("m0", text, day)], subject=subject, list_name=list_name)
    return {(c.document, c.section, c.item) for c in ex.citations}


OLD, NOW = datetime(2014, 10, 20, 10), datetime(2025, 6, 5, 10)
BALLOT148 = datetime(2015, 4, 2, 23, 53)

MB15 = (  # lists.cabforum.org/pipermail/public/2014-October/020673.html (batch MB, MB15), first paragraph
    "I think Section 9.2.5 Subject Country Name Field, 9.2.6 Subject Organizational Unit Field, and 9.2.8 Other "
    "Subject Attributes should be downgraded to sub-sections 9.2.4 f, g, and h because they're all Subject "
    "Distinguished Name Fields.")
SLEEVI148 = (  # lists.cabforum.org/pipermail/public/2015-April/037049.html (Ryan Sleevi, Ballot 148), his own lines
    "This should read 9.2.4(a). Though you renumber 9.2.4 as 9.2.2 in Step 4\n(below), it's not clear at the time "
    "you execute *this* step that you're\nmoving \"9.2.2 Subject Common Name Field\" to be \"9.2.4 Subject "
    "Distinguished\nName Fields (a) Certificate Field: subject:commonName\" before renumbering\n9.2.4 as 9.2.2 below.")

FORMS = [
    # real: MB15 in its own year: the BR's legacy 9.2.x (was the EVG's)
    (MB15, OLD, {("BR", "9.2.5", None), ("BR", "9.2.6", None), ("BR", "9.2.8", None), ("BR", "9.2.4", "f"),
                 ("BR", "9.2.4", "g"), ("BR", "9.2.4", "h")}),
    # the same text dated today: the BR never had 9.2.5 since 2015, the EVG had it until 2.0: as before
    (MB15, NOW, {("EVG", "9.2.5", None), ("EVG", "9.2.6", None), ("EVG", "9.2.8", None), ("EVG", "9.2.4", "f"),
                 ("EVG", "9.2.4", "g"), ("EVG", "9.2.4", "h")}),
    # real: Ballot 148's thread, two weeks before the BR 1.3.0 renumbering took effect
    (SLEEVI148, BALLOT148, {("BR", "9.2.4", "a"), ("BR", "9.2.4", None), ("BR", "9.2.2", None)}),
    # today: 9.2.2 is the BR's RFC 3647 9.2.2 (the thread's first that has it), 9.2.4 the EVG's (before 2.0)
    (SLEEVI148, NOW, {("EVG", "9.2.4", "a"), ("EVG", "9.2.4", None), ("BR", "9.2.2", None)}),
    # constructed: a 2014 mail's bare legacy numbers
    ("Section 9.2.3 says the Subject Domain Component field is optional.", OLD, {("BR", "9.2.3", None)}),
    ("Per 9.2.1 the SAN must hold at least one entry.", datetime(2013, 5, 2), {("BR", "9.2.1", None)}),
    # constructed: unlisted legacy subsections (were the EVG's), the day before the 2015 cut-over, and the day of it
    ("The OU field rules in section 9.2.6 are too loose.", OLD, {("BR", "9.2.6", None)}),
    ("We should move 9.2.8 next to 9.2.5 in the next draft.", datetime(2015, 4, 15),
     {("BR", "9.2.8", None), ("BR", "9.2.5", None)}),
    ("The OU field rules in section 9.2.6 are too loose.", datetime(2015, 4, 16), {("EVG", "9.2.6", None)}),
    ("See section 11.1.1 for the validation methods.", OLD, {("BR", "11.1.1", None)}),  # a listed number: as before
    # near misses: a number the thread's document had before the day stays its own (a renumbered section keeps its
    # old number in writers' mouths: tests/test_citations_forms "7.1.4.2.2 (d)" in 2024 stays the BR's)
    ("Section 11.2.2 is where the acceptable methods are.", datetime(2018, 3, 1), {("BR", "11.2.2", None)}),
    ("Regarding 7.1.4.2.2 (d), we think", datetime(2024, 6, 5), {("BR", "7.1.4.2.2", "d")}),
    # near miss: 9.2.3 in 2018 is the BR's RFC 3647 9.2.3 (both had the number that day: the thread's first)
    ("Section 9.2.3 says the Subject Domain Component field is optional.", datetime(2018, 3, 1),
     {("BR", "9.2.3", None)}),
    ("See section 11.2.2 for the verification of the applicant.", datetime(2018, 3, 1), {("BR", "11.2.2", None)}),
    # near misses: numbers both numberings share, a number the text names the document of, an RFC 3647 number
    ("Section 4.9.1.1 lists the reasons.", datetime(2018, 3, 1), {("BR", "4.9.1.1", None)}),
    ("EVG section 9.2.5 names the jurisdiction fields.", OLD, {("EVG", "9.2.5", None)}),
    ("Section 9.2.5 of the EV Guidelines names the jurisdiction fields.", OLD, {("EVG", "9.2.5", None)}),
]


@pytest.mark.parametrize("text,day,expected", FORMS, ids=[f"{i}:{r[0][:30]}@{r[1]:%Y}" for i, r in enumerate(FORMS)])
def test_bare_number_on_its_day(text, day, expected):
    assert _dated(text, day) == expected
