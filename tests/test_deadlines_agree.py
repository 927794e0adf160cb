"""Deadlines are computed once, by the claim stage (threadkb.extract.deadlines), and the report and the
knowledge base read that one value (issue 17, defect 6).

Two tables: ``PHRASES`` checks the counting itself (calendar months and years, month ends, leap days, zones,
hours over midnight, business days, yearless dates and quarters); ``COMMITMENTS`` runs whole e-mails through
the pipeline and checks that the Claim, the report's commitments section and `threadkb query commitments`
give the same due date and the same past-due judgement (constructed messages: the corpus has few deadlines
in months or years).
"""
from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest

from threadkb import cli
from threadkb.extract import deadlines
from threadkb.report import render_markdown
from threadkb.store import SCHEMA_VERSION, Store


def tz(hours: float) -> timezone:
    return timezone(timedelta(minutes=int(hours * 60)))


PHRASES = [  # phrase in a sentence, message date, due date, rule
    ("we will revoke them within one month", datetime(2025, 1, 31, 9, 0, tzinfo=tz(8)),
     datetime(2025, 2, 28, 9, 0, tzinfo=tz(8)), "within one month of the message date"),
    ("we will revoke them within one month", datetime(2024, 1, 31, 18, 30, tzinfo=tz(-5)),
     datetime(2024, 2, 29, 18, 30, tzinfo=tz(-5)), "within one month of the message date"),  # leap year
    ("a report within 2 months", datetime(2024, 12, 31, 12, 0, tzinfo=tz(0)),
     datetime(2025, 2, 28, 12, 0, tzinfo=tz(0)), "within 2 months of the message date"),
    ("the migration will finish within two years", datetime(2024, 2, 29, 10, 0, tzinfo=tz(0)),
     datetime(2026, 2, 28, 10, 0, tzinfo=tz(0)), "within two years of the message date"),
    ("we will publish it in two weeks", datetime(2025, 3, 10, 23, 30, tzinfo=tz(5.5)),
     datetime(2025, 3, 24, 23, 30, tzinfo=tz(5.5)), "in two weeks from the message date"),
    ("we were working to revoke them in 24 hours, but will revoke all certificates within the next 120 hours",
     datetime(2024, 7, 30, 11, 17, tzinfo=tz(0)), datetime(2024, 8, 4, 11, 17, tzinfo=tz(0)),
     "within the next 120 hours of the message date"),  # "within" binds; a bare "in" may tell the past
    ("revocation within 30 days", datetime(2025, 1, 31, 12, 0, tzinfo=tz(1)),
     datetime(2025, 3, 2, 12, 0, tzinfo=tz(1)), "within 30 days of the message date"),
    ("within 24 hours", datetime(2024, 12, 31, 22, 0, tzinfo=tz(-3)),
     datetime(2025, 1, 1, 22, 0, tzinfo=tz(-3)), "within 24 hours of the message date"),
    ("within 5 business days", datetime(2025, 10, 10, 8, 0, tzinfo=tz(2)),  # a Friday
     datetime(2025, 10, 17, 8, 0, tzinfo=tz(2)), "within 5 business days of the message date"),
    ("within one month", date(2025, 1, 31), date(2025, 2, 28), "within one month of the message date"),  # a day
    ("we will complete this by end of Q1", datetime(2025, 2, 10, 9, 0, tzinfo=tz(8)), date(2025, 3, 31), "stated"),
    ("we will complete this by end of Q1", datetime(2025, 5, 10, 9, 0, tzinfo=tz(8)), date(2026, 3, 31), "stated"),
    ("we will complete this by the end of Q4 2025", datetime(2026, 1, 5, tzinfo=tz(0)), date(2025, 12, 31), "stated"),
    ("we will revoke them by 2025-11-01", datetime(2025, 10, 8, 19, 25, tzinfo=tz(7)), date(2025, 11, 1), "stated"),
    ("we will revoke them by March 31", datetime(2025, 4, 2, 9, 0, tzinfo=tz(0)), date(2026, 3, 31), "stated"),
    ("we will revoke them by March 31", datetime(2025, 3, 2, 9, 0, tzinfo=tz(0)), date(2025, 3, 31), "stated"),
    ("we will fix it tomorrow", datetime(2025, 10, 8, 23, 30, tzinfo=tz(-7)),  # 9 October UTC: the author's day
     date(2025, 10, 9), "\u201ctomorrow\u201d of the message date"),
    ("we will revoke them within one month", None, None, "within one month, from an undated message"),
]


