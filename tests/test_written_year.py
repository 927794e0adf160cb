"""A year written with a leading zero ("0000", "099") that a reader turns into a year of this era (email.utils and
dateutil read "0000" as 2000) is no date, in Date headers and in attributions alike: one check,
``models.date_problem(d, written)`` (review9a item 2: mail read only "10 Jun 0000" that way, by its own pattern; the
other header forms it accepts were dated 2000)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from threadkb.ingest.mail import _parse_date
from threadkb.models import date_problem
from threadkb.parse.dates import parse_date

MADE_UP = [  # a date text whose year is written with a leading zero -> the year token the warning names
    ("Mon, 10 Jun 0000 17:41:00 +0000", "0000"),
    ("Mon, 10 Jun 0000 17:41:00 GMT", "0000"),
    ("Mon, 10 Jun 0024 17:41:00 -0000", "0024"),
    ("Mon, 10 Jun 099 17:41:00 +0000", "099"),
    ("Mon Jun 10 17:41:00 0000", "0000"),  # asctime order: was 2000-06-10 in a Date header
    ("Thu Nov  1 11:19:12 0000", "0000"),  # pipermail's form: was 2000-11-01
    ("Jun 10 0000 17:41:00 +0000", "0000"),  # month first: was 2000-06-10
    ("Mon, Jun 10 0000 17:41:00 +0000", "0000"),
    ("June 10, 0000 5:41 PM", "0000"),  # read by dateutil: was 2000-06-10
]


@pytest.mark.parametrize("text,token", MADE_UP)
def test_a_year_written_with_a_leading_zero_is_no_date(text, token):
    assert _parse_date(text) == (None, f"year {token} is no calendar year of a message: read as no date")
    assert parse_date(text) is None


READ = [  # a zone or a two-digit year is no year written with a leading zero: the date is read
    ("Mon, 10 Jun 2024 17:41:00 +0000", datetime(2024, 6, 10, 17, 41, tzinfo=timezone.utc)),
    ("Mon, 10 Jun 2024 17:41:00 -0000", datetime(2024, 6, 10, 17, 41, tzinfo=timezone.utc)),
    ("Mon, 10 Jun 24 17:41:00 +0000", datetime(2024, 6, 10, 17, 41, tzinfo=timezone.utc)),
    ("Mon, 10 Jun 00 17:41:00 +0000", datetime(2000, 6, 10, 17, 41, tzinfo=timezone.utc)),  # RFC 5322 obs-year
    ("Mon, 10 Jun 2024 17:41:00 +0030", datetime(2024, 6, 10, 17, 11, tzinfo=timezone.utc)),
    # a number written with a leading zero in the header's trailing comment is not its year
    ("Mon, 10 Jun 96 17:41:00 +0000 (0100)", datetime(1996, 6, 10, 17, 41, tzinfo=timezone.utc)),
    ("Mon, 10 Jun 96 17:41:00 GMT (local 0930)", datetime(1996, 6, 10, 17, 41, tzinfo=timezone.utc)),
    ("Mon, 10 Jun 24 17:41:00 -0500 (ref 0042)", datetime(2024, 6, 10, 22, 41, tzinfo=timezone.utc)),
]


@pytest.mark.parametrize("text,expected", READ)
def test_zones_and_two_digit_years_are_still_read(text, expected):
    got, problem = _parse_date(text)
    assert (got, problem) == (expected, None)


CHECK = [  # (date read, text it was read from) -> problem, or None
    (datetime(2000, 6, 10), "10/06/0000 17:41", "year 0000 is no calendar year of a message: read as no date"),
    (datetime(2000, 6, 10), "10-06-0000 17:41", "year 0000 is no calendar year of a message: read as no date"),
    (date(2001, 1, 1), "1 Jan 0001", "year 0001 is no calendar year of a message: read as no date"),
    (datetime(2000, 6, 10), "10 Jun 2000 17:41 -0000", None),
    (datetime(2000, 6, 10), "10 Jun 00 17:41 GMT+0000", None),
    (datetime(2000, 6, 10), "10 Jun 00 17:41 UTC-0030", None),
    (datetime(2000, 6, 10), None, None),
]


@pytest.mark.parametrize("when,written,problem", CHECK)
def test_date_problem_reads_the_written_year(when, written, problem):
    assert date_problem(when, written) == (None if problem else when, problem)


MACHINE_ZONE = [  # Date headers only dateutil reads: it gives tzlocal() where the offset equals the machine's
    ("2024-06-10 17:41:00 +0000", timezone.utc),
    ("2024-06-10 17:41:00 UTC", timezone.utc),
    ("2024-06-10 17:41:00 +0200", timezone(timedelta(hours=2))),
]


@pytest.mark.parametrize("text,zone", MACHINE_ZONE)
def test_a_zone_read_by_dateutil_is_its_fixed_offset_not_the_machines(text, zone):
    d, why = _parse_date(text)
    assert why is None and d is not None
    assert type(d.tzinfo) is timezone and d.tzinfo == zone


def test_a_local_zone_object_becomes_its_offset():
    from dateutil.tz import tzlocal

    d, _ = date_problem(datetime(2024, 6, 10, 17, 41, tzinfo=tzlocal()), "2024-06-10 17:41")
    assert type(d.tzinfo) is timezone and d.utcoffset() == datetime(2024, 6, 10, 17, 41, tzinfo=tzlocal()).utcoffset()
