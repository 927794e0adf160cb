"""Steps that read a thread message by message gather its items per message once (``models.by_message``): claims'
citations/entities/APIs (``claims.finalize``) and the report's messages (HTML marks and replies, Markdown lists).
A scan of the thread's items per message or claim was quadratic in a thread of thousands of messages. Exact values
on a constructed thread; the items are read a bounded number of times (n² before)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from counting import CountingList
from threadkb.extract import claims as C
from threadkb.models import ApiRef, Citation, Claim, ClaimKind, Entity, Extraction, Message, TextLine, Thread
from threadkb.report import render_html, render_markdown

TEXT = "We will revoke them per BR 4.9.1.1 via /api/revoke by https://example.org/r today."


def _thread(n: int) -> Extraction:
    messages, claims, cites, apis, ents = [], [], [], [], []
    t0 = datetime(2025, 1, 1, tzinfo=timezone.utc)
    for i in range(n):
        key = f"m{i}"
        messages.append(Message(key, "t.txt", author=f"P{i % 3}", date=t0 + timedelta(hours=i),
                                in_reply_to=f"m{i - 1}" if i else None, lines=[TextLine(TEXT, i, 0)]))
        claims.append(Claim(f"{key}:c1", key, f"P{i % 3}", ClaimKind.COMMITMENT, TEXT, 0, len(TEXT)))
        s = TEXT.index("BR")
        cites.append(Citation(key, "BR", "4.9.1.1", None, "BR 4.9.1.1", start=s, end=s + 10, rule="explicit"))
        s = TEXT.index("/api")
        apis.append(ApiRef(key, "/api/revoke", start=s, end=s + 11))
        s = TEXT.index("https")
        ents.append(Entity(key, "URL", "https://example.org/r", "https://example.org/r", start=s, end=s + 21))
    return Extraction(Thread("t.txt", messages, []), cites, apis, ents, claims, [])


@pytest.mark.parametrize("n", [100, 400])
def test_finalize_reads_each_message_items_once(n):
    ex = _thread(n)
    ex.citations, ex.entities, ex.apis = CountingList(ex.citations), CountingList(ex.entities), CountingList(ex.apis)
    CountingList.reads = 0
    C.finalize(ex)
    assert {(c.citations == ["BR:4.9.1.1"], c.entities == ["https://example.org/r"], c.apis == ["/api/revoke"])
            for c in ex.claims} == {(True, True, True)}
    assert CountingList.reads <= 4 * 3 * n


@pytest.mark.parametrize("n", [100, 400])
def test_the_report_pages_read_each_message_items_once(n):
    ex = _thread(n)
    C.finalize(ex)
    md_plain, html_plain = render_markdown(ex, date(2025, 6, 1)), render_html(ex, date(2025, 6, 1))
    ex.citations, ex.entities, ex.apis = CountingList(ex.citations), CountingList(ex.entities), CountingList(ex.apis)
    ex.claims = CountingList(ex.claims)
    CountingList.reads = 0
    assert (render_markdown(ex, date(2025, 6, 1)), render_html(ex, date(2025, 6, 1))) == (md_plain, html_plain)
    assert html_plain.count('<code class="api"') == n + 1 and html_plain.count("answered by") == n - 1
    assert CountingList.reads <= 60 * n
