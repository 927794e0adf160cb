"""Dates as mail clients and archives write them -> datetime (aware when the text names a zone).

The words of each language (months, weekdays, AM/PM markers, zone names) are data: data/dates.json.
"""
from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache

from dateutil import parser as du

from threadkb import tables
from threadkb.models import date_problem

_WS = re.compile(r"[\s\u00a0\u202f\u2009]+")
# zone written as an offset: "UTC+8", "GMT-07:00", "-0700", "+08:00"
_OFFSET = re.compile(r"(?:\b(?:UTC|GMT)\s?(?P<s1>[+-])(?P<h1>\d{1,2})(?::?(?P<m1>\d{2}))?\b)"
                     r"|(?:(?<![\d:])(?P<s2>[+-])(?P<h2>\d{2}):?(?P<m2>\d{2})\b)")
# Google Groups glues the short date to the long one: "1:01:55 PM12/3/20", "10:59:30 AMMay 7"
_GLUED = re.compile(r"(?<=[AP]M)(?:\d{1,2}/\d{1,2}/\d{2,4}|[A-Z][a-z]{2} \d{1,2})$")
# ... and after a relative note, with a space: "1:58:31 AM (5 days ago) Jun 3" (the note is dropped first)
_SPACED_SHORT = re.compile(r" (?:\d{1,2}/\d{1,2}/\d{2,4}|[A-Z][a-z]{2} \d{1,2})$")
_YEAR = re.compile(r"\b\d{4}\b")
_ANY_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")  # a time anywhere in the text ("下午9:00")
# the forms most dates take once weekday, zone and AM/PM are gone ("5 Oct 2025 10:00:00", "October 7
# 2025 11:19:54", "2025-10-08 12:25:33", "27/02/2025 11:43"): read directly, as dateutil reads them,
# without its tokenizer (the rest goes to dateutil)
_TIME = r"(?: (?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
_DIRECT = (
    re.compile(r"(?P<d>\d{1,2}) (?P<mon>[A-Za-z]{3,9}) (?P<y>\d{4})" + _TIME),
    re.compile(r"(?P<mon>[A-Za-z]{3,9}) (?P<d>\d{1,2}) (?P<y>\d{4})" + _TIME),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})" + _TIME),
    re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})" + _TIME),
)
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})")
_YEAR_FIRST = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b")  # never day-first, whatever the locale
_DOT_TIME = re.compile(r"(\d{4}\s+)(\d{1,2})\.(\d{2})\b")  # "2020 10.00" (Danish, Finnish): a time


@lru_cache(maxsize=1)
def _tables() -> dict:
    data = tables.load("dates.json")
    compiled = tables.patterns("dates.json")

    def rx(pattern: str, flags: int = 0) -> re.Pattern:  # built of the table's words
        return tables.compile("dates.json", "words", pattern, flags)

    # the English month names dateutil reads, as numbers (what ``months`` maps other languages to)
    data["_month_numbers"] = {name: i for i, names in enumerate(data["english_months"], 1) for name in names}
    words = sorted(data["weekdays"], key=len, reverse=True)
    data["_weekday_re"] = rx(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w),?")
    months = sorted(data["months"], key=len, reverse=True)
    data["_month_re"] = rx(r"(?<!\w)(" + "|".join(re.escape(m) for m in months) + r")(?!\w)", re.I)
    zones = sorted(data["zones"], key=len, reverse=True)
    data["_zone_re"] = rx(r"(?<![\w+-])(" + "|".join(re.escape(z) for z in zones) + r")(?![\w])")
    data["_notes_re"] = compiled["drop_notes"]
    data["_drop_re"] = rx(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in data["drop_words"]) + r")(?!\w)")
    mark = lambda ws: "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))  # noqa: E731
    # a marker may touch digits ("04:52:56AM", "下午9:00") but not letters ("AMMay" is handled as glued)
    data["_pm_re"] = rx(r"(?<![^\W\d_])(?:" + mark(data["pm"]) + r")(?![^\W\d_])")
    data["_am_re"] = rx(r"(?<![^\W\d_])(?:" + mark(data["am"]) + r")(?![^\W\d_])")
    data["_numbered_res"] = [f["pattern"] for f in compiled["numbered_dates"]]
    data["_leading_weekday_re"] = rx(r"^\s*(?:" + "|".join(re.escape(w) for w in data["leading_weekdays"])
                                     + r")(?!\w)\.?,?", re.I)
    every_month = sorted(set(data["months"]) | set(data["_month_numbers"]), key=len, reverse=True)
    data["_any_month_re"] = rx(r"(?<!\w)(?:" + "|".join(re.escape(m) for m in every_month) + r")(?!\w)", re.I)
    return data


def _zone(text: str) -> tuple[str, timezone | None]:
    """Remove the zone from ``text``; return (rest, tzinfo or None)."""
    t = _tables()
    m = _OFFSET.search(text)
    if m:
        sign = m.group("s1") or m.group("s2")
        hours = int(m.group("h1") or m.group("h2"))
        mins = int(m.group("m1") or m.group("m2") or 0)
        if hours <= 14 and mins < 60:
            delta = timedelta(hours=hours, minutes=mins)
            tz = timezone(-delta if sign == "-" else delta)
            return (text[: m.start()] + " " + text[m.end():]).strip(), tz
    m = t["_zone_re"].search(text)
    if m:
        return (text[: m.start()] + " " + text[m.end():]).strip(), timezone(timedelta(minutes=t["zones"][m.group(1)]))
    return text, None


