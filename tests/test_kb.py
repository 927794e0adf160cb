"""Knowledge base (threadkb.store + threadkb.kb + threadkb.batches): merging ingest, faults, workers, every view and filter.

The extractions are hand-built from the real text of the shipped corpora (``corpora/``): each message is
a list of 1-based line ranges of the file (quote markers stripped, as the parser does); claims,
citations, APIs and relations follow the hand-checked gold annotation of the reference thread and of
file 028. So the store is tested independently of the parser/extractor, on real text and real spans.
"""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from threadkb import batches as batches_module, cli, store
from threadkb.batches import Batch, BatchResult, ReportWriter, ingest_paths
from threadkb.extract.claims import set_deadline
from threadkb.followup import reports_done
from threadkb.kb import ClaimFilter, KnowledgeBase, SectionRef, render
from threadkb.models import (
    ApiRef,
    Citation,
    Claim,
    ClaimKind,
    Entity,
    Extraction,
    Message,
    Relation,
    RelationKind,
    TextLine,
    Thread,
)
from threadkb.store import KBError, date_columns, name_key, normalise_text

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
REF = "mdsp-2025-10-sheca-api-keys.txt"
F028 = "028_mdsp-mailarchive-sheca-api-users-inspection-alvin.txt"
_MARKERS = re.compile(r"^(?:>+ ?)*")


# --------------------------------------------------------------------------- the factory


def tz(hours: int) -> timezone:
    return timezone(timedelta(hours=hours))


@dataclass
class M:
    """A message: key, author, date, parent key, line ranges (1-based, inclusive) of the corpus file."""

    key: str
    author: str | None
    date: datetime | None
    reply: str | None
    ranges: list[tuple[int, int]]
    org: str | None = None
    partial: bool = False
    text: str | None = None  # constructed text instead of corpus lines (only for the follow-up fixture)


@dataclass
class C:
    """A claim: id, message key, kind, snippet of the message text (white space may differ)."""

    id: str
    message: str
    kind: str
    snippet: str
    deadline: date | None = None
    citations: list[str] = field(default_factory=list)
    apis: list[str] = field(default_factory=list)


def find(text: str, snippet: str) -> tuple[int, int]:
    m = re.search(r"\s+".join(map(re.escape, snippet.split())), text)
    assert m, f"snippet not in message: {snippet!r}"
    return m.span()


def build_message(lines: list[str], path: str, spec: M) -> Message:
    if spec.text is not None:
        tls = [TextLine(t, 1000 + i, 0) for i, t in enumerate(spec.text.split("\n"))]
    else:
        tls = []
        for a, b in spec.ranges:
            for i in range(a - 1, b):
                cut = _MARKERS.match(lines[i]).end()
                tls.append(TextLine(lines[i][cut:], i, cut))
    return Message(key=spec.key, source=path, author=spec.author, date=spec.date, in_reply_to=spec.reply,
                   lines=tls, partial=spec.partial, on_behalf_of=spec.org)


def build(corpus: str, path: str, messages: list[M], claims: list[C] = (), citations=(), apis=(),
          relations=(), subject: str | None = None) -> Extraction:
    """An Extraction as the pipeline would give it, from corpus lines and gold-style annotations."""
    lines = (CORPORA / corpus).read_text(encoding="utf-8").split("\n")
    msgs = [build_message(lines, path, m) for m in messages]
    thread = Thread(source=path, messages=msgs, assignments=[], subject=subject)
    ex = Extraction(thread=thread)
    for key, doc, section, item, snippet in citations:
        m = thread.message(key)
        s, e = find(m.text, snippet)
        ex.citations.append(Citation(key, doc, section, item, m.text[s:e], m.locate(s, e), s, e,
                                     title=f"title of {section}", version="2.1.7"))
    for key, path_ in apis:
        m = thread.message(key)
        s, e = find(m.text, path_)
        ex.apis.append(ApiRef(key, path_, m.locate(s, e), s, e))
    for c in claims:
        m = thread.message(c.message)
        s, e = find(m.text, c.snippet)
        ex.claims.append(Claim(c.id, c.message, m.author, ClaimKind(c.kind), m.text[s:e], s, e, m.locate(s, e),
                               on_behalf_of=m.on_behalf_of, deadline=c.deadline, cue="test",
                               citations=c.citations, apis=c.apis))
        if c.deadline is None:  # the deadline, as the extract stage sets it (a given one is taken as stated)
            set_deadline(ex.claims[-1], m, [])
    for a, b, kind in relations:
        ex.relations.append(Relation(a, b, RelationKind(kind), [f"gold:{kind}"], 1.0))
    return ex