@pytest.mark.parametrize("text, when, due, rule", PHRASES)
def test_a_phrase_counts_calendar_units_from_the_message_date_in_its_zone(text, when, due, rule):
    found = deadlines.find(text, when, commitment=True)
    assert (found.due, found.rule) == (due, rule)
    assert type(found.due) is type(due)
    if isinstance(due, datetime):
        assert found.due.utcoffset() == due.utcoffset()
    assert text[found.start:found.end] == found.text


# --------------------------------------------------------------------------- claim = report = knowledge base

# phrase, Date header, due instant in UTC (or a day), as-of day, overdue on that day
COMMITMENTS = [
    ("within one month", "Fri, 31 Jan 2025 09:00:00 +0800", "2025-02-28T01:00:00Z", "2025-03-01", True),
    ("within one month", "Wed, 31 Jan 2024 18:30:00 -0500", "2024-02-29T23:30:00Z", "2024-02-29", False),
    ("within two years", "Thu, 29 Feb 2024 10:00:00 +0000", "2026-02-28T10:00:00Z", "2026-03-01", True),
    ("in two weeks", "Mon, 10 Mar 2025 23:30:00 +0530", "2025-03-24T18:00:00Z", "2025-03-24", False),
    ("within 30 days", "Fri, 31 Jan 2025 12:00:00 +0100", "2025-03-02T11:00:00Z", "2025-03-03", True),
    ("within six months", "Sun, 31 Aug 2025 20:00:00 -0800", "2026-03-01T04:00:00Z", "2026-03-01", False),
    ("within 24 hours", "Tue, 31 Dec 2024 22:00:00 -0300", "2025-01-02T01:00:00Z", "2025-01-03", True),
    ("by end of Q1", "Sat, 10 May 2025 09:00:00 +0800", "2026-03-31", "2026-04-01", True),
    ("by 2025-11-01", "Wed, 08 Oct 2025 19:25:33 +0700", "2025-11-01", "2025-10-20", False),
    ("prior to 2025-12-01", "Mon, 03 Nov 2025 10:00:00 +0100", "2025-12-01", "2025-12-02", True),  # an entity
]


def _mbox(path) -> None:
    parts = []
    for i, (phrase, when, *_) in enumerate(COMMITMENTS):
        parts.append(
            f"From ca{i}@example.com Mon Jan  1 00:00:00 2024\n"
            f"From: Alex Operator{i} <ca{i}@example.com>\nTo: dev-security-policy@mozilla.org\n"
            f"Subject: Incident {i}: certificates issued with a wrong extension number {i}\n"
            f"Date: {when}\nMessage-ID: <deadline-{i}@example.com>\n\n"
            f"Hello all,\n\nWe will revoke all of the affected certificates {phrase}, and we will report the"
            f" result here.\n\nBest regards,\nAlex Operator{i}\n\n")
    path.write_text("".join(parts), encoding="utf-8")


def _utc(value) -> str:
    """A due date as the knowledge base stores it: a UTC instant, or a day."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _report_due(page: str, phrase: str) -> tuple[str, str]:
    """(due, status) of the report's commitments table row whose deadline cell is ``phrase``."""
    for line in page.splitlines():
        cells = [c.strip() for c in line.split(" | ")]
        if len(cells) == 5 and cells[2] == phrase.replace("-", "-"):
            due = cells[3].split(" (")[0]
            m = re.match(r"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$", due)
            return (f"{m[1]}T{m[2]}Z" if m else due), cells[4].rstrip(" |")
    raise AssertionError(f"no commitment row for {phrase!r}")


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    from threadkb.pipeline import extract_paths
    root = tmp_path_factory.mktemp("deadlines")
    mbox = root / "commitments.mbox"
    _mbox(mbox)
    extractions = extract_paths([str(mbox)])
    db = root / "kb.sqlite"
    assert cli.main(["ingest", str(mbox), "--db", str(db), "--quiet"]) == 0
    return extractions, db


