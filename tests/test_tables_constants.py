"""Word lists and thresholds that were literals in code are rows of the data tables now, and the code reads
them from there: the deadline's quarter words and units (claim_cues.json), the claim kinds that may carry a
deadline (claim_kinds.json), what an archive shows for a hidden address (people_words.json), the shares and
word counts of quoted and pasted text (mail_subjects.json)."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from threadkb import kinds, mailthreads, tables
from threadkb.extract import claims, deadlines
from threadkb.models import ClaimKind
from threadkb.parse import threading
from threadkb.speakers import clean_name


@pytest.mark.parametrize("text,when,due", [
    ("We will fix it by the end of the third quarter of 2025.", date(2025, 1, 10), date(2025, 9, 30)),
    ("We will fix it in the first quarter.", date(2025, 5, 2), date(2026, 3, 31)),  # Q1 is past: next year's
    ("We will fix it by Q2 2025.", date(2025, 1, 10), date(2025, 6, 30)),
    ("We will revoke within two weeks.", datetime(2025, 3, 1, 9), datetime(2025, 3, 15, 9)),
    ("We will revoke within 24 hours.", datetime(2025, 3, 1, 9), datetime(2025, 3, 2, 9)),
    ("We will revoke within five business days.", date(2025, 3, 7), date(2025, 3, 14)),
    ("A report in one month.", date(2025, 1, 31), date(2025, 2, 28)),
])
def test_deadlines_read_quarter_words_and_units(text, when, due):
    assert deadlines.find(text, when).due == due


def test_deadlines_take_the_words_from_the_table(monkeypatch):
    table = {**deadlines.table(), "quarter_words": {"first": 2, "second": 1, "third": 3, "fourth": 4},
             "units": {**deadlines.table()["units"], "week": "days"}}
    monkeypatch.setattr(deadlines, "table", lambda: table)
    assert deadlines.find("fixed in the first quarter of 2025", date(2025, 1, 1)).due == date(2025, 6, 30)
    assert deadlines.find("within two weeks", date(2025, 3, 1)).due == date(2025, 3, 3)


def test_the_table_lists_the_words_the_patterns_match():
    """Every quarter word and unit the deadline patterns match has a row (a word added to a pattern only
    would raise a KeyError on the first sentence using it)."""
    rx, tab = deadlines._patterns(), deadlines.table()
    for word, q in tab["quarter_words"].items():
        m = rx["quarter"].search(f"by the end of the {word} quarter")
        assert m and tab["quarter_words"][m.group(2).lower()] == q
    for unit in ("hour", "hours", "day", "days", "business days", "working day", "weeks", "months", "years"):
        m = rx["within"].search(f"within 3 {unit}")
        assert m and m.group(2).split()[-1].rstrip("s") in tab["units"], unit


def test_deadline_kinds_are_the_flagged_rows():
    assert kinds.deadline_kind_names() == ["admission", "commitment", "request"]
    assert set(claims.DEADLINE_KINDS) == {ClaimKind.ADMISSION, ClaimKind.COMMITMENT, ClaimKind.REQUEST}
    flagged = {r["name"] for r in tables.load("claim_kinds.json")["claims"] if r.get("deadline")}
    assert {k.value for k in claims.DEADLINE_KINDS} == flagged


@pytest.mark.parametrize("raw,want", [
    ("Ben Wilson <[email protected]>", ("Ben Wilson", None)),
    ("Ben Wilson <[email\u00a0protected]>", ("Ben Wilson", None)),
    ("Ben Wilson <bwilson@mozilla.com>", ("Ben Wilson", "bwilson@mozilla.com")),
])
def test_a_hidden_address_is_neither_address_nor_name(raw, want):
    assert clean_name(raw, None) == want


def test_a_hidden_address_given_as_the_address_is_dropped():
    assert clean_name("Ben Wilson", "[email protected]") == ("Ben Wilson", None)
    assert clean_name("", "[email protected]") == (None, None)


def test_threading_thresholds_come_from_the_table(monkeypatch):
    raw = tables.load("mail_subjects.json")
    rules = mailthreads.subject_rules()
    assert (rules.overlap_share, rules.quote_min_words, rules.quote_share, rules.pasted_share,
            rules.pasted_min_words, rules.copy_automaton_max_words) == (
        raw["overlap_share"], raw["quote_min_words"], raw["quote_share"], raw["pasted_share"], raw["pasted_min_words"],
        raw["copy_automaton_max_words"])
    post = threading.PostText("We revoked the certificates on Monday. The root cause was a missing check in "
                              "the issuance pipeline. We will publish a full report next week.")
    block = ["We revoked the certificates on Monday.", "The root cause was a missing check in the issuance pipeline.",
             "Something the post never said in these words at all."]
    assert threading.quotes_text(block, post)  # 16 of 26 counted words are the post's: at least half
    strict = dataclasses.replace(rules, quote_share=0.9)
    monkeypatch.setattr(threading, "subject_rules", lambda: strict)
    assert not threading.quotes_text(block, post)


@pytest.mark.parametrize("typed,code", [
    ("chrome", "CRP"), ("SMIME", "SMIME-BR"), ("rfc", "RFC"), ("other", "OTHER"),  # resolver's extra names
    ("BRs", "BR"), ("baseline requirements", "BR"), ("TLS BR", "BR"),
    ("br", "BR"), ("MRSP", "MRSP"),  # codes themselves
])
def test_document_names_one_table_for_resolver_and_kb(typed, code):
    from threadkb.extract.resolve import document_code
    from threadkb.kb import SectionRef

    assert document_code(typed) == code
    assert SectionRef.parse(f"{typed} 4.9.1 item 2") == SectionRef(code, "4.9.1", "2")


def test_document_names_come_from_the_table(monkeypatch):
    from threadkb.extract import resolve
    from threadkb.kb import SectionRef

    monkeypatch.setattr(resolve, "document_names", lambda: {"webtrust": "OTHER"})
    monkeypatch.setattr("threadkb.kb.document_names", resolve.document_names)
    assert resolve.document_code("WebTrust") == "OTHER"
    assert SectionRef.parse("webtrust 3.1").document == "OTHER"
    assert SectionRef.parse("chrome 3.1").document == "CHROME"  # not in this table: the name as typed


def test_identity_rules_are_the_table():
    from threadkb import identity

    rules = tables.load("identity_rules.json")
    assert identity.RULE_RANK == rules["rule_rank"] and identity.CLAIM_SHARE == rules["claim_share"]
    assert identity.RULE_RANK["e-mail domain"] < identity.RULE_RANK["signature line"] \
        < identity.RULE_RANK["claims speak for it"]