REF_MESSAGES = [
    M("alvin-top", "Alvin Wang", None, "arabella-10-10", [(1, 4)], "SHECA"),
    M("arabella-10-10", "Arabella Barks", datetime(2025, 10, 10, 21, 0, 56, tzinfo=tz(8)), "alvin-10-10b",
      [(8, 24)]),
    M("alvin-10-10b", "Alvin Wang", datetime(2025, 10, 10, 20, 13, 1, tzinfo=tz(8)), "alvin-10-10a",
      [(27, 36)], "SHECA"),
    M("alvin-10-10a", "Alvin Wang", datetime(2025, 10, 10, 19, 38, 41, tzinfo=tz(8)), "linh-10-09",
      [(40, 132)], "SHECA"),
    M("linh-10-09", "Linh Bach Quang", datetime(2025, 10, 9, 1, 34, 40, tzinfo=tz(8)), "alvin-10-08",
      [(135, 204)]),
    M("alvin-10-08", "Alvin Wang", datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7)), "matt-10-08",
      [(209, 282)], "SHECA"),
    M("matt-10-08", "Matt Palmer", datetime(2025, 10, 8, 7, 19, 54, tzinfo=tz(8)), "alvin-10-07",
      [(291, 292), (298, 299), (306, 313), (323, 326)]),
    M("alvin-10-07", "Alvin Wang", datetime(2025, 10, 7, 4, 52, 56, tzinfo=tz(-7)), None,
      [(287, 289), (294, 296), (301, 304)], "SHECA", partial=True),
]
REF_CLAIMS = [
    C("M1", "matt-10-08", "assertion", "would appear to be outside the remit of the BRs"),
    C("M3", "matt-10-08", "assertion", "that _would_ appear to be a BR violation"),
    C("M4", "matt-10-08", "assertion", "This violation requires revocation within 24 hours, per 4.9.1.1, point 4.",
      citations=["BR:4.9.1.1:4"]),
    C("A1", "alvin-10-08", "assertion", "This authentication solution is widely used by Internet companies"),
    C("A2b", "alvin-10-08", "assertion", "signed corresponding subscriber agreements to obtain user authorization"),
    C("A3", "alvin-10-08", "assertion", "SHECA believes that 4.9.1.1 point 4 is not applicable to this case."),
    C("A4", "alvin-10-08", "admission", "SHECA acknowledges that the aforementioned two interfaces do violate"),
    C("A5", "alvin-10-08", "assertion", "the most appropriate revocation reason for this case is per 4.9.1.1, point 16."),
    C("A6", "alvin-10-08", "commitment",
      "revoke all certificates applied for through the above two API interfaces within five days",
      deadline=date(2025, 10, 13)),
    C("A7", "alvin-10-08", "commitment", "SHECA will open a case on Bugzilla to report follow-ups."),
    C("L4", "linh-10-09", "assertion", "the current observations indicate they all present this risk"),
    C("L5", "linh-10-09", "assertion", "the private keys were encrypted using the default weak password 123456",
      apis=["/open-api/v2/tools/gen-csr"]),
    C("L6", "linh-10-09", "assertion", "There was not any Subscriber Agreement during the ordering process."),
    C("L7", "linh-10-09", "question", "How does SHECA ensure that these private keys (CSRs) have not been used to "
      "request additional certificates beyond the intended scope?"),
    C("L8", "linh-10-09", "question", "how will SHECA prevent any continued use of these private keys in the future?"),
    C("A9", "alvin-10-10a", "assertion",
      "no other partners except Xinnet and China Mobile Cloud have been found to call the above APIs"),
    C("A11", "alvin-10-10a", "assertion", "SHECA has never recorded any subscribers' private keys in any form"),
    C("A13", "alvin-10-10a", "commitment", "SHECA will revoke the affected certificates and contact customers for "
      "replacement according to the MRIP&TP."),
    C("Q1", "alvin-10-10b", "question", "does this practice comply with BR requirements?"),
    C("Q2", "alvin-10-10b", "question", "is it allowed to reissue them directly under the original orders without "
      "re-conducting domain and organizational verification?"),
    C("R1", "arabella-10-10", "assertion", "I believe reissuing without additional DCV is compliace if SHECA ensures"),
    C("T1", "alvin-top", "commitment", "SHECA will rigorously verify the two points you mentioned!"),
]
REF_CITATIONS = [
    ("matt-10-08", "BR", "6.1.1.3", None, "6.1.1.3"),
    ("matt-10-08", "BR", "4.9.1.1", 4, "4.9.1.1, point 4"),
    ("alvin-10-08", "BR", "4.9.1.1", 3, "the third point of 4.9.1.1"),
    ("alvin-10-08", "BR", "4.9.1.1", 4, "4.9.1.1 point 4"),
    ("alvin-10-08", "BR", "4.9.1.1", 16, "4.9.1.1, point 16"),
    ("alvin-10-08", "BR", "6.1.1.3", None, "BR 6.1.1.3"),
    ("alvin-10-08", "BR", "9.6.3", None, "BR 9.6.3"),
    ("linh-10-09", "BR", "4.9.1.1", 3, "the third point of 4.9.1.1"),
    ("alvin-10-10b", "BR", "4.2.1", None, "BR 4.2.1"),
]
REF_APIS = [
    ("alvin-10-07", "/open-api/v2/order/download-zip"), ("alvin-10-07", "/open-api/v2/tools/gen-csr"),
    ("linh-10-09", "/open-api/v2/tools/gen-csr"), ("linh-10-09", "/open-api/v2/order/download-zip"),
    ("alvin-10-10a", "/open-api/v2/order/download-zip"), ("alvin-10-10a", "/open-api/v2/tools/gen-csr"),
    ("alvin-10-10a", "/openApi/v1/order/getCertInfo"),
]
REF_RELATIONS = [
    ("A1", "M1", "rebuts"), ("A3", "M4", "rebuts"), ("A5", "M4", "rebuts"), ("A4", "M3", "supports"),
    ("L6", "A2b", "rebuts"), ("A9", "L4", "rebuts"), ("A11", "L7", "answers"), ("R1", "Q1", "answers"),
    ("T1", "R1", "supports"),
]

F028_MESSAGES = [
    M("top", None, None, "quoted", [(1, 10)]),
    M("quoted", "Alvin Wang", datetime(2025, 10, 10, 19, 38, 41, tzinfo=tz(8)), None, [(14, 34)], "SHECA",
      partial=True),
]
F028_CLAIMS = [
    C("Q1", "top", "question", "is it allowed to reissue them directly under the original orders without "
      "re-conducting domain and organizational verification?"),
    C("Q2", "top", "question", "does this practice comply with BR requirements?"),
    C("A1", "quoted", "assertion", "SHECA deems it inappropriate to make judgments without a factual basis."),
    C("A3", "quoted", "admission", "the initial inspection scope failed to fully cover all API types"),
]


def ref_extraction(path: str = f"corpora/{REF}") -> Extraction:
    return build(REF, path, REF_MESSAGES, REF_CLAIMS, REF_CITATIONS, REF_APIS, REF_RELATIONS,
                 subject="SHECA API private keys")


def f028_extraction(path: str = f"corpora/{F028}") -> Extraction:
    return build(F028, path, F028_MESSAGES, F028_CLAIMS, [("top", "BR", "4.2.1", None, "BR 4.2.1")])


def followup_extraction(path: str = "followup.txt") -> Extraction:
    """CONSTRUCTED (not corpus text): a later reply by Alvin Wang that quotes the top message of the
    reference thread and reports the revocation done, to exercise the `done` path of `commitments`."""
    messages = [
        M("quoted-top", "Alvin Wang", None, None, [(1, 4)], "SHECA"),
        M("done", "Alvin Wang", datetime(2025, 10, 12, 10, 0, tzinfo=tz(8)), "quoted-top", [], "SHECA",
          text="Hi all,\nAll certificates applied for through the two API interfaces have been revoked."),
    ]
    claims = [C("D1", "done", "assertion",
                "All certificates applied for through the two API interfaces have been revoked.")]
    return build(REF, path, messages, claims)


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture
def kb(tmp_path):
    with KnowledgeBase(tmp_path / "kb.sqlite") as k:
        yield k


@pytest.fixture
def ref_kb(kb):
    kb.add(ref_extraction())
    return kb


def ids_of(rows) -> list[str]:
    """Claim rows -> the annotation ids (by text) of REF_CLAIMS / F028 / follow-up claims."""
    by_text = {}
    for ex in (ref_extraction(), f028_extraction(), followup_extraction()):
        for c in ex.claims:
            by_text.setdefault(c.text, c.id)
    return [by_text[r.text] for r in rows]


def dump(kb: KnowledgeBase) -> dict[str, list[tuple]]:
    """Every row of every table (timestamps blanked) for whole-database comparisons."""
    out = {}
    for table in kb.counts():
        rows = [tuple(r) for r in kb.db.execute(f'SELECT * FROM "{table}"')]
        if table in ("source_files", "schema_version"):  # ingested_at, applied_at
            rows = [r[:4] + r[5:] if table == "source_files" else r[:1] + r[2:] for r in rows]
        out[table] = sorted(rows, key=repr)
    return out


def consistent(kb: KnowledgeBase) -> None:
    assert kb.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert kb.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert kb.db.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == \
        kb.db.execute("SELECT COUNT(*) FROM message_search").fetchone()[0]


# --------------------------------------------------------------------------- normalisation helpers


@pytest.mark.parametrize("text, expected", [
    ("SHECA�s  \n>> reply", "sheca s reply"),
    ("China's UCA Root", "china s uca root"),
    ("重庆市 (Chongqing City)", "重庆市 chongqing city"),
])
def test_normalise_text(text, expected):
    assert normalise_text(text) == expected


@pytest.mark.parametrize("name, key", [
    ("Ryan Sleevi via dev-security-policy", "ryan sleevi"),
    ("Alvin Wang <alvin@sheca.com>", "alvin wang"),
    ("Ramiro Muñoz", "ramiro muñoz"),
    ("", None),
])
def test_name_key(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize("value, utc, offset", [
    (datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7)), "2025-10-08T12:25:33Z", "+07:00"),
    (datetime(2025, 10, 7, 4, 52, 56, tzinfo=tz(-7)), "2025-10-07T11:52:56Z", "-07:00"),
    (datetime(2011, 8, 2, 19, 14, 17), "2011-08-02T19:14:17", None),
    (date(2025, 7, 25), "2025-07-25", None),
    (None, None, None),
])
def test_date_columns(value, utc, offset):
    assert date_columns(value) == (utc, offset)