def _direct(s: str, dayfirst: bool = False) -> datetime | None:
    """``s`` read without dateutil when it has one of the common forms (None: let dateutil read it)."""
    for rx in _DIRECT:
        m = rx.fullmatch(s)
        if m:
            break
    else:
        return None
    g = m.groupdict()
    if g.get("mon"):
        month, day = _tables()["_month_numbers"].get(g["mon"].lower()), int(g["d"])
    elif g.get("a"):  # "a/b/yyyy": dateutil's reading with ``dayfirst``; a month over 12 is its to swap
        a, b = int(g["a"]), int(g["b"])
        day, month = (a, b) if dayfirst else (b, a)
    elif dayfirst:  # dateutil reads "2018-10-09" as 10 September with dayfirst: keep its reading
        return None
    else:
        month, day = int(g["m"]), int(g["d"])
    if not month or month > 12:
        return None
    try:
        return datetime(int(g["y"]), month, day, int(g["H"] or 0), int(g["M"] or 0), int(g["S"] or 0))
    except ValueError:
        return None


@lru_cache(maxsize=4096)  # an attribution's date recurs in every later e-mail that quotes it
def parse_date(text: str | None, *, dayfirst: bool | None = None) -> datetime | date | None:
    """Parse a date as written in an attribution or header; None when it cannot be read.

    Returns an aware datetime when the text names a zone, a naive datetime when it gives a time but
    no zone, and a ``date`` when it gives no time. ``dayfirst`` decides "10/11/2024" when the
    text itself does not (a part > 12, or a locale marker such as "μ.μ.").
    """
    if not text:
        return None
    s = _WS.sub(" ", text).strip().strip(",")
    s = _GLUED.sub("", s).strip()
    t = _tables()
    s = _WS.sub(" ", t["_notes_re"].sub(" ", s)).strip()
    short = _SPACED_SHORT.search(s)
    if short and s[: short.start()].endswith(("AM", "PM")) and _YEAR.search(s, 0, short.start()):
        s = s[: short.start()]
    tz: tzinfo | None
    s, tz = _zone(s)
    pm = bool(t["_pm_re"].search(s))
    am = bool(t["_am_re"].search(s))
    dayfirst_marker = any(w in s for w in t["dayfirst_markers"])  # Greek μ.μ.: a 12-hour clock, day first
    s = t["_pm_re"].sub(" ", s)
    s = t["_am_re"].sub(" ", s)
    numbered = next((m for rx in t["_numbered_res"] if (m := rx.search(s))), None)
    if numbered:  # "8 tháng 10, 2025", "2025年10月10日": read as y-m-d, with its time
        g = numbered.groupdict()
        tm = g.get("time")
        if tm is None:
            after = _ANY_TIME.search(s, numbered.end())
            tm = after.group(0) if after else None
        s = f"{g['y']}-{int(g['m']):02d}-{int(g['d']):02d}" + (f" {tm}" if tm else "")
    else:
        lead = t["_leading_weekday_re"].match(s)
        if lead and t["_any_month_re"].search(s, lead.end()):  # "mar, 10 oct 2025": Tuesday; "Mar 10, 2020": March
            s = s[lead.end():]
        s = t["_weekday_re"].sub(" ", s)
        s = t["_month_re"].sub(lambda m: t["months"][m.group(1).lower()], s)
        s = t["_drop_re"].sub(" ", s)
        s = _DOT_TIME.sub(r"\1\2:\3", s)
        num = _NUMERIC.match(s.strip())
        if _YEAR_FIRST.match(s.strip()):
            dayfirst = False
        elif num and dayfirst is None:
            a, b = int(num.group("a")), int(num.group("b"))
            dayfirst = a > 12 or (b <= 12 and (dayfirst_marker or not (pm or am)))
    s = re.sub(r"(?<!\s)\s*,\s*", " ", s)
    s = _WS.sub(" ", s).strip(" .,")
    if not re.search(r"\d", s):
        return None
    has_time = bool(_ANY_TIME.search(s))
    try:
        dt = _direct(s, bool(dayfirst))
        if dt is None:
            with warnings.catch_warnings():  # dateutil warns about zone words it cannot read; we read zones ourselves
                warnings.simplefilter("ignore")
                dt = du.parse(s, dayfirst=bool(dayfirst), default=datetime(1900, 1, 1), fuzzy=True)
    except (ValueError, OverflowError, TypeError):
        return None
    if dt.year == 1900:
        return None
    if has_time and pm and dt.hour < 12:
        dt = dt.replace(hour=dt.hour + 12)
    elif has_time and am and dt.hour == 12:
        dt = dt.replace(hour=0)
    if not has_time:
        return date_problem(dt.date(), s)[0]  # dateutil reads "0000" as 2000: see date_problem
    if dt.tzinfo is not None and tz is None:
        tz = dt.tzinfo
    return date_problem(dt.replace(tzinfo=tz) if tz is not None else dt.replace(tzinfo=None), s)[0]


@lru_cache(maxsize=1)
def _stamps() -> list[dict]:
    return tables.patterns("dates.json")["message_id_stamps"]


def message_id_time(message_id: str | None) -> tuple[datetime, str] | None:
    """(UTC instant, row id) a mail client wrote into the Message-ID it generated, for the generators of
    ``dates.json`` ``message_id_stamps`` (git send-email, mutt, Mozilla); None for any other id."""
    if not message_id or len(message_id) > 300:
        return None
    for row in _stamps():
        m = row["pattern"].fullmatch(message_id.strip())
        if m is None:
            continue
        stamp, enc = m.group("stamp"), row["encoding"]
        try:
            if enc == "utc-yyyymmddhhmmss":
                when = datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
            else:
                when = datetime.fromtimestamp(int(stamp, 16 if enc == "epoch-hex" else 10), timezone.utc)
        except (ValueError, OverflowError, OSError):
            return None
        return when, row["id"]
    return None
