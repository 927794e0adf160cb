"""When a claim is due: the ONE computation of a deadline. The claim stage sets it on the Claim
(``deadline``, ``deadline_text``, ``deadline_rule``, ``deadline_span``); the report and the knowledge base
only read it.

    find("we will revoke them within one month", datetime(2025, 1, 31, 9, 0, tzinfo=UTC+8))
    -> Deadline(due=datetime(2025, 2, 28, 9, 0, tzinfo=UTC+8), text="within one month",
                rule="within one month of the message date", start=20, end=36)

How a phrase is counted (relative to the message date, on the message's own clock and zone):
- "within/in N hours|days|weeks|months|years": calendar arithmetic (dateutil ``relativedelta``): one month
  after 31 January is 28 (or 29) February, two years after 29 February 2024 is 28 February 2026; the time
  of day and the zone of the message are kept; "N business/working days" skip Saturdays and Sundays.
- "by|before|no later than DATE" (and, for a commitment, "on|scheduled for DATE"): that day; a date written
  without a year is the next such day on or after the message's day.
- "by the end of Q2 [2025]" / "in the fourth quarter": the quarter's last day; without a year the next
  quarter end on or after the message's day.
- "today", "tomorrow", "next week", ...: days after the message's own day (claim_cues.json ``relative``).
- else a DEADLINE or DURATION entity inside the claim (the entity stage's ISO form: "2025-10-15", "P5D").
The table of phrases is data: ``claim_cues.json`` key ``deadline``.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from dateutil.relativedelta import relativedelta

from threadkb import tables
from threadkb.models import Entity

# ISO 8601 durations as the entity stage normalises them ("P5D", "PT24H", "P2W", "P1M").
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\b\d{4}\b")


@dataclass
class Deadline:
    """A deadline phrase and the date it gives (None: it cannot be counted, the message is undated)."""

    due: datetime | date | None
    text: str  # the phrase as written ("within five days")
    rule: str  # how the date was obtained, in a reader's words ("within five days of the message date")
    start: int = 0  # the phrase's offsets in the text searched
    end: int = 0


TABLE = "claim_cues.json"


@lru_cache(maxsize=1)
def table() -> dict:
    """The ``deadline`` table of claim_cues.json (read once; do not modify it)."""
    return tables.load(TABLE)["deadline"]


@lru_cache(maxsize=1)
def _patterns() -> dict:
    """The ``deadline`` table, its patterns compiled by the loader (case-insensitive)."""
    return tables.patterns(TABLE)["deadline"]


@lru_cache(maxsize=None)
def _rx(where: str, pattern: str) -> re.Pattern:
    """A pattern built of the table's strings, compiled (case-insensitive) by the loader."""
    return tables.compile(TABLE, f"deadline.{where}", pattern, re.IGNORECASE)


def _day(when: datetime | date) -> date:
    """The message's own day (its local date, in its zone)."""
    return when.date() if isinstance(when, datetime) else when


def add(when: datetime | date, n: int, unit: str, business: bool = False) -> datetime | date:
    """``when`` plus n units ("hours", "days", "weeks", "months", "years"), calendar arithmetic; business days
    skip Saturdays and Sundays; hours added to a bare day round up to whole days."""
    if unit == "hours" and not isinstance(when, datetime):
        return when + timedelta(days=math.ceil(n / 24))
    if business:
        d, left = when, n
        while left:
            d += timedelta(days=1)
            if d.weekday() < 5:
                left -= 1
        return d
    step: dict[str, Any] = {unit: n}
    return when + relativedelta(**step)


_CLAUSE_END = re.compile(r"[,;:.!?]")


def _condition(by: dict, text: str, at: int) -> bool:
    """Whether the date phrase whose keyword starts at ``at`` is a condition on the things ("issued before DATE",
    "whose earliest SCT is on or before DATE": ``by_date`` ``condition``, read just before the keyword), not a
    deadline: its clause holds no future or modal that makes the participle its predicate ("will be issued by
    DATE", ``condition_unless``)."""
    start = max(0, at - 160)
    if not by["condition"].search(text, start, at):
        return False
    clause = text[start:at]
    cut = max((m.end() for m in _CLAUSE_END.finditer(clause)), default=0)
    return not by["condition_unless"].search(clause, cut)