@pytest.mark.parametrize("i", range(len(COMMITMENTS)), ids=[f"{c[0]} {c[1]}" for c in COMMITMENTS])
def test_claim_report_and_knowledge_base_give_one_due_date(pipeline, capsys, i):
    phrase, when, due, as_of, overdue = COMMITMENTS[i]
    extractions, db = pipeline
    (ex,) = [e for e in extractions if e.thread.messages[0].author == f"Alex Operator{i}"]
    (claim,) = [c for c in ex.claims if phrase in c.text]
    assert claim.kind.value == "commitment" and claim.deadline_text == phrase
    assert _utc(claim.deadline) == due  # the claim stage's value
    message = ex.thread.message(claim.message)
    assert message.text[claim.deadline_span[0]:claim.deadline_span[1]] == phrase  # its source span
    if isinstance(claim.deadline, datetime):  # counted on the author's clock
        assert claim.deadline.utcoffset() == message.date.utcoffset()

    from threadkb.pipeline import prediction
    (exported,) = [c for c in prediction(ex)["claims"] if c["id"] == claim.id]  # `threadkb extract --json`
    assert (exported["deadline_rule"], exported["deadline_span"]) == (claim.deadline_rule, list(claim.deadline_span))

    report_due, report_status = _report_due(render_markdown(ex, date.fromisoformat(as_of)), phrase)
    assert report_due == due
    assert report_status.startswith("overdue") == overdue

    capsys.readouterr()
    assert cli.main(["query", "commitments", "--db", str(db), "--format", "jsonl", "--at", as_of]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    (row,) = [r for r in rows if r["speaker"] == f"Alex Operator{i}"]
    assert row["deadline"] == due
    assert row["deadline_from"] == claim.deadline_rule
    assert (row["status"] == "overdue") == overdue


def test_an_old_knowledge_base_gets_the_deadlines_of_the_claim_stage(pipeline, tmp_path):
    """A base stored by a threadkb before migration 5 (30-day months, no rule) reads as a new one once opened."""
    _, db = pipeline
    old = tmp_path / "old.sqlite"
    con = sqlite3.connect(db)
    con.execute("VACUUM INTO ?", (str(old),))
    con.close()
    con = sqlite3.connect(old)
    want = con.execute("SELECT id, deadline, deadline_text, deadline_rule, deadline_start, deadline_end FROM claims"
                       " WHERE deadline_rule IS NOT NULL ORDER BY id").fetchall()
    assert len(want) >= len(COMMITMENTS)
    con.execute("UPDATE claims SET deadline = '2025-03-02T01:00:00Z' WHERE deadline_text = 'within one month'")
    con.execute("DROP INDEX claims_kind_deadline")
    for col in ("deadline_rule", "deadline_start", "deadline_end"):
        con.execute(f"ALTER TABLE claims DROP COLUMN {col}")
    con.execute("DELETE FROM schema_version WHERE version = 6")
    con.commit()
    con.close()
    with Store(old) as store:
        assert store.schema_version() == SCHEMA_VERSION
        got = store.db.execute("SELECT id, deadline, deadline_text, deadline_rule, deadline_start, deadline_end"
                               " FROM claims WHERE deadline_rule IS NOT NULL ORDER BY id").fetchall()
        assert [tuple(r) for r in got] == want
        plan = " ".join(r[-1] for r in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM claims WHERE kind = 'commitment' AND deadline < '2025-10-01'"))
        assert "claims_kind_deadline" in plan


def test_the_report_reads_the_claims_deadline_and_computes_none():
    """A duration entity inside a claim is the claim stage's business: the report shows the claim's fields."""
    from threadkb.models import Claim, ClaimKind, Entity, Extraction, Message, TextLine, Thread
    text = "we will revoke them in less than 5 days"
    msg = Message(key="m", source="s", author="A", date=datetime(2025, 10, 8, 12, 0, tzinfo=tz(0)),
                  lines=[TextLine(text, 0, 0)])
    ex = Extraction(thread=Thread("s", [msg], []))
    ex.claims.append(Claim("c", "m", "A", ClaimKind.COMMITMENT, text, 0, len(text)))
    ex.entities.append(Entity("m", "DURATION", "in less than 5 days", "P5D", start=20, end=len(text)))
    page = render_markdown(ex, date(2025, 10, 20))
    assert "| \u2014 | \u2014 (no deadline stated) | no deadline stated |" in page
    from threadkb.extract.claims import finalize
    finalize(ex)  # the extract stage sets it: now the report shows it
    assert "| in less than 5 days | 2025-10-13 12:00:00 UTC (5 days after the message date) | overdue by 7 days |" \
        in render_markdown(ex, date(2025, 10, 20))