@pytest.mark.parametrize("text, ref", [
    ("BR 4.9.1.1", SectionRef("BR", "4.9.1.1")),
    ("BR 4.9.1.1 item 4", SectionRef("BR", "4.9.1.1", "4")),
    ("TLS BR 4.9.1.1 (5)", SectionRef("BR", "4.9.1.1", "5")),
    ("4.9.1.1 point 16", SectionRef(None, "4.9.1.1", "16")),
    ("MRSP 6.1.3", SectionRef("MRSP", "6.1.3")),
    ("BR:4.9.1.1:4", SectionRef("BR", "4.9.1.1", "4")),
])
def test_section_ref(text, ref):
    assert SectionRef.parse(text) == ref


def test_section_ref_rejects_words():
    with pytest.raises(KBError):
        SectionRef.parse("revocation")


# --------------------------------------------------------------------------- store: schema, identity, merging


def test_schema_has_readable_tables_and_version(kb):
    tables = set(kb.counts())
    assert {"threads", "messages", "message_copies", "people", "organisations", "claims", "citations",
            "claim_citations", "apis", "api_mentions", "claim_apis", "entities", "relations", "source_files",
            "schema_version", "message_search", "claim_search", "undated_search", "row_sources"} <= tables
    assert kb.schema_version() == store.SCHEMA_VERSION == 14
    views = {r[0] for r in kb.db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert views == {"claim_overview", "relation_overview"}


def test_reference_thread_rows(ref_kb):
    counts = ref_kb.counts()
    assert {t: counts[t] for t in ("threads", "messages", "message_copies", "people", "organisations", "claims",
                                   "citations", "claim_citations", "apis", "api_mentions", "claim_apis",
                                   "relations")} == {
        "threads": 1, "messages": 8, "message_copies": 8, "people": 4, "organisations": 1, "claims": 22,
        "citations": 9, "claim_citations": 3, "apis": 3, "api_mentions": 7, "claim_apis": 1, "relations": 9}
    row = ref_kb.db.execute(
        "SELECT author, date_utc, date_offset, line_start, line_end FROM messages m"
        " WHERE text LIKE 'Hi,everyone!%'").fetchone()
    assert tuple(row) == ("Alvin Wang", "2025-10-08T12:25:33Z", "+07:00", 209, 282)
    parent = ref_kb.db.execute(
        "SELECT p.author, p.date_utc FROM messages m JOIN messages p ON p.id = m.in_reply_to_id"
        " WHERE m.text LIKE 'Hi,everyone!%'").fetchone()
    assert tuple(parent) == ("Matt Palmer", "2025-10-07T23:19:54Z")
    consistent(ref_kb)


def test_same_extraction_twice_changes_nothing(ref_kb):
    before = dump(ref_kb)
    result = ref_kb.add(ref_extraction())
    assert (result.messages_new, result.messages_unchanged, result.claims_new, result.relations_new) == (0, 8, 0, 0)
    assert dump(ref_kb) == before


def test_claims_read_again_from_the_stored_text_take_the_new_kind(ref_kb):
    """A file extracted again (a newer threadkb: better cues) updates the kind and cue of the claims it
    finds in the stored text; a copy that is only a fragment of the stored text changes nothing."""
    again = ref_extraction()
    changed = again.claims[0]
    old = ref_kb.db.execute("SELECT kind, cue FROM claims WHERE text = ?", (changed.text,)).fetchone()
    changed.kind, changed.cue = ClaimKind.DENIAL, "denial: test"
    assert tuple(old) != ("denial", "denial: test")
    assert ref_kb.add(again).claims_new == 0
    assert tuple(ref_kb.db.execute("SELECT kind, cue FROM claims WHERE text = ?", (changed.text,)).fetchone()) == \
        ("denial", "denial: test")
    fragment = ref_extraction("other.txt")
    msg = next(m for m in fragment.thread.messages if m.key == changed.message)
    msg.lines = msg.lines[:max(1, len(msg.lines) // 2)]  # a shorter copy of the same message
    claim = next(c for c in fragment.claims if c.id == changed.id)
    claim.kind, claim.cue = ClaimKind.QUESTION, "question: test"
    assert ref_kb.add(fragment).claims_new == 0  # the same message, the same claims
    assert tuple(ref_kb.db.execute("SELECT kind, cue FROM claims WHERE text = ?", (changed.text,)).fetchone()) == \
        ("denial", "denial: test")


@pytest.mark.parametrize("order", [("ref", "028"), ("028", "ref")])
def test_messages_quoted_in_two_files_are_stored_once(kb, order):
    make = {"ref": ref_extraction, "028": f028_extraction}
    results = [kb.add(make[name]()) for name in order]
    counts = kb.counts()
    assert (counts["threads"], counts["messages"], counts["message_copies"], counts["claims"],
            counts["citations"]) == (1, 8, 10, 24, 9)
    second = results[1]
    assert (second.messages_new, second.messages_merged) == ((0, 2) if order[1] == "028" else (6, 2))
    assert second.messages_updated == (0 if order[1] == "028" else 1)  # reference: the fuller 19:38:41 copy
    # the fullest copy of the 19:38:41 message (reference, lines 40-132) is the stored text
    row = kb.db.execute("SELECT f.path, m.line_start, m.line_end, m.partial, length(m.text) FROM messages m"
                        " JOIN source_files f ON f.id = m.source_file_id"
                        " WHERE m.date_utc = '2025-10-10T11:38:41Z'").fetchone()
    assert tuple(row)[:4] == (f"corpora/{REF}", 40, 132, 0)
    # 028's top message has no author or date in its text: the reference copy supplies them
    top = kb.db.execute("SELECT author, date_utc FROM messages WHERE text LIKE 'Hi All,%'").fetchone()
    assert tuple(top) == ("Alvin Wang", "2025-10-10T12:13:01Z")
    copies = kb.db.execute("SELECT f.path, c.message_key, c.line_start FROM message_copies c"
                           " JOIN source_files f ON f.id = c.source_file_id JOIN messages m ON m.id = c.message_id"
                           " WHERE m.text LIKE 'Hi All,%' ORDER BY f.path").fetchall()
    assert [tuple(c) for c in copies] == [(f"corpora/{F028}", "top", 1), (f"corpora/{REF}", "alvin-10-10b", 27)]
    consistent(kb)


def test_both_orders_give_the_same_messages(tmp_path):
    texts = []
    for order in ((ref_extraction, f028_extraction), (f028_extraction, ref_extraction)):
        with KnowledgeBase(tmp_path / f"{len(texts)}.sqlite") as kb:
            for make in order:
                kb.add(make())
            texts.append(sorted((tuple(r) for r in kb.db.execute(
                "SELECT author, date_utc, text, partial FROM messages")), key=repr))
    assert texts[0] == texts[1]


def test_a_file_linking_two_stored_threads_merges_them(kb):
    kb.add(f028_extraction())  # thread 1: the 10 October messages
    early = build(REF, "early.txt", [m for m in REF_MESSAGES if m.key in ("matt-10-08", "alvin-10-07")])
    early.thread.messages[0].in_reply_to = "alvin-10-07"
    kb.add(early)  # thread 2: the 7-8 October messages, nothing in common with thread 1
    assert kb.counts()["threads"] == 2
    result = kb.add(ref_extraction())  # quotes both
    assert result.threads_merged == 1
    assert [tuple(r) for r in kb.db.execute("SELECT id, subject FROM threads")] == [(1, "SHECA API private keys")]
    assert kb.db.execute("SELECT COUNT(DISTINCT thread_id), COUNT(*) FROM messages").fetchone()[:] == (1, 8)


def test_short_texts_do_not_merge_by_words_alone(kb):
    a = build(REF, "a.txt", [M("x", None, None, None, [(4, 4)])])  # "Best Regards!"
    b = build(REF, "b.txt", [M("y", None, None, None, [(36, 36)])])  # ">> Best Regards!"
    kb.add(a)
    kb.add(b)
    assert kb.counts()["messages"] == 2


# --------------------------------------------------------------------------- migrations and bad databases


def test_reopen_and_newer_schema_refused(tmp_path):
    path = tmp_path / "kb.sqlite"
    with KnowledgeBase(path) as kb:
        kb.add(f028_extraction())
    with KnowledgeBase(path) as kb:  # opening again applies nothing and keeps the rows
        assert kb.counts()["messages"] == 2
        assert kb.db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == store.SCHEMA_VERSION
        kb.db.execute("INSERT INTO schema_version VALUES (99, 'x', 'from the future')")
    with pytest.raises(KBError, match="schema version 99"):
        KnowledgeBase(path)


def back_to_version_2(kb) -> None:
    """Undo migration 4 (kb_copy_fields.sql): the copies' rank and field columns."""
    for col in ("is_mail", "text_length", "text_sha", "author_id", "author", "email", "date_utc", "date_offset",
                "date_text", "subject", "header_message_id", "on_behalf_of_id"):
        kb.db.execute(f"ALTER TABLE message_copies DROP COLUMN {col}")
    kb.db.execute("DELETE FROM schema_version WHERE version = 4")


def _undated_rows(kb) -> list[int]:
    return [r[0] for r in kb.db.execute("SELECT rowid FROM undated_search WHERE undated_search MATCH 'sheca'")]


def test_version_1_database_gets_the_undated_index_and_finds_copies_through_it(tmp_path):
    path = tmp_path / "kb.sqlite"
    with KnowledgeBase(path) as kb:  # 028's top message has no date: it is the one undated row
        kb.add(f028_extraction())
        top = kb.db.execute("SELECT id FROM messages WHERE date_utc IS NULL").fetchall()
        assert len(top) == 1
        for trigger in ("insert", "delete", "update"):  # back to schema version 1
            kb.db.execute(f"DROP TRIGGER undated_search_{trigger}")
        kb.db.execute("DROP TABLE undated_search")
        kb.db.execute("DROP INDEX messages_opening_date")
        kb.db.execute("DELETE FROM schema_version WHERE version = 2")
        back_to_version_2(kb)
    with KnowledgeBase(path) as kb:
        assert kb.schema_version() == store.SCHEMA_VERSION
        assert _undated_rows(kb) == [top[0][0]]  # the migration indexed the rows already stored
        plan = kb.db.execute("EXPLAIN QUERY PLAN SELECT id FROM messages WHERE opening_words IN ('a', 'b')"
                             " AND date_utc BETWEEN '2025-10-08' AND '2025-10-12U'").fetchall()
        assert "messages_opening_date" in " ".join(r[-1] for r in plan)
        kb.add(ref_extraction())  # its dated copy of the top message merges with the undated row
        assert kb.counts()["messages"] == 8
        assert kb.db.execute("SELECT date_utc FROM messages WHERE id = ?", top[0]).fetchone()[0] == \
            "2025-10-10T12:13:01Z"
        undated = [r[0] for r in kb.db.execute("SELECT id FROM messages WHERE date_utc IS NULL")]
        assert top[0][0] not in undated and _undated_rows(kb) == undated  # dated now: it left the index


def test_opening_first_words_kept_in_step_with_the_database(tmp_path):
    path = tmp_path / "kb.sqlite"
    with KnowledgeBase(path) as kb:
        assert kb.opening_first_words() == set()
        kb.add(f028_extraction())  # 028 first, then the reference thread, which replaces a shorter copy
        kb.add(ref_extraction())
        kept = set(kb.opening_first_words())
    with KnowledgeBase(path) as kb:
        assert kb.opening_first_words() == kept
        openings = {r[0].split(" ")[0] for r in kb.db.execute("SELECT opening_words FROM messages")}
        assert kept == openings and "hi" in kept


@pytest.mark.parametrize("when, window", [
    ("2025-10-10T12:13:01Z", ("2025-10-08", "2025-10-12U")),  # an instant
    ("2025-10-10T12:13:01", ("2025-10-08", "2025-10-12U")),  # a local time of unknown zone
    ("2025-01-01", ("2024-12-30", "2025-01-03U")),  # a bare day, across a year
])
def test_date_window_holds_every_time_same_time_accepts(when, window):
    assert store._date_window(when) == window
    lo, hi = window
    for gap in (-36 * 3600, -14 * 3600 - 60, 0, 59, 14 * 3600 + 60, 36 * 3600):
        moved = store._instant(when)[0] + timedelta(seconds=gap)
        for form in (moved.strftime("%Y-%m-%dT%H:%M:%SZ"), moved.isoformat(), moved.date().isoformat()):
            if store._same_time(when, form):
                assert lo <= form <= hi, form


def test_not_a_database(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("this is not SQLite\n" * 100)
    with pytest.raises(KBError, match="not a threadkb database"):
        KnowledgeBase(bad)


# --------------------------------------------------------------------------- queries: claims and filters


@pytest.mark.parametrize("flt, expected", [
    (ClaimFilter(org="SHECA"), ["A1", "A2b", "A3", "A4", "A5", "A6", "A7", "A13", "A9", "A11", "Q2", "Q1", "T1"]),
    (ClaimFilter(org="sheca", section="BR 4.9.1.1"), ["A3", "A5"]),
    (ClaimFilter(section="BR 4.9.1.1"), ["M4", "A3", "A5"]),
    (ClaimFilter(section="BR 4.9.1.1 item 4"), ["M4", "A3"]),
    (ClaimFilter(section="4.9.1.1 point 16"), ["A5"]),
    (ClaimFilter(section="BR 4.9.1.1", kind="denial"), []),
    (ClaimFilter(api="gen-csr"), ["L5"]),
    (ClaimFilter(speaker="alvin", kind="commitment"), ["A6", "A7", "A13", "T1"]),
    (ClaimFilter(speaker="Matt Palmer"), ["M1", "M3", "M4"]),
    (ClaimFilter(kind="question"), ["L7", "L8", "Q2", "Q1"]),
    (ClaimFilter(since="2025-10-09"), ["A13", "A9", "A11", "Q2", "Q1", "R1"]),  # Linh's 01:34 +08 is 10-08 UTC
    (ClaimFilter(since="2025-10-08T12:00", until="2025-10-08"),
     ["A1", "A2b", "A3", "A4", "A5", "A6", "A7", "L4", "L5", "L6", "L7", "L8"]),
    (ClaimFilter(until="2025-10-07"), ["M1", "M3", "M4"]),
    (ClaimFilter(text="subscriber agreement"), ["L6"]),
    (ClaimFilter(text="private keys", speaker="alvin"), ["A11"]),
    (ClaimFilter(thread="1", kind="admission"), ["A4"]),
    (ClaimFilter(thread="API private", kind="admission"), ["A4"]),
])
def test_claim_filters(ref_kb, flt, expected):
    assert ids_of(ref_kb.claims(flt)) == expected


def test_a_section_nobody_cites_is_named_with_the_nearest_cited_ones(ref_kb):
    from threadkb.kb import NoMatch
    with pytest.raises(NoMatch, match=r"--section 'MRSP 4\.9\.1\.1' matches nothing .*nearest: BR 4\.9\.1\.1"):
        ref_kb.claims(ClaimFilter(section="MRSP 4.9.1.1"))


def test_a_thread_number_or_key_nothing_has_says_so(ref_kb):
    """As a subject, --section or --org that matches nothing (README: says so and exits 1), not an empty list."""
    from threadkb.kb import NoMatch
    with pytest.raises(NoMatch, match=r"^--thread '2' matches nothing in the knowledge base; no thread has that"
                                      r" number \(query threads lists them\)$"):
        ref_kb.claims(ClaimFilter(thread="2"))
    with pytest.raises(NoMatch, match=r"^--thread '0123456789ab' matches nothing .*; no thread has that key"):
        ref_kb.commitments(ClaimFilter(thread="0123456789ab"))


def test_claim_row_fields(ref_kb):
    [row] = ref_kb.claims(ClaimFilter(section="4.9.1.1 point 16"))
    assert (row.thread, row.date, row.speaker, row.on_behalf_of, row.kind, row.file, row.line, row.sections) == (
        1, "2025-10-08T12:25:33Z", "Alvin Wang", "SHECA", "assertion", f"corpora/{REF}", 270,
        ["BR 4.9.1.1 item 16"])


@pytest.mark.parametrize("flt, message", [
    (ClaimFilter(kind="opinion"), "unknown kind"),
    (ClaimFilter(since="last week"), "not a date"),
    (ClaimFilter(section="the third point"), "cannot read section"),
    (ClaimFilter(text="!!!"), "no words"),
])
def test_bad_filters_are_one_line_errors(ref_kb, flt, message):
    with pytest.raises(KBError, match=message):
        ref_kb.claims(flt)


# --------------------------------------------------------------------------- views


def test_history_with_rebuttals(ref_kb):
    rows = ref_kb.history(ClaimFilter(org="SHECA"))
    assert ids_of(rows) == ["A1", "A2b", "A3", "A4", "A5", "A6", "A7", "A13", "A9", "A11", "Q2", "Q1", "T1"]
    rebutted = {ids_of([r])[0]: [(x.speaker, x.text) for x in r.rebuttals] for r in rows if r.rebuttals}
    assert rebutted == {"A2b": [("Linh Bach Quang",
                                 "There was not any Subscriber Agreement during the ordering process.")]}
    matt = ref_kb.history(ClaimFilter(speaker="Matt"))
    assert [(ids_of([r])[0], [x.speaker for x in r.rebuttals]) for r in matt] == [
        ("M1", ["Alvin Wang"]), ("M3", []), ("M4", ["Alvin Wang", "Alvin Wang"])]
    assert [x.evidence for x in matt[2].rebuttals] == [["gold:rebuts"], ["gold:rebuts"]]


def test_unanswered(ref_kb):
    rows = ref_kb.unanswered()
    assert ids_of(rows) == ["L8", "Q2"]
    # L8 (Linh, 9 October): Alvin twice, Arabella, Alvin's undated reply came later; Q2 (Alvin's): only Arabella
    assert [r.later_replies for r in rows] == [4, 1]
    assert ids_of(ref_kb.unanswered(ClaimFilter(speaker="alvin"))) == ["Q2"]


@pytest.mark.parametrize("at, overdue, expected", [
    (date(2025, 10, 11), False, [("A6", "open"), ("A7", "no deadline"), ("A13", "no deadline"),
                                 ("T1", "no deadline")]),
    (date(2025, 10, 20), False, [("A6", "overdue"), ("A7", "no deadline"), ("A13", "no deadline"),
                                 ("T1", "no deadline")]),
    (date(2025, 10, 20), True, [("A6", "overdue")]),
])
def test_commitments(ref_kb, at, overdue, expected):
    rows = ref_kb.commitments(at=at, overdue=overdue)
    assert [(ids_of([r])[0], r.status) for r in rows] == expected
    assert rows[0].deadline == "2025-10-13"


def test_commitment_reported_done_by_a_later_message(ref_kb):
    result = ref_kb.add(followup_extraction())
    assert (result.messages_merged, result.messages_new) == (1, 1)  # joins the thread through the quoted top
    assert ref_kb.counts()["threads"] == 1
    rows = ref_kb.commitments(at=date(2025, 10, 20))
    assert [(ids_of([r])[0], r.status, r.done_text) for r in rows] == [
        ("A6", "done", "All certificates applied for through the two API interfaces have been revoked."),
        ("A7", "no deadline", None),
        ("A13", "done", "All certificates applied for through the two API interfaces have been revoked."),
        ("T1", "no deadline", None)]
    # as of 11 October the report (12 October) did not exist yet
    assert [r.status for r in ref_kb.commitments(at=date(2025, 10, 11))][:1] == ["open"]


def test_commitment_deadline_derived_from_a_duration(kb):
    """The knowledge base stores and reads the deadline the claim stage computed from the message date."""
    ex = ref_extraction()
    a6 = next(c for c in ex.claims if c.id == "A6")
    a6.deadline = None
    text = ex.thread.message("alvin-10-08").text
    s, e = find(text, "within five days")
    ex.entities.append(Entity("alvin-10-08", "DEADLINE", text[s:e], "P5D", None, s, e))
    set_deadline(a6, ex.thread.message("alvin-10-08"), ex.entities)
    kb.add(ex)
    rows = kb.commitments(at=date(2025, 10, 13))
    assert (ids_of(rows[:1]), rows[0].deadline, rows[0].deadline_from, rows[0].status) == (
        ["A6"], "2025-10-13T12:25:33Z", "within five days of the message date", "open")
    assert kb.commitments(at=date(2025, 10, 14))[0].status == "overdue"
    stored = kb.db.execute("SELECT deadline_text, deadline_start, deadline_end FROM claims WHERE deadline_rule"
                           " IS NOT NULL").fetchall()
    assert [tuple(r) for r in stored] == [("within five days", s, e)]  # the phrase and where it lies in the message text


@pytest.mark.parametrize("commitment, later, done", [
    ("revoke all certificates applied for through the above two API interfaces within five days",
     "These certificates have been revoked.", True),
    ("revoke all certificates applied for through the above two API interfaces within five days",
     "All affected certificates had expired or were revoked by May 21, 2024, 9:30 AM UTC.", True),
    ("revoke all certificates applied for through the above two API interfaces within five days",
     "Currently, SHECA has taken the above APIs offline, and plans to revoke all subscriber certificates", False),
    ("revoke all certificates applied for through the above two API interfaces within five days",
     "The affected certificates have not been revoked yet.", False),
    ("SHECA will open a case on Bugzilla to report follow-ups.",
     "We have opened a case on Bugzilla: https://bugzilla.mozilla.org/show_bug.cgi?id=1993357", True),
    ("SHECA will open a case on Bugzilla to report follow-ups.", "These certificates have been revoked.", False),
    ("A detailed case report will be released before July 25, 2025.",
     "The detailed case report has been released.", True),
])
def test_reports_done(commitment, later, done):
    assert reports_done(commitment, later, "SHECA") is done


def test_sections(ref_kb):
    rows = ref_kb.sections()
    assert [(r.document, r.section, r.item, r.mentions, r.messages, r.people, r.threads) for r in rows] == [
        ("BR", "4.9.1.1", "3", 2, 2, ["Alvin Wang", "Linh Bach Quang"], [1]),
        ("BR", "4.9.1.1", "4", 2, 2, ["Matt Palmer", "Alvin Wang"], [1]),
        ("BR", "6.1.1.3", "", 2, 2, ["Matt Palmer", "Alvin Wang"], [1]),
        ("BR", "4.2.1", "", 1, 1, ["Alvin Wang"], [1]),
        ("BR", "4.9.1.1", "16", 1, 1, ["Alvin Wang"], [1]),
        ("BR", "9.6.3", "", 1, 1, ["Alvin Wang"], [1]),
    ]
    assert rows[0].title == "title of 4.9.1.1"
    narrowed = ref_kb.sections(ClaimFilter(section="BR 4.9.1.1", speaker="linh"))
    assert [(r.section, r.item, r.people) for r in narrowed] == [("4.9.1.1", "3", ["Linh Bach Quang"])]


# --------------------------------------------------------------------------- output formats and the command


def test_render_formats(ref_kb):
    rows = ref_kb.claims(ClaimFilter(section="BR 4.9.1.1 item 4"))
    table = render(rows).splitlines()
    assert table[0].split() == ["claim", "thread", "date", "speaker", "on_behalf_of", "kind", "text", "sections",
                                "quoted_by", "where"]
    assert table[2].endswith(f"{REF}:323")
    assert "This violation requires revocation within 24 hours, per 4.9…" in table[2]
    import csv
    import io
    records = list(csv.reader(io.StringIO(render(rows, "csv"))))
    assert records[0] == ["claim", "thread", "date", "speaker", "on_behalf_of", "kind", "text", "sections", "file",
                          "line", "quoted_by"]
    assert [r[3] for r in records[1:]] == ["Matt Palmer", "Alvin Wang"]
    assert records[1][6] == "This violation requires revocation within 24 hours, per 4.9.1.1, \npoint 4."
    import json
    recs = [json.loads(x) for x in render(rows, "jsonl").splitlines()]
    assert [r["speaker"] for r in recs] == ["Matt Palmer", "Alvin Wang"]
    assert recs[0]["sections"] == ["BR 4.9.1.1 item 4"]
    assert render([], "table") == "(no rows)\n"


@pytest.mark.parametrize("text, cell", [
    # the reference thread: Arabella Barks's bulleted claims start with "- " (a spreadsheet reads "=-CSR…")
    ("- CSR noncompliance does not affect the authenticity", "'- CSR noncompliance does not affect the authenticity"),
    # constructed: what a hostile post could hold, and what stays as written
    ("=HYPERLINK(\"http://x.example\",\"click\")", "'=HYPERLINK(\"http://x.example\",\"click\")"),
    ("+1 from me", "'+1 from me"), ("@alice please update", "'@alice please update"), ("\tindented", "'\tindented"),
    ("Plain text - with a dash", "Plain text - with a dash"), ("", ""),
])
def test_csv_cells_a_spreadsheet_would_run_are_text(text, cell):
    from threadkb.kb import _csv_cell

    assert _csv_cell(text) == cell


def test_csv_keeps_numbers_and_jsonl_keeps_text(kb):
    import csv
    import io
    import json

    from threadkb.pipeline import extract_paths

    kb.add(*extract_paths([f"corpora/{REF}"]))
    rows = [r for r in kb.claims(ClaimFilter(speaker="Arabella")) if r.text.startswith("- CSR")]
    assert len(rows) == 1
    record = list(csv.reader(io.StringIO(render(rows, "csv"))))[1]
    assert record[6].startswith("'- CSR noncompliance") and record[0] == str(rows[0].claim)
    assert json.loads(render(rows, "jsonl"))["text"].startswith("- CSR noncompliance")
    from threadkb.kb import _csv_cell

    assert [_csv_cell(-3), _csv_cell(-0.5), _csv_cell(None)] == ["-3", "-0.5", ""]


def test_query_command(ref_kb, capsys):
    db = ref_kb.path
    assert cli.main(["query", "unanswered", "--db", db, "--format", "jsonl"]) == 0
    import json
    out = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [o["speaker"] for o in out] == ["Linh Bach Quang", "Alvin Wang"]
    assert cli.main(["query", "history", "--db", db, "--org", "SHECA", "--section", "BR 4.9.1.1"]) == 0
    out = capsys.readouterr().out
    assert "SHECA believes that 4.9.1.1 point 4 is not applicable" in out
    assert cli.main(["query", "--db", db, "--kind", "guess"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice: 'guess'" in err


def test_query_without_database(tmp_path, capsys):
    assert cli.main(["query", "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "no knowledge base" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()


# --------------------------------------------------------------------------- batch ingest: faults and workers


def corpus_files(tmp_path) -> list[str]:
    """Copies of the two corpus files (the batch runner reads and hashes real files)."""
    out = []
    for name in (REF, F028):
        shutil.copy(CORPORA / name, tmp_path / name)
        out.append(str(tmp_path / name))
    return out


def fake_extractor(batch: Batch) -> BatchResult:
    """Stands in for the parse+extract pipeline (module level: picklable for the worker pool)."""
    if batch.path.endswith(REF):
        return BatchResult([ref_extraction(batch.path)])
    if batch.path.endswith(F028):
        return BatchResult([f028_extraction(batch.path)])
    return BatchResult(failure="cannot read: not a thread")


def test_ingest_paths_summary_and_idempotence(kb, tmp_path):
    files = corpus_files(tmp_path)
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01")
    s = ingest_paths(kb, files + [str(bad), str(tmp_path / "missing.txt")], quiet=True, extractor=fake_extractor)
    assert (s.files, s.stored, s.unchanged, s.added.messages_new, s.added.messages_merged) == (4, 2, 0, 8, 2)
    assert [reason for _, reason in s.failed] == ["no such file or folder", "cannot read: not a thread"]
    assert "files: 4 (2 stored, 0 unchanged, 2 failed)" in s.text()
    before = dump(kb)
    again = ingest_paths(kb, files, quiet=True, extractor=fake_extractor)  # unchanged files are skipped
    assert (again.unchanged, again.stored) == (2, 0)
    forced = ingest_paths(kb, files, quiet=True, skip_unchanged=False, extractor=fake_extractor)
    assert (forced.stored, forced.added.messages_unchanged, forced.added.messages_new) == (2, 10, 0)
    assert dump(kb) == before


def threshold_extractor(batch: Batch) -> BatchResult:
    """fake_extractor that reports the collector's thresholds it ran with (in the flags of a warning)."""
    import gc
    res = fake_extractor(batch)
    for ex in res.extractions:
        ex.thread.warnings.append(f"gc {gc.get_threshold()}")
    return res


@pytest.mark.parametrize("workers", [1, 2])
def test_batches_run_with_fewer_collections_and_the_thresholds_come_back(kb, tmp_path, workers):
    import gc
    before = gc.get_threshold()
    ingest_paths(kb, corpus_files(tmp_path), quiet=True, workers=workers, extractor=threshold_extractor)
    assert gc.get_threshold() == before
    warnings = [json.loads(r[0]) for r in kb.db.execute("SELECT warnings FROM source_files ORDER BY path")]
    assert warnings == [[f"gc {batches_module.GC_THRESHOLDS}"]] * 2


def test_fault_inside_a_file_rolls_that_file_back(kb, tmp_path, monkeypatch):
    ref, f028 = corpus_files(tmp_path)
    ingest_paths(kb, [f028], quiet=True, extractor=fake_extractor)
    before = dump(kb)
    calls = {"n": 0}
    original = store._Merger._claim

    def failing(self, c):
        calls["n"] += 1
        if calls["n"] == 5:  # midway through the reference thread's claims
            raise KeyboardInterrupt
        return original(self, c)

    monkeypatch.setattr(store._Merger, "_claim", failing)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(kb, [ref], quiet=True, extractor=fake_extractor)
    assert dump(kb) == before
    consistent(kb)

    calls["n"] = 0
    monkeypatch.setattr(store._Merger, "_claim", lambda self, c: (_ for _ in ()).throw(RuntimeError("disk full")))
    s = ingest_paths(kb, [ref], quiet=True, extractor=fake_extractor)
    assert s.failed == [(ref, "not stored: RuntimeError: disk full")] and s.stored == 0
    assert dump(kb) == before

    monkeypatch.setattr(store._Merger, "_claim", original)
    s = ingest_paths(kb, [ref, f028], quiet=True, extractor=fake_extractor)  # the rerun completes
    assert (s.stored, s.unchanged, s.failed) == (1, 1, [])
    with KnowledgeBase(tmp_path / "clean.sqlite") as clean:
        ingest_paths(clean, [f028, ref], quiet=True, extractor=fake_extractor)
        assert dump(kb) == dump(clean)


def test_fault_between_files(kb, tmp_path):
    ref, f028 = corpus_files(tmp_path)

    def interrupted(batch):
        if batch.path == f028:
            raise KeyboardInterrupt
        return fake_extractor(batch)

    with pytest.raises(KeyboardInterrupt):
        ingest_paths(kb, [ref, f028], quiet=True, extractor=interrupted)
    assert (kb.counts()["source_files"], kb.counts()["messages"]) == (1, 8)
    consistent(kb)
    s = ingest_paths(kb, [ref, f028], quiet=True, extractor=fake_extractor)
    assert (s.unchanged, s.stored, s.added.messages_merged) == (1, 1, 2)
    assert kb.counts()["message_copies"] == 10


def test_workers_give_the_same_database(tmp_path):
    files = corpus_files(tmp_path)
    dumps = []
    for workers in (1, 2):
        with KnowledgeBase(tmp_path / f"w{workers}.sqlite") as kb:
            s = ingest_paths(kb, files, workers=workers, quiet=True, extractor=fake_extractor)
            assert s.stored == 2
            dumps.append(dump(kb))
    assert dumps[0] == dumps[1]


def test_sqlite_shell_reads_the_views(ref_kb):
    con = sqlite3.connect(ref_kb.path)
    rows = con.execute("SELECT kind, from_speaker, to_speaker FROM relation_overview ORDER BY relation").fetchall()
    assert rows[:2] == [("rebuts", "Alvin Wang", "Matt Palmer"), ("rebuts", "Alvin Wang", "Matt Palmer")]
    assert con.execute("SELECT COUNT(*) FROM claim_overview WHERE on_behalf_of = 'SHECA'").fetchone()[0] == 13
    con.close()


# --------------------------------------------------------------------------- the real pipeline on the shipped corpora

SHECA_FILES = [REF, "027_mdsp-mailarchive-sheca-reissue-dcv-arabella-FLATTENED.txt", F028,
               "030_bugzilla-1993357-sheca-online-keygen-api-br6113.txt",
               "031_bugzilla-1978186-sheca-chongqing-dn-chinese.txt",
               "032_mdsp-googlegroups-usenet-sheca-inclusion-2011-mojibake.txt"]
# From the gold annotations: messages per file (8, 4, 2, 3, 2, 1 = 20 copies); 027 and 028 only quote
# messages of the reference thread, so 8 + 3 + 2 + 1 = 14 distinct messages in 4 threads.
SHECA_COPIES = {REF: 8, SHECA_FILES[1]: 4, F028: 2, SHECA_FILES[3]: 3, SHECA_FILES[4]: 2, SHECA_FILES[5]: 1}
REF_GOLD_MESSAGES = [  # (author, instant) of the reference gold's dated messages
    ("Alvin Wang", "2025-10-07T11:52:56Z"), ("Matt Palmer", "2025-10-07T23:19:54Z"),
    ("Alvin Wang", "2025-10-08T12:25:33Z"), ("Linh Bach Quang", "2025-10-08T17:34:40Z"),
    ("Alvin Wang", "2025-10-10T11:38:41Z"), ("Alvin Wang", "2025-10-10T12:13:01Z"),
    ("Arabella Barks", "2025-10-10T13:00:56Z")]


@pytest.mark.parametrize("order", [SHECA_FILES, list(reversed(SHECA_FILES))], ids=["reference-first", "reversed"])
def test_sheca_files_through_the_pipeline(kb, order):
    s = ingest_paths(kb, [str(CORPORA / f) for f in order], quiet=True)
    assert (s.stored, s.failed) == (6, [])
    copies = dict(kb.db.execute("SELECT f.path, COUNT(*) FROM message_copies c"
                                " JOIN source_files f ON f.id = c.source_file_id GROUP BY f.path").fetchall())
    assert {Path(p).name: n for p, n in copies.items()} == SHECA_COPIES
    counts = kb.counts()
    assert (counts["messages"], counts["message_copies"], counts["threads"]) == (14, 20, 4)
    dated = kb.db.execute("SELECT author, date_utc FROM messages WHERE date_utc LIKE '2025-10-%'"
                          " ORDER BY date_utc").fetchall()
    assert [tuple(r) for r in dated] == REF_GOLD_MESSAGES
    sheca_thread = kb.db.execute("SELECT thread_id, COUNT(*) FROM messages WHERE date_utc LIKE '2025-10-%'"
                                 " OR thread_id IN (SELECT thread_id FROM messages WHERE date_utc LIKE '2025-10-%')"
                                 " GROUP BY thread_id").fetchall()
    assert [r[1] for r in sheca_thread] == [8]  # the whole reference thread, one thread
    # BR 4.2.1 is cited once (alvin 8:13 PM) though three files carry that message (gold)
    rows = kb.sections(ClaimFilter(section="BR 4.2.1"))
    assert [(r.document, r.section, r.item, r.messages, r.threads) for r in rows] == [
        ("BR", "4.2.1", "", 1, [sheca_thread[0][0]])]
    assert sorted(p for (p,) in kb.db.execute("SELECT path FROM apis")) == [
        "/open-api/v2/order/download-zip", "/open-api/v2/tools/gen-csr", "/openApi/v1/order/getCertInfo"]
    consistent(kb)


def test_pipeline_workers_equal_and_rerun_changes_nothing(tmp_path):
    files = [str(CORPORA / f) for f in SHECA_FILES]
    dumps = []
    for workers in (1, 2):
        with KnowledgeBase(tmp_path / f"w{workers}.sqlite") as kb:
            ingest_paths(kb, files, workers=workers, quiet=True)
            dumps.append(dump(kb))
            if workers == 1:
                ingest_paths(kb, files, quiet=True, skip_unchanged=False)  # extract and store again
                assert dump(kb) == dumps[0]
    assert dumps[0] == dumps[1]


def test_run_command_on_every_corpus_file_twice(tmp_path, capsys):
    db = str(tmp_path / "kb.sqlite")
    args = ["run", str(CORPORA), "--db", db, "--quiet", "--output-dir", str(tmp_path / "out")]
    assert cli.main(args) == 0
    first = capsys.readouterr().out
    from threadkb.ingest import iter_files
    assert first.startswith(f"files: {len(list(iter_files(str(CORPORA))))} (")
    with KnowledgeBase(db) as kb:
        counts = kb.counts()
        assert counts["messages"] > 90 and counts["source_files"] >= 58
    reports = sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("."))
    assert "without messages not stored" not in first  # the header excerpt (022) is one partial message
    assert len(reports) == 2 * len(list(iter_files(str(CORPORA))))  # every file has one thread: html + md
    assert {"mdsp-2025-10-sheca-api-keys.report.html", "mdsp-2025-10-sheca-api-keys.report.md"} <= set(reports)
    assert cli.main(args) == 0
    assert "messages: 0 new, 0 merged" in capsys.readouterr().out
    with KnowledgeBase(db) as kb:
        assert kb.counts() == counts


def test_run_command_writes_the_reference_thread_report(tmp_path, capsys, monkeypatch):
    """The README's first command: `threadkb run corpora/mdsp-2025-10-sheca-api-keys.txt`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpora").mkdir()
    shutil.copy(CORPORA / REF, tmp_path / "corpora" / REF)
    assert cli.main(["run", "corpora/mdsp-2025-10-sheca-api-keys.txt", "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("files: 1 (1 stored, 0 unchanged, 0 failed)\nmessages: 8 new")
    assert sorted(p.name for p in (tmp_path / "output").iterdir() if not p.name.startswith(".")) == [
        "mdsp-2025-10-sheca-api-keys.report.html", "mdsp-2025-10-sheca-api-keys.report.md", "threadkb.sqlite"]


# --------------------------------------------------------------------------- big inputs: batches of threads


@pytest.fixture(scope="module")
def archive120(tmp_path_factory) -> str:
    """A generated mbox of 120 e-mails in 15 threads (benchmarks/make_archive.py, seed 1)."""
    from test_streaming import make_archive

    return make_archive(tmp_path_factory.mktemp("archive") / "a120.mbox", 120)


def test_mbox_in_batches_and_workers_give_the_same_database(tmp_path, archive120):
    """One file, one transaction, however it is cut: 1 batch, 4 batches of 4 threads, 2 worker processes."""
    dumps = []
    for workers, batch_size in ((1, 64), (1, 4), (2, 4)):
        with KnowledgeBase(tmp_path / f"w{workers}-{batch_size}.sqlite") as kb:
            s = ingest_paths(kb, [archive120], workers=workers, batch_size=batch_size, quiet=True)
            assert (s.stored, s.failed, s.added.threads) == (1, [], 15)
            assert kb.db.execute("SELECT threads FROM source_files").fetchone()[0] == 15
            consistent(kb)
            dumps.append(dump(kb))
    assert dumps[0] == dumps[1] == dumps[2]


def fail_third_batch(batch: Batch) -> BatchResult:
    """The real pipeline, except that the batch starting at thread #9 (the third of 4 threads) fails."""
    from threadkb.batches import extract_batch

    if batch.refs and batch.refs[0].thread.name.endswith("#9"):
        return BatchResult(failure="RuntimeError: injected")
    return extract_batch(batch)


def test_fault_in_a_later_batch_rolls_the_whole_file_back(kb, tmp_path, archive120, monkeypatch):
    ref, f028 = corpus_files(tmp_path)
    ingest_paths(kb, [f028], quiet=True, extractor=fake_extractor)
    before = dump(kb)
    s = ingest_paths(kb, [archive120], quiet=True, batch_size=4, extractor=fail_third_batch)
    assert (s.stored, s.failed) == (0, [(archive120, "RuntimeError: injected")])
    assert dump(kb) == before

    calls = {"n": 0}
    original = store._Merger.run

    def interrupted(self):  # Ctrl-C while the 6th thread (second batch) is stored
        calls["n"] += 1
        if calls["n"] == 6:
            raise KeyboardInterrupt
        return original(self)

    monkeypatch.setattr(store._Merger, "run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(kb, [archive120, ref], quiet=True, batch_size=4, workers=2)
    assert calls["n"] == 6
    assert dump(kb) == before
    consistent(kb)

    monkeypatch.setattr(store._Merger, "run", original)
    s = ingest_paths(kb, [archive120, ref], quiet=True, batch_size=4)  # the rerun completes
    assert (s.stored, s.failed, s.unchanged, s.added.threads) == (2, [], 0, 16)
    with KnowledgeBase(tmp_path / "clean.sqlite") as clean:
        ingest_paths(clean, [f028], quiet=True, extractor=fake_extractor)
        ingest_paths(clean, [archive120, ref], quiet=True)
        assert dump(kb) == dump(clean)


def test_reports_only_for_files_of_few_threads(tmp_path, archive120):
    """`threadkb run` keeps a file's extractions for its reports only up to ``keep_max`` threads."""
    writer = ReportWriter(str(tmp_path / "out"), max_threads=8)
    ref, _ = corpus_files(tmp_path)
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        s = ingest_paths(kb, [archive120, ref], quiet=True, batch_size=4, keep_max=writer.max_threads,
                         on_file=writer)
    assert (s.stored, s.failed) == (2, [])
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == [
        "mdsp-2025-10-sheca-api-keys.report.html", "mdsp-2025-10-sheca-api-keys.report.md"]
    assert writer.notes == [f"{archive120}: 15 threads: no report written (reports are written for files of at"
                            " most 8 threads; use `threadkb query`)"]


def test_report_names_are_not_overwritten_by_a_file_of_the_same_name(tmp_path):
    writer = ReportWriter(str(tmp_path / "out"))
    first, second = str(tmp_path / "a" / REF), str(tmp_path / "b" / REF)
    writer(first, [ref_extraction(first)], 1)
    writer(second, [ref_extraction(second)], 1)
    writer(first, [ref_extraction(first)], 1)  # the same file again (run twice): written again
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == [
        "mdsp-2025-10-sheca-api-keys.report.html", "mdsp-2025-10-sheca-api-keys.report.md"]
    assert writer.notes == [f"{second}: no report written: mdsp-2025-10-sheca-api-keys.report.* was written"
                            f" for {first} in this run"]


@pytest.mark.parametrize("cue, status", [
    ("commitment: action item; status: Completed", "done"),
    ("commitment: action item; status: Done (2025-05-02)", "done"),
    ("commitment: action item; status: Ongoing", "overdue"),
    ("commitment: action item; status: Not completed", "overdue"),
    ("commitment: action item", "overdue"),
])
def test_action_item_done_by_its_status_cell(kb, cue, status):
    """An Action Items row is a commitment whose own Status cell may report it done."""
    ex = ref_extraction()
    a6 = next(c for c in ex.claims if c.id == "A6")
    a6.cue = cue
    ex.claims = [a6]
    ex.relations = []
    kb.add(ex)
    (row,) = kb.commitments(at=date(2026, 1, 1))
    assert (row.status, row.done_by) == (status, "its action-item row" if status == "done" else None)