def find(text: str, when: datetime | date | None, commitment: bool = False) -> Deadline | None:
    """The deadline a sentence gives (see the module doc), or None; ``commitment`` also reads the day it is
    planned for ("will deploy on 2025-04-15")."""
    tab = table()
    rx = _patterns()
    found = list(rx["within"].finditer(text))
    # "within" binds a deadline; a bare "in N days" may tell what happened ("was working to revoke in 24 hours,
    # ... will revoke within the next 120 hours"): the first "within" phrase wins, else the first "in" phrase
    m = next((f for f in found if f.group(0).lower().startswith("within")), found[0] if found else None)
    if m:
        n_text, unit_text = m.group(1).lower(), m.group(2).lower()
        n = int(n_text) if n_text.isdigit() else tab["numbers"].get(n_text, 1)
        phrase = m.group(0)
        if when is None:
            return Deadline(None, phrase, f"{phrase}, from an undated message", m.start(), m.end())
        unit = tab["units"][unit_text.split()[-1].rstrip("s")]
        due = add(when, n, unit, business=unit_text.startswith(("business", "working")))
        after = "of" if phrase.lower().startswith("within") else "from"
        return Deadline(due, phrase, f"{phrase} {after} the message date", m.start(), m.end())
    by = tab["by_date"]
    keywords = by["keywords"] + ("|" + tab["on_date"] if commitment else "")
    # the first date phrase that is no condition on the things the sentence is about ("whose earliest SCT is on or
    # before DATE", "issued before DATE": ``by_date`` ``condition``, read just before the keyword)
    m = next((f for f in _rx("by_date", rf"\b(?:{keywords})\s+({by['date']})").finditer(text)
              if not _condition(rx["by_date"], text, f.start())), None)
    if m:
        from dateutil import parser as dparser
        default = datetime(when.year, when.month, when.day) if when else datetime(2000, 1, 1)
        try:
            due = dparser.parse(m.group(1), default=default, fuzzy=True).date()
        except (ValueError, OverflowError):
            return Deadline(None, m.group(0), f"{m.group(0)}: not a date", m.start(), m.end())
        if when is not None and not _YEAR.search(m.group(1)) and due < _day(when):
            due += relativedelta(years=1)  # "by March 31" written in April: next year's
        return Deadline(due, m.group(0), "stated", m.start(), m.end())
    m = rx["quarter"].search(text)
    if m:  # the last day of the quarter, in the year named or the next one ending on or after the message
        q = int(m.group(1)) if m.group(1) else tab["quarter_words"][m.group(2).lower()]
        if m.group(3):
            year = int(m.group(3))
        elif when is None:
            return Deadline(None, m.group(0), f"{m.group(0)}, from an undated message", m.start(), m.end())
        else:
            year = when.year + (_quarter_end(when.year, q) < _day(when))
        return Deadline(_quarter_end(year, q), m.group(0), "stated", m.start(), m.end())
    for word, days in tab["relative"].items():
        m = _rx("relative", rf"\b{re.escape(word)}\b").search(text)
        if m:
            if when is None:
                return Deadline(None, m.group(0), f"\u201c{m.group(0)}\u201d, from an undated message",
                                m.start(), m.end())
            return Deadline(_day(when) + timedelta(days=days), m.group(0),
                            f"\u201c{m.group(0)}\u201d of the message date", m.start(), m.end())
    return None


def planned_day(text: str) -> str | None:
    """The phrase when the date ``find`` reads for a commitment is the day the thing is planned for ("on Monday,
    October 15", "scheduled for 2025-04-15": the ``on_date`` keywords), not a deadline ("by", "before", "no later
    than", "within", a quarter, "today"); else None."""
    found = find(text, None, commitment=True)
    if found is None or find(text, None) is not None:  # a deadline phrase of its own comes first
        return None
    return found.text if _rx("on_day", rf"^(?:{table()['on_date']})\b").match(found.text) else None


def _quarter_end(year: int, q: int) -> date:
    return date(year + q // 4, q % 4 * 3 + 1, 1) - timedelta(days=1)


def parse_duration(norm: str) -> relativedelta | None:
    """An ISO 8601 duration ("P5D", "PT24H") as a relativedelta, or None."""
    m = _DURATION.match(norm or "")
    if not m or not any(m.groups()):
        return None
    y, mo, w, d, h, mi = (int(g) if g else 0 for g in m.groups())
    return relativedelta(years=y, months=mo, weeks=w, days=d, hours=h, minutes=mi)


def duration_words(delta: relativedelta) -> str:
    """relativedelta(days=5) -> "5 days"; relativedelta(hours=24) -> "24 hours"."""
    parts = []
    for unit in ("years", "months", "weeks", "days", "hours", "minutes"):
        n = getattr(delta, unit)
        if unit == "days" and delta.weeks:
            n -= delta.weeks * 7
        if n:
            parts.append(f"{n} {unit if n != 1 else unit[:-1]}")
    return " ".join(parts) or "0 days"


def from_entities(entities: Iterable[Entity], start: int, end: int, when: datetime | date | None) -> Deadline | None:
    """A deadline from the entities lying inside [start, end) of the message text: a DEADLINE date first, then
    a DEADLINE or DURATION duration counted from the message date (``when``)."""
    inside = [e for e in entities if e.start >= start and e.end <= end]
    for e in inside:
        if e.label == "DEADLINE" and _ISO_DATE.match(e.norm or ""):
            try:
                return Deadline(date.fromisoformat(e.norm[:10]), e.text, f"date \u201c{e.text}\u201d", e.start, e.end)
            except ValueError:
                continue
    for e in inside:
        delta = parse_duration(e.norm) if e.label in ("DURATION", "DEADLINE") else None
        if delta is not None:
            if when is None:
                return Deadline(None, e.text, f"{duration_words(delta)} from an undated message", e.start, e.end)
            return Deadline(when + delta, e.text, f"{duration_words(delta)} after the message date", e.start, e.end)
    return None


def locate(phrase: str, text: str) -> tuple[int, int] | None:
    """Where ``phrase`` (found in the whitespace-normalised text) lies in ``text`` (it may wrap over lines)."""
    words = phrase.split()
    if not words:
        return None
    m = re.search(r"\s+".join(map(re.escape, words)), text, re.IGNORECASE)
    return m.span() if m else None
